import { backOff } from '../shared/retry';
import { DomainError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import { normaliseText } from './browse';
import type { GroupingRepository, ListingState, Membership, RowStep } from './grouping-repository';
import { cardOf, cardRevision, ratingKeyOf } from './listing-card';
import type { Product } from './product';

/**
 * Where a product's row sorts in its group: a category's cards by name (A to Z), a collection's in
 * its hand-made order. The product id ends the key, so two rows never collide.
 */
export function rowSortOf(membership: Membership, product: Product): string {
  if (membership.kind === 'collection') return `${String(membership.position).padStart(5, '0')}#${product.id}`;
  return `${normaliseText(product.name).replace(/#/g, ' ').slice(0, 100)}#${product.id}`;
}

/**
 * What it takes for a product's rows to match it: a row in each group it is in while it is active,
 * none otherwise, each made from its current version; memberships of a deleted product, or taken
 * out, go. Pure: the same state always plans the same steps.
 */
export function planRowSteps({ product, memberships }: ListingState): RowStep[] {
  const steps: RowStep[] = [];
  for (const membership of memberships) {
    const leaving = membership.removed || !product;
    if (leaving || product.status !== 'active') {
      if (membership.row) steps.push({ op: 'remove', membership, dropMembership: leaving });
      else if (leaving) steps.push({ op: 'drop', membership });
      continue;
    }
    const sort = rowSortOf(membership, product);
    const made = { card: cardOf(product), productVersion: cardRevision(product) };
    if (!membership.row) steps.push({ op: 'add', membership, sort, ...made });
    else if (membership.row.sort !== sort) steps.push({ op: 'move', membership, sort, ...made });
    else if (membership.row.productVersion !== cardRevision(product) || (membership.row.rating ?? ratingKeyOf(undefined)) !== ratingKeyOf(made.card.rating))
      steps.push({ op: 'refresh', membership, ...made });
  }
  return steps;
}

const ATTEMPTS = 8;

/**
 * Brings a product's listing rows, and the counts of its categories and collections, to match the
 * product as it is now. Idempotent, and convergent whatever order events arrive in: it reads the
 * product (consistently) rather than trusting the event. Answers whether anything changed.
 */
export async function syncProductListings(groupings: GroupingRepository, tenant: TenantContext, productId: string): Promise<boolean> {
  let changed = false;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const steps = planRowSteps(await groupings.listingState(tenant, productId));
    if (steps.length === 0) return changed;
    let raced = false;
    for (const step of steps) {
      const outcome = await groupings.apply(tenant, step);
      if (outcome === 'applied') changed = true;
      else if (outcome === 'raced') raced = true;
      else {
        // Its category or collection was removed: the membership goes too.
        const { kind, groupId } = step.membership;
        await groupings.leave(tenant, kind, groupId, productId);
        raced = true;
      }
    }
    if (!raced) return true;
    await backOff(attempt);
  }
  throw new ListingsBusyError();
}

/** The product's rows kept losing races (many writers at once): the client may retry in a moment. */
export class ListingsBusyError extends DomainError {
  readonly status = 409;
  readonly code = 'write-conflict';
  override readonly retryAfterSeconds = 1;
  constructor() {
    super('This product is being changed by others right now; try again in a moment.');
  }
}
