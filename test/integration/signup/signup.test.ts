import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { platformKeys } from '../../../src/adapters/dynamodb/keys';
import { usernameFor } from '../../../src/identity/provider';
import { createPlatform } from '../../../src/platform';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Self-service sign-up on the platform's host against cognito-local and DynamoDB Local: the
 * emailed code is read where cognito-local keeps it (as the password-reset tests do).
 */
let p: TestPlatform;
const PLATFORM = 'platform.test';
const PASSWORD = 'Owner-Passw0rd-1';
const PAGE = { 'x-csrf': '1', 'sec-fetch-site': 'same-origin' };
const api = (host: string, token?: string) => client(p.app, host, token);

beforeAll(async () => {
  p = await testPlatform({ realTokens: true, autoConfirm: true });
});

const codeFor = async (slug: string, email: string) => {
  if (!p.cognito.mailbox) throw new Error('this run uses an outside cognito-local: its codes cannot be read here');
  const code = await p.cognito.mailbox.lastCode(usernameFor({ id: slug }, email));
  expect(code).toMatch(/^\d{6}$/);
  return code!;
};

const signUp = (slug: string, email: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  api(PLATFORM)('POST', '/signup', { storeName: `Store ${slug}`, slug, plan: 'standard', email, password: PASSWORD, ...extra }, headers);

describe('a store owner signs up', () => {
  it('signs up, confirms with the code, and the store is live at its subdomain with the owner as admin', async () => {
    const accepted = await signUp('tea-house', 'Owner@Tea.example');
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ slug: 'tea-house', email: 'owner@tea.example', plan: 'standard' });
    // Held for this sign-up meanwhile: nobody else may take it.
    expect((await api(PLATFORM)('GET', '/signup/slugs/tea-house')).body).toMatchObject({ available: false, reason: 'held' });
    // Not live before the code: the pool account is unconfirmed, the store does not exist. (Asked
    // through the registry: a host looked up in vain is remembered for up to 5 s by the resolver.)
    expect(await p.registry.get('tea-house')).toBeUndefined();
    expect((await p.cognito.provider.findUser(usernameFor({ id: 'tea-house' }, 'owner@tea.example')))?.confirmed).toBe(false);

    const code = await codeFor('tea-house', 'owner@tea.example');
    const opened = await api(PLATFORM)('POST', '/signup/confirm', { email: 'owner@tea.example', slug: 'tea-house', code, password: PASSWORD });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({
      store: { slug: 'tea-house', name: 'Store tea-house', plan: 'standard', domains: ['tea-house.localhost'] },
      consoleUrl: 'http://tea-house.localhost/admin',
      handoff: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });

    // Live at once at its subdomain, empty (nothing seeded).
    const store = api('tea-house.localhost');
    expect((await store('GET', '/store')).body).toMatchObject({ id: 'tea-house', name: 'Store tea-house' });
    expect((await store('GET', '/products')).body.items).toEqual([]);
    // The plan picked is the store's tier.
    expect((await p.registry.get('tea-house'))?.tier).toBe('standard');

    // The console on the store's host redeems the hand-off once, for the session's cookies.
    const redeemed = await store('POST', '/auth/session/handoff', { code: opened.body.handoff }, PAGE);
    expect(redeemed.status).toBe(200);
    expect(redeemed.headers.get('set-cookie')).toContain('__Host-session=');
    expect((await store('POST', '/auth/session/handoff', { code: opened.body.handoff }, PAGE)).status).toBe(401);
    // Not on another store's host, even with the right code's shape.
    expect((await api('alpha.test')('POST', '/auth/session/handoff', { code: opened.body.handoff }, PAGE)).status).toBe(401);

    // The owner is the store's admin, with the password they chose (no temporary one).
    const login = await store('POST', '/auth/login', { email: 'owner@tea.example', password: PASSWORD });
    expect(login.status).toBe(200);
    const me = await api('tea-house.localhost', login.body.idToken)('GET', '/auth/me');
    expect(me.body).toMatchObject({ username: 'tea-house:owner@tea.example', store: 'tea-house', roles: ['admin'] });

    await p.streams.drain();
    const event = p.bus.delivered.find((e) => e.detailType === 'TenantOnboarded' && e.detail.tenantId === 'tea-house');
    expect(event?.detail).toMatchObject({ tier: 'standard', domains: ['tea-house.localhost'], actor: 'tea-house:owner@tea.example' });

    // The slug is used now; a retried confirmation says where to sign in.
    expect((await api(PLATFORM)('GET', '/signup/slugs/tea-house')).body).toMatchObject({ available: false, reason: 'taken' });
    const again = await api(PLATFORM)('POST', '/signup/confirm', { email: 'owner@tea.example', slug: 'tea-house', code });
    expect(again.status).toBe(409);
    expect(again.body.consoleUrl).toBe('http://tea-house.localhost/admin');
  });

  it('the console’s getting-started checklist follows the store’s data', async () => {
    const login = await api('tea-house.localhost')('POST', '/auth/login', { email: 'owner@tea.example', password: PASSWORD });
    // An admin acts only once enrolled in TOTP: marked here as the console's enrolment would.
    const ownerId = (await p.cognito.provider.findUser('tea-house:owner@tea.example'))!.userId;
    await p.directory.markMfaEnrolled((await p.tenants.byId('tea-house'))!, ownerId, new Date().toISOString());
    const owner = api('tea-house.localhost', login.body.idToken);
    const steps = async () =>
      Object.fromEntries((await owner('GET', '/admin/getting-started')).body.steps.map((s: { id: string; done: boolean }) => [s.id, s.done]));
    expect(await steps()).toEqual({ settings: false, product: false, image: false, domain: false });
    const list = (await owner('GET', '/admin/getting-started')).body;
    expect(list).toMatchObject({ domains: ['tea-house.localhost'], platformDomain: 'tea-house.localhost' });

    const settings = (await owner('GET', '/admin/settings')).body;
    expect((await owner('PUT', '/admin/settings', settings)).status).toBe(200);
    const created = await owner('POST', '/admin/products', {
      sku: 'TEA-1',
      name: 'Sencha',
      price: { amount: 1200, currency: 'EUR' },
      status: 'active',
      stock: 3,
    });
    expect(created.status).toBe(201);
    expect(await steps()).toEqual({ settings: true, product: true, image: false, domain: false });
    // Admins only (the route-access table holds clerks off); nobody signed out.
    expect((await api('alpha.test')('GET', '/admin/getting-started')).status).toBe(401);
  });

  it('answers without a hand-off when the password is not sent again', async () => {
    expect((await signUp('bare-shop', 'bare@example.com')).status).toBe(202);
    const opened = await api(PLATFORM)('POST', '/signup/confirm', {
      email: 'bare@example.com',
      slug: 'bare-shop',
      code: await codeFor('bare-shop', 'bare@example.com'),
    });
    expect(opened.status).toBe(201);
    expect(opened.body.handoff).toBeUndefined();
  });

  it('refuses a wrong code and leaves the sign-up waiting', async () => {
    expect((await signUp('wrong-code', 'w@example.com')).status).toBe(202);
    const code = await codeFor('wrong-code', 'w@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await api(PLATFORM)('POST', '/signup/confirm', { email: 'w@example.com', slug: 'wrong-code', code: wrong })).status).toBe(400);
    expect(await p.registry.get('wrong-code')).toBeUndefined();
    expect((await api(PLATFORM)('POST', '/signup/confirm', { email: 'w@example.com', slug: 'wrong-code', code })).status).toBe(201);
  });

  it('is off where the platform has no store domain (AWS without PLATFORM_DOMAIN): 404, and the page says so', async () => {
    const { storeDomainSuffix: _, ...options } = p.options;
    const off = createPlatform(options);
    expect((await client(off.app, PLATFORM)('GET', '/signup/slugs/anything')).status).toBe(404);
    const refused = await client(off.app, PLATFORM)('POST', '/signup', {
      storeName: 'x',
      slug: 'off-shop',
      plan: 'basic',
      email: 'x@example.com',
      password: PASSWORD,
    });
    expect(refused.status).toBe(404);
    expect(await p.slugs.get('off-shop')).toBeUndefined();
    const page = await (await off.app.request('http://localhost/', { headers: { host: 'localhost' } })).text();
    expect(page).toContain('Sign-up is not open on this platform yet');
    expect(page).not.toContain('/assets/signup-');
  });

  it('is on the platform’s hosts only', async () => {
    expect((await api('alpha.test')('GET', '/signup/slugs/anything')).status).toBe(404);
    expect((await api('alpha.test')('POST', '/signup', { storeName: 'x', slug: 'x', plan: 'basic', email: 'x@example.com', password: PASSWORD })).status).toBe(
      404,
    );
  });

  it('validates the form: weak password, unknown plan, bad email are 422 and hold nothing', async () => {
    const weak = await signUp('weak-pw', 'weak@example.com', { password: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toContain('password');
    expect((await signUp('weak-pw', 'weak@example.com', { plan: 'platinum' })).status).toBe(422);
    expect((await signUp('weak-pw', 'not-an-email')).status).toBe(422);
    expect(await p.slugs.get('weak-pw')).toBeUndefined();
  });
});

describe('slugs', () => {
  const check = async (slug: string) => (await api(PLATFORM)('GET', `/signup/slugs/${slug}`)).body;

  it('says why a slug cannot be had, with free alternatives', async () => {
    expect(await check('fresh-slug')).toEqual({ slug: 'fresh-slug', available: true, suggestions: [] });
    expect(await check('Bad_Slug')).toMatchObject({ available: false, reason: 'invalid', suggestions: [] });
    expect(await check('www')).toMatchObject({ available: false, reason: 'reserved' });
    const taken = await check('alpha');
    expect(taken).toMatchObject({ available: false, reason: 'taken', suggestions: ['alpha-2', 'alpha-3', 'alpha-4'] });
    const refused = await signUp('alpha', 'someone@example.com');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'taken', suggestions: ['alpha-2', 'alpha-3', 'alpha-4'] });
    expect((await signUp('platform', 'someone@example.com')).body).toMatchObject({ reason: 'reserved' });
  });

  it('a held slug goes to nobody else; its holder may sign up again', async () => {
    expect((await signUp('held-slug', 'first@example.com')).status).toBe(202);
    const other = await signUp('held-slug', 'second@example.com');
    expect(other.status).toBe(409);
    expect(other.body.reason).toBe('held');
    // The same owner again (a lost email): the hold is renewed, a new code sent.
    expect((await signUp('held-slug', 'first@example.com')).status).toBe(202);
    // And the other cannot confirm what is not theirs.
    expect((await api(PLATFORM)('POST', '/signup/confirm', { email: 'second@example.com', slug: 'held-slug', code: '123456' })).status).toBe(404);
  });

  it('a slug once used is never issued again, even after its store is gone', async () => {
    expect((await signUp('short-lived', 'gone@example.com')).status).toBe(202);
    const code = await codeFor('short-lived', 'gone@example.com');
    expect((await api(PLATFORM)('POST', '/signup/confirm', { email: 'gone@example.com', slug: 'short-lived', code })).status).toBe(201);
    // The store's record removed (as an offboarding will): its slug's claim stays.
    await p.table.client.send(new DeleteCommand({ TableName: p.table.tableName, Key: platformKeys.tenant('short-lived') }));
    await p.table.client.send(new DeleteCommand({ TableName: p.table.tableName, Key: platformKeys.domain('short-lived.localhost') }));
    expect(await check('short-lived')).toMatchObject({ available: false, reason: 'retired', suggestions: ['short-lived-2', 'short-lived-3', 'short-lived-4'] });
    expect((await signUp('short-lived', 'newcomer@example.com')).status).toBe(409);
    expect((await signUp('short-lived', 'gone@example.com')).status).toBe(409);
  });

  it('an operator’s onboarding uses its slug for good too, and refuses a held one', async () => {
    expect((await signUp('held-for-op', 'owner@held.example')).status).toBe(202);
    await expect(
      p.onboarding.onboard('platform:op', {
        slug: 'held-for-op',
        name: 'X',
        domains: ['held-for-op.test'],
        tier: 'basic',
        firstAdmin: { email: 'a@x.test', name: 'A' },
        settings: {},
      }),
    ).rejects.toThrow(/held by a sign-up/);
    await p.onboarding.onboard('platform:op', {
      slug: 'op-made',
      name: 'Op',
      domains: ['op-made.test'],
      tier: 'basic',
      firstAdmin: { email: 'a@op.test', name: 'A' },
      settings: {},
    });
    expect(await p.slugs.get('op-made')).toMatchObject({ state: 'used' });
  });
});

describe('failures leave nothing half-made', () => {
  it('a store that cannot open takes its owner’s account away and gives the hold back', async () => {
    expect((await signUp('half-made', 'half@example.com')).status).toBe(202);
    const code = await codeFor('half-made', 'half@example.com');
    // Meanwhile another store got the subdomain the new one needs: its creation fails.
    await p.onboarding.onboard('platform:op', {
      slug: 'squatter',
      name: 'Squatter',
      domains: ['half-made.localhost'],
      tier: 'basic',
      firstAdmin: { email: 's@squatter.test', name: 'S' },
      settings: {},
    });
    const failed = await api(PLATFORM)('POST', '/signup/confirm', { email: 'half@example.com', slug: 'half-made', code, password: PASSWORD });
    expect(failed.status).toBe(409);
    expect(await p.registry.get('half-made')).toBeUndefined();
    expect(await p.cognito.provider.findUser(usernameFor({ id: 'half-made' }, 'half@example.com'))).toBeUndefined();
    // Not used: the hold is back (lapsed), so the slug is not burnt by a store that never opened.
    expect(await p.slugs.get('half-made')).toMatchObject({ state: 'held', heldUntil: new Date(0).toISOString() });
  });
});

describe('limits', () => {
  it('store sign-ups are limited per email and per client address (429 with Retry-After)', async () => {
    const limited = await testPlatform({
      realTokens: true,
      signUpLimits: {
        perEmail: { limit: 2, windowSeconds: 3600 },
        perAddress: { limit: 3, windowSeconds: 3600 },
        slugChecksPerAddress: { limit: 2, windowSeconds: 300 },
      },
    });
    const call = (slug: string, email: string, address: string) =>
      client(limited.app, PLATFORM)(
        'POST',
        '/signup',
        { storeName: slug, slug, plan: 'basic', email, password: PASSWORD },
        { 'x-test-client-address': address },
      );
    expect((await call('lim-1', 'many@example.com', '203.0.113.1')).status).toBe(202);
    expect((await call('lim-2', 'many@example.com', '203.0.113.2')).status).toBe(202);
    const perEmail = await call('lim-3', 'MANY@example.com', '203.0.113.3');
    expect(perEmail.status).toBe(429);
    expect(Number(perEmail.headers.get('retry-after'))).toBeGreaterThan(0);

    for (const [i, email] of ['a@example.com', 'b@example.com'].entries()) expect((await call(`addr-${i}`, email, '203.0.113.9')).status).toBe(202);
    // Third from that address (the email's refused try above came from another one).
    expect((await call('addr-2', 'c@example.com', '203.0.113.9')).status).toBe(202);
    const perAddress = await call('addr-3', 'd@example.com', '203.0.113.9');
    expect(perAddress.status).toBe(429);
    expect(perAddress.headers.get('retry-after')).toEqual(expect.any(String));
    // Slug checks as the owner types, per address.
    const checkFrom = (address: string) => client(limited.app, PLATFORM)('GET', '/signup/slugs/some-slug', undefined, { 'x-test-client-address': address });
    for (let i = 0; i < 2; i++) expect((await checkFrom('203.0.113.20')).status).toBe(200);
    const tooMany = await checkFrom('203.0.113.20');
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get('retry-after')).toEqual(expect.any(String));
    expect((await checkFrom('203.0.113.21')).status).toBe(200);
    // Nothing was held for the refused ones.
    expect(await limited.slugs.get('addr-3')).toBeUndefined();
    expect(await limited.slugs.get('lim-3')).toBeUndefined();
  });

  it('an Idempotency-Key makes a retried sign-up replay the first answer', async () => {
    const first = await signUp('idem-shop', 'idem@example.com', {}, { 'idempotency-key': 'signup-1' });
    expect(first.status).toBe(202);
    const retry = await signUp('idem-shop', 'idem@example.com', {}, { 'idempotency-key': 'signup-1' });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
  });
});
