import * as v from 'valibot';

/** Roles from CONVENTIONS.md. Operators belong to the platform, every other role to one tenant. */
export const RoleSchema = v.picklist(['customer', 'clerk', 'admin', 'operator']);
export type Role = v.InferOutput<typeof RoleSchema>;

export const TENANT_ROLES = ['customer', 'clerk', 'admin'] as const satisfies readonly Role[];
