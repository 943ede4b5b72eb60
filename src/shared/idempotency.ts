import { DomainError } from './errors';
import type { TenantContext } from '../tenants/tenant';

/**
 * Idempotent writes (docs/architecture.md, "Idempotent writes"): the storage-agnostic part. A
 * route claims a client's `Idempotency-Key`, the effect's own transaction completes the claim with
 * the answer, and a retry of the same request is answered from the record instead of applied again.
 */

/** An answer as it is replayed: status, the headers that matter, the body's text. */
export type StoredAnswer = { status: number; headers: Record<string, string>; body: string };

/** Whose key space a record lives in: a store's (its users) or the platform's (operators). */
export type IdempotencySpace = TenantContext | 'platform';

/** A claim this request holds on one key; `owner` is ours alone, so only we can complete or release it. */
export type IdempotencyClaim = {
  readonly space: IdempotencySpace;
  /** The caller (the token's `sub`): another caller's same key is another record. */
  readonly caller: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly owner: string;
  /** When the record is forgotten (epoch seconds, the table's TTL). */
  readonly expiresAt: number;
};

/** What a repository writes in the effect's own transaction: the completed record, conditioned on our claim. */
export type IdempotentCommit = { readonly claim: IdempotencyClaim; readonly answer: StoredAnswer };

/**
 * Handed by a route to a service: `commit` turns the service's result into the record its
 * transaction writes; `committed` says that transaction succeeded (nothing left to write after).
 */
export type IdempotentWrite<R> = {
  commit(result: R): IdempotentCommit;
  committed(): void;
};

export type ClaimOutcome =
  | { kind: 'claimed'; claim: IdempotencyClaim }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'mismatch' }
  | { kind: 'in-flight'; retryAfterSeconds: number };

export interface IdempotencyStore {
  /** One conditional write: ours if absent, expired, or an abandoned claim of the same request. */
  claim(space: IdempotencySpace, caller: string, key: string, fingerprint: string): Promise<ClaimOutcome>;
  /** Records the answer, if the claim is still ours and still in flight. */
  complete(claim: IdempotencyClaim, answer: StoredAnswer): Promise<void>;
  /** Forgets an in-flight claim of ours, so the client may retry (a 5xx, or a transient 4xx). */
  release(claim: IdempotencyClaim): Promise<void>;
}

/** How long a record answers retries. */
export const IDEMPOTENCY_RECORD_SECONDS = 24 * 60 * 60;
/**
 * How long an unfinished claim blocks others: well past the API function's 10 s, so a live request
 * never loses its claim; a crashed one blocks its key this long at most.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

/** The same key was sent with another request (method, path or body). */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly code = 'idempotency-key-reused';
  constructor() {
    super('This Idempotency-Key was already used for a different request (method, path or body); use a new key for a new request.');
  }
}

/** The first request with this key is still being processed (or our claim on it was lost). */
export class IdempotencyInFlightError extends DomainError {
  readonly status = 409;
  readonly code = 'idempotency-in-flight';
  override readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('A request with this Idempotency-Key is still being processed; retry after a moment to get its answer.');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
