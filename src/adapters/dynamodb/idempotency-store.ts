import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  IDEMPOTENCY_LEASE_SECONDS,
  IDEMPOTENCY_RECORD_SECONDS,
  type ClaimOutcome,
  type IdempotencyClaim,
  type IdempotencySpace,
  type IdempotencyStore,
  type IdempotentCommit,
  type StoredAnswer,
} from '../../shared/idempotency';
import type { TenantClientProvider } from './client';
import { isConditionFailure } from './errors';
import { idempotencyKeys } from './keys';
import { TABLE_KEYS } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const IN_FLIGHT = 'in-flight';
const COMPLETED = 'completed';

const NAMES = { '#state': 'state', '#owner': 'owner', '#ttl': TABLE_KEYS.ttlAttribute } as const;
/** Only the claim that wrote the in-flight record may complete or release it. */
const OURS = '#owner = :owner AND #state = :inFlight';

const keyOf = (claim: Pick<IdempotencyClaim, 'space' | 'caller' | 'key'>) => idempotencyKeys(claim.space).record(claim.caller, claim.key);

function completedItem(claim: IdempotencyClaim, answer: StoredAnswer) {
  return {
    ...keyOf(claim),
    type: 'idempotency',
    state: COMPLETED,
    owner: claim.owner,
    fingerprint: claim.fingerprint,
    [TABLE_KEYS.ttlAttribute]: claim.expiresAt,
    answer: { status: answer.status, headers: answer.headers, body: answer.body },
  };
}

/**
 * The completed record as one more item of the effect's TransactWriteItems, conditioned on our
 * claim: the effect and its answer commit together or not at all. Put last, so a repository knows
 * its cancellation code is the last one (see `claimLost`).
 */
export function idempotencyCompletion(tableName: string, commit: IdempotentCommit): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: completedItem(commit.claim, commit.answer),
      ConditionExpression: OURS,
      ExpressionAttributeNames: { '#owner': NAMES['#owner'], '#state': NAMES['#state'] },
      ExpressionAttributeValues: { ':owner': commit.claim.owner, ':inFlight': IN_FLIGHT },
    },
  };
}

/** The completion item (last) failed its condition: another request took the key over. */
export const claimLost = (codes: string[]) => codes.at(-1) === 'ConditionalCheckFailed';

function answerOf(item: Record<string, unknown>): StoredAnswer {
  const answer = item.answer as { status: number; headers?: Record<string, string>; body: string };
  return { status: Number(answer.status), headers: answer.headers ?? {}, body: answer.body };
}

/**
 * Idempotency records in the table (`…IDEMPOTENCY#<caller>#<key>`, `#IDEMPOTENCY`), removed by its
 * TTL a day after the claim. A claim is one conditional Put; a duplicate costs one more consistent
 * read to decide between replay, 422 and 409.
 */
export function createDynamoIdempotencyStore(options: {
  tableName: string;
  platformClient: DynamoDBDocumentClient;
  clients: TenantClientProvider;
  now?: () => number;
  newOwner?: () => string;
}): IdempotencyStore {
  const { tableName, platformClient, clients } = options;
  const now = options.now ?? Date.now;
  const newOwner = options.newOwner ?? (() => crypto.randomUUID());
  const clientOf = async (space: IdempotencySpace) => (space === 'platform' ? platformClient : await clients(space));

  function decide(existing: Record<string, unknown>, fingerprint: string, at: number): ClaimOutcome {
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (existing.state === COMPLETED) return { kind: 'replay', answer: answerOf(existing) };
    return { kind: 'in-flight', retryAfterSeconds: Math.max(1, Math.ceil((Number(existing.leaseUntil) - at) / 1000)) };
  }

  return {
    async claim(space, caller, key, fingerprint) {
      const client = await clientOf(space);
      const at = now();
      const claim: IdempotencyClaim = { space, caller, key, fingerprint, owner: newOwner(), expiresAt: Math.ceil(at / 1000) + IDEMPOTENCY_RECORD_SECONDS };
      const Key = keyOf(claim);
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...Key,
              type: 'idempotency',
              state: IN_FLIGHT,
              owner: claim.owner,
              fingerprint,
              leaseUntil: at + IDEMPOTENCY_LEASE_SECONDS * 1000,
              [TABLE_KEYS.ttlAttribute]: claim.expiresAt,
            },
            // Absent; or past its day (TTL deletion lags by up to days); or an abandoned claim of
            // this same request (its lease ran out: the process died before answering).
            ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :nowSeconds OR (#state = :inFlight AND leaseUntil < :now AND fingerprint = :fingerprint)',
            ExpressionAttributeNames: { '#state': NAMES['#state'], '#ttl': NAMES['#ttl'] },
            ExpressionAttributeValues: { ':nowSeconds': Math.floor(at / 1000), ':inFlight': IN_FLIGHT, ':now': at, ':fingerprint': fingerprint },
          }),
        );
        return { kind: 'claimed', claim };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Only duplicates come here, so the read is not worth ReturnValuesOnConditionCheckFailure's
        // raw attribute values (the document client leaves them marshalled).
        const existing = (await client.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;
        // Gone between our Put and our read (released): the client may simply retry.
        if (!existing) return { kind: 'in-flight', retryAfterSeconds: 1 };
        return decide(existing, fingerprint, at);
      }
    },

    async complete(claim, answer) {
      const client = await clientOf(claim.space);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(claim),
            UpdateExpression: 'SET #state = :completed, answer = :answer REMOVE leaseUntil',
            ConditionExpression: OURS,
            ExpressionAttributeNames: { '#owner': NAMES['#owner'], '#state': NAMES['#state'] },
            ExpressionAttributeValues: {
              ':owner': claim.owner,
              ':inFlight': IN_FLIGHT,
              ':completed': COMPLETED,
              ':answer': completedItem(claim, answer).answer,
            },
          }),
        );
      } catch (error) {
        // Already completed (by the effect's transaction) or no longer ours: nothing to record.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async release(claim) {
      const client = await clientOf(claim.space);
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keyOf(claim),
            ConditionExpression: OURS,
            ExpressionAttributeNames: { '#owner': NAMES['#owner'], '#state': NAMES['#state'] },
            ExpressionAttributeValues: { ':owner': claim.owner, ':inFlight': IN_FLIGHT },
          }),
        );
      } catch (error) {
        // A completed record (the effect committed before a later failure) must stay: it is the answer.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
