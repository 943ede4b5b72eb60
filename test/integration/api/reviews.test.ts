import { beforeAll, describe, expect, it } from 'vitest';
import { createListingConsumer } from '../../../src/catalog/listing-consumer';
import type { DomainEvent } from '../../../src/events/event';
import { defaultSettings, type StoreSettings } from '../../../src/settings/store-settings';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tenantKeys } from '../../../src/adapters/dynamodb/keys';
import { ratingRankOf } from '../../../src/catalog/rating';
import { tenantContext, type TenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { recordDynamoCalls } from '../../support/dynamo-calls';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Reviews against DynamoDB Local: one per customer and product, the verified-purchase badge and
 * who may write, moderation and reports, the rate limit, the rating kept on the product without
 * touching its version (an admin's edit never 409s because of a review), cards and events.
 * Alpha lets any customer review and publishes at once; beta takes buyers only and holds reviews.
 */
let p: TestPlatform;
const runs: Promise<unknown>[] = [];
const as = (store: string, role: 'admin' | 'customer' | 'visitor') => client(p.app, `${store}.test`, role === 'visitor' ? undefined : tokenFor(role, store));
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const storeSettings = (preset: Partial<StoreSettings>) => defaultSettings(preset);
const alphaSettings = storeSettings({ reviewsFrom: 'customers', shippingRates: [{ id: 'standard', name: 'Standard', price: 100, minSubtotal: null }] });
const betaSettings = storeSettings({ reviewModeration: 'hold', shippingRates: [{ id: 'standard', name: 'Standard', price: 100, minSubtotal: null }] });
const alpha: TenantContext = tenantContext({
  id: 'alpha',
  name: 'Alpha Store',
  tier: 'basic',
  status: 'active',
  settings: alphaSettings,
  domains: ['alpha.test'],
});

beforeAll(async () => {
  p = await testPlatform({
    manifests: testManifests.map((m) => {
      if (m.slug === 'alpha') return { ...m, settings: { reviewsFrom: 'customers' as const, shippingRates: alphaSettings.shippingRates } };
      if (m.slug === 'beta') return { ...m, settings: { reviewModeration: 'hold' as const, shippingRates: betaSettings.shippingRates } };
      return { ...m, settings: { reviewsFrom: 'customers' as const } };
    }),
  });
  const consumer = createListingConsumer({ registry: p.registry, sync: p.groupings.sync });
  p.bus.subscribe({}, (event) => {
    const run = consumer.handle(event);
    runs.push(run);
    return run.then(() => undefined);
  });
});

async function settle() {
  await p.streams.drain();
  await Promise.all(runs.splice(0));
}

let skus = 0;
async function product(store: string) {
  const created = await as(store, 'admin')('POST', '/admin/products', {
    name: `Boot ${++skus}`,
    sku: `REV-${store}-${skus}`,
    price: eur(5000),
    status: 'active',
    stock: 50,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, variantId: created.body.variants[0].id as string };
}

const review = (rating: number, title = `${rating} stars`) => ({ rating, title, text: `I give it ${rating}.`, authorName: '' });
const ratingOf = async (store: string, productId: string) => (await as(store, 'visitor')('GET', `/products/${productId}/reviews`)).body.rating;

describe('writing a review', () => {
  it('publishes at once (alpha), one per customer: a second write rewrites it; the rating follows; the author removes it', async () => {
    const { id } = await product('alpha');
    const customer = as('alpha', 'customer');
    const first = await customer('PUT', `/products/${id}/review`, { ...review(4), authorName: 'Ann' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'published', rating: 4, authorName: 'Ann', verified: false });
    expect(await ratingOf('alpha', id)).toEqual({ count: 1, average: 4, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } });
    const again = await customer('PUT', `/products/${id}/review`, review(2));
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.createdAt).toBe(first.body.createdAt);
    expect(await ratingOf('alpha', id)).toEqual({ count: 1, average: 2, distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 } });
    // Another customer's review is another review.
    await p.reviews.write(alpha, 'customer-two', id, review(5));
    const listed = await as('alpha', 'visitor')('GET', `/products/${id}/reviews`);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.rating).toMatchObject({ count: 2, average: 3.5 });
    expect(JSON.stringify(listed.body)).not.toContain('customer-alpha');
    expect((await customer('GET', `/products/${id}/review`)).body.rating).toBe(2);
    expect((await customer('DELETE', `/products/${id}/review`)).status).toBe(204);
    expect((await customer('GET', `/products/${id}/review`)).status).toBe(404);
    expect((await customer('DELETE', `/products/${id}/review`)).status).toBe(404);
    expect(await ratingOf('alpha', id)).toMatchObject({ count: 1, average: 5 });
  });

  it('takes plain text only, within its limits, and shows it escaped on the product page with the stars and JSON-LD', async () => {
    const { id } = await product('alpha');
    const customer = as('alpha', 'customer');
    for (const [body, path] of [
      [{ ...review(5), text: '<script>alert(1)</script>' }, 'text'],
      [{ ...review(6) }, 'rating'],
      [{ ...review(0) }, 'rating'],
      [{ ...review(4), title: 'x'.repeat(121) }, 'title'],
      [{ ...review(4), text: '' }, 'text'],
      [{ ...review(4), extra: 1 }, 'extra'],
    ] as const) {
      const refused = await customer('PUT', `/products/${id}/review`, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await customer('PUT', `/products/${id}/review`, { rating: 5, title: 'Fits "well" & warm', text: 'Size 42 < 43 & dry.' })).status).toBe(200);
    const page = await as('alpha', 'visitor')('GET', `/p/${id}`, undefined, { accept: 'text/html' });
    const html = page.body as string;
    expect(html).toContain('Fits &quot;well&quot; &amp; warm');
    expect(html).toContain('Size 42 &lt; 43 &amp; dry.');
    // In JSON-LD too, `<` cannot close the script element.
    expect(html).toContain('Size 42 \\u003c 43');
    expect(html).toContain('data-testid="rating-summary"');
    expect(html).toContain('"aggregateRating":{"@type":"AggregateRating","ratingValue":5,"reviewCount":1');
    expect(html).toContain('"@type":"Review"');
  });

  it('allows buyers only where the store says so (beta), with the verified-purchase badge, and holds the review for approval', async () => {
    const { id, variantId } = await product('beta');
    const customer = as('beta', 'customer');
    const refused = await customer('PUT', `/products/${id}/review`, review(5));
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/not-a-buyer');
    const ordered = await customer('POST', '/checkout/orders', {
      email: 'customer@beta.test',
      shippingAddress: { name: 'Bea Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      shippingMethodId: 'standard',
      lines: [{ productId: id, variantId, quantity: 1 }],
      card: { number: '4242424242424242' },
    });
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
    const written = await customer('PUT', `/products/${id}/review`, review(5));
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(written.body).toMatchObject({ status: 'pending', verified: true, publishedAt: null });
    // Held: not shown, not counted, in the admins' queue.
    expect((await as('beta', 'visitor')('GET', `/products/${id}/reviews`)).body).toMatchObject({ items: [], rating: { count: 0, average: null } });
    const admin = as('beta', 'admin');
    const pending = await admin('GET', '/admin/reviews?status=pending');
    const queued = pending.body.items.find((r: { id: string }) => r.id === written.body.id);
    expect(queued).toMatchObject({ status: 'pending', rating: 5, verified: true, version: 1 });
    // Approved at the version seen (a stale one is a 409), then shown and counted.
    expect((await admin('PUT', `/admin/reviews/${written.body.id}/status`, { status: 'published', version: 7 })).status).toBe(409);
    const approved = await admin('PUT', `/admin/reviews/${written.body.id}/status`, { status: 'published', version: 1 });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const shown = (await as('beta', 'visitor')('GET', `/products/${id}/reviews`)).body;
    expect(shown.rating).toMatchObject({ count: 1, average: 5 });
    expect(shown.items[0]).toMatchObject({ id: written.body.id, verified: true });
    // Reported by two shoppers (each once), flagged for the admins; rejecting takes it down and clears the flag.
    const beta = tenantContext({ id: 'beta', name: 'Beta Store', tier: 'standard', status: 'active', settings: betaSettings });
    await p.reviews.report(beta, 'shopper-1', id, written.body.id);
    await p.reviews.report(beta, 'shopper-1', id, written.body.id);
    await p.reviews.report(beta, 'shopper-2', id, written.body.id);
    await expect(p.reviews.report(beta, 'customer-beta', id, written.body.id)).rejects.toMatchObject({ status: 409 });
    const reported = (await admin('GET', '/admin/reviews?status=reported')).body.items;
    expect(reported).toEqual([expect.objectContaining({ id: written.body.id, reports: 2, flagged: true, status: 'published' })]);
    const rejected = await admin('PUT', `/admin/reviews/${written.body.id}/status`, { status: 'rejected', version: reported[0].version });
    expect(rejected.body).toMatchObject({ status: 'rejected', flagged: false });
    expect((await admin('GET', '/admin/reviews?status=reported')).body.items).toEqual([]);
    expect(await ratingOf('beta', id)).toMatchObject({ count: 0 });
    // An admin removes it for good; its author may write a new one.
    expect((await admin('DELETE', `/admin/reviews/${written.body.id}`)).status).toBe(204);
    expect((await customer('GET', `/products/${id}/review`)).status).toBe(404);
  });

  it('refuses a sixth review within a minute from one customer (429 with Retry-After)', async () => {
    // Gamma's customer writes nothing else in this file: the window counts only these.
    const products = await Promise.all(Array.from({ length: 11 }, () => product('gamma')));
    const gamma = as('gamma', 'customer');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (const { id } of products) {
      const answer = await gamma('PUT', `/products/${id}/review`, review(3));
      statuses.push(answer.status);
      if (answer.status === 429) {
        retryAfter = answer.headers.get('retry-after');
        break;
      }
    }
    // Fixed windows of a minute: the first refusal comes after 5 within the window (at most 10 across two).
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });
});

describe('the rating on the product', () => {
  it('never moves the product’s version: an admin’s edit at the version read succeeds while reviews land', async () => {
    const { id } = await product('alpha');
    const admin = as('alpha', 'admin');
    const before = (await admin('GET', `/admin/products/${id}`)).body.version as number;
    const writes = Array.from({ length: 12 }, (_, i) => p.reviews.write(alpha, `edit-race-${i}`, id, review((i % 5) + 1)));
    const edits = [1, 2, 3].map((n) => admin('PATCH', `/admin/products/${id}`, { name: `Boot renamed ${n}` }));
    const withVersion = admin('PATCH', `/admin/products/${id}`, { description: 'Waterproof.', version: before });
    const answers = await Promise.all([...edits, withVersion]);
    await Promise.all(writes);
    for (const answer of answers.slice(0, 3)) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    // The versioned edit raced the unversioned ones (it may lose to them, never to a review).
    expect([200, 409]).toContain(answers[3]!.status);
    if (answers[3]!.status === 409) expect(answers[3]!.body.detail).toMatch(/changed since version/);
    const after = (await admin('GET', `/admin/products/${id}`)).body;
    expect(after.version).toBe(before + answers.filter((a) => a.status === 200).length);
    expect(await ratingOf('alpha', id)).toMatchObject({ count: 12 });
    // Reviews alone: the version stays where it is.
    await p.reviews.write(alpha, 'edit-race-late', id, review(1));
    expect((await admin('GET', `/admin/products/${id}`)).body.version).toBe(after.version);
    expect((await admin('PATCH', `/admin/products/${id}`, { tags: ['boots'], version: after.version })).status).toBe(200);
  });

  it('reaches the category page’s cards and the catalog cards, and each change is an event', async () => {
    const { id } = await product('alpha');
    const admin = as('alpha', 'admin');
    const category = await admin('POST', '/admin/categories', { name: 'Rated boots', slug: `rated-${id.slice(0, 8)}` });
    expect((await admin('PUT', `/admin/products/${id}/categories`, { categoryIds: [category.body.id] })).status).toBe(200);
    await settle();
    await p.reviews.write(alpha, 'card-1', id, review(5));
    await p.reviews.write(alpha, 'card-2', id, review(4));
    await settle();
    const cards = (await as('alpha', 'visitor')('GET', `/categories/${category.body.slug}`)).body.items as { productId: string; rating: unknown }[];
    expect(cards.find((c) => c.productId === id)?.rating).toEqual({ count: 2, average: 4.5 });
    const page = await as('alpha', 'visitor')(`GET`, `/category/${category.body.slug}`, undefined, { accept: 'text/html' });
    expect(page.body).toContain('Rated 4.5 out of 5 from 2 reviews');
    await p.reviews.withdraw(alpha, 'card-1', id);
    await settle();
    const again = (await as('alpha', 'visitor')('GET', `/categories/${category.body.slug}`)).body.items as { productId: string; rating: unknown }[];
    expect(again.find((c) => c.productId === id)?.rating).toEqual({ count: 1, average: 4 });
    const events = p.bus.delivered.filter((e: DomainEvent) => e.source === 'shop.reviews' && (e.detail as { productId?: string }).productId === id);
    expect(events.map((e) => e.detailType)).toEqual(['ReviewSubmitted', 'ReviewPublished', 'ReviewSubmitted', 'ReviewPublished', 'ReviewRemoved']);
    expect(events[0]!.detail).toMatchObject({ tenantId: 'alpha', productId: id, rating: 5, actor: 'card-1' });
  });

  it('filters the catalog to "N stars and up" by the average of published reviews; products without reviews are left out', async () => {
    const high = await product('alpha');
    const low = await product('alpha');
    const none = await product('alpha');
    await p.reviews.write(alpha, 'filter-1', high.id, review(5));
    await p.reviews.write(alpha, 'filter-2', high.id, review(4));
    await p.reviews.write(alpha, 'filter-1', low.id, review(4));
    await p.reviews.write(alpha, 'filter-2', low.id, review(2));
    // A product whose only review went: no rating, however its counters stand.
    await p.reviews.write(alpha, 'filter-3', none.id, review(5));
    await p.reviews.withdraw(alpha, 'filter-3', none.id);
    const ids = async (query: string) =>
      ((await as('alpha', 'visitor')('GET', `/products?limit=100&${query}`)).body.items as { id: string }[]).map((item) => item.id);
    const four = await ids('minRating=4');
    expect(four).toContain(high.id);
    expect(four).not.toContain(low.id);
    expect(four).not.toContain(none.id);
    const three = await ids('minRating=3');
    expect(three).toEqual(expect.arrayContaining([high.id, low.id]));
    expect(three).not.toContain(none.id);
    expect((await as('alpha', 'visitor')('GET', '/products?minRating=5')).status).toBe(422);
    const page = await as('alpha', 'visitor')('GET', '/?rating=4', undefined, { accept: 'text/html' });
    expect(page.body).toContain(`/p/${high.id}`);
    expect(page.body).not.toContain(`/p/${low.id}`);
  });

  it('costs the product page one GetItem (the product) and one Query (the first page of reviews), besides the cached menu', async () => {
    const { id } = await product('alpha');
    for (const n of [1, 2, 3, 4, 5, 6]) await p.reviews.write(alpha, `page-${n}`, id, review((n % 5) + 1));
    const calls = recordDynamoCalls(p.table.client);
    // The header's category menu reads the store's categories and collections (cached per store, not this page's own).
    const menu = (input: Record<string, unknown>) => /#(?:CATEGORIES|COLLECTIONS)"/.test(JSON.stringify(input.ExpressionAttributeValues ?? {}));
    const mine = () => calls.calls.filter((c) => c.input.TableName === p.table.tableName && !menu(c.input));
    const cold = await as('alpha', 'visitor')('GET', `/p/${id}`, undefined, { accept: 'text/html' });
    expect(cold.status).toBe(200);
    expect(mine().map((c) => [c.command, c.input.IndexName, c.input.Limit])).toEqual([
      ['GetItem', undefined, undefined],
      ['Query', 'GSI1', 5],
    ]);
    // Five shown, and a link to the rest.
    expect((cold.body as string).match(/data-testid="review"/g)).toHaveLength(5);
    const more = /href="(\/p\/[^"]+\?reviews=[^"#]+)#reviews"/.exec(cold.body as string)?.[1];
    expect(more).toBeDefined();
    const next = await as('alpha', 'visitor')('GET', more!.replace(/&amp;/g, '&'), undefined, { accept: 'text/html' });
    expect((next.body as string).match(/data-testid="review"/g)).toHaveLength(1);
    // A made-up cursor shows the first page rather than failing the page.
    const forged = await as('alpha', 'visitor')('GET', `/p/${id}?reviews=not-a-cursor`, undefined, { accept: 'text/html' });
    expect(forged.status).toBe(200);
    expect((forged.body as string).match(/data-testid="review"/g)).toHaveLength(5);
  });
});

describe('"Top rated"', () => {
  const mine = (items: { id: string }[], ids: readonly string[]) => items.map((item) => item.id).filter((id) => ids.includes(id));
  /** Every page of `GET /products?sort=top-rated`, `limit` at a time, through the cursor. */
  async function walk(limit: number) {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await as('alpha', 'visitor')('GET', `/products?sort=top-rated&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...(page.body.items as { id: string }[]).map((item) => item.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    return seen;
  }

  it('sorts by average, then count, rated before unrated (newest first); follows reviews published and removed; pages with a cursor', async () => {
    const unratedOld = await product('alpha');
    const two = await product('alpha');
    const four = await product('alpha');
    const fiveOnce = await product('alpha');
    const fiveTwice = await product('alpha');
    const unratedNew = await product('alpha');
    await p.reviews.write(alpha, 'top-1', fiveTwice.id, review(5));
    await p.reviews.write(alpha, 'top-2', fiveTwice.id, review(5));
    await p.reviews.write(alpha, 'top-1', fiveOnce.id, review(5));
    await p.reviews.write(alpha, 'top-1', four.id, review(5));
    await p.reviews.write(alpha, 'top-2', four.id, review(3));
    await p.reviews.write(alpha, 'top-1', two.id, review(2));
    await settle();
    const ids = [unratedOld, two, four, fiveOnce, fiveTwice, unratedNew].map((x) => x.id);
    const first = await as('alpha', 'visitor')('GET', '/products?sort=top-rated&limit=100');
    expect(mine(first.body.items, ids)).toEqual([fiveTwice.id, fiveOnce.id, four.id, two.id, unratedNew.id, unratedOld.id]);
    // Every rated product of the store comes before every unrated one.
    const rated = (first.body.items as { rating: { count: number } }[]).map((item) => item.rating.count > 0);
    expect(rated.indexOf(false) === -1 || !rated.slice(rated.indexOf(false)).includes(true)).toBe(true);

    // A one-star review pulls five-once under four; the two-star review's removal leaves that product unrated.
    await p.reviews.write(alpha, 'top-2', fiveOnce.id, review(1));
    await p.reviews.withdraw(alpha, 'top-1', two.id);
    await settle();
    const moved = await as('alpha', 'visitor')('GET', '/products?sort=top-rated&limit=100');
    expect(mine(moved.body.items, ids)).toEqual([fiveTwice.id, four.id, fiveOnce.id, unratedNew.id, two.id, unratedOld.id]);

    // Two at a time through the cursor: the same order, nothing twice, nothing left out.
    const paged = await walk(2);
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual((moved.body.items as { id: string }[]).map((item) => item.id));
    // A cursor of another sort does not open this one.
    const byName = await as('alpha', 'visitor')('GET', '/products?sort=name&limit=1');
    expect((await as('alpha', 'visitor')('GET', `/products?sort=top-rated&cursor=${encodeURIComponent(byName.body.nextCursor)}`)).status).toBe(400);
  });

  it('never takes a rank from counters a review changed after they were read (the rank write is conditioned on them)', async () => {
    const { id } = await product('alpha');
    await p.reviews.write(alpha, 'late-1', id, review(5));
    await settle();
    // A review lands between the rank's read of the counters and its write.
    let armed = true;
    const name = `review-lands-first-${Math.random()}`;
    p.table.client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { UpdateExpression?: string };
        if (armed && input.UpdateExpression === 'SET #rank = :rank') {
          armed = false;
          await p.reviews.write(alpha, 'late-2', id, review(1));
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    await p.reviews.write(alpha, 'late-1', id, review(4));
    try {
      await p.groupings.sync(alpha, id);
    } finally {
      p.table.client.middlewareStack.remove(name);
    }
    expect(armed).toBe(false);
    const stored = await p.table.client.send(new GetCommand({ TableName: p.table.tableName, Key: tenantKeys(alpha).product(id), ConsistentRead: true }));
    expect(stored.Item?.ratingCount).toBe(2);
    expect(stored.Item?.GSI5SK).toBe(ratingRankOf({ count: 2, total: 5 }, stored.Item?.createdAt, id));
  });

  it('is a choice of the storefront’s sort control, which keeps it selected and lists the top rated first', async () => {
    const best = await product('alpha');
    for (const n of [1, 2, 3]) await p.reviews.write(alpha, `control-${n}`, best.id, review(5));
    await settle();
    const html = (await as('alpha', 'visitor')('GET', '/?sort=top-rated', undefined, { accept: 'text/html' })).body as string;
    expect(html).toMatch(/<option value="top-rated" selected="">Top rated<\/option>/);
    const links = [...html.matchAll(/href="\/p\/([^"?#]+)"/g)].map((m) => m[1]);
    // Three five-star reviews outrank every other product of the store.
    expect(links[0]).toBe(best.id);
  });
});
