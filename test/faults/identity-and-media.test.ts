import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/platform';
import type { FaultMode } from './fault-proxy';
import { faultPlatform } from './fault-platform';

let h: Awaited<ReturnType<typeof faultPlatform>>;
let visitor: ReturnType<typeof client>;

const expectUnavailable = (response: { status: number; headers: Headers; body: unknown }) => {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.body).toMatchObject({ type: '/problems/dependency-unavailable', status: 503 });
  expect(JSON.stringify(response.body)).not.toMatch(/cognito|jwks|s3|bucket|key|ECONN|127\.0\.0\.1/i);
};

/** Well-formed but signed by no one: once the keys can be fetched it is a 401, not a 503. */
const NOT_A_REAL_TOKEN = `${Buffer.from('{"alg":"RS256","kid":"nope"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`;

beforeAll(async () => {
  // The real verifier, fetching the pool's keys through the proxy (never fetched before the test).
  h = await faultPlatform({ verifier: 'real' });
  visitor = client(h.faulty.app, 'alpha.test');
  expect((await visitor('GET', '/store')).status).toBe(200);
});

afterAll(() => h?.close());

describe('Cognito down', () => {
  it('signing keys that cannot be fetched are a 503; once fetched, a later outage does not touch verification', async () => {
    const signedIn = client(h.faulty.app, 'alpha.test', NOT_A_REAL_TOKEN);
    await h.proxies.cognito.mode('freeze');
    try {
      expectUnavailable(await signedIn('GET', '/store'));
    } finally {
      await h.proxies.cognito.mode('pass');
    }
    expect((await signedIn('GET', '/store')).status).toBe(401);
    await h.proxies.cognito.mode('refuse');
    try {
      // The keys are cached; an unknown key id refetches at most every 30 s, so no fetch now.
      expect((await signedIn('GET', '/store')).status).toBe(401);
    } finally {
      await h.proxies.cognito.mode('pass');
    }
  });

  for (const mode of ['refuse', 'reset', 'freeze'] as FaultMode[]) {
    it(`${mode}: sign-in answers 503, readiness names the pool; both recover`, async () => {
      await h.proxies.cognito.mode(mode);
      try {
        const signIn = await visitor('POST', '/auth/login', { email: 'someone@alpha.test', password: 'Secret-Passw0rd!' });
        const ready = await visitor('GET', '/health/ready');
        expectUnavailable(signIn);
        expect(ready).toMatchObject({
          status: 503,
          body: { status: 'unavailable', checks: { table: 'ok', pool: 'failing', bucket: 'ok' }, failing: ['pool'] },
        });
        // Visitors who send no token still browse.
        expect((await visitor('GET', '/products')).status).toBe(200);
      } finally {
        await h.proxies.cognito.mode('pass');
      }
      // Back: an unknown account is the client's mistake again.
      expect((await visitor('POST', '/auth/login', { email: 'someone@alpha.test', password: 'Secret-Passw0rd!' })).status).toBe(401);
      expect((await visitor('GET', '/health/ready')).status).toBe(200);
    });
  }
});

describe('S3 down', () => {
  it('product images answer 503 and readiness names the bucket; both recover', async () => {
    const image = '/media/tenants/alpha/products/p1/i1.jpg';
    await h.proxies.s3.mode('refuse');
    try {
      expectUnavailable(await visitor('GET', image));
      expect(await visitor('GET', '/health/ready')).toMatchObject({ status: 503, body: { failing: ['bucket'] } });
    } finally {
      await h.proxies.s3.mode('pass');
    }
    expect((await visitor('GET', image)).status).toBe(404);
    expect((await visitor('GET', '/health/ready')).status).toBe(200);
  });
});
