import * as v from 'valibot';
import { RoleSchema, TENANT_ROLES } from './roles';

export const TenantRoleSchema = v.picklist(TENANT_ROLES);

export const EmailSchema = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email('must be an email address'));

/** Mirrors the user pool's password policy; checked here too because cognito-local does not enforce it. */
export const PasswordSchema = v.pipe(
  v.string(),
  v.minLength(12, 'must be at least 12 characters'),
  v.maxLength(256),
  v.regex(/[a-z]/, 'must contain a lower-case letter'),
  v.regex(/[A-Z]/, 'must contain an upper-case letter'),
  v.regex(/[0-9]/, 'must contain a digit'),
);

const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120));
const TokenSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(8192));

export const SignUpSchema = v.strictObject({ email: EmailSchema, password: PasswordSchema, name: v.optional(NameSchema) });
export const ConfirmSchema = v.strictObject({ email: EmailSchema, code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6-digit code')) });
export const LogInSchema = v.strictObject({ email: EmailSchema, password: v.pipe(v.string(), v.minLength(1), v.maxLength(256)) });
export const NewPasswordSchema = v.strictObject({ email: EmailSchema, session: TokenSchema, newPassword: PasswordSchema });
export const RefreshSchema = v.strictObject({ refreshToken: TokenSchema });
export const LogOutSchema = v.strictObject({ refreshToken: v.optional(TokenSchema) });
export const ForgotPasswordSchema = v.strictObject({ email: EmailSchema });
export const ResetPasswordSchema = v.strictObject({
  email: EmailSchema,
  code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6-digit code')),
  newPassword: PasswordSchema,
});

/**
 * MFA enrolment. The bearer is the ID token; Cognito's AssociateSoftwareToken and
 * VerifySoftwareToken want the access token of the same sign-in, so it comes in the body and is
 * checked to be the bearer's own.
 */
const TotpCodeSchema = v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6-digit code'));
export const MfaSetupSchema = v.strictObject({ accessToken: TokenSchema });
export const MfaVerifySchema = v.strictObject({ accessToken: TokenSchema, code: TotpCodeSchema });
export const MfaChallengeSchema = v.strictObject({ email: EmailSchema, session: TokenSchema, code: TotpCodeSchema });
/** The pages' verify step: the access token comes from its cookie, not the body. */
export const PageMfaVerifySchema = v.strictObject({ code: TotpCodeSchema });

/** Staff an admin adds; they get a temporary password to change at first sign-in. */
export const CreateUserSchema = v.strictObject({ email: EmailSchema, name: NameSchema, role: TenantRoleSchema });
export const RoleChangeSchema = v.strictObject({ role: TenantRoleSchema });

export const UserRecordSchema = v.object({
  userId: v.string(),
  email: v.string(),
  name: v.string(),
  role: TenantRoleSchema,
  /** Set once the user has enrolled an authenticator app (TOTP); admins may do nothing else until then. */
  mfa: v.optional(v.literal('totp')),
  /** A customer's customer group (src/groups/), whose price lists apply to them; absent: none. */
  priceGroup: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
});

export type SignUp = v.InferOutput<typeof SignUpSchema>;
export type CreateUser = v.InferOutput<typeof CreateUserSchema>;
export type UserRecord = v.InferOutput<typeof UserRecordSchema>;
export type TenantRole = CreateUser['role'];

/** What the pool says of an ID token it just issued (read from the token it returned, not verified again). */
export type IssuedIdToken = { tokenId: string; userId: string; tenantId?: string | undefined; expiresAt: number };
export type Tokens = { idToken: string; accessToken: string; refreshToken?: string | undefined; expiresIn: number; issued: IssuedIdToken };
export type LogInResult = ({ kind: 'tokens' } & Tokens) | { kind: 'new-password-required'; session: string } | { kind: 'mfa-required'; session: string };

/*
 * What the identity routes answer; the contract (src/http/contract/) documents these and the
 * tests check every answer against it.
 */
export const TokensAnswerSchema = v.strictObject({
  idToken: v.string(),
  accessToken: v.string(),
  /** Absent when refreshing: the refresh token sent stays the one to use. */
  refreshToken: v.optional(v.string()),
  expiresIn: v.number(),
  tokenType: v.literal('Bearer'),
});
export const ChallengeAnswerSchema = v.strictObject({ challenge: v.picklist(['SOFTWARE_TOKEN_MFA', 'NEW_PASSWORD_REQUIRED']), session: v.string() });
export const LogInAnswerSchema = v.union([TokensAnswerSchema, ChallengeAnswerSchema]);
export const SignUpAnswerSchema = v.strictObject({ userId: v.string(), email: v.string(), confirmed: v.boolean() });
export const CreatedUserSchema = v.strictObject({ user: UserRecordSchema, temporaryPassword: v.string() });
export const MfaSetupAnswerSchema = v.strictObject({ secret: v.string(), otpauthUri: v.string() });
export const MeSchema = v.strictObject({
  userId: v.string(),
  username: v.string(),
  store: v.string(),
  roles: v.array(RoleSchema),
  /** A customer's customer group, as their record says now (src/groups/); absent: none. */
  priceGroup: v.optional(v.string()),
});
/** The pages' cookie sign-in: the tokens went into cookies, the body only says so. */
export const PageSignedInSchema = v.strictObject({ signedIn: v.literal(true) });
export const PageLogInAnswerSchema = v.union([PageSignedInSchema, ChallengeAnswerSchema]);

export type LogInAnswer = v.InferOutput<typeof LogInAnswerSchema>;
