import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { createPlatform } from '../../../src/platform';
import { PLANS, type PlanBook } from '../../../src/plans/plans';
import { REQUEST_WINDOW_SECONDS } from '../../../src/plans/request-limit';
import { recordDynamoCalls } from '../../support/dynamo-calls';
import { client, testPlatform, type TestPlatform } from '../../support/platform';
import { race, raceEnvironment } from '../../support/race/harness';
import type { Answer, Call } from '../../support/race/scenarios/api-calls';

const API_CALLS = path.resolve(import.meta.dirname, '../../support/race/scenarios/api-calls.ts');

/** Alpha (basic) at 5 requests a second, 10 in any one second; beta (standard) well above what it is sent. */
const FLOOD: PlanBook = {
  basic: { ...PLANS.basic, limits: { ...PLANS.basic.limits, requestsPerSecond: 5, burst: 10 } },
  standard: { ...PLANS.standard, limits: { ...PLANS.standard.limits, requestsPerSecond: 40, burst: 80 } },
  premium: PLANS.premium,
};

let p: TestPlatform;

beforeAll(async () => {
  p = await testPlatform({ plans: FLOOD, limitRequests: true });
});

/** The shared counters of a store's request limit, as the table holds them: every token any instance was granted. */
async function leasedOf(store: string) {
  const result = await p.table.client.send(
    new ScanCommand({
      TableName: p.table.tableName,
      FilterExpression: 'begins_with(PK, :pk)',
      ExpressionAttributeValues: { ':pk': `TENANT#${store}#RATE#requests#` },
    }),
  );
  return (result.Items ?? []).map((item) => ({
    total: Number(item.count),
    seconds: Object.entries(item)
      .filter(([name]) => /^s\d+$/.test(name))
      .map(([, n]) => Number(n)),
  }));
}

describe('request limit per store', () => {
  it('while one store is flooded from two processes, another store’s requests all succeed; the flooded store gets 429s and never more than its limit', async () => {
    const flood = (process: number): Call[] =>
      Array.from({ length: 100 }, (_, i) => ({
        host: 'alpha.test',
        tenantId: 'alpha',
        role: 'visitor',
        method: 'GET',
        path: '/products',
        delayMs: i * 25 + process,
      }));
    const calm: Call[] = Array.from({ length: 25 }, (_, i) => ({
      host: 'beta.test',
      tenantId: 'beta',
      role: 'visitor',
      method: 'GET',
      path: '/products',
      delayMs: i * 100,
    }));
    const result = await race<Call, Answer>({
      scenario: API_CALLS,
      env: { ...raceEnvironment(p), limitRequests: true },
      plans: [flood(0), flood(1), calm],
      timeoutMs: 120_000,
    });
    const answers = (index: number): Answer[] =>
      result.find((r) => r.index === index)!.outcomes.map((o) => o.result ?? { status: 0, sentAt: 0, body: o.error });

    // The other store: every request served, not one 429.
    expect(answers(2).map((a) => a.status)).toEqual(Array(25).fill(200));

    const alpha = [0, 1].flatMap(answers);
    const served = alpha.filter((a) => a.status === 200);
    const refused = alpha.filter((a) => a.status === 429);
    const other = alpha.filter((a) => a.status !== 200 && a.status !== 429);
    expect(other, JSON.stringify(other.slice(0, 3))).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.type).toBe('/problems/too-many-requests');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Served only from leased tokens, and the leases stay under both caps in every second and window.
    const leased = await leasedOf('alpha');
    const granted = leased.reduce((n, window) => n + window.total, 0);
    expect(served.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThanOrEqual(granted);
    for (const window of leased) {
      expect(window.total).toBeLessThanOrEqual(5 * REQUEST_WINDOW_SECONDS);
      for (const second of window.seconds) expect(second).toBeLessThanOrEqual(10);
    }
    // And by the clock: each was admitted between its sending and its answer, so at most 10 in each
    // second of that span (a loaded machine stretches the span, never the bound).
    const timed = [0, 1].flatMap((i) => result.find((r) => r.index === i)!.outcomes).filter((o) => o.result?.status === 200);
    const first = Math.floor(Math.min(...timed.map((o) => o.result!.sentAt)) / 1000);
    const last = Math.floor(Math.max(...timed.map((o) => o.endedAt)) / 1000);
    expect(served.length).toBeLessThanOrEqual(10 * (last - first + 1));
  }, 180_000);

  it('a refused request makes no DynamoDB call at all, and is JSON with Retry-After', async () => {
    const dynamo = createDocumentClient({ region: 'us-east-1', endpoint: p.table.endpoint });
    const calls = recordDynamoCalls(dynamo);
    const instance = createPlatform({ ...p.options, platformClient: dynamo, limitRequests: true, plans: FLOOD });
    const visitor = client(instance.app, 'alpha.test');
    expect((await visitor('GET', '/store')).status).toBeLessThan(500);
    // Two refusals in a row within one second: the second is answered from this instance's memory.
    let proven = false;
    for (let attempt = 0; attempt < 200 && !proven; attempt++) {
      const first = await visitor('GET', '/products');
      if (first.status !== 429) continue;
      calls.reset();
      const second = await visitor('GET', '/products');
      if (second.status !== 429) continue;
      expect(calls.calls).toEqual([]);
      expect(second.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      proven = true;
    }
    expect(proven).toBe(true);
  });
});
