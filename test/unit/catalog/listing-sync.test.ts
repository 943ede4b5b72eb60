import { describe, expect, it } from 'vitest';
import type { Membership } from '../../../src/catalog/grouping-repository';
import { cardRevision } from '../../../src/catalog/listing-card';
import { planRowSteps, rowSortOf } from '../../../src/catalog/listing-sync';
import type { Product } from '../../../src/catalog/product';

const product = (extra: Partial<Product> = {}): Product => ({
  id: 'p1',
  name: 'Crème Boot',
  description: '',
  handle: 'creme-boot',
  status: 'active',
  tags: [],
  images: [],
  options: [],
  variants: [
    {
      id: 'v1',
      sku: 'S',
      optionValues: [],
      price: 100,
      compareAtPrice: null,
      lowStockThreshold: null,
      weightGrams: null,
      barcode: null,
      imageIds: [],
      active: true,
    },
  ],
  stock: { v1: { onHand: 1, reserved: 0 } },
  listedPrice: 100,
  listedCompareAt: null,
  available: true,
  variantCount: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
  ...extra,
});
const member = (extra: Partial<Membership> = {}): Membership => ({
  kind: 'category',
  groupId: 'g',
  productId: 'p1',
  position: 0,
  removed: false,
  row: null,
  ...extra,
});

describe('planning a product’s listing rows', () => {
  it('sorts category rows by folded name and collection rows by position', () => {
    expect(rowSortOf(member(), product())).toBe('creme boot#p1');
    expect(rowSortOf(member({ kind: 'collection', position: 7 }), product())).toBe('00007#p1');
  });

  it('adds, moves, refreshes or leaves alone a row of an active product', () => {
    const sort = 'creme boot#p1';
    expect(planRowSteps({ product: product(), memberships: [member()] }).map((s) => s.op)).toEqual(['add']);
    expect(planRowSteps({ product: product(), memberships: [member({ row: { sort: 'old#p1', productVersion: 3 } })] }).map((s) => s.op)).toEqual(['move']);
    const made = cardRevision(product());
    expect(
      planRowSteps({ product: product(), memberships: [member({ row: { sort, productVersion: cardRevision({ version: 2, available: true }) } })] }).map(
        (s) => s.op,
      ),
    ).toEqual(['refresh']);
    expect(planRowSteps({ product: product(), memberships: [member({ row: { sort, productVersion: made } })] })).toEqual([]);
    // A stock change moves availability without the version: the card (in stock or not) is refreshed too.
    const soldOut = product({ available: false, stock: { v1: { onHand: 0, reserved: 0 } } });
    expect(planRowSteps({ product: soldOut, memberships: [member({ row: { sort, productVersion: made } })] }).map((s) => s.op)).toEqual(['refresh']);
  });

  it('removes rows of products that are not active, and drops memberships taken out or of deleted products', () => {
    const row = { sort: 'x#p1', productVersion: 1 };
    const draft = planRowSteps({ product: product({ status: 'draft' }), memberships: [member({ row }), member({ groupId: 'h' })] });
    expect(draft).toEqual([{ op: 'remove', membership: member({ row }), dropMembership: false }]);
    const gone = planRowSteps({ product: undefined, memberships: [member({ row }), member({ groupId: 'h' })] });
    expect(gone.map((s) => [s.op, s.op === 'remove' && s.dropMembership])).toEqual([
      ['remove', true],
      ['drop', false],
    ]);
    expect(planRowSteps({ product: product(), memberships: [member({ removed: true })] }).map((s) => s.op)).toEqual(['drop']);
  });
});
