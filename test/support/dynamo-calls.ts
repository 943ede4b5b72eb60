import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type RecordedCall = { command: string; input: Record<string, any> };

/**
 * Records every call a document client sends (as `npm run bench` counts round trips), with its
 * input, so a test can say how many round trips a request made and what they asked for.
 */
export function recordDynamoCalls(client: DynamoDBDocumentClient) {
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push({ command: (context.commandName ?? '?').replace(/Command$/, ''), input: args.input as Record<string, any> });
      return next(args);
    },
    { step: 'initialize', name: `recordDynamoCalls-${Math.random()}` },
  );
  return {
    calls,
    reset: () => void calls.splice(0),
    /** Calls by operation, e.g. `{ BatchGetItem: 1, TransactWriteItems: 1 }`. */
    counts: () => {
      const n: Record<string, number> = {};
      for (const c of calls) n[c.command] = (n[c.command] ?? 0) + 1;
      return n;
    },
  };
}
