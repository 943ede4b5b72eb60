import { MAX_CATEGORY_DEPTH } from './category';

/**
 * The rules of a store's category tree, as pure functions of its categories (one Query reads them
 * all): where a category may go, its breadcrumbs, the nested tree the storefront shows.
 */
export type TreeCategory = { id: string; name: string; parentId: string | null; position: number };

export type TreeNode<C extends TreeCategory> = C & { children: TreeNode<C>[] };

const bySiblingOrder = (a: TreeCategory, b: TreeCategory) => a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Root → `id`, both included; empty when `id` is unknown. A broken chain (a lost parent) ends where it breaks. */
export function breadcrumbs<C extends TreeCategory>(categories: readonly C[], id: string): C[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const path: C[] = [];
  const seen = new Set<string>();
  for (let at = byId.get(id); at && !seen.has(at.id); at = at.parentId === null ? undefined : byId.get(at.parentId)) {
    seen.add(at.id);
    path.unshift(at);
  }
  return path;
}

/** `id` and everything under it. */
export function subtreeOf(categories: readonly TreeCategory[], id: string): Set<string> {
  const inside = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of categories) {
      if (c.parentId !== null && inside.has(c.parentId) && !inside.has(c.id)) {
        inside.add(c.id);
        grew = true;
      }
    }
  }
  return inside;
}

/** Levels from `id` down to its deepest descendant: 1 for a leaf. */
export function heightOf(categories: readonly TreeCategory[], id: string): number {
  const children = categories.filter((c) => c.parentId === id);
  return 1 + Math.max(0, ...children.map((c) => heightOf(categories, c.id)));
}

export type PlacementProblem = 'unknown-parent' | 'own-descendant' | 'too-deep';

/**
 * Whether `id` (undefined: a new category) may sit under `parentId` (null: a root): the parent
 * exists, is not the category itself or below it (no cycle, ever), and the deepest descendant stays
 * within MAX_CATEGORY_DEPTH.
 */
export function placementProblem(categories: readonly TreeCategory[], id: string | undefined, parentId: string | null): PlacementProblem | undefined {
  if (parentId === null) return id === undefined || heightOf(categories, id) <= MAX_CATEGORY_DEPTH ? undefined : 'too-deep';
  if (!categories.some((c) => c.id === parentId)) return 'unknown-parent';
  if (id !== undefined && subtreeOf(categories, id).has(parentId)) return 'own-descendant';
  const height = id === undefined ? 1 : heightOf(categories, id);
  return breadcrumbs(categories, parentId).length + height > MAX_CATEGORY_DEPTH ? 'too-deep' : undefined;
}

/** After the last of `parentId`'s children. */
export const nextPosition = (categories: readonly TreeCategory[], parentId: string | null) =>
  1 + Math.max(-1, ...categories.filter((c) => c.parentId === parentId).map((c) => c.position));

/** The nested tree, siblings in their order. Categories whose parent is missing are not shown. */
export function treeOf<C extends TreeCategory>(categories: readonly C[]): TreeNode<C>[] {
  const childrenOf = (parentId: string | null): TreeNode<C>[] =>
    categories
      .filter((c) => c.parentId === parentId)
      .sort(bySiblingOrder)
      .map((c) => ({ ...c, children: childrenOf(c.id) }));
  return childrenOf(null);
}

/** A category of a nested tree, as the storefront's cached tree gives it. */
export type NestedCategory = { id: string; children: readonly NestedCategory[] };

/** Each category's lineage: its ancestors' ids and its own, root first. One walk of the tree. */
export function lineages(tree: readonly NestedCategory[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const walk = (nodes: readonly NestedCategory[], above: readonly string[]) => {
    for (const node of nodes) {
      const lineage = [...above, node.id];
      index.set(node.id, lineage);
      walk(node.children, lineage);
    }
  };
  walk(tree, []);
  return index;
}

/** `ids` with every ancestor of each (a category the tree no longer shows stays as itself), each once. */
export function withAncestors(index: ReadonlyMap<string, readonly string[]>, ids: readonly string[]): string[] {
  return [...new Set(ids.flatMap((id) => index.get(id) ?? [id]))];
}
