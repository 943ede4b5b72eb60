import type { Context } from 'hono';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { limitBodies } from '../../../src/http/middleware/body-limit';

describe('body limit', () => {
  it.each(['GET', 'HEAD', 'OPTIONS'])('leaves a %s request’s raw body alone (node-server would build a full Request for it)', async (method) => {
    const c = {
      req: {
        method,
        get raw(): never {
          throw new Error('touched the raw request');
        },
      },
    } as unknown as Context;
    const next = vi.fn(async () => undefined);
    await limitBodies(10)(c, next);
    expect(next).toHaveBeenCalledOnce();
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a %s body over the limit with a 413 problem', async (method) => {
    const app = new Hono().use(limitBodies(10)).all('*', (c) => c.text('read'));
    const response = await app.request('/', { method, body: 'x'.repeat(11), headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ type: '/problems/payload-too-large' });
    expect((await app.request('/', { method, body: 'x'.repeat(10) })).status).toBe(200);
  });
});
