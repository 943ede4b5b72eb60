import { describe, expect, it } from 'vitest';
import { groupingKeys, platformKeys, platformListings, sessionKeys, tenantKeys, tenantListings } from '../../../src/adapters/dynamodb/keys';
import { classifyItem } from '../../../src/adapters/dynamodb/key-families';
import { tenantContext, tenantKeyPrefix, tenantObjectPrefix } from '../../../src/tenants/tenant';

const store = (id: string) => tenantContext({ id, name: id, tier: 'basic', status: 'active' });
const acme = store('acme');

/**
 * Every partition key a builder makes, whatever it is (a key pair, a bare partition, a function of
 * any arguments): called with placeholder arguments, so a builder added tomorrow is checked the
 * day it appears, without this test naming it.
 */
function partitionsOf(builders: Record<string, unknown>): [string, string][] {
  return Object.entries(builders).flatMap(([name, b]): [string, string][] => {
    const value = typeof b === 'function' ? (b as (...args: unknown[]) => unknown)('x1', 'x2', 3) : b;
    if (typeof value === 'string') return [[name, value]];
    const pk = (value as { PK?: unknown }).PK;
    expect(typeof pk, `${name} builds a PK`).toBe('string');
    return [[name, pk as string]];
  });
}

describe('key builders', () => {
  it('start every partition key of a store with TENANT#<id>#, sessions and listings included', () => {
    const partitions = [
      ...partitionsOf(tenantKeys(acme)),
      ...partitionsOf(sessionKeys(acme)),
      ...partitionsOf(groupingKeys(acme)),
      ...Object.entries(tenantListings(acme)).map(([name, shape]): [string, string] => {
        const s =
          typeof shape === 'function'
            ? (shape as (...a: string[]) => { partition: { value: string } })('x1', 'x2')
            : (shape as { partition: { value: string } });
        return [`listing ${name}`, s.partition.value];
      }),
    ];
    expect(partitions.length).toBeGreaterThan(15);
    for (const [name, pk] of partitions) expect(pk, name).toMatch(/^TENANT#acme#./);
  });

  it('keep two stores apart, even when one id extends the other', () => {
    const a = partitionsOf(tenantKeys(acme));
    const b = partitionsOf(tenantKeys(store('acme2')));
    for (const [, pk] of b) expect(pk.startsWith(tenantKeyPrefix(acme))).toBe(false);
    // The same builder with the same arguments gives each store its own key.
    for (const [i, [name, pk]] of a.entries()) expect(b[i]![1], name).not.toBe(pk);
  });

  it('start every platform partition with PLATFORM#, operators’ sessions included', () => {
    for (const [name, pk] of [
      ...partitionsOf(platformKeys),
      ...partitionsOf(sessionKeys('platform')),
      ['listing tenants', platformListings.tenants.partition.value] as [string, string],
    ]) {
      expect(pk, name).toMatch(/^PLATFORM#./);
    }
  });

  it('build the exact layouts the table, the IAM condition and the cursors rely on', () => {
    const k = tenantKeys(acme);
    expect(k.product('p1')).toEqual({ PK: 'TENANT#acme#PRODUCT#p1', SK: '#PRODUCT' });
    expect(k.sku('ab-1')).toEqual({ PK: 'TENANT#acme#SKU#AB-1', SK: '#SKU' });
    expect(k.inventoryEntry('p1', 'v1', '2026', 'e1')).toEqual({ PK: 'TENANT#acme#PRODUCT#p1', SK: 'INV#v1#2026#e1' });
    expect(k.handle('trail-runner')).toEqual({ PK: 'TENANT#acme#HANDLE#trail-runner', SK: '#HANDLE' });
    expect(k.outbox('2026', 'e1')).toEqual({ PK: 'TENANT#acme#OUTBOX', SK: '2026#e1' });
    expect(k.outboxPartition).toBe('TENANT#acme#OUTBOX');
    expect(k.user('u1')).toEqual({ PK: 'TENANT#acme#USER#u1', SK: '#USER' });
    expect(k.userList).toBe('TENANT#acme#USERS');
    expect(k.userStats).toEqual({ PK: 'TENANT#acme#USERSTATS', SK: '#STATS' });
    expect(k.rateCounter('login', 'h', 60)).toEqual({ PK: 'TENANT#acme#RATE#login#h', SK: '#60' });
    expect(k.allProducts).toBe('TENANT#acme#PRODUCTS');
    expect(k.activeProducts).toBe('TENANT#acme#ACTIVE');
    expect(sessionKeys(acme).session('s1')).toEqual({ PK: 'TENANT#acme#SESSION#s1', SK: '#SESSION' });
    expect(sessionKeys(acme).token('t1')).toEqual({ PK: 'TENANT#acme#SESSION#TOKEN#t1', SK: '#TOKEN' });
    expect(sessionKeys(acme).userSessions('u1')).toBe('TENANT#acme#SESSIONS#u1');
    expect(sessionKeys('platform').session('s1')).toEqual({ PK: 'PLATFORM#SESSION#s1', SK: '#SESSION' });
    expect(platformKeys.tenant('acme')).toEqual({ PK: 'PLATFORM#TENANT#acme', SK: '#TENANT' });
    expect(platformKeys.domain('a.example')).toEqual({ PK: 'PLATFORM#DOMAIN#a.example', SK: '#DOMAIN' });
    expect(platformKeys.tenantList).toBe('PLATFORM#TENANTS');
    expect(platformKeys.rateCounter('op', 'h', 60)).toEqual({ PK: 'PLATFORM#RATE#op#h', SK: '#60' });
    expect(platformKeys.operator('o1')).toEqual({ PK: 'PLATFORM#OPERATOR#o1', SK: '#OPERATOR' });
    expect(platformKeys.slug('tea-house')).toEqual({ PK: 'PLATFORM#SLUG#tea-house', SK: '#SLUG' });
    expect(tenantKeyPrefix(acme)).toBe('TENANT#acme#');
    expect(tenantObjectPrefix(acme)).toBe('tenants/acme/');
  });

  it('give every listing its own name and the partition its index is queried on', () => {
    const l = tenantListings(acme);
    expect(l.products('all')).toMatchObject({
      listing: 'products:all',
      partition: { attribute: 'GSI1PK', value: 'TENANT#acme#PRODUCTS' },
      sort: { attribute: 'GSI1SK' },
    });
    expect(l.products('active')).toMatchObject({
      listing: 'products:active',
      partition: { attribute: 'GSI2PK', value: 'TENANT#acme#ACTIVE' },
      sort: { attribute: 'GSI2SK' },
    });
    expect(l.browse('GSI3', 'price-asc')).toMatchObject({
      listing: 'browse:price-asc',
      partition: { attribute: 'GSI3PK', value: 'TENANT#acme#ACTIVE' },
      sort: { attribute: 'GSI3SK' },
    });
    expect(l.inventoryHistory('p1', 'v1')).toEqual({
      listing: 'inventory-history:v1',
      partition: { attribute: 'PK', value: 'TENANT#acme#PRODUCT#p1' },
      sort: { attribute: 'SK', prefix: 'INV#v1#' },
    });
    expect(l.users).toMatchObject({ listing: 'users', partition: { attribute: 'GSI1PK', value: 'TENANT#acme#USERS' } });
    // The table key an index cursor rebuilds is the item's own, from the id its sort key ends in.
    expect(l.products('all').tableKey!('2026-01-01T00:00:00.000Z#p1')).toEqual({ PK: 'TENANT#acme#PRODUCT#p1', SK: '#PRODUCT' });
    expect(l.users.tableKey!('2026#u1')).toEqual({ PK: 'TENANT#acme#USER#u1', SK: '#USER' });
    expect(platformListings.tenants.tableKey('acme')).toEqual({ PK: 'PLATFORM#TENANT#acme', SK: '#TENANT' });
    // A tenant-list sort value is the bare store id; anything with a `#` in it is not one.
    expect(platformListings.tenants.tableKey('x#acme')).toBeUndefined();
    expect(l.users.tableKey!('2026#')).toBeUndefined();
  });

  it('give categories and collections the keys their families name, a product’s memberships beside it and never under INV#', () => {
    const g = groupingKeys(acme);
    const family = (item: Record<string, unknown>) => classifyItem(item).keys.map((k) => k.family);
    expect(g.category('c1')).toEqual({ PK: 'TENANT#acme#CATEGORIES', SK: 'CATEGORY#c1' });
    expect(g.group('category', 'c1')).toEqual(g.category('c1'));
    expect(g.group('collection', 'k1')).toEqual({ PK: 'TENANT#acme#COLLECTIONS', SK: 'COLLECTION#k1' });
    expect(g.collection('k1')).toEqual(g.group('collection', 'k1'));
    expect(g.categoryTree).toEqual({ PK: 'TENANT#acme#CATEGORIES', SK: '#TREE' });
    expect(g.categories).toBe('TENANT#acme#CATEGORIES');
    expect(g.collections).toBe('TENANT#acme#COLLECTIONS');
    expect(g.slug('category', 'shoes')).toEqual({ PK: 'TENANT#acme#CATSLUG#shoes', SK: '#SLUG' });
    expect(g.slug('collection', 'shoes')).toEqual({ PK: 'TENANT#acme#COLSLUG#shoes', SK: '#SLUG' });
    expect(g.membership('category', 'c1', 'p1')).toEqual({ PK: tenantKeys(acme).product('p1').PK, SK: 'IN#CATEGORY#c1' });
    expect(g.membership('collection', 'k1', 'p1')).toEqual({ PK: tenantKeys(acme).product('p1').PK, SK: 'IN#COLLECTION#k1' });
    expect(g.members('category', 'c1')).toBe('TENANT#acme#CATEGORY#c1#MEMBERS');
    expect(g.members('collection', 'k1')).toBe('TENANT#acme#COLLECTION#k1#MEMBERS');
    expect(g.rows('category', 'c1')).toBe('TENANT#acme#CATEGORY#c1#CARDS');
    expect(g.rows('collection', 'k1')).toBe('TENANT#acme#COLLECTION#k1#CARDS');
    // The product and its memberships in one range, the inventory trail outside it.
    const range = g.listingState('p1');
    expect(range.PK).toBe(tenantKeys(acme).product('p1').PK);
    for (const sk of ['#PRODUCT', 'IN#CATEGORY#c1', 'IN#COLLECTION#k1']) expect(sk >= range.from && sk <= range.to, sk).toBe(true);
    expect(tenantKeys(acme).inventoryEntry('p1', 'v1', '2026-01-01T00:00:00.000Z', 'e1').SK > range.to).toBe(true);
    expect(family({ ...g.category('c1') })).toEqual(['category']);
    expect(family({ ...g.categoryTree })).toEqual(['category-tree']);
    expect(family({ ...g.collection('k1') })).toEqual(['collection']);
    expect(family({ ...g.slug('collection', 'x') })).toEqual(['group-slug']);
    expect(family({ ...g.membership('category', 'c1', 'p1'), GSI1PK: g.members('category', 'c1') })).toEqual(['membership', 'members-index']);
    expect(family({ PK: g.rows('collection', 'k1'), SK: '00001#p1' })).toEqual(['listing-row']);
    expect(tenantListings(acme).groupCards('category', 'c1').partition).toEqual({ attribute: 'PK', value: g.rows('category', 'c1') });
    expect(tenantListings(acme).groupCards('collection', 'c1').listing).not.toBe(tenantListings(acme).groupCards('category', 'c1').listing);
  });
});
