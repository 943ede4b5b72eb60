/**
 * The product page with reviews (issue 22): `GET /p/:id` of a product with 12 published reviews,
 * its DynamoDB calls and its latency, with the visitors' cache off (every request reads the
 * product and the first page of its reviews) and on (as deployed). Part of `npm run bench`;
 * alone: `npm run bench -- --only=product-page` (prints the rows, leaves docs/benchmarks.md as it is).
 */
import type { createPlatform } from '../src/platform';
import { defaultSettings } from '../src/settings/store-settings';
import type { TenantContext } from '../src/tenants/tenant';

type Platform = ReturnType<typeof createPlatform>;
type Trip = { label: string; total: number; rounds: number; detail: string };

const REVIEWS = 12;
const REQUESTS = 200;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

export async function productPageBench(input: {
  say: (line?: string) => void;
  /** Where the reviews are written: the measured store, letting any customer review (the bench has no orders for them). */
  store: TenantContext;
  productId: string;
  host: string;
  cached: Platform;
  uncached: Platform;
  /** The bench's call counter: the calls one request made. */
  count: (label: string, run: () => Response | Promise<Response>) => Promise<Trip>;
}) {
  const { say, productId, host } = input;
  const reviewer = { ...input.store, settings: defaultSettings({ ...input.store.settings, reviewsFrom: 'customers' }) };
  for (let n = 1; n <= REVIEWS; n++) {
    await input.cached.reviews.write(reviewer, `bench-reviewer-${n}`, productId, {
      rating: 1 + (n % 5),
      title: `Review ${n}`,
      text: 'Comfortable from the first run; the sole grips on wet rock and the laces stay tied.',
      authorName: `Runner ${n}`,
    });
  }
  const page = (platform: Platform) => async () => platform.app.request(`/p/${productId}`, { headers: { host, accept: 'text/html' } });
  const rows: { trip: Trip; times: number[] }[] = [];
  for (const [label, platform] of [
    ['product page with reviews (`GET /p/:id`), visitors’ cache off', input.uncached],
    ['product page with reviews, cached', input.cached],
  ] as const) {
    // One request first, so the row measures a warm instance (the store resolved; as deployed, the page cached).
    await (await page(platform)()).text();
    const trip = await input.count(label, page(platform));
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const response = await page(platform)();
      await response.text();
      if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
      times.push(performance.now() - t0);
    }
    rows.push({ trip, times });
  }

  say('## Product page with reviews');
  say();
  say('| request | round trips | calls | p50 ms | p99 ms |');
  say('|---|---|---|---|---|');
  for (const { trip, times } of rows) {
    say(
      `| ${trip.label}, ${REQUESTS} in a row | ${trip.rounds} | ${trip.detail || 'none'} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} |`,
    );
  }
  say();
  say(
    `A product with ${REVIEWS} published reviews; the page shows its rating, the newest 5 and a link to the rest. Aim (docs/reviews.md): one GetItem of the product and one Query of its first page of reviews (GSI1, \`Limit 5\`) when the visitors' cache misses, besides the store's category menu (its categories and collections, two Queries, cached per store as deployed; with the cache off they are in the row too). Cached, the product and the menu come from the visitors' cache and the page's one call is the Query of its reviews (the reviews' pages are not in the visitors' cache). Sequential, in process (\`app.request\`), server-rendered HTML, against DynamoDB Local.`,
  );
  say();
}
