import type { Page, PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import { DomainError } from '../shared/errors';
import type { IdempotentCommit } from '../shared/idempotency';
import type { Category, Collection } from './category';
import type { ListingCard } from './listing-card';
import type { Product } from './product';

export type GroupKind = 'category' | 'collection';

/**
 * A product's place in a category or collection, kept in the product's own partition. `row` is the
 * sort key of its listing row while it has one (so the row can be found and moved whatever the
 * product became), with the product version the row's card was made from. `removed`: taken out,
 * its row not yet gone; the listing sync deletes both.
 */
export type Membership = {
  kind: GroupKind;
  groupId: string;
  productId: string;
  /** A collection's order; 0 in categories. */
  position: number;
  removed: boolean;
  /** `rating`: the rating its card shows (`ratingKeyOf`), which reviews move without the product's version. */
  row: { sort: string; productVersion: number; rating?: string } | null;
};

/** One consistent read of what a product's listing rows depend on. */
export type ListingState = { product: Product | undefined; memberships: Membership[] };

/**
 * One step towards a product's rows matching it. Every step is one transaction that changes a row,
 * its membership's `row` and the group's count together, conditioned on what the plan read, so
 * counting is exact however often or concurrently steps are repeated.
 */
export type RowStep =
  | { op: 'add'; membership: Membership; sort: string; card: ListingCard; productVersion: number }
  | { op: 'move'; membership: Membership; sort: string; card: ListingCard; productVersion: number }
  | { op: 'refresh'; membership: Membership; card: ListingCard; productVersion: number }
  | { op: 'remove'; membership: Membership; dropMembership: boolean }
  | { op: 'drop'; membership: Membership };

/** `raced`: what the step read changed meanwhile (read again); `group-gone`: its category or collection no longer exists. */
export type StepOutcome = 'applied' | 'raced' | 'group-gone';

export type CategoryTree = { categories: Category[]; version: number };

export interface GroupingRepository {
  /** Every category of the store and the tree's version: one consistent Query. */
  tree(tenant: TenantContext): Promise<CategoryTree>;
  /** Conditioned on the tree's version (structure changes are serialised) and the slug being free. */
  createCategory(tenant: TenantContext, category: Category, tree: CategoryTree, commit?: IdempotentCommit): Promise<void>;
  /** Conditioned on `previous.version`; with `tree`, also on the tree's version (a move or reorder). */
  updateCategory(tenant: TenantContext, previous: Category, next: Category, tree?: CategoryTree): Promise<void>;
  deleteCategory(tenant: TenantContext, previous: Category, tree: CategoryTree): Promise<void>;

  collections(tenant: TenantContext): Promise<Collection[]>;
  getCollection(tenant: TenantContext, id: string): Promise<Collection | undefined>;
  createCollection(tenant: TenantContext, collection: Collection, commit?: IdempotentCommit): Promise<void>;
  /** Conditioned on `previous.version`; keeps the count. */
  updateCollection(tenant: TenantContext, previous: Collection, next: Collection): Promise<void>;
  deleteCollection(tenant: TenantContext, previous: Collection): Promise<void>;

  /** The store's product ids in a group, whatever their status (eventually consistent). */
  members(tenant: TenantContext, kind: GroupKind, groupId: string): Promise<string[]>;
  /** A page of a group's cards, in its order: one Query. */
  cards(tenant: TenantContext, kind: GroupKind, groupId: string, page: PageRequest): Promise<Page<ListingCard>>;

  listingState(tenant: TenantContext, productId: string): Promise<ListingState>;
  /** Puts the product in the group (again) at `position`; a row it has stays until the sync moves it. */
  join(tenant: TenantContext, kind: GroupKind, groupId: string, productId: string, position: number): Promise<void>;
  /** Marks the product's membership removed, if it has one; the sync deletes it with its row. */
  leave(tenant: TenantContext, kind: GroupKind, groupId: string, productId: string): Promise<void>;
  apply(tenant: TenantContext, step: RowStep): Promise<StepOutcome>;
}

/** A category or collection changed since the caller read it (its `version`). */
export class StaleGroupError extends DomainError {
  readonly status = 409;
  readonly code = 'stale-version';
  constructor(what: string) {
    super(`This ${what} was changed by someone else since you read it; read it again and reapply your change.`);
  }
}

/** Another structural change of the tree (create, move, reorder, remove) landed first: read the tree again. */
export class TreeChangedError extends StaleGroupError {
  constructor() {
    super('category tree');
  }
}
