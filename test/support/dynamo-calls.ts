import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type RecordedCall = { command: string; input: Record<string, any>; startedAt: number; endedAt?: number };

/**
 * Round trips: calls sent side by side (one started before the others came back) cost one, a call
 * sent after every earlier one came back costs another; what a request waits for DynamoDB.
 */
export function roundTrips(calls: readonly Pick<RecordedCall, 'startedAt' | 'endedAt'>[]): number {
  let rounds = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    const end = call.endedAt ?? Number.POSITIVE_INFINITY;
    if (call.startedAt >= lastEnd) {
      rounds += 1;
      lastEnd = end;
    } else lastEnd = Math.max(lastEnd, end);
  }
  return rounds;
}

/**
 * Records every call a document client sends (as `npm run bench` counts round trips), with its
 * input, so a test can say how many round trips a request made and what they asked for.
 */
export function recordDynamoCalls(client: DynamoDBDocumentClient) {
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const call: RecordedCall = {
        command: (context.commandName ?? '?').replace(/Command$/, ''),
        input: args.input as Record<string, any>,
        startedAt: performance.now(),
      };
      calls.push(call);
      try {
        return await next(args);
      } finally {
        call.endedAt = performance.now();
      }
    },
    { step: 'initialize', name: `recordDynamoCalls-${Math.random()}` },
  );
  return {
    calls,
    reset: () => void calls.splice(0),
    /** Round trips of the calls so far (`roundTrips`). */
    rounds: () => roundTrips(calls),
    /** Calls by operation, e.g. `{ BatchGetItem: 1, TransactWriteItems: 1 }`. */
    counts: () => {
      const n: Record<string, number> = {};
      for (const c of calls) n[c.command] = (n[c.command] ?? 0) + 1;
      return n;
    },
  };
}
