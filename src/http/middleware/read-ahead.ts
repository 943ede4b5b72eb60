import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';
import type { ReadAheadKey } from '../../shared/read-ahead';
import { isId } from '../request';
import type { AppEnv } from '../env';

/** From the route's parameters and the signed-in caller (a customer's cart is theirs by `sub`). */
type Declare = (params: Record<string, string>, caller: { readonly sub: string }) => ReadAheadKey[];

/**
 * Marks a route with the items its handler reads first, so the caller's re-check fetches them in
 * its own consistent read (`recheckStoreUser`). Like a guard, it carries its declaration; at
 * request time it does nothing.
 */
export type ReadAheadMark = MiddlewareHandler<AppEnv> & { readonly readAhead: Declare };

export function readsAhead(declare: Declare): ReadAheadMark {
  return Object.assign(
    createMiddleware<AppEnv>(async function readsAhead(_c, next) {
      await next();
    }),
    { readAhead: declare },
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
  const router = new TrieRouter<Declare>();
  let learned = false;
  return {
    learn(routes: readonly RouterRoute[]) {
      for (const route of routes) if (isMark(route.handler)) router.add(route.method, route.path, route.handler.readAhead);
      learned = true;
    },
    keysFor(method: string, path: string, caller: { readonly sub: string }): ReadAheadKey[] {
      if (!learned) throw new Error('readAheadPlan: learn(routes) was never called');
      const [matches] = router.match(method, path);
      // A path can match one declaration twice (a segment spelled like a pattern, `:variantId`):
      // each item once, since BatchGetItem refuses a duplicate key.
      const keys = matches.flatMap(([declare, params]) => declare(params as Record<string, string>, caller));
      return keys.filter((key, i) => keys.findIndex((other) => other.kind === key.kind && other.id === key.id) === i);
    },
  };
}

export type ReadAheadPlan = ReturnType<typeof readAheadPlan>;
