import { Secret, TOTP } from 'otpauth';

// The rules live apart so the per-request middleware does not load otpauth (a lazy chunk on Lambda).
export { mfaGuarded, mustEnrolMfa } from './mfa-rules';

/** The `otpauth://` URI an authenticator app reads from a QR code (RFC 6238 defaults: SHA-1, 6 digits, 30 s). */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

/** The current code of a secret: demo seeding and tests (an authenticator app does it for people). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
}
