import type { DomainEvent } from '../events/event';
import type { UserRecord } from '../identity/account';
import type { Page, PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import type { CustomerGroup, GroupCustomer, GroupProductPrices } from './group';

/** A store's customer groups and who is in them (docs/pricing.md, "Customer groups"). */
export interface CustomerGroupRepository {
  create(tenant: TenantContext, group: CustomerGroup): Promise<void>;
  get(tenant: TenantContext, groupId: string): Promise<CustomerGroup | undefined>;
  /** Every group of the store (a plan keeps them few), by name. */
  list(tenant: TenantContext): Promise<CustomerGroup[]>;
  /** NotFoundError when there is no such group. */
  rename(tenant: TenantContext, groupId: string, patch: { name?: string | undefined; description?: string | undefined }, at: string): Promise<CustomerGroup>;
  /**
   * Removes the group and its price lists. NotFoundError when there is none; ConflictError while
   * customers are in it (the count is kept in the assignments' transactions, so none slips in).
   */
  remove(tenant: TenantContext, groupId: string): Promise<void>;
  /**
   * Moves a customer from the group their record names to `groupId` (null: none), with both
   * groups' member counts, in one transaction conditioned on the record's group being still the
   * one read: ConflictError if it changed meanwhile, NotFoundError if the new group went.
   */
  assign(tenant: TenantContext, user: UserRecord, groupId: string | null, at: string): Promise<UserRecord>;
  /** The group's customers, by email. */
  members(tenant: TenantContext, groupId: string, page: PageRequest): Promise<Page<GroupCustomer>>;
  /** Customers whose email begins with `emailPrefix` (at most `limit`), for the console's search. */
  findCustomers(tenant: TenantContext, emailPrefix: string, limit: number): Promise<GroupCustomer[]>;
}

/** Customer groups' price lists: one item per (group, currency, product). */
export interface GroupPriceRepository {
  get(tenant: TenantContext, groupId: string, currency: string, productId: string): Promise<GroupProductPrices | undefined>;
  list(tenant: TenantContext, groupId: string, currency: string, page: PageRequest): Promise<Page<GroupProductPrices>>;
  /**
   * Writes the product's list with its events, in one transaction conditioned on the group
   * existing (NotFoundError) and on the list being still at `previousVersion` (0: none; ConflictError).
   */
  put(tenant: TenantContext, entry: GroupProductPrices, previousVersion: number, events: readonly DomainEvent[]): Promise<void>;
  /** Removes the product's list with its events; false when there was none. */
  remove(tenant: TenantContext, entry: GroupProductPrices, events: readonly DomainEvent[]): Promise<boolean>;
}
