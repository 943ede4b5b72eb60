import { describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createDynamoRateLimiter } from '../../../src/adapters/dynamodb/rate-limiter';
import type { RateLimiter, RateRule } from '../../../src/shared/rate-limit';
import { memoryRateLimiter } from '../../../src/shared/rate-limit/memory';
import { tenantContext } from '../../../src/tenants/tenant';
import { createTestTable } from '../../support/dynamo';

const alpha = tenantContext({ id: 'alpha', name: 'A', tier: 'basic', status: 'active' });
const beta = tenantContext({ id: 'beta', name: 'B', tier: 'basic', status: 'active' });
const rule: RateRule = { name: 'test', limit: 3, windowSeconds: 60 };

/** One contract, every implementation (the in-memory one must not drift from the deployed one). */
const implementations: [string, (now: () => number) => Promise<RateLimiter>][] = [
  ['memory', async (now) => memoryRateLimiter({ now })],
  [
    'DynamoDB',
    async (now) => {
      const table = await createTestTable();
      return createDynamoRateLimiter({ tableName: table.tableName, platformClient: table.client, clients: sharedClientProvider(table.client), now });
    },
  ],
];

describe.each(implementations)('rate limiter: %s', (_name, make) => {
  it('allows the limit within a window, refuses after, and starts again in the next window', async () => {
    let clock = 1_000_000_040_000; // 20 s into a window
    const limiter = await make(() => clock);
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await limiter.hit(alpha, rule, 'a@example.com'));
    expect(hits.map((h) => [h.count, h.allowed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(hits[3]!.retryAfterSeconds).toBe(40);
    expect(await limiter.peek(alpha, rule, 'a@example.com')).toMatchObject({ count: 4, allowed: false });
    clock += 40_000;
    expect(await limiter.peek(alpha, rule, 'a@example.com')).toMatchObject({ count: 0, allowed: true, retryAfterSeconds: 60 });
    expect(await limiter.hit(alpha, rule, 'a@example.com')).toMatchObject({ count: 1, allowed: true });
  });

  it('keeps subjects, rules, stores and the platform apart', async () => {
    const limiter = await make(() => 5_000_000);
    for (let i = 0; i < 3; i++) await limiter.hit(alpha, rule, 'x');
    expect((await limiter.peek(alpha, rule, 'x')).allowed).toBe(false);
    expect((await limiter.peek(alpha, rule, 'y')).count).toBe(0);
    expect((await limiter.peek(alpha, { ...rule, name: 'other' }, 'x')).count).toBe(0);
    expect((await limiter.peek(beta, rule, 'x')).count).toBe(0);
    expect((await limiter.peek('platform', rule, 'x')).count).toBe(0);
  });

  it('counts concurrent hits exactly (one atomic counter, not read-then-write)', async () => {
    const limiter = await make(() => 9_000_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('platform', rule, 'burst')));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });
});
