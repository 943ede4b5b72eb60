import { beforeAll, describe, expect, it } from 'vitest';
import { limitsOf } from '../../../src/plans/plans';
import type { TenantTier } from '../../../src/tenants/tenant';
import type { TenantManifest } from '../../../src/tenants/manifest';
import { tokenFor } from '../../support/fake-verifier';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/** The operators' store list: plan, status, domains, created date; search by slug, name, domain prefix; cursor pages; the usage slot. */
let p: TestPlatform;
const more: TenantManifest[] = ['Tea House', 'Tea Garden', 'Coffee Corner', 'Book Nook', 'Shoe Box'].map((name, i) => ({
  slug: name.toLowerCase().replace(' ', '-'),
  name,
  domains: [`${name.toLowerCase().replace(' ', '-')}.localhost`, ...(i === 3 ? ['read.example.org'] : [])],
  tier: (['basic', 'standard', 'premium'] as const)[i % 3]!,
  firstAdmin: { email: `a@${i}.test`, name: 'A' },
  settings: {},
  seedProducts: [],
}));

beforeAll(async () => {
  p = await testPlatform({ manifests: [...testManifests, ...more] });
});

const list = async (app: TestPlatform['app'], query: string) => {
  const answer = await client(app, 'platform.test', tokenFor('operator'))('GET', `/platform/tenants${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as {
    items: { id: string; tier: string; status: string; domains: string[]; createdAt: string; usage?: unknown }[];
    nextCursor: string | null;
  };
};
const ids = (page: { items: { id: string }[] }) => page.items.map((t) => t.id);

describe('the operators’ store list', () => {
  it('shows each store’s plan, status, domains and creation date, in cursor pages', async () => {
    const first = await list(p.app, '?limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.items[0]).toMatchObject({ tier: expect.any(String), status: 'active', domains: expect.any(Array), createdAt: expect.any(String) });
    const seen = [...ids(first)];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await list(p.app, `?limit=3&cursor=${cursor}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual([...testManifests, ...more].map((m) => m.slug).sort());
  });

  it('finds stores by slug prefix, by a word of the name, by domain prefix, case aside', async () => {
    expect(ids(await list(p.app, '?q=tea'))).toEqual(['tea-garden', 'tea-house']);
    expect(ids(await list(p.app, '?q=GARDEN'))).toEqual(['tea-garden']);
    expect(ids(await list(p.app, '?q=read.exa'))).toEqual(['book-nook']);
    expect(ids(await list(p.app, '?q=corner'))).toEqual(['coffee-corner']);
    // Inside a word is not a match: "ouse" is nobody's beginning.
    expect(ids(await list(p.app, '?q=ouse'))).toEqual([]);
  });

  it('pages a search too, each store once', async () => {
    const first = await list(p.app, '?q=tea&limit=1');
    expect(ids(first)).toEqual(['tea-garden']);
    const second = await list(p.app, `?q=tea&limit=1&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual(['tea-house']);
    if (second.nextCursor) expect(ids(await list(p.app, `?q=tea&limit=1&cursor=${second.nextCursor}`))).toEqual([]);
  });

  it('a suspended store is found with its new status', async () => {
    expect((await client(p.app, 'platform.test', tokenFor('operator'))('POST', '/platform/tenants/shoe-box/suspend')).status).toBe(200);
    expect((await list(p.app, '?q=shoe')).items).toEqual([expect.objectContaining({ id: 'shoe-box', status: 'suspended' })]);
  });

  it('carries each store’s usage: requests, products against its plan, image bytes', async () => {
    const [alpha] = (await list(p.app, '?q=alpha')).items;
    expect(alpha!.usage).toEqual({
      requestsToday: expect.any(Number),
      requestsThisMonth: expect.any(Number),
      products: expect.any(Number),
      productLimit: limitsOf({ tier: alpha!.tier as TenantTier }).products,
      storageBytes: expect.any(Number),
    });
  });

  it('refuses a query string it cannot use', async () => {
    const answer = await client(p.app, 'platform.test', tokenFor('operator'))('GET', `/platform/tenants?q=${'x'.repeat(101)}`);
    expect(answer.status).toBe(422);
  });
});
