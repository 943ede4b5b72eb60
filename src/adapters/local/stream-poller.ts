import { readFile, writeFile } from 'node:fs/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  type GetRecordsCommandOutput,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../events/event';
import type { EventPublisher } from '../../events/publisher';
import { publishStreamChanges, type StreamChange } from '../../events/stream-publishing';

/**
 * Where each shard was last read to. A poller that restarts with the same store resumes after
 * its checkpoints; with an empty one it starts from TRIM_HORIZON and sends again what the stream
 * still holds (consumers dedupe on eventId).
 */
export interface CheckpointStore {
  load(streamArn: string): Promise<Record<string, string>>;
  save(streamArn: string, checkpoints: Record<string, string>): Promise<void>;
}

export function memoryCheckpoints(): CheckpointStore {
  const kept = new Map<string, Record<string, string>>();
  return {
    load: async (streamArn) => ({ ...kept.get(streamArn) }),
    save: async (streamArn, checkpoints) => void kept.set(streamArn, { ...checkpoints }),
  };
}

/** `npm start` on kept data: checkpoints survive restarts in the data folder. A new stream (table re-created) starts afresh. */
export function fileCheckpoints(file: string): CheckpointStore {
  return {
    async load(streamArn) {
      try {
        const kept = JSON.parse(await readFile(file, 'utf8')) as { streamArn?: string; shards?: Record<string, string> };
        return kept.streamArn === streamArn ? { ...kept.shards } : {};
      } catch {
        return {};
      }
    },
    save: (streamArn, shards) => writeFile(file, JSON.stringify({ streamArn, shards })),
  };
}

/** An outbox record given up on after `maxAttempts`, as Lambda's on-failure destination would receive it. */
export type StreamDeadLetter = { shardId: string; sequenceNumber: string; eventId?: string | undefined; reason: string; event?: DomainEvent | undefined };

export type StreamPollerOptions = {
  dynamodb: DynamoDBClient;
  /** See `createStreamsClient`. */
  streams: DynamoDBStreamsClient;
  tableName: string;
  publisher: EventPublisher;
  logger: Logger;
  checkpoints?: CheckpointStore;
  /** GetRecords page, and the largest batch handed to the publisher (Lambda's BatchSize). */
  batchSize?: number;
  /** Attempts per record before it is dead-lettered (Lambda's MaximumRetryAttempts + 1). */
  maxAttempts?: number;
  /** Pause before a retry, times the attempts so far. */
  retryDelayMs?: number;
  onDeadLetter?: (letter: StreamDeadLetter) => void;
};

/** DynamoDB Local serves its streams on its own endpoint; any credentials do. */
export function createStreamsClient(options: { region: string; endpoint: string }) {
  return new DynamoDBStreamsClient({ region: options.region, endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

type ShardState = { iterator?: string | undefined; done: boolean };

/**
 * The local stand-in for the stream-triggered Lambda (src/entry/stream-publisher.ts): reads
 * DynamoDB Local's stream through every shard, parents before children, and hands each page to
 * the same publishing module. A failed batch is retried from its first failed record with half
 * the batch (as BisectBatchOnFunctionError does), and a record failing `maxAttempts` times is
 * dead-lettered and passed, as Lambda's bounded retries and on-failure destination do.
 */
export function createStreamPoller(options: StreamPollerOptions) {
  const { dynamodb, streams, tableName, publisher, logger } = options;
  const store = options.checkpoints ?? memoryCheckpoints();
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 10;
  const retryDelayMs = options.retryDelayMs ?? 20;
  const deadLetters: StreamDeadLetter[] = [];
  const attempts = new Map<string, number>();
  const limits = new Map<string, number>();
  const shards = new Map<string, ShardState>();
  let streamArn: string | undefined;
  let checkpoints: Record<string, string> | undefined;
  let published = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function stream() {
    if (!streamArn) {
      const described = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      streamArn = described.Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`Table ${tableName} has no stream: events could not be published (src/adapters/dynamodb/table.ts enables it).`);
      checkpoints = await store.load(streamArn);
    }
    return { arn: streamArn, checkpoints: checkpoints! };
  }

  async function listShards(arn: string): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }));
      all.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  const toChange = (record: _Record): StreamChange => ({
    sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
    eventName: record.eventName ?? '',
    // The streams client's AttributeValue type is its own copy of DynamoDB's; the shapes are the same.
    newImage: record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage as Parameters<typeof unmarshall>[0]) : undefined,
  });

  /** Reads one shard as far as it can; false when a failure stopped it (to be retried). */
  async function readShard(arn: string, shard: Shard, state: ShardState, marks: Record<string, string>): Promise<{ read: number; failing: boolean }> {
    const shardId = shard.ShardId!;
    let read = 0;
    for (;;) {
      if (!state.iterator) {
        const after = marks[shardId];
        const got = await streams.send(
          new GetShardIteratorCommand(
            after
              ? { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
              : { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
          ),
        );
        state.iterator = got.ShardIterator;
        if (!state.iterator) {
          state.done = true;
          return { read, failing: false };
        }
      }
      const limit = limits.get(shardId) ?? batchSize;
      let page: GetRecordsCommandOutput;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: limit }));
      } catch (error) {
        // Iterators expire after 15 minutes: the next pass takes a fresh one from the checkpoint.
        state.iterator = undefined;
        throw error;
      }
      const records = page.Records ?? [];
      if (records.length === 0) {
        state.iterator = page.NextShardIterator;
        // A closed shard read to its end; an open one is caught up for now.
        if (!page.NextShardIterator) state.done = true;
        return { read, failing: false };
      }
      read += records.length;
      const changes = records.map(toChange);
      const outcome = await publishStreamChanges(changes, publisher);
      published += outcome.published;
      const retryFrom = outcome.batchItemFailures[0]?.itemIdentifier;
      if (retryFrom === undefined) {
        marks[shardId] = changes[changes.length - 1]!.sequenceNumber;
        state.iterator = page.NextShardIterator;
        limits.delete(shardId);
        await store.save(arn, marks);
        if (!page.NextShardIterator) {
          state.done = true;
          return { read, failing: false };
        }
        continue;
      }
      // Everything before the first failure is done; the failure and what follows go again.
      const index = changes.findIndex((c) => c.sequenceNumber === retryFrom);
      if (index > 0) marks[shardId] = changes[index - 1]!.sequenceNumber;
      state.iterator = undefined;
      const tries = (attempts.get(retryFrom) ?? 0) + 1;
      const failure = outcome.failures[0]!;
      if (tries < maxAttempts) {
        attempts.set(retryFrom, tries);
        limits.set(shardId, Math.max(1, Math.floor(limit / 2)));
        logger.warn(
          { shardId, sequenceNumber: retryFrom, eventId: failure.eventId, reason: failure.reason, attempt: tries },
          'stream batch failed; retrying from its first failed record',
        );
        await store.save(arn, marks);
        return { read, failing: true };
      }
      attempts.delete(retryFrom);
      const event = changes[index]?.newImage?.event as DomainEvent | undefined;
      const letter: StreamDeadLetter = { shardId, sequenceNumber: retryFrom, eventId: failure.eventId, reason: failure.reason, event };
      deadLetters.push(letter);
      logger.error(letter, `stream record failed ${tries} times: dead-lettered`);
      options.onDeadLetter?.(letter);
      marks[shardId] = retryFrom;
      await store.save(arn, marks);
    }
  }

  /** One pass over every shard; parents first, since a child continues its parent's key order. */
  async function pass(): Promise<{ read: number; failing: boolean }> {
    const { arn, checkpoints: marks } = await stream();
    const listed = await listShards(arn);
    const ids = new Set(listed.map((s) => s.ShardId));
    let read = 0;
    let failing = false;
    const blocked = new Set<string>();
    for (const shard of listed) {
      const id = shard.ShardId!;
      const state = shards.get(id) ?? { done: false };
      shards.set(id, state);
      const parent = shard.ParentShardId;
      if (parent && ids.has(parent) && (!shards.get(parent)?.done || blocked.has(parent))) {
        blocked.add(id);
        continue;
      }
      if (state.done) continue;
      const result = await readShard(arn, shard, state, marks);
      read += result.read;
      if (result.failing) {
        failing = true;
        blocked.add(id);
      }
    }
    // A child skipped because its parent finished only during this pass is read next pass.
    return { read, failing: failing || [...blocked].some((id) => !shards.get(id)?.done) };
  }

  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    deadLetters: deadLetters as readonly StreamDeadLetter[],
    /** Events the publisher accepted so far. */
    get published() {
      return published;
    },

    /**
     * Resolves once everything committed before the call has been published (or dead-lettered
     * after its bounded retries): tests call it where the relay used to run.
     */
    drain(timeoutMs = 30_000): Promise<void> {
      return serial(async () => {
        const deadline = Date.now() + timeoutMs;
        for (let round = 1; ; round++) {
          const { read, failing } = await pass();
          if (read === 0 && !failing) return;
          if (Date.now() > deadline) throw new Error(`stream not drained within ${timeoutMs} ms`);
          if (failing) await new Promise((r) => setTimeout(r, retryDelayMs * Math.min(round, 10)));
        }
      });
    },

    /** `npm start`: a pass every `intervalMs`, one at a time. */
    start(intervalMs = 250) {
      const tick = () => {
        if (stopped) return;
        serial(pass)
          .catch((error: unknown) => logger.warn({ err: error }, 'stream poll failed'))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      tick();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}

export type StreamPoller = ReturnType<typeof createStreamPoller>;
