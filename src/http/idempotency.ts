import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { BadRequestError } from '../shared/errors';
import {
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  type IdempotencyClaim,
  type IdempotencySpace,
  type IdempotencyStore,
  type IdempotentWrite,
  type StoredAnswer,
} from '../shared/idempotency';
import type { AppEnv } from './env';

/**
 * The HTTP side of idempotent writes (docs/architecture.md, "Idempotent writes"): one middleware,
 * mounted after the guard of every route in IDEMPOTENT_ROUTES. The OpenAPI contract documents the
 * header from these exports.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set (to `true`) on an answer that is a replay of the first one. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Every POST that changes data, except the account routes (`/auth/*`, `/platform/auth/*`): their
 * answers carry tokens, which must never be stored.
 */
export const IDEMPOTENT_ROUTES = [
  'POST /admin/products',
  'POST /admin/products/:id/images/uploads',
  'POST /admin/products/:id/images',
  'POST /admin/products/:id/inventory/adjustments',
  'POST /admin/products/:id/variants/:variantId/inventory/adjustments',
  'POST /admin/users',
  'POST /admin/categories',
  'POST /admin/collections',
  'POST /admin/imports/uploads',
  'POST /admin/imports',
  'POST /admin/exports',
  'POST /platform/tenants',
  'POST /platform/tenants/:slug/suspend',
  'POST /platform/tenants/:slug/resume',
  'POST /signup',
  'POST /admin/domains',
  'POST /admin/domains/:domain/verify',
  // Cart and wishlist (src/shopping/): a guest's keys are their cart's.
  'POST /cart/lines',
  'POST /cart',
  'POST /wishlist/items/:variantId/cart',
  'POST /wishlist',
  // Checkout and orders (src/orders/routes.ts); a visitor's keys are kept per address, as the sign-up's.
  'POST /checkout/quote',
  'POST /checkout/orders',
  'POST /orders/lookup',
  // A guest's invoice link (src/invoices/routes.ts): changes nothing, but every POST takes a key.
  'POST /orders/lookup/invoice',
  'POST /invoice',
  'POST /admin/orders/:orderId/fulfilments',
  'POST /admin/orders/:orderId/deliver',
  'POST /admin/orders/:orderId/cancel',
  'POST /admin/orders/:orderId/refund',
  // Discounts (src/discounts/routes.ts).
  'POST /admin/discounts',
  'POST /admin/orders/:orderId/notes',
  'POST /platform/payments/webhook',
  // The checkout page's form (src/storefront/checkout-pages.tsx); browsers send no key, clients may.
  'POST /checkout',
  // Scheduled price changes (src/pricing/routes.ts).
  'POST /admin/price-changes',
  // Offboarding (src/tenants/offboarding/routes.ts): the owner's and the operators' close and restore.
  'POST /admin/offboarding',
  'POST /admin/offboarding/restore',
  'POST /platform/tenants/:slug/offboard',
  'POST /platform/tenants/:slug/restore',
  // A customer's own data (src/privacy/routes.ts).
  'POST /me/delete',
  // Customer groups (src/groups/routes.ts).
  'POST /admin/customer-groups',
  // A guest's order page's form (src/storefront/order-lookup-page.tsx); browsers send no key, clients may.
  'POST /order-status',
] as const;

/** 1–255 printable ASCII characters; the contract documents this very schema. */
export const IdempotencyKeySchema = v.pipe(v.string(), v.regex(/^[\x20-\x7e]{1,255}$/, 'must be 1 to 255 printable ASCII characters'));

/** Headers of an answer worth replaying; the rest (request id, security headers) belong to each response. */
const KEPT_HEADERS = ['content-type', 'location'];

type Handle = { claim: IdempotencyClaim; committed: boolean };
const handles = new WeakMap<Context, Handle>();

/** Objects with their keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

function bodyHash(text: string): string {
  let normal = text;
  try {
    if (text !== '') normal = JSON.stringify(canonical(JSON.parse(text)));
  } catch {
    // Not JSON: the bytes as sent (the handler will refuse it, and that answer is what replays).
  }
  return createHash('sha256').update(normal, 'utf8').digest('base64url');
}

const fingerprintOf = (method: string, path: string, body: string) =>
  createHash('sha256')
    .update(`${method}\n${path}\n${bodyHash(body)}`, 'utf8')
    .digest('base64url');

const send = (c: Context, answer: StoredAnswer, extra: Record<string, string> = {}) =>
  c.body(answer.body, answer.status as ContentfulStatusCode, { ...answer.headers, ...extra });

/** A JSON answer as a route returns it and a replay repeats it. */
export const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): StoredAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Sends a route's answer; the same `StoredAnswer` is what its transaction recorded. */
export const reply = (c: Context, answer: StoredAnswer) => send(c, answer);

/**
 * For routes whose effect is one DynamoDB transaction: the value the service hands its repository
 * so the answer is written with the effect. Undefined without a key.
 */
export function idempotentWrite<R>(c: Context, answer: (result: R) => StoredAnswer): IdempotentWrite<R> | undefined {
  const handle = handles.get(c);
  if (!handle) return undefined;
  return {
    commit: (result) => ({ claim: handle.claim, answer: answer(result) }),
    committed: () => {
      handle.committed = true;
    },
  };
}

/**
 * Claims the request's key (or answers from its record), runs the route, then records its answer
 * unless the effect's transaction already did. 5xx answers and answers with `Retry-After` (a
 * transient 409, 429 or 503: the client is told to try again) release the claim instead.
 */
export function idempotency<E extends AppEnv>(options: {
  store: IdempotencyStore;
  logger: Logger;
  space: (c: Context<E>) => IdempotencySpace;
  /** Whose keys these are: the caller's `sub` unless given (anonymous routes name a space of their own). */
  caller?: (c: Context<E>) => string;
}): MiddlewareHandler<E> {
  const { store, logger } = options;
  return createMiddleware<E>(async function idempotency(c, next) {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) return next();
    if (!v.is(IdempotencyKeySchema, key)) throw new BadRequestError(`${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 printable ASCII characters.`);
    // Mounted after the route's guard, so a caller is always known; without one there is no key space.
    const caller = options.caller ? options.caller(c) : c.get('claims')?.sub;
    if (!caller) return next();
    const fingerprint = fingerprintOf(c.req.method, c.req.path, await c.req.text());
    const outcome = await store.claim(options.space(c), caller, key, fingerprint);
    if (outcome.kind === 'replay') return send(c, outcome.answer, { [IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]: 'true' });
    if (outcome.kind === 'mismatch') throw new IdempotencyKeyReusedError();
    if (outcome.kind === 'in-flight') throw new IdempotencyInFlightError(outcome.retryAfterSeconds);

    const handle: Handle = { claim: outcome.claim, committed: false };
    handles.set(c, handle);
    try {
      await next();
    } catch (error) {
      await store
        .release(handle.claim)
        .catch((releaseError: unknown) => logger.warn({ err: releaseError, requestId: c.get('requestId') }, 'idempotency claim not released'));
      throw error;
    }
    if (handle.committed) return;
    const res = c.res;
    try {
      if (res.status >= 500 || res.headers.has('retry-after')) {
        await store.release(handle.claim);
        return;
      }
      const headers = Object.fromEntries(KEPT_HEADERS.flatMap((name) => (res.headers.has(name) ? [[name, res.headers.get(name)!]] : [])));
      await store.complete(handle.claim, { status: res.status, headers, body: await res.clone().text() });
    } catch (error) {
      // The effect happened: its answer goes out. Unrecorded, the claim blocks retries until its
      // lease ends, after which a retry applies the effect again (docs: the window of non-transactional routes).
      logger.warn({ err: error, requestId: c.get('requestId') }, 'idempotency record not written');
    }
  });
}
