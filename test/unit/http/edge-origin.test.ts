import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../src/http/env';
import { edgeVerifier, ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER, viewerFromEdge } from '../../../src/http/edge/origin';
import { FORWARDED_HOST_HEADER } from '../../../src/http/edge/cache-rules';
import { requestHost } from '../../../src/http/middleware/platform-host';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

function appWith(secret: string | undefined) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('clientAddress', '192.0.2.1');
    await next();
  });
  app.use(viewerFromEdge(secret));
  app.get('/who', (c) => c.json({ host: requestHost(c), address: c.get('clientAddress') }));
  return app;
}

const ask = async (app: Hono<AppEnv>, headers: Record<string, string>) =>
  (await app.request('/who', { headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com', ...headers } })).json();

describe('the edge’s forwarded Host and address', () => {
  const fromEdge = { [FORWARDED_HOST_HEADER]: 'Alpha.Test', [VIEWER_ADDRESS_HEADER]: '203.0.113.9' };

  it('are believed with the edge’s secret', async () => {
    expect(await ask(appWith(SECRET), { ...fromEdge, [ORIGIN_VERIFY_HEADER]: SECRET })).toEqual({ host: 'alpha.test', address: '203.0.113.9' });
  });

  it('are ignored without it, with a wrong one, or when no secret is configured: the Host header stands', async () => {
    const direct = { host: 'abc.execute-api.eu-west-1.amazonaws.com', address: '192.0.2.1' };
    expect(await ask(appWith(SECRET), fromEdge)).toEqual(direct);
    expect(await ask(appWith(SECRET), { ...fromEdge, [ORIGIN_VERIFY_HEADER]: `${SECRET}x` })).toEqual(direct);
    expect(await ask(appWith(SECRET), { ...fromEdge, [ORIGIN_VERIFY_HEADER]: '' })).toEqual(direct);
    expect(await ask(appWith(undefined), { ...fromEdge, [ORIGIN_VERIFY_HEADER]: SECRET })).toEqual(direct);
    expect(await ask(appWith(undefined), { ...fromEdge, [ORIGIN_VERIFY_HEADER]: '' })).toEqual(direct);
  });

  it('keep the runtime’s address when the edge sent none', async () => {
    expect(await ask(appWith(SECRET), { [FORWARDED_HOST_HEADER]: 'alpha.test', [ORIGIN_VERIFY_HEADER]: SECRET })).toEqual({
      host: 'alpha.test',
      address: '192.0.2.1',
    });
  });

  it('compares secrets in full', () => {
    const verify = edgeVerifier(SECRET);
    expect(verify(SECRET)).toBe(true);
    expect(verify(SECRET.slice(0, -1))).toBe(false);
    expect(verify(undefined)).toBe(false);
    expect(edgeVerifier(undefined)(SECRET)).toBe(false);
    expect(edgeVerifier('')('')).toBe(false);
  });

  it('accepts either of two secrets during a rotation, and nothing else', () => {
    const next = 'the-next-secret-also-thirty-two-characters-long';
    const verify = edgeVerifier(`${SECRET}, ${next}`);
    expect(verify(SECRET)).toBe(true);
    expect(verify(next)).toBe(true);
    expect(verify(`${SECRET}, ${next}`)).toBe(false);
    expect(verify('')).toBe(false);
  });
});
