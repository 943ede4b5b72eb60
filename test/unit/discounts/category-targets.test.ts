import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineages, type NestedCategory, withAncestors } from '../../../src/catalog/category-tree';
import type { Discount } from '../../../src/discounts/discount';
import { type EvaluatedLine, evaluate, matches } from '../../../src/discounts/evaluate';
import { groupMemberships } from '../../../src/discounts/memberships';
import { tenantContext } from '../../../src/tenants/tenant';

/**
 * Category targets include subcategories (docs/discounts.md, "Targets"): each line carries its
 * categories expanded to their ancestors where the lines are built, so evaluation stays pure.
 */

/** A random forest as parent pointers: category `i`'s parent is an earlier one or none (so never a cycle). */
const forest = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fc.option(fc.nat(Math.max(0, i - 1)), { nil: null }).map((p) => (i === 0 ? null : p)))));

const idOf = (i: number) => `c${i}`;
function nested(parents: readonly (number | null)[], parent: number | null = null): NestedCategory[] {
  return parents.flatMap((p, i) => (p === parent ? [{ id: idOf(i), children: nested(parents, i) }] : []));
}
/** The ancestors of `i` and `i` itself, walking parent pointers: the property's own account, independent of `lineages`. */
function selfAndAbove(parents: readonly (number | null)[], i: number): string[] {
  const ids: string[] = [];
  for (let at: number | null = i; at !== null; at = parents[at] ?? null) ids.push(idOf(at));
  return ids;
}

const line = (categoryIds: string[]): EvaluatedLine => ({
  productId: 'p1',
  variantId: 'v1',
  unitPrice: 1000,
  quantity: 1,
  lineTotal: 1000,
  categoryIds,
  collectionIds: [],
});

describe('category targets reach subcategories', () => {
  it('a line in a subcategory is targeted iff one of its categories or an ancestor of one is targeted', () => {
    fc.assert(
      fc.property(
        forest.chain((parents) =>
          fc.tuple(
            fc.constant(parents),
            fc.uniqueArray(fc.nat(parents.length - 1), { maxLength: 3 }),
            fc.uniqueArray(fc.nat(parents.length - 1), { minLength: 1, maxLength: 4 }),
          ),
        ),
        ([parents, direct, targeted]) => {
          const categoryIds = withAncestors(lineages(nested(parents)), direct.map(idOf));
          const target = { type: 'categories' as const, ids: targeted.map(idOf) };
          const expected = direct.some((c) => selfAndAbove(parents, c).some((id) => target.ids.includes(id)));
          expect(matches(target, line(categoryIds))).toBe(expected);
          // Expanding adds ancestors only: each direct category is still there, nothing outside the lineages is.
          expect(new Set(categoryIds)).toEqual(new Set(direct.flatMap((c) => selfAndAbove(parents, c))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a category the tree does not show (just deleted, say) stays as itself', () => {
    expect(withAncestors(lineages([{ id: 'a', children: [{ id: 'b', children: [] }] }]), ['b', 'gone'])).toEqual(['a', 'b', 'gone']);
  });

  it('evaluation takes 10 % off a product in Clothing › Shirts for a discount on Clothing, and nothing off one in Shoes', () => {
    const tree = [
      { id: 'clothing', children: [{ id: 'shirts', children: [] }] },
      { id: 'shoes', children: [] },
    ];
    const index = lineages(tree);
    const shirt = { ...line(withAncestors(index, ['shirts'])), variantId: 'shirt' };
    const shoe = { ...line(withAncestors(index, ['shoes'])), variantId: 'shoe' };
    const onClothing: Discount = {
      id: 'd1',
      title: 'Clothing',
      method: 'automatic',
      code: null,
      effect: { type: 'percentage', percentBp: 1000 },
      target: { type: 'categories', ids: ['clothing'] },
      minimum: { type: 'none' },
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: null,
      usageLimit: null,
      perCustomerLimit: null,
      combinesWith: { product: true, order: true, shipping: true },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      version: 1,
    };
    const evaluation = evaluate([shirt, shoe], [onClothing], { now: '2026-06-01T00:00:00.000Z', codes: [], shipping: 0, usage: new Map() });
    expect(evaluation.lines).toEqual([
      { variantId: 'shirt', discount: 100, total: 900 },
      { variantId: 'shoe', discount: 0, total: 1000 },
    ]);
  });

  it('reads the tree beside the memberships (one round of waiting), and expands only categories, never collections', async () => {
    const tenant = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active' });
    const started: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const memberships = groupMemberships({
      memberships: async (_tenant, productId) => {
        started.push(`memberships ${productId}`);
        await gate;
        return {
          memberships: [
            { kind: 'category', groupId: 'shirts' },
            { kind: 'category', groupId: 'sale', removed: true },
            { kind: 'collection', groupId: 'shirts' },
          ],
        };
      },
      categoryTree: async () => {
        started.push('tree');
        await gate;
        return [{ id: 'clothing', children: [{ id: 'shirts', children: [] }] }];
      },
    });
    const answer = memberships(tenant, ['p1', 'p2']);
    await Promise.resolve();
    // Every read has started before any has answered: the tree costs no round trip of its own.
    expect(started.sort()).toEqual(['memberships p1', 'memberships p2', 'tree']);
    release();
    expect((await answer).get('p1')).toEqual({ categoryIds: ['clothing', 'shirts'], collectionIds: ['shirts'] });
  });
});
