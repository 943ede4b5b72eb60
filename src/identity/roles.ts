import * as v from 'valibot';

/** Roles from CONVENTIONS.md. Operators belong to the platform, every other role to one tenant. */
/** `support`: read-only staff (orders and customers), the seed's support team. */
export const RoleSchema = v.picklist(['customer', 'clerk', 'admin', 'support', 'operator']);
export type Role = v.InferOutput<typeof RoleSchema>;

export const TENANT_ROLES = ['customer', 'clerk', 'admin', 'support'] as const satisfies readonly Role[];
