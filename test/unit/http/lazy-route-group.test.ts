/**
 * Lazy route groups (src/http/lazy-handler.ts): the routes stand at start-up with what runs before
 * their handlers; the module answering them loads with the first request, once; a module whose
 * routes or guards disagree with the table, or that cannot load, answers a 500 rather than serving
 * a route nobody reviewed or hanging, and a later request tries the load again.
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../src/http/env';
import { lazyRouteGroup } from '../../../src/http/lazy-handler';
import { allow, everyone, isGuard } from '../../../src/http/middleware/access';

const module = () =>
  new Hono<AppEnv>()
    .get('/things/:id', everyone, (c) => c.json({ id: c.req.param('id'), before: c.res.headers.get('x-before') }))
    .post('/things', allow('admin'), (c) => c.json({ made: true }, 201));

/** Runs before the handler in the table: the module's own chain is not run again. */
const before = createMiddleware<AppEnv>(async (c, next) => {
  c.header('x-before', 'yes');
  await next();
});

function mounted(
  load: () => Promise<Hono<AppEnv>>,
  table = (g: ReturnType<typeof lazyRouteGroup<AppEnv>>) => g.get('/things/:id', everyone, before).post('/things', allow('admin')),
) {
  const app = new Hono<AppEnv>();
  app.onError((error, c) => c.json({ error: error.message }, 500));
  app.route('/', table(lazyRouteGroup<AppEnv>('things', load)).routes);
  return app;
}

describe('lazyRouteGroup', () => {
  it('registers the routes with their guards at start-up and loads the module with the first request, once', async () => {
    let loads = 0;
    const app = mounted(async () => {
      loads++;
      return module();
    });
    expect(app.routes.filter((r) => isGuard(r.handler)).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /things/:id', 'POST /things']);
    expect(loads).toBe(0);
    const answer = await app.request('/things/t1');
    expect(await answer.json()).toEqual({ id: 't1', before: 'yes' });
    expect(answer.headers.get('x-before')).toBe('yes');
    // The table's guard is the one that runs: no caller, no admin.
    expect((await app.request('/things', { method: 'POST' })).status).toBe(500);
    await app.request('/things/t2');
    expect(loads).toBe(1);
  });

  it('refuses a module whose routes or guards disagree with the table', async () => {
    const missing = mounted(
      async () => module(),
      (g) => g.get('/things/:id', everyone),
    );
    expect(await (await missing.request('/things/t1')).json()).toEqual({ error: 'lazy route group things: the table and the module disagree on POST /things' });
    const guard = mounted(
      async () => module(),
      (g) => g.get('/things/:id', everyone).post('/things', everyone),
    );
    expect((await guard.request('/things/t1')).status).toBe(500);
    // A module's `use` is part of what the table must say (and run).
    const used = mounted(
      async () => module().use('/things/*', before),
      (g) => g.get('/things/:id', everyone).post('/things', allow('admin')),
    );
    expect(await (await used.request('/things/t1')).json()).toEqual({ error: 'lazy route group things: the table and the module disagree on ALL /things/*' });
    const declared = mounted(
      async () => module().use('/things/*', before),
      (g) => g.use('/things/*', before).get('/things/:id', everyone).post('/things', allow('admin')),
    );
    expect((await declared.request('/things/t1')).status).toBe(200);
  });

  it('answers a module that cannot load with an error, and tries again on the next request', async () => {
    let attempt = 0;
    const app = mounted(async () => {
      attempt++;
      if (attempt === 1) throw new Error('chunk missing');
      return module();
    });
    expect((await app.request('/things/t1')).status).toBe(500);
    expect((await app.request('/things/t1')).status).toBe(200);
  });
});
