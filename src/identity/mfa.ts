import { Secret, TOTP } from 'otpauth';
import type { Role } from './roles';

/** Those who can change a whole store or the platform must have a second factor; the rest may. */
export const mustEnrolMfa = (role: Role) => role === 'admin' || role === 'operator';

/**
 * What an unenrolled admin or operator may still call: enrolment itself, who-am-I and sign-out.
 * Paths, so one set serves the store's and the operators' middleware alike.
 */
export const MFA_ENROLMENT_PATHS: ReadonlySet<string> = new Set([
  '/auth/mfa/setup',
  '/auth/mfa/verify',
  '/auth/me',
  '/auth/logout',
  '/platform/auth/mfa/setup',
  '/platform/auth/mfa/verify',
  '/platform/auth/logout',
]);

/** The `otpauth://` URI an authenticator app reads from a QR code (RFC 6238 defaults: SHA-1, 6 digits, 30 s). */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

/** The current code of a secret: demo seeding and tests (an authenticator app does it for people). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
}
