import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';

/** The item and query operations that can report what they consumed, and whether they read or write. */
const METERED_COMMANDS: ReadonlyMap<string, 'read' | 'write'> = new Map([
  ['GetItemCommand', 'read'],
  ['BatchGetItemCommand', 'read'],
  ['QueryCommand', 'read'],
  ['ScanCommand', 'read'],
  ['TransactGetItemsCommand', 'read'],
  ['PutItemCommand', 'write'],
  ['UpdateItemCommand', 'write'],
  ['DeleteItemCommand', 'write'],
  ['BatchWriteItemCommand', 'write'],
  ['TransactWriteItemsCommand', 'write'],
]);

type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** Read and write units of one answer's `ConsumedCapacity` (an object, or a list for batches and transactions). */
export function unitsOf(kind: 'read' | 'write', consumed: Consumed | Consumed[] | undefined): { readUnits: number; writeUnits: number } {
  let readUnits = 0;
  let writeUnits = 0;
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      readUnits += c.ReadCapacityUnits ?? 0;
      writeUnits += c.WriteCapacityUnits ?? 0;
    } else if (kind === 'read') readUnits += c.CapacityUnits ?? 0;
    else writeUnits += c.CapacityUnits ?? 0;
  }
  return { readUnits, writeUnits };
}

export type CapacitySink = {
  /** The store the current work is for (the request's, set by the app's metering middleware). */
  current(): TenantContext | undefined;
  add(tenant: TenantContext, counts: { readUnits: number; writeUnits: number; eventsPublished: number }): void;
};

type Written = { Item?: Record<string, unknown> };
const isOutbox = (put: Written | undefined) => {
  const type = put?.Item?.type;
  return type === 'outbox' || (typeof type === 'object' && type !== null && (type as { S?: unknown }).S === 'outbox');
};

/**
 * Outbox records a successful write committed: each is an event the stream publisher will publish
 * (at least once). Counted here, at the commit, because the API's own role can write the store's
 * usage; the publisher on AWS is another function with another role.
 */
export function outboxRecordsOf(command: string, input: Record<string, unknown>): number {
  if (command === 'PutItemCommand') return isOutbox(input as Written) ? 1 : 0;
  if (command !== 'TransactWriteItemsCommand') return 0;
  const items = (input.TransactItems ?? []) as { Put?: Written }[];
  return items.filter((item) => isOutbox(item.Put)).length;
}

const metered = new WeakMap<DynamoDBDocumentClient, Set<CapacitySink>>();

/**
 * Asks DynamoDB what each call of a store's work consumed (`ReturnConsumedCapacity: TOTAL`, which
 * costs nothing) and counts it to that store. Calls made outside any store's work (the resolver,
 * the usage flush itself) are not a store's and are not counted. Idempotent per client and sink.
 */
export function meterCapacity(client: DynamoDBDocumentClient, sink: CapacitySink): DynamoDBDocumentClient {
  const sinks = metered.get(client) ?? new Set();
  if (sinks.has(sink)) return client;
  sinks.add(sink);
  metered.set(client, sinks);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const kind = METERED_COMMANDS.get(context.commandName ?? '');
      const tenant = kind ? sink.current() : undefined;
      if (!kind || !tenant) return next(args);
      (args.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const units = unitsOf(kind, (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
      sink.add(tenant, { ...units, eventsPublished: outboxRecordsOf(context.commandName ?? '', args.input as Record<string, unknown>) });
      return result;
    },
    { step: 'initialize', name: `meterCapacity-${crypto.randomUUID()}` },
  );
  return client;
}

/** The same for every client a provider hands out (one per store on AWS). */
export function meteredClients(provider: TenantClientProvider, sink: CapacitySink): TenantClientProvider {
  return async (tenant) => meterCapacity(await provider(tenant), sink);
}
