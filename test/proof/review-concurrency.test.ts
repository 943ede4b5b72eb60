import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { client, testManifests, testPlatform } from '../support/platform';
import { overlapped, race, raceEnvironment } from '../support/race/harness';
import type { ReviewOp, ReviewOutcome } from '../support/race/scenarios/review-writes';
import { REVIEW_RATE } from '../../src/reviews/service';

const SCENARIO = path.resolve(import.meta.dirname, '../support/race/scenarios/review-writes.ts');
/**
 * Few customers, each rewritten by every process at the same steps: at each step all three read the
 * same review and write it, so a rewrite that does not check the version it read (and so adds its
 * difference to the counters from a stale review) is caught every run, not now and then. The
 * 5-a-minute rule is off in the workers (`unlimitedRules`): it is not what this race is about.
 */
const CUSTOMERS = 4;
const STEPS = 24;

describe('rating counters under concurrency (proof)', () => {
  it('3 OS processes write, rewrite and remove the reviews of 4 customers of one product at the same steps: its rating equals a recount of the published reviews exactly', async () => {
    const p = await testPlatform({
      manifests: testManifests.map((m) => (m.slug === 'alpha' ? { ...m, settings: { reviewsFrom: 'customers' as const } } : m)),
    });
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const created = await admin('POST', '/admin/products', {
      name: 'Raced',
      sku: 'RACE-R',
      price: { amount: 100, currency: 'EUR' },
      status: 'active',
      stock: 5,
    });
    expect(created.status).toBe(201);
    const productId = created.body.id as string;
    const version = created.body.version as number;

    // Step i of every process is the same customer (each process runs its plan in order: one product's
    // changes queue behind each other within a process), with a different rating in each process so
    // a stale rewrite's difference is never zero; every sixth step removes the review instead.
    const plans: ReviewOp[][] = [0, 1, 2].map((proc) =>
      Array.from({ length: STEPS }, (_, i) => ({
        tenantId: 'alpha',
        productId,
        customerId: `racer-${i % CUSTOMERS}`,
        action: i % 6 === 5 ? ('withdraw' as const) : ('write' as const),
        rating: 1 + ((i + proc * 2) % 5),
      })),
    );
    const result = await race<ReviewOp, ReviewOutcome>({
      scenario: SCENARIO,
      env: raceEnvironment(p, { unlimitedRules: [REVIEW_RATE.name] }),
      plans,
      timeoutMs: 120_000,
    });

    expect(new Set(result.map((r) => r.pid)).size).toBe(3);
    expect(overlapped(result)).toBe(true);
    const outcomes = result.flatMap((r) => r.outcomes);
    expect(outcomes.filter((o) => o.error !== undefined)).toEqual([]);
    const statuses = outcomes.map((o) => o.result!.status);
    // Written, removed, or nothing to remove (its write had not landed yet); a contended write may give
    // up with a 409 to retry, and on a loaded machine DynamoDB Local may time out (503): the counters
    // must be exact whatever each one's outcome.
    expect(statuses.filter((s) => ![200, 204, 404, 409, 503].includes(s))).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(15);

    // The recount: every review item of the product that is published, read straight from the table.
    const items = await scanAll(p.table.tableName);
    const published = items.filter((item) => item.type === 'review' && item.productId === productId && item.status === 'published');
    const stars = [1, 2, 3, 4, 5].map((s) => published.filter((r) => r.rating === s).length);
    const total = published.reduce((sum, r) => sum + Number(r.rating), 0);
    const product = items.find((item) => item.type === 'product' && item.id === productId)!;
    expect({ count: product.ratingCount, total: product.ratingTotal, stars: [1, 2, 3, 4, 5].map((s) => product[`ratingStars${s}`]) }).toEqual({
      count: published.length,
      total,
      stars,
    });
    for (const floor of [2, 3, 4]) expect(product[`ratingMargin${floor}`]).toBe(total - floor * published.length);
    // One review per customer, each with its claim; none left without one.
    const claims = items.filter((item) => item.type === 'reviewer' && String(item.SK) === `PRODUCT#${productId}`);
    const reviews = items.filter((item) => item.type === 'review' && item.productId === productId);
    expect(new Set(reviews.map((r) => r.customerId)).size).toBe(reviews.length);
    expect(claims.map((c) => c.reviewId).sort()).toEqual(reviews.map((r) => r.id).sort());
    // And the API shows the same; the product's version never moved.
    const shown = await client(p.app, 'alpha.test')('GET', `/products/${productId}/reviews`);
    expect(shown.body.rating.count).toBe(published.length);
    expect((await admin('GET', `/admin/products/${productId}`)).body.version).toBe(version);
  }, 180_000);
});
