import { expect } from 'vitest';
import { DEMO_PASSWORD, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { totpCode } from '../../src/identity/mfa';
import { client, type TestPlatform } from './platform';

/**
 * A JSON API sign-in that answers the authenticator step of enrolled accounts (the demo admins and
 * operator, enrolled by `seedDemoUsers`, whose secrets it returned), as a client app would.
 */
export async function signInAnsweringMfa(
  app: TestPlatform['app'],
  host: string,
  email: string,
  totp: DemoTotpSecrets,
  options: { password?: string; platform?: boolean } = {},
) {
  const prefix = options.platform ? '/platform/auth' : '/auth';
  const api = client(app, host);
  let response = await api('POST', `${prefix}/login`, { email, password: options.password ?? DEMO_PASSWORD });
  if (response.body?.challenge === 'SOFTWARE_TOKEN_MFA') {
    const secret = totp.get(`${options.platform ? 'platform' : host.split('.')[0]}:${email.toLowerCase()}`);
    if (!secret) throw new Error(`No TOTP secret seeded for ${email} at ${host}.`);
    response = await api('POST', `${prefix}/mfa/challenge`, { email, session: response.body.session, code: totpCode(secret) });
  }
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { idToken: string; accessToken: string; refreshToken?: string };
}
