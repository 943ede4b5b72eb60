import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../../src/identity/demo-users';
import { totpCode } from '../../../src/identity/mfa';
import { scanAll } from '../../support/dynamo';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/** Everything here runs against cognito-local with real ID tokens verified over its JWKS. */
let p: TestPlatform;
const api = (host: string, token?: string) => client(p.app, host, token);
const product = (sku: string) => ({ name: sku, sku, price: { amount: 500, currency: 'EUR' }, status: 'active', stock: 10 });

let totp: DemoTotpSecrets;

/** Signs in, answering the TOTP challenge of the (enrolled) demo admins and operator. */
async function logIn(host: string, email: string, password = DEMO_PASSWORD, space: 'store' | 'platform' = 'store') {
  const prefix = space === 'platform' ? '/platform/auth' : '/auth';
  let response = await api(host)('POST', `${prefix}/login`, { email, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  if (response.body.challenge === 'SOFTWARE_TOKEN_MFA') {
    const secret = totp.get(`${space === 'platform' ? 'platform' : host.split('.')[0]}:${email}`)!;
    response = await api(host)('POST', `${prefix}/mfa/challenge`, { email, session: response.body.session, code: totpCode(secret) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
  return response.body as { idToken: string; refreshToken: string };
}

beforeAll(async () => {
  p = await testPlatform({ realTokens: true });
  totp = await seedDemoUsers(testManifests, p.identity);
});

describe('a customer: sign up, sign in, act, sign out', () => {
  it('walks the whole path and is refused after signing out', async () => {
    const signUp = await api('alpha.test')('POST', '/auth/signup', { email: 'Shopper@Example.com', password: 'Sh0pping-Time', name: 'Shopper' });
    expect(signUp.status).toBe(201);
    expect(signUp.body).toMatchObject({ email: 'shopper@example.com', confirmed: true });

    const tokens = await logIn('alpha.test', 'shopper@example.com', 'Sh0pping-Time');
    const me = await api('alpha.test', tokens.idToken)('GET', '/auth/me');
    expect(me.body).toMatchObject({ store: 'alpha', roles: ['customer'], username: 'alpha:shopper@example.com' });

    const refreshed = await api('alpha.test')('POST', '/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.idToken).toEqual(expect.any(String));

    expect((await api('alpha.test', tokens.idToken)('POST', '/auth/logout', { refreshToken: tokens.refreshToken })).status).toBe(204);
    // The signed-out token can no longer change anything, and the refresh token is dead.
    const after = await api('alpha.test', tokens.idToken)('POST', '/auth/logout', {});
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/signed out/);
    expect((await api('alpha.test')('POST', '/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
    // The session is kept with the store's own keys, its token links read with the user's record.
    const ended = (await scanAll(p.table.tableName)).filter((item) => item.type === 'session' && item.endedAt !== undefined).map((item) => String(item.PK));
    expect(ended.some((pk) => pk.startsWith('TENANT#alpha#SESSION#'))).toBe(true);
    expect(ended.some((pk) => pk.startsWith('PLATFORM#'))).toBe(false);
  });

  it('refuses an operator’s writes after the operator signs out', async () => {
    const operator = await logIn('platform.test', 'operator@platform.example', DEMO_PASSWORD, 'platform');
    const op = api('platform.test', operator.idToken);
    // Without the refresh token: cognito-local does not keep the refresh token it issues after an
    // MFA challenge (RespondToAuthChallenge), so revoking it there fails (docs/architecture.md, MFA).
    expect((await op('POST', '/platform/auth/logout', {})).status).toBe(204);
    const refused = await op('POST', '/platform/tenants/alpha/suspend');
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/signed out/);
    expect((await api('alpha.test')('GET', '/store')).status).toBe(200);
  });

  it('takes back a name someone grabbed by calling the pool directly, but not a real account', async () => {
    // Anyone holding the public client id can call SignUp; such an account is never confirmed.
    await p.cognito.provider.signUp({ username: 'alpha:grabbed@example.com', email: 'grabbed@example.com', password: 'Squatt3r-pw', tenantId: 'alpha' });
    const signUp = await api('alpha.test')('POST', '/auth/signup', { email: 'grabbed@example.com', password: 'Rightful-0wner' });
    expect(signUp.status, JSON.stringify(signUp.body)).toBe(201);
    await logIn('alpha.test', 'grabbed@example.com', 'Rightful-0wner');
    expect((await api('alpha.test')('POST', '/auth/login', { email: 'grabbed@example.com', password: 'Squatt3r-pw' })).status).toBe(401);
    // Now it is someone's account: a second sign-up is refused.
    expect((await api('alpha.test')('POST', '/auth/signup', { email: 'grabbed@example.com', password: 'An0ther-passw0rd' })).status).toBe(409);
  });

  it('keeps the same email apart in two stores', async () => {
    expect((await api('alpha.test')('POST', '/auth/signup', { email: 'twice@example.com', password: 'Tw1ce-Over-pw' })).status).toBe(201);
    expect((await api('beta.test')('POST', '/auth/signup', { email: 'twice@example.com', password: 'Other-Passw0rd' })).status).toBe(201);
    // The alpha password does not open the beta account.
    expect((await api('beta.test')('POST', '/auth/login', { email: 'twice@example.com', password: 'Tw1ce-Over-pw' })).status).toBe(401);
  });

  it('refuses bad sign-ups and sign-ins clearly, leaving no half-made account', async () => {
    const weak = await api('alpha.test')('POST', '/auth/signup', { email: 'weak@example.com', password: 'password' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toContain('password');
    expect((await api('alpha.test')('POST', '/auth/login', { email: 'weak@example.com', password: 'password' })).status).toBe(401);

    expect((await api('alpha.test')('POST', '/auth/signup', { email: 'dup@example.com', password: 'Dupl1cate-pw' })).status).toBe(201);
    const dup = await api('alpha.test')('POST', '/auth/signup', { email: 'DUP@example.com', password: 'Dupl1cate-pw' });
    expect(dup.status).toBe(409);
    expect((await api('alpha.test')('POST', '/auth/login', { email: 'dup@example.com', password: 'Wrong-passw0rd' })).status).toBe(401);
    expect((await api('alpha.test')('POST', '/auth/login', { email: 'nobody@example.com', password: 'Wrong-passw0rd' })).status).toBe(401);
    expect((await api('alpha.test')('POST', '/auth/signup', { email: 'x@example.com', password: 'Passw0rd-ok-12', tenantId: 'beta' })).status).toBe(422);
  });

  it('asks for confirmation before an unconfirmed account can sign in, and checks the code', async () => {
    // A store that does not confirm sign-ups at once, as on AWS where the code is e-mailed.
    const strict = await testPlatform({ realTokens: true, autoConfirm: false });
    const call = client(strict.app, 'alpha.test');
    expect((await call('POST', '/auth/signup', { email: 'wait@example.com', password: 'Wa1ting-passw0rd' })).body.confirmed).toBe(false);
    const early = await call('POST', '/auth/login', { email: 'wait@example.com', password: 'Wa1ting-passw0rd' });
    expect(early.status).toBe(403);
    expect(early.body.detail).toMatch(/confirm/i);
    expect((await call('POST', '/auth/confirm', { email: 'wait@example.com', code: '000000' })).status).toBe(400);
    expect((await call('POST', '/auth/confirm', { email: 'wait@example.com', code: 'abc' })).status).toBe(422);
  });

  it('refuses a token of store A on store B', async () => {
    const alphaAdmin = await logIn('alpha.test', 'a@alpha.test');
    expect((await api('beta.test', alphaAdmin.idToken)('GET', '/admin/products')).status).toBe(403);
    expect((await api('alpha.test', alphaAdmin.idToken)('GET', '/admin/products')).status).toBe(200);
  });
});

describe('staff roles and user management', () => {
  it('an admin promotes a customer to clerk, who can then adjust stock but not edit products', async () => {
    const admin = await logIn('alpha.test', 'a@alpha.test');
    const created = await api('alpha.test', admin.idToken)('POST', '/admin/products', product('ROLE-1'));
    expect(created.status).toBe(201);

    await api('alpha.test')('POST', '/auth/signup', { email: 'future-clerk@example.com', password: 'Cl3rk-to-be-pw' });
    const before = await logIn('alpha.test', 'future-clerk@example.com', 'Cl3rk-to-be-pw');
    expect(
      (await api('alpha.test', before.idToken)('POST', `/admin/products/${created.body.id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status,
    ).toBe(403);

    const users = await api('alpha.test', admin.idToken)('GET', '/admin/users?limit=100');
    const target = users.body.items.find((u: { email: string }) => u.email === 'future-clerk@example.com');
    const promoted = await api('alpha.test', admin.idToken)('PUT', `/admin/users/${target.userId}/role`, { role: 'clerk' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('clerk');

    const clerk = await logIn('alpha.test', 'future-clerk@example.com', 'Cl3rk-to-be-pw');
    expect((await api('alpha.test', clerk.idToken)('GET', '/auth/me')).body.roles).toEqual(['clerk']);
    expect(
      (await api('alpha.test', clerk.idToken)('POST', `/admin/products/${created.body.id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status,
    ).toBe(201);
    expect((await api('alpha.test', clerk.idToken)('PATCH', `/admin/products/${created.body.id}`, { name: 'nope' })).status).toBe(403);
    expect((await api('alpha.test', clerk.idToken)('DELETE', `/admin/products/${created.body.id}`)).status).toBe(403);
  });

  it('lists only the store’s own users, and cannot touch another store’s', async () => {
    const alphaAdmin = await logIn('alpha.test', 'a@alpha.test');
    const betaAdmin = await logIn('beta.test', 'b@beta.test');
    const alphaUsers = (await api('alpha.test', alphaAdmin.idToken)('GET', '/admin/users?limit=100')).body.items as { userId: string; email: string }[];
    const betaUsers = (await api('beta.test', betaAdmin.idToken)('GET', '/admin/users?limit=100')).body.items as { userId: string; email: string }[];
    expect(alphaUsers.every((u) => !betaUsers.some((b) => b.userId === u.userId))).toBe(true);
    const alphaCustomer = alphaUsers.find((u) => u.email.startsWith('customer@'))!;
    expect((await api('beta.test', betaAdmin.idToken)('PUT', `/admin/users/${alphaCustomer.userId}/role`, { role: 'admin' })).status).toBe(404);
    expect((await api('beta.test', betaAdmin.idToken)('DELETE', `/admin/users/${alphaCustomer.userId}`)).status).toBe(404);
  });

  it('removing a user ends their rights at once, even with a token still valid', async () => {
    const admin = await logIn('alpha.test', 'a@alpha.test');
    const stock = await api('alpha.test', admin.idToken)('POST', '/admin/products', product('REMOVE-1'));
    const created = await api('alpha.test', admin.idToken)('POST', '/admin/users', { email: 'temp-clerk@example.com', name: 'Temp', role: 'clerk' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'temp-clerk@example.com', role: 'clerk' });

    const first = await api('alpha.test')('POST', '/auth/login', { email: 'temp-clerk@example.com', password: created.body.temporaryPassword });
    expect(first.body.challenge).toBe('NEW_PASSWORD_REQUIRED');
    const clerk = (
      await api('alpha.test')('POST', '/auth/new-password', { email: 'temp-clerk@example.com', session: first.body.session, newPassword: 'Cl3rk-for-now' })
    ).body;
    const adjust = () => api('alpha.test', clerk.idToken)('POST', `/admin/products/${stock.body.id}/inventory/adjustments`, { delta: 1, reason: 'restock' });
    expect((await adjust()).status).toBe(201);

    expect((await api('alpha.test', admin.idToken)('DELETE', `/admin/users/${created.body.user.userId}`)).status).toBe(204);
    expect((await adjust()).status).toBe(401);
    expect((await api('alpha.test')('POST', '/auth/login', { email: 'temp-clerk@example.com', password: 'Cl3rk-for-now' })).status).toBe(401);
    expect((await api('alpha.test', admin.idToken)('DELETE', `/admin/users/${created.body.user.userId}`)).status).toBe(404);
  });

  it('never leaves a store without an admin', async () => {
    const admin = await logIn('gamma.test', 'g@gamma.test');
    const me = (await api('gamma.test', admin.idToken)('GET', '/auth/me')).body;
    const demote = await api('gamma.test', admin.idToken)('PUT', `/admin/users/${me.userId}/role`, { role: 'clerk' });
    expect(demote.status).toBe(409);
    expect((await api('gamma.test', admin.idToken)('DELETE', `/admin/users/${me.userId}`)).status).toBe(409);
    expect((await api('gamma.test', admin.idToken)('GET', '/auth/me')).body.roles).toEqual(['admin']);
  });
});

describe('store onboarding by an operator', () => {
  it('creates a store with its domain and first admin, who sets a password and manages it', async () => {
    const operator = await logIn('platform.test', 'operator@platform.example', DEMO_PASSWORD, 'platform');
    expect(operator.idToken).toEqual(expect.any(String));
    const op = api('platform.test', operator.idToken);

    const onboarded = await op('POST', '/platform/tenants', {
      slug: 'delta',
      name: 'Delta Store',
      domains: ['delta.test'],
      tier: 'premium',
      firstAdmin: { email: 'owner@delta.test', name: 'Owner' },
    });
    expect(onboarded.status, JSON.stringify(onboarded.body)).toBe(201);
    expect(onboarded.body.firstAdmin.temporaryPassword).toEqual(expect.any(String));
    await p.streams.drain();
    expect(p.bus.delivered.some((e) => e.detailType === 'TenantOnboarded' && e.detail.tenantId === 'delta')).toBe(true);

    const first = await api('delta.test')('POST', '/auth/login', { email: 'owner@delta.test', password: onboarded.body.firstAdmin.temporaryPassword });
    expect(first.body.challenge).toBe('NEW_PASSWORD_REQUIRED');
    const set = await api('delta.test')('POST', '/auth/new-password', {
      email: 'owner@delta.test',
      session: first.body.session,
      newPassword: 'Delta-0wner-pw',
    });
    expect(set.status).toBe(200);
    // A store admin must enrol an authenticator app before changing anything.
    const owner = api('delta.test', set.body.idToken);
    expect((await owner('POST', '/admin/products', product('DELTA-1'))).status).toBe(403);
    const setup = await owner('POST', '/auth/mfa/setup', { accessToken: set.body.accessToken });
    expect((await owner('POST', '/auth/mfa/verify', { accessToken: set.body.accessToken, code: totpCode(setup.body.secret) })).status).toBe(204);
    expect((await owner('POST', '/admin/products', product('DELTA-1'))).status).toBe(201);
    expect((await api('delta.test')('GET', '/products')).body.items.map((i: { sku: string }) => i.sku)).toEqual(['DELTA-1']);

    // Domains are unique across the platform; a clash leaves no half-made store or account.
    const itemsBefore = (await scanAll(p.table.tableName)).length;
    const clash = await op('POST', '/platform/tenants', {
      slug: 'epsilon',
      name: 'E',
      domains: ['delta.test'],
      tier: 'basic',
      firstAdmin: { email: 'e@e.test', name: 'E' },
    });
    expect(clash.status).toBe(409);
    expect((await scanAll(p.table.tableName)).length).toBe(itemsBefore);
    expect(
      (await op('POST', '/platform/tenants', { slug: 'Bad Slug', name: 'E', domains: ['e.test'], tier: 'basic', firstAdmin: { email: 'e@e.test', name: 'E' } }))
        .status,
    ).toBe(422);
    for (const domain of ['203.0.113.7', '[2001:db8::1]', '[2001:db8::1]:443', '203.0.113.7:8080', '::1']) {
      const ip = await op('POST', '/platform/tenants', {
        slug: 'ip-store',
        name: 'E',
        domains: [domain],
        tier: 'basic',
        firstAdmin: { email: 'e@e.test', name: 'E' },
      });
      expect(ip.status, domain).toBe(422);
      expect(ip.body.errors).toEqual([expect.objectContaining({ path: 'domains.0', message: expect.stringMatching(/not an IP address/) })]);
    }
    expect(
      (await op('POST', '/platform/tenants', { slug: 'platform', name: 'E', domains: ['e.test'], tier: 'basic', firstAdmin: { email: 'e@e.test', name: 'E' } }))
        .status,
    ).toBe(409);

    const listed = await op('GET', '/platform/tenants?limit=100');
    expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['alpha', 'beta', 'gamma', 'delta']));

    // Suspension closes every route of the store; resumption opens them again.
    expect((await op('POST', '/platform/tenants/delta/suspend')).body.status).toBe('suspended');
    expect((await api('delta.test')('GET', '/products')).status).toBe(403);
    expect((await api('delta.test')('POST', '/auth/login', { email: 'owner@delta.test', password: 'Delta-0wner-pw' })).status).toBe(403);
    expect((await op('POST', '/platform/tenants/delta/resume')).body.status).toBe('active');
    expect((await api('delta.test')('GET', '/products')).status).toBe(200);
    expect((await op('POST', '/platform/tenants/nope/suspend')).status).toBe(404);
  });

  it('is for operators only', async () => {
    const admin = await logIn('alpha.test', 'a@alpha.test');
    expect((await api('platform.test', admin.idToken)('GET', '/platform/tenants')).status).toBe(403);
    expect((await api('platform.test')('GET', '/platform/tenants')).status).toBe(401);
    expect((await api('platform.test')('POST', '/platform/auth/login', { email: 'a@alpha.test', password: DEMO_PASSWORD })).status).toBe(401);
    // On a store's domain the operator routes do not exist at all (PLATFORM_HOSTS).
    expect((await api('alpha.test', admin.idToken)('GET', '/platform/tenants')).status).toBe(404);
  });
});
