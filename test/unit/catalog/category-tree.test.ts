import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CATEGORY_DEPTH } from '../../../src/catalog/category';
import { breadcrumbs, heightOf, nextPosition, placementProblem, treeOf, type TreeCategory } from '../../../src/catalog/category-tree';

const cat = (id: string, parentId: string | null, position = 0): TreeCategory => ({ id, name: id, parentId, position });

/** a → b → c, and d beside a. */
const tree = [cat('a', null, 0), cat('b', 'a'), cat('c', 'b'), cat('d', null, 1)];

describe('category tree rules', () => {
  it('builds breadcrumbs from the root down', () => {
    expect(breadcrumbs(tree, 'c').map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(breadcrumbs(tree, 'd').map((c) => c.id)).toEqual(['d']);
    expect(breadcrumbs(tree, 'nope')).toEqual([]);
  });

  it('refuses a parent below the category itself, an unknown parent, and trees deeper than 5', () => {
    expect(placementProblem(tree, 'a', 'c')).toBe('own-descendant');
    expect(placementProblem(tree, 'a', 'a')).toBe('own-descendant');
    expect(placementProblem(tree, 'a', 'x')).toBe('unknown-parent');
    expect(placementProblem(tree, 'd', 'c')).toBeUndefined();
    expect(placementProblem(tree, undefined, 'c')).toBeUndefined();
    const deep = [...tree, cat('e', 'c'), cat('f', 'e')];
    expect(placementProblem(deep, undefined, 'f')).toBe('too-deep');
    // Moving a subtree of height 3 (a) under d would make it 4 deep: fine; under e (depth 4) not.
    expect(placementProblem(deep, 'd', 'f')).toBe('too-deep');
    expect(placementProblem(deep, 'f', null)).toBeUndefined();
  });

  it('nests siblings by position, then name, and places a new one last', () => {
    expect(treeOf(tree).map((n) => n.id)).toEqual(['a', 'd']);
    expect(treeOf(tree)[0]!.children[0]!.children.map((n) => n.id)).toEqual(['c']);
    expect(nextPosition(tree, null)).toBe(2);
    expect(nextPosition(tree, 'c')).toBe(0);
  });

  it('never lets any sequence of allowed creates and moves make a cycle or pass the depth limit', () => {
    const op = fc.record({ move: fc.boolean(), who: fc.nat(), parent: fc.option(fc.nat(), { nil: null }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let categories: TreeCategory[] = [];
        for (const [i, { move, who, parent }] of ops.entries()) {
          const parentId = parent === null || categories.length === 0 ? null : categories[parent % categories.length]!.id;
          if (move && categories.length > 0) {
            const id = categories[who % categories.length]!.id;
            if (placementProblem(categories, id, parentId) === undefined) categories = categories.map((c) => (c.id === id ? { ...c, parentId } : c));
          } else if (placementProblem(categories, undefined, parentId) === undefined) {
            categories = [...categories, cat(`c${i}`, parentId)];
          }
          for (const c of categories) {
            // Every chain reaches a root within the limit: no cycle, nothing too deep.
            const path = breadcrumbs(categories, c.id);
            expect(path[0]!.parentId).toBeNull();
            expect(path.length).toBeLessThanOrEqual(MAX_CATEGORY_DEPTH);
          }
          const roots = categories.filter((c) => c.parentId === null);
          expect(Math.max(0, ...roots.map((r) => heightOf(categories, r.id)))).toBeLessThanOrEqual(MAX_CATEGORY_DEPTH);
        }
      }),
      { numRuns: 300 },
    );
  });
});
