import * as v from 'valibot';
import { EmailSchema, PasswordSchema } from '../identity/account';
import { TenantTierSchema } from '../tenants/tenant';
import { HandoffCodeSchema } from './handoff';

/** What the landing page's form sends: the store, its slug and plan, the owner's email and password. */
export const StoreSignUpSchema = v.strictObject({
  storeName: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(120)),
  slug: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(63)),
  plan: TenantTierSchema,
  email: EmailSchema,
  password: PasswordSchema,
});
export type StoreSignUp = v.InferOutput<typeof StoreSignUpSchema>;

/**
 * The emailed code. The password again is optional: with it the owner is signed in to the new
 * store's console at once (the page keeps it from the form, in memory only); without it they sign
 * in there themselves.
 */
export const StoreSignUpConfirmSchema = v.strictObject({
  email: EmailSchema,
  slug: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(63)),
  code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6-digit code')),
  password: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
});
export type StoreSignUpConfirm = v.InferOutput<typeof StoreSignUpConfirmSchema>;

export const SlugReasonSchema = v.picklist(['invalid', 'reserved', 'taken', 'retired', 'held']);
export type SlugReason = v.InferOutput<typeof SlugReasonSchema>;

export const SlugAvailabilitySchema = v.strictObject({
  slug: v.string(),
  available: v.boolean(),
  /** Why not: malformed, reserved for the platform, a store's now, a closed store's before, held by a sign-up. */
  reason: v.optional(SlugReasonSchema),
  /** Free slugs alike, when this one is not. */
  suggestions: v.array(v.string()),
});
export type SlugAvailability = v.InferOutput<typeof SlugAvailabilitySchema>;

export const SignUpAcceptedSchema = v.strictObject({
  slug: v.string(),
  email: v.string(),
  plan: TenantTierSchema,
  /** The slug is kept for this sign-up until then; confirm before. */
  heldUntil: v.string(),
});

export const StoreOpenedSchema = v.strictObject({
  store: v.strictObject({ slug: v.string(), name: v.string(), plan: TenantTierSchema, domains: v.array(v.string()) }),
  /** The store's console, on its own host. */
  consoleUrl: v.string(),
  /** Present when the owner was signed in: open `consoleUrl#handoff=<code>` within two minutes. */
  handoff: v.optional(v.string()),
});

export const HandoffRedeemSchema = v.strictObject({ code: HandoffCodeSchema });
