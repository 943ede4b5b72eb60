import { beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../../src/identity/mfa';
import { tenantContext } from '../../../src/tenants/tenant';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/** TOTP against cognito-local: AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference, the SOFTWARE_TOKEN_MFA challenge. */
let p: TestPlatform;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
const product = (sku: string) => ({ name: sku, sku, price: { amount: 500, currency: 'EUR' }, status: 'active', stock: 1 });
const PASSWORD = 'Mfa-Passw0rd-1';
/** A code of the secret that is not the current one (nor the neighbours cognito-local tolerates). */
const wrongCode = (secret: string) => (Number(totpCode(secret)) + 1).toString().padStart(6, '0').slice(-6);

beforeAll(async () => {
  p = await testPlatform({ realTokens: true });
});

async function signIn(path: string, host: string, email: string) {
  const response = await client(p.app, host)('POST', path, { email, password: PASSWORD });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { idToken: string; accessToken: string; challenge?: string; session?: string };
}

describe('a store admin', () => {
  it('must enrol before acting, enrols with the access token, then signs in with a code', async () => {
    await p.identity.ensureUser(alpha, { email: 'new-admin@alpha.test', name: 'New Admin', role: 'admin', password: PASSWORD });
    const first = await signIn('/auth/login', 'alpha.test', 'new-admin@alpha.test');
    const admin = client(p.app, 'alpha.test', first.idToken);

    const refused = await admin('POST', '/admin/products', product('MFA-0'));
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('/problems/mfa-enrolment-required');
    expect((await admin('GET', '/auth/me')).status).toBe(200);

    // Another user's access token cannot be used to enrol this one, nor this one's an ID token.
    await p.identity.ensureUser(alpha, { email: 'other@alpha.test', name: 'Other', role: 'customer', password: PASSWORD });
    const other = await signIn('/auth/login', 'alpha.test', 'other@alpha.test');
    expect((await admin('POST', '/auth/mfa/setup', { accessToken: other.accessToken })).status).toBe(403);
    expect((await admin('POST', '/auth/mfa/setup', { accessToken: first.idToken })).status).toBe(401);
    expect((await admin('POST', '/auth/mfa/setup', {})).status).toBe(422);

    const setup = await admin('POST', '/auth/mfa/setup', { accessToken: first.accessToken });
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Catalog%20Alpha%20Store:new-admin%40alpha\.test\?/);
    const secret = setup.body.secret as string;

    const wrong = await admin('POST', '/auth/mfa/verify', { accessToken: first.accessToken, code: wrongCode(secret) });
    expect(wrong.status).toBe(400);
    expect((await admin('POST', '/admin/products', product('MFA-1'))).status).toBe(403);
    expect((await admin('POST', '/auth/mfa/verify', { accessToken: first.accessToken, code: totpCode(secret) })).status).toBe(204);
    // The same token acts at once: the enrolment is in the record the request re-reads.
    expect((await admin('POST', '/admin/products', product('MFA-2'))).status).toBe(201);

    const challenged = await signIn('/auth/login', 'alpha.test', 'new-admin@alpha.test');
    expect(challenged).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) });
    const bad = await client(p.app, 'alpha.test')('POST', '/auth/mfa/challenge', {
      email: 'new-admin@alpha.test',
      session: challenged.session,
      code: wrongCode(secret),
    });
    expect(bad.status).toBe(400);
    const tokens = await client(p.app, 'alpha.test')('POST', '/auth/mfa/challenge', {
      email: 'new-admin@alpha.test',
      session: challenged.session,
      code: totpCode(secret),
    });
    expect(tokens.status).toBe(200);
    expect((await client(p.app, 'alpha.test', tokens.body.idToken)('POST', '/admin/products', product('MFA-3'))).status).toBe(201);
  });

  it('clerks and customers act without enrolling, and may enrol', async () => {
    await p.identity.ensureUser(alpha, { email: 'clerk@alpha.test', name: 'Clerk', role: 'clerk', password: PASSWORD });
    const clerk = await signIn('/auth/login', 'alpha.test', 'clerk@alpha.test');
    const api = client(p.app, 'alpha.test', clerk.idToken);
    expect((await api('POST', '/auth/logout', {})).status).toBe(204);
    const again = await signIn('/auth/login', 'alpha.test', 'clerk@alpha.test');
    const setup = await client(p.app, 'alpha.test', again.idToken)('POST', '/auth/mfa/setup', { accessToken: again.accessToken });
    expect(
      (await client(p.app, 'alpha.test', again.idToken)('POST', '/auth/mfa/verify', { accessToken: again.accessToken, code: totpCode(setup.body.secret) }))
        .status,
    ).toBe(204);
    expect((await signIn('/auth/login', 'alpha.test', 'clerk@alpha.test')).challenge).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('needs passwords of at least 12 characters', async () => {
    const short = await client(p.app, 'alpha.test')('POST', '/auth/signup', { email: 'short@example.com', password: 'Jo-Passw0rd' });
    expect(short.status).toBe(422);
    expect(short.body.errors).toEqual([expect.objectContaining({ path: 'password', message: 'must be at least 12 characters' })]);
  });
});

describe('an operator', () => {
  it('must enrol before any operator route answers, then signs in with a code', async () => {
    await p.identity.ensureOperator({ email: 'ops@platform.test', name: 'Ops', password: PASSWORD });
    const first = await signIn('/platform/auth/login', 'platform.test', 'ops@platform.test');
    const op = client(p.app, 'platform.test', first.idToken);
    const refused = await op('GET', '/platform/tenants');
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('/problems/mfa-enrolment-required');
    expect((await op('POST', '/platform/tenants/alpha/suspend')).status).toBe(403);

    const setup = await op('POST', '/platform/auth/mfa/setup', { accessToken: first.accessToken });
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    expect((await op('POST', '/platform/auth/mfa/verify', { accessToken: first.accessToken, code: totpCode(setup.body.secret) })).status).toBe(204);
    expect((await op('GET', '/platform/tenants')).status).toBe(200);

    const challenged = await signIn('/platform/auth/login', 'platform.test', 'ops@platform.test');
    expect(challenged.challenge).toBe('SOFTWARE_TOKEN_MFA');
    const tokens = await client(p.app, 'platform.test')('POST', '/platform/auth/mfa/challenge', {
      email: 'ops@platform.test',
      session: challenged.session,
      code: totpCode(setup.body.secret),
    });
    expect(tokens.status).toBe(200);
    expect((await client(p.app, 'platform.test', tokens.body.idToken)('GET', '/platform/tenants')).status).toBe(200);
  });
});
