import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../../src/identity/demo-users';
import { totpCode } from '../../../src/identity/mfa';
import { tenantContext } from '../../../src/tenants/tenant';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/** Sessions against cognito-local with real pool tokens: what a token can still do once its session ended. */
let p: TestPlatform;
const api = (host: string, token?: string) => client(p.app, host, token);
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
type Tokens = { idToken: string; refreshToken: string };

let totp: DemoTotpSecrets;

/** Signs in, answering the TOTP challenge of the enrolled demo admins and operator. */
async function logIn(host: string, email: string, password = DEMO_PASSWORD, path = '/auth/login'): Promise<Tokens> {
  let response = await api(host)('POST', path, { email, password });
  if (response.body?.challenge === 'SOFTWARE_TOKEN_MFA') {
    const space = path.startsWith('/platform') ? 'platform' : host.split('.')[0];
    response = await api(host)('POST', path.replace(/login$/, 'mfa/challenge'), {
      email,
      session: response.body.session,
      code: totpCode(totp.get(`${space}:${email}`)!),
    });
  }
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}
const logInOperator = () => logIn('platform.test', 'operator@platform.example', DEMO_PASSWORD, '/platform/auth/login');

const subOf = (idToken: string) => (JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

/**
 * An operator whose sign-in asks for no code, recorded as enrolled so the API lets them act:
 * cognito-local keeps no refresh token from an MFA sign-in (docs/architecture.md, MFA), and
 * these tests are about what refresh tokens can do.
 */
async function freshOperator(name: string) {
  const email = `${name}@platform.example`;
  await p.identity.ensureOperator({ email, name, password: 'Fresh-Operator-pw1' });
  const tokens = await logIn('platform.test', email, 'Fresh-Operator-pw1', '/platform/auth/login');
  await p.operators.markMfaEnrolled(subOf(tokens.idToken), `platform:${email}`, new Date().toISOString());
  return tokens;
}

/** What a client holding the public app client id can do without the API: refresh at the pool itself. */
async function refreshAtThePool(refreshToken: string) {
  const result = await p.cognito.client.send(
    new InitiateAuthCommand({ ClientId: p.cognito.pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
  );
  return result.AuthenticationResult!.IdToken!;
}

/** A second admin of alpha, signed in, that a test may sign out, remove or demote. */
async function freshAdmin(name: string) {
  const email = `${name}@alpha.test`;
  await p.identity.ensureUser(alpha, { email, name, role: 'admin', password: 'Fresh-Admin-pw1' });
  const tokens = await logIn('alpha.test', email, 'Fresh-Admin-pw1');
  // Admins must have enrolled an authenticator to use the staff API; these tests are about sessions.
  await p.directory.markMfaEnrolled(alpha, subOf(tokens.idToken), new Date().toISOString());
  const me = await api('alpha.test', tokens.idToken)('GET', '/auth/me');
  expect(me.body.roles).toEqual(['admin']);
  return { ...tokens, userId: me.body.userId as string };
}

/** The old token's reads of staff products, every user's email, and itself. */
async function reads(token: string) {
  const call = api('alpha.test', token);
  return {
    products: (await call('GET', '/admin/products')).status,
    users: (await call('GET', '/admin/users')).status,
    me: await call('GET', '/auth/me'),
  };
}

beforeAll(async () => {
  p = await testPlatform({ realTokens: true });
  totp = await seedDemoUsers(testManifests, p.identity);
});

describe('reads are re-checked: a token loses its reads at once', () => {
  it('after its user signs out (without sending the refresh token)', async () => {
    const admin = await freshAdmin('leaving');
    expect(await reads(admin.idToken)).toMatchObject({ products: 200, users: 200, me: { status: 200 } });
    expect((await api('alpha.test', admin.idToken)('POST', '/auth/logout', {})).status).toBe(204);
    const after = await reads(admin.idToken);
    expect([after.products, after.users, after.me.status]).toEqual([401, 401, 401]);
  });

  it('after its user is removed', async () => {
    const owner = await logIn('alpha.test', 'a@alpha.test');
    const admin = await freshAdmin('removed');
    expect((await api('alpha.test', owner.idToken)('DELETE', `/admin/users/${admin.userId}`)).status).toBe(204);
    const after = await reads(admin.idToken);
    expect([after.products, after.users, after.me.status]).toEqual([401, 401, 401]);
    expect((await api('alpha.test')('POST', '/auth/refresh', { refreshToken: admin.refreshToken })).status).toBe(401);
  });

  it('after its user is demoted from admin to customer: customer rights at once', async () => {
    const owner = await logIn('alpha.test', 'a@alpha.test');
    const admin = await freshAdmin('demoted');
    expect((await api('alpha.test', owner.idToken)('PUT', `/admin/users/${admin.userId}/role`, { role: 'customer' })).status).toBe(200);
    const after = await reads(admin.idToken);
    expect([after.products, after.users]).toEqual([403, 403]);
    // A customer may still ask who they are; the answer is the store's current role, not the token's.
    expect(after.me.status).toBe(200);
    expect(after.me.body.roles).toEqual(['customer']);
  });

  it('after an operator signs out (without sending the refresh token)', async () => {
    const operator = await logInOperator();
    expect((await api('platform.test', operator.idToken)('GET', '/platform/tenants')).status).toBe(200);
    expect((await api('platform.test', operator.idToken)('POST', '/platform/auth/logout', {})).status).toBe(204);
    expect((await api('platform.test', operator.idToken)('GET', '/platform/tenants')).status).toBe(401);
    expect((await api('platform.test', operator.idToken)('GET', '/platform/tenants/alpha')).status).toBe(401);
  });

  it('costs anonymous visitors nothing: no token, no re-check', async () => {
    expect((await api('alpha.test')('GET', '/products')).status).toBe(200);
  });
});

describe('refresh tokens are bound to their store and their session', () => {
  it('refuses a store’s refresh token at another store, and a pool-refreshed token never issued by the API', async () => {
    const customer = await logIn('alpha.test', 'customer@alpha.example');
    expect((await api('beta.test')('POST', '/auth/refresh', { refreshToken: customer.refreshToken })).status).toBe(401);
    expect((await api('platform.test')('POST', '/platform/auth/refresh', { refreshToken: customer.refreshToken })).status).toBe(401);
    expect((await api('alpha.test')('POST', '/auth/refresh', { refreshToken: customer.refreshToken })).status).toBe(200);
    // Refreshed behind the API's back: a valid pool token, but not one the API handed out.
    const sideways = await refreshAtThePool(customer.refreshToken);
    expect((await api('alpha.test', sideways)('GET', '/auth/me')).status).toBe(401);
  });

  it('refuses a refresh at a suspended store', async () => {
    const operator = await logInOperator();
    // A clerk: an admin's MFA sign-in leaves no refresh token on cognito-local.
    const admin = await logIn('gamma.test', 'clerk@gamma.example');
    const op = api('platform.test', operator.idToken);
    expect((await op('POST', '/platform/tenants/gamma/suspend')).status).toBe(200);
    try {
      expect((await api('gamma.test')('POST', '/auth/refresh', { refreshToken: admin.refreshToken })).status).toBe(403);
    } finally {
      expect((await op('POST', '/platform/tenants/gamma/resume')).status).toBe(200);
    }
    expect((await api('gamma.test')('POST', '/auth/refresh', { refreshToken: admin.refreshToken })).status).toBe(200);
  });

  it('a logout without the refresh token ends the ID token, the tokens refreshed from it, and the refresh token', async () => {
    const clerk = await logIn('alpha.test', 'clerk@alpha.example');
    const refreshed = (await api('alpha.test')('POST', '/auth/refresh', { refreshToken: clerk.refreshToken })).body.idToken as string;
    expect((await api('alpha.test', refreshed)('GET', '/admin/products')).status).toBe(200);

    expect((await api('alpha.test', clerk.idToken)('POST', '/auth/logout', {})).status).toBe(204);
    for (const token of [clerk.idToken, refreshed]) {
      expect((await api('alpha.test', token)('GET', '/admin/products')).status).toBe(401);
      expect((await api('alpha.test', token)('POST', '/auth/logout', {})).status).toBe(401);
    }
    expect((await api('alpha.test')('POST', '/auth/refresh', { refreshToken: clerk.refreshToken })).status).toBe(401);
    // cognito-local still refreshes it at the pool (it lacks GlobalSignOut), but what it hands out is refused.
    const sideways = await refreshAtThePool(clerk.refreshToken);
    expect((await api('alpha.test', sideways)('GET', '/admin/products')).status).toBe(401);
    // Other sessions of the same user are untouched.
    const again = await logIn('alpha.test', 'clerk@alpha.example');
    expect((await api('alpha.test', again.idToken)('GET', '/admin/products')).status).toBe(200);
  });

  it('an operator’s logout without the refresh token does the same', async () => {
    const operator = await freshOperator('refreshing');
    const refreshed = await api('platform.test')('POST', '/platform/auth/refresh', { refreshToken: operator.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await api('platform.test', operator.idToken)('POST', '/platform/auth/logout', {})).status).toBe(204);
    for (const token of [operator.idToken, refreshed.body.idToken as string]) {
      expect((await api('platform.test', token)('GET', '/platform/tenants')).status).toBe(401);
      expect((await api('platform.test', token)('POST', '/platform/tenants/alpha/suspend')).status).toBe(401);
    }
    expect((await api('platform.test')('POST', '/platform/auth/refresh', { refreshToken: operator.refreshToken })).status).toBe(401);
    expect((await api('alpha.test')('GET', '/store')).status).toBe(200);
  });
});
