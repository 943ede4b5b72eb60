import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers } from '../../../src/identity/demo-users';
import { usernameFor } from '../../../src/identity/provider';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/** Password reset through the API against cognito-local; the emailed code is read where cognito-local keeps it. */
let p: TestPlatform;
const api = (host: string, token?: string) => client(p.app, host, token);

beforeAll(async () => {
  p = await testPlatform({ realTokens: true });
  await seedDemoUsers(testManifests, p.identity);
});

const codeFor = async (username: string) => {
  if (!p.cognito.mailbox) throw new Error('this run uses an outside cognito-local: its codes cannot be read here');
  const code = await p.cognito.mailbox.lastCode(username);
  expect(code).toMatch(/^\d{6}$/);
  return code!;
};

describe('password reset', () => {
  it('resets a customer’s password with the emailed code and signs every session out', async () => {
    const call = api('alpha.test');
    expect((await call('POST', '/auth/signup', { email: 'forgetful@example.com', password: 'Old-Passw0rd' })).status).toBe(201);
    const before = (await call('POST', '/auth/login', { email: 'forgetful@example.com', password: 'Old-Passw0rd' })).body;

    expect((await call('POST', '/auth/password/forgot', { email: 'Forgetful@example.com' })).status).toBe(202);
    const code = await codeFor(usernameFor({ id: 'alpha' }, 'forgetful@example.com'));
    expect((await call('POST', '/auth/password/reset', { email: 'forgetful@example.com', code, newPassword: 'New-Passw0rd' })).status).toBe(204);

    expect((await call('POST', '/auth/login', { email: 'forgetful@example.com', password: 'Old-Passw0rd' })).status).toBe(401);
    expect((await call('POST', '/auth/login', { email: 'forgetful@example.com', password: 'New-Passw0rd' })).status).toBe(200);
    // The sessions from before the reset are over: a reset is what people do after a compromise.
    expect((await api('alpha.test', before.idToken)('GET', '/auth/me')).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { refreshToken: before.refreshToken })).status).toBe(401);
  });

  it('refuses a wrong code (400) and a weak password (422), and says 202 for an unknown email', async () => {
    const call = api('alpha.test');
    expect((await call('POST', '/auth/password/forgot', { email: 'customer@alpha.example' })).status).toBe(202);
    const code = await codeFor(usernameFor({ id: 'alpha' }, 'customer@alpha.example'));
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await call('POST', '/auth/password/reset', { email: 'customer@alpha.example', code: wrong, newPassword: 'Another-Passw0rd' });
    expect(refused.status).toBe(400);
    const weak = await call('POST', '/auth/password/reset', { email: 'customer@alpha.example', code, newPassword: 'weak' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toContain('newPassword');
    // Nothing changed: the old password still signs in.
    expect((await call('POST', '/auth/login', { email: 'customer@alpha.example', password: DEMO_PASSWORD })).status).toBe(200);

    const unknown = await call('POST', '/auth/password/forgot', { email: 'nobody-here@example.com' });
    expect(unknown.status).toBe(202);
    expect((await call('POST', '/auth/password/reset', { email: 'nobody-here@example.com', code: '123456', newPassword: 'Another-Passw0rd' })).status).toBe(
      400,
    );
    // An account of another store is unknown here too.
    expect((await api('beta.test')('POST', '/auth/password/forgot', { email: 'forgetful@example.com' })).status).toBe(202);
  });

  it('resets an operator’s password under /platform', async () => {
    const call = api('platform.test');
    const before = (await call('POST', '/platform/auth/login', { email: 'operator@platform.example', password: DEMO_PASSWORD })).body;
    expect((await call('POST', '/platform/auth/password/forgot', { email: 'operator@platform.example' })).status).toBe(202);
    expect((await call('POST', '/platform/auth/password/forgot', { email: 'ghost@platform.example' })).status).toBe(202);
    const code = await codeFor(usernameFor('platform', 'operator@platform.example'));
    expect((await call('POST', '/platform/auth/password/reset', { email: 'operator@platform.example', code, newPassword: 'Operat0r-Reset' })).status).toBe(204);
    expect((await api('platform.test', before.idToken)('GET', '/platform/tenants')).status).toBe(401);
    expect((await call('POST', '/platform/auth/login', { email: 'operator@platform.example', password: 'Operat0r-Reset' })).status).toBe(200);
  });
});
