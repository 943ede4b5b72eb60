import { lineages, type NestedCategory, withAncestors } from '../catalog/category-tree';
import type { TenantContext } from '../tenants/tenant';
import type { Memberships } from './checkout';

/** One product's direct memberships, as the grouping repository keeps them. */
type Membership = { kind: 'category' | 'collection'; groupId: string; removed?: boolean | undefined };

/**
 * What checkout's discounts know of each product's groups (docs/discounts.md, "Targets"): its
 * collections, and its categories WITH their ancestors, so a discount on "Clothing" reaches a
 * product in "Clothing › Shirts" while evaluation stays pure. The tree is the storefront's cached
 * one (no read when warm) and is asked for beside the memberships, so it never adds a round trip.
 */
export function groupMemberships(deps: {
  memberships: (tenant: TenantContext, productId: string) => Promise<{ memberships: readonly Membership[] }>;
  categoryTree: (tenant: TenantContext) => Promise<readonly NestedCategory[]>;
}): Memberships {
  return async (tenant, productIds) => {
    const [states, tree] = await Promise.all([
      Promise.all(productIds.map(async (id) => [id, await deps.memberships(tenant, id)] as const)),
      deps.categoryTree(tenant),
    ]);
    const index = lineages(tree);
    const live = (memberships: readonly Membership[], kind: Membership['kind']) =>
      memberships.filter((m) => m.kind === kind && !m.removed).map((m) => m.groupId);
    return new Map(
      states.map(([id, state]) => [
        id,
        { categoryIds: withAncestors(index, live(state.memberships, 'category')), collectionIds: live(state.memberships, 'collection') },
      ]),
    );
  };
}
