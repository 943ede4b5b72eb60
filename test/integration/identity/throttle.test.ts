import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers } from '../../../src/identity/demo-users';
import { DEFAULT_AUTH_LIMITS } from '../../../src/identity/throttle';
import { scanAll } from '../../support/dynamo';
import { client, TEST_ADDRESS_HEADER, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/** Against cognito-local, with the limits as deployed (DEFAULT_AUTH_LIMITS). */
let p: TestPlatform;
const from = (address: string, host = 'alpha.test') => {
  const call = client(p.app, host);
  return (path: string, body: unknown) => call('POST', path, body, { [TEST_ADDRESS_HEADER]: address });
};

beforeAll(async () => {
  p = await testPlatform({ realTokens: true });
  await seedDemoUsers(testManifests, p.identity);
  for (const email of ['victim@example.com', 'bystander@example.com']) {
    expect((await from('192.0.2.50')('/auth/signup', { email, password: 'Corr3ct-Horse' })).status).toBe(201);
  }
});

/**
 * Windows are fixed: a run straddling a boundary starts counting afresh halfway (seen on a loaded
 * machine), so a test that counts to a limit starts at least a minute before the window ends.
 */
async function wellInsideWindow(windowSeconds: number) {
  const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
  if (left < 60) await new Promise((resolve) => setTimeout(resolve, (left + 1) * 1000));
}

describe('account routes are throttled per account and per client address', () => {
  it('25 wrong passwords, then the right one: 429 with Retry-After; another account from another address is unaffected', async () => {
    await wellInsideWindow(DEFAULT_AUTH_LIMITS.accountFailures.windowSeconds);
    const attacker = from('192.0.2.66');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attacker('/auth/login', { email: 'victim@example.com', password: `wrong-${i}` })).status);
    const failures = DEFAULT_AUTH_LIMITS.accountFailures.limit;
    expect(statuses.slice(0, failures).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(failures).every((s) => s === 429)).toBe(true);

    const right = await attacker('/auth/login', { email: 'victim@example.com', password: 'Corr3ct-Horse' });
    expect(right.status).toBe(429);
    expect(right.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(right.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DEFAULT_AUTH_LIMITS.accountFailures.windowSeconds);
    // The account is throttled from any address, not only the attacker's (the email is matched as Cognito matches it).
    expect((await from('192.0.2.67')('/auth/login', { email: 'Victim@Example.com ', password: 'Corr3ct-Horse' })).status).toBe(429);

    const other = await from('192.0.2.99')('/auth/login', { email: 'bystander@example.com', password: 'Corr3ct-Horse' });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    // The same account in another store is another account.
    expect((await from('192.0.2.66', 'beta.test')('/auth/login', { email: 'victim@example.com', password: 'x' })).status).toBe(401);
  }, 120_000);

  it('a shopper signing in normally is never throttled', async () => {
    const shopper = from('192.0.2.80');
    for (let i = 0; i < DEFAULT_AUTH_LIMITS.accountFailures.limit + 5; i++) {
      expect((await shopper('/auth/login', { email: 'bystander@example.com', password: 'Corr3ct-Horse' })).status).toBe(200);
    }
  });

  it('one address is refused after the per-address limit whatever the accounts, and other addresses are not', async () => {
    const noisy = from('2001:db8::7');
    const { limit, windowSeconds } = DEFAULT_AUTH_LIMITS.perAddress;
    await wellInsideWindow(windowSeconds);
    // Bodies the route refuses before Cognito: every attempt counts against the address all the same.
    for (let i = 0; i < limit; i++) expect((await noisy('/auth/confirm', { email: `x${i}@example.com`, code: 'nope' })).status).toBe(422);
    const over = await noisy('/auth/login', { email: 'bystander@example.com', password: 'Corr3ct-Horse' });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await from('2001:db8::8')('/auth/login', { email: 'bystander@example.com', password: 'Corr3ct-Horse' })).status).toBe(200);
  }, 120_000);

  it('limits sign-ups per account (each sends a mail), and keeps counters under the store, hashed, with a TTL', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_AUTH_LIMITS.accountMessages.limit + 1; i++)
      statuses.push((await from(`192.0.2.${120 + i}`)('/auth/signup', { email: 'mailer@example.com', password: 'Corr3ct-Horse' })).status);
    expect(statuses[0]).toBe(201);
    expect(
      statuses.slice(1, -1).every((s) => s === 409),
      String(statuses),
    ).toBe(true);
    expect(statuses.at(-1)).toBe(429);

    const counters = (await scanAll(p.table.tableName)).filter((item) => item.type === 'rate');
    expect(counters.length).toBeGreaterThan(0);
    for (const item of counters) {
      expect(String(item.PK)).toMatch(/^(TENANT#(alpha|beta)#|PLATFORM#)RATE#auth-(address|fail|mail)#[A-Za-z0-9_-]{32}$/);
      expect(JSON.stringify(item)).not.toMatch(/victim|192\.0\.2/);
      expect(item.expiresAt).toEqual(expect.any(Number));
      expect(Number(item.expiresAt) * 1000).toBeGreaterThan(Date.now());
    }
  });

  it('throttles operators’ sign-in under the platform’s own counters', async () => {
    const attacker = from('192.0.2.200', 'platform.test');
    for (let i = 0; i < DEFAULT_AUTH_LIMITS.accountFailures.limit; i++) {
      expect((await attacker('/platform/auth/login', { email: 'operator@platform.example', password: `wrong-${i}` })).status).toBe(401);
    }
    expect((await attacker('/platform/auth/login', { email: 'operator@platform.example', password: DEMO_PASSWORD })).status).toBe(429);
    const platformCounters = (await scanAll(p.table.tableName)).filter(
      (item) => item.type === 'rate' && String(item.PK).startsWith('PLATFORM#RATE#auth-fail#'),
    );
    expect(platformCounters).toHaveLength(1);
  });
});
