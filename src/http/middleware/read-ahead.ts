import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';
import type { ReadAheadKey } from '../../shared/read-ahead';
import { isId } from '../request';
import type { AppEnv } from '../env';

/**
 * From the route's parameters and the signed-in caller (a customer's cart is theirs by `sub`), and
 * for a mark made with `{ body: 'json' }` the request's JSON body as sent (unchecked: anything,
 * `undefined` when it is not JSON; the handler validates it and answers for it).
 */
type Declare = (params: Record<string, string>, caller: { readonly sub: string }, body?: unknown) => ReadAheadKey[];

/**
 * Marks a route with the items its handler reads first, so the caller's re-check fetches them in
 * its own consistent read (`recheckStoreUser`). Like a guard, it carries its declaration; at
 * request time it does nothing.
 */
export type ReadAheadMark = MiddlewareHandler<AppEnv> & { readonly readAhead: Declare; readonly readsBody: boolean };

/**
 * `{ body: 'json' }`: the declaration needs the JSON body (a checkout's lines name its products).
 * The re-check then reads the body before its read; the body is read once, through the body
 * limit, and the handler reads the same copy (Hono keeps it).
 */
export function readsAhead(declare: Declare, options: { body?: 'json' } = {}): ReadAheadMark {
  return Object.assign(
    createMiddleware<AppEnv>(async function readsAhead(_c, next) {
      await next();
    }),
    { readAhead: declare, readsBody: options.body === 'json' },
  );
}

/** The product named by a path parameter; nothing when the parameter is not id-shaped (the route answers 404). */
export const productAt =
  (param: string): Declare =>
  (params) => {
    const id = params[param];
    return id !== undefined && isId(id) ? [{ kind: 'product', id }] : [];
  };

const isMark = (handler: unknown): handler is ReadAheadMark => typeof handler === 'function' && 'readAhead' in handler;

/**
 * Which items a request's route reads ahead. The app's routes are registered after the
 * middleware that asks, so the plan learns them once they are (`learn`), with Hono's own path
 * matching so a declaration applies exactly where its route does.
 */
export function readAheadPlan() {
  const router = new TrieRouter<ReadAheadMark>();
  let learned = false;
  const matching = (method: string, path: string) => {
    if (!learned) throw new Error('readAheadPlan: learn(routes) was never called');
    return router.match(method, path)[0];
  };
  return {
    learn(routes: readonly RouterRoute[]) {
      for (const route of routes) if (isMark(route.handler)) router.add(route.method, route.path, route.handler);
      learned = true;
    },
    /** Whether the request's declarations need its JSON body (`keysFor`'s `body`). */
    readsBody(method: string, path: string): boolean {
      return matching(method, path).some(([mark]) => mark.readsBody);
    },
    keysFor(method: string, path: string, caller: { readonly sub: string }, body?: unknown): ReadAheadKey[] {
      // A path can match one declaration twice (a segment spelled like a pattern, `:variantId`):
      // each item once, since BatchGetItem refuses a duplicate key.
      const keys = matching(method, path).flatMap(([mark, params]) =>
        mark.readAhead(params as Record<string, string>, caller, mark.readsBody ? body : undefined),
      );
      return keys.filter((key, i) => keys.findIndex((other) => other.kind === key.kind && other.id === key.id) === i);
    },
  };
}

/** The request's body as JSON for a declaration, `undefined` when it is not JSON (the handler answers for that). */
export async function jsonForReadAhead(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type ReadAheadPlan = ReturnType<typeof readAheadPlan>;
