import { randomUUID } from 'node:crypto';
import type { ProductRepository } from '../catalog/repository';
import { domainEvent, type DomainEvent } from '../events/event';
import type { UserRecord } from '../identity/account';
import type { UserDirectory } from '../identity/directory';
import { usernameFor, type IdentityProvider } from '../identity/provider';
import { PlanLimitError } from '../plans/errors';
import type { PlanLimits } from '../plans/plans';
import type { PriceListName } from '../pricing/price-context';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import type { CustomerGroup, CustomerGroupCreate, CustomerGroupPatch, GroupCustomer, GroupPricesPut, GroupProductPrices } from './group';
import type { CustomerGroupRepository, GroupPriceRepository } from './repository';

export type CustomerGroupService = ReturnType<typeof createCustomerGroupService>;

type Prices = GroupProductPrices['prices'];
type ListPrice = Prices[string];

/** The currencies a group may have a list in: the store's own and those it enabled (once the `currencies` work lands). */
export function listCurrencies(tenant: TenantContext): string[] {
  const enabled = (tenant.settings as { currencies?: string[] }).currencies ?? [];
  return [tenant.settings.currency, ...enabled];
}

const customerView = (user: UserRecord): GroupCustomer => ({ userId: user.userId, email: user.email, name: user.name, groupId: user.priceGroup ?? null });

/**
 * One PriceChanged per write of a product's list in a group (the `base` list's shape, docs/pricing.md):
 * a variant new to the list has no previous price there, one taken out no current one.
 */
export function groupPriceEvents(
  meta: { tenantId: string; actor: string; occurredAt: string },
  skus: ReadonlyMap<string, string>,
  entry: { groupId: string; currency: string; productId: string },
  previous: Prices,
  next: Prices,
): DomainEvent[] {
  const same = (a: ListPrice | undefined, b: ListPrice | undefined) => a?.price === b?.price && a?.compareAtPrice === b?.compareAtPrice;
  const changes = [...new Set([...Object.keys(previous), ...Object.keys(next)])]
    .filter((variantId) => !same(previous[variantId], next[variantId]))
    .map((variantId) => ({ variantId, sku: skus.get(variantId) ?? null, previous: previous[variantId] ?? null, current: next[variantId] ?? null }));
  if (changes.length === 0) return [];
  const list: PriceListName = `group:${entry.groupId}`;
  return [domainEvent('catalog.pricing', 'PriceChanged', meta, { productId: entry.productId, currency: entry.currency, list, changes })];
}

/**
 * Customer groups, who is in them, and their price lists (docs/pricing.md, "Customer groups").
 * A customer's group is kept on their user record (which every signed-in request reads anyway,
 * so a change counts at once) and in the pool's `custom:priceGroup` attribute, which their next
 * ID token carries.
 */
export function createCustomerGroupService(deps: {
  groups: CustomerGroupRepository;
  prices: GroupPriceRepository;
  directory: UserDirectory;
  provider: Pick<IdentityProvider, 'setPriceGroup'>;
  products: Pick<ProductRepository, 'get'>;
  limits: (tenant: TenantContext) => Pick<PlanLimits, 'customerGroups'>;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());

  async function groupOf(tenant: TenantContext, groupId: string): Promise<CustomerGroup> {
    const group = await deps.groups.get(tenant, groupId);
    if (!group) throw new NotFoundError('No such customer group.');
    return group;
  }

  function currencyOf(tenant: TenantContext, currency: string | undefined): string {
    const chosen = currency ?? tenant.settings.currency;
    if (!listCurrencies(tenant).includes(chosen))
      throw new ValidationError('The store does not sell in this currency.', [
        { path: 'currency', message: `must be one of ${listCurrencies(tenant).join(', ')}` },
      ]);
    return chosen;
  }

  return {
    async list(tenant: TenantContext) {
      return { items: await deps.groups.list(tenant), limit: deps.limits(tenant).customerGroups };
    },

    get: groupOf,

    async create(tenant: TenantContext, input: CustomerGroupCreate): Promise<CustomerGroup> {
      // Counted, not kept in a counter: an admin's rare action, at worst one over when two race.
      const limit = deps.limits(tenant).customerGroups;
      const used = (await deps.groups.list(tenant)).length;
      if (used >= limit) throw new PlanLimitError('customerGroups', limit, used);
      const at = now().toISOString();
      const group: CustomerGroup = { id: randomUUID(), name: input.name, description: input.description, members: 0, createdAt: at, updatedAt: at };
      await deps.groups.create(tenant, group);
      return group;
    },

    rename: (tenant: TenantContext, groupId: string, patch: CustomerGroupPatch) => deps.groups.rename(tenant, groupId, patch, now().toISOString()),

    remove: (tenant: TenantContext, groupId: string) => deps.groups.remove(tenant, groupId),

    members: (tenant: TenantContext, groupId: string, page: PageRequest) => groupOf(tenant, groupId).then(() => deps.groups.members(tenant, groupId, page)),

    findCustomers: (tenant: TenantContext, emailPrefix: string) => deps.groups.findCustomers(tenant, emailPrefix, 20),

    /**
     * Puts a customer in a group (or none). 404 for anyone who is not a customer of this store and
     * for an unknown group. The pool's attribute first: if the record's write then fails, the
     * record (what counts) still says the old group and the admin's retry finishes the job.
     */
    async assign(tenant: TenantContext, userId: string, groupId: string | null): Promise<GroupCustomer> {
      const user = await deps.directory.get(tenant, userId);
      if (user?.role !== 'customer') throw new NotFoundError('No such customer in this store.');
      if (groupId !== null) await groupOf(tenant, groupId);
      if ((user.priceGroup ?? null) === groupId) return customerView(user);
      await deps.provider.setPriceGroup(usernameFor(tenant, user.email), groupId);
      return customerView(await deps.groups.assign(tenant, user, groupId, now().toISOString()));
    },

    async prices(tenant: TenantContext, groupId: string, currency: string | undefined, page: PageRequest) {
      await groupOf(tenant, groupId);
      const result = await deps.prices.list(tenant, groupId, currencyOf(tenant, currency), page);
      return { items: result.items, nextCursor: result.nextCursor ?? null };
    },

    /** Sets a product's whole list in one currency: variants left out have no group price (they sell at the base list's). */
    async setPrices(tenant: TenantContext, actor: string, groupId: string, productId: string, input: GroupPricesPut): Promise<GroupProductPrices> {
      await groupOf(tenant, groupId);
      const currency = currencyOf(tenant, input.currency);
      const product = await deps.products.get(tenant, productId);
      if (!product) throw new NotFoundError('No such product.');
      const skus = new Map(product.variants.map((variant) => [variant.id, variant.sku]));
      const unknown = Object.keys(input.prices).filter((variantId) => !skus.has(variantId));
      if (unknown.length > 0)
        throw new ValidationError(
          'No such variant of this product.',
          unknown.map((id) => ({ path: `prices.${id}`, message: 'is not a variant of this product' })),
        );
      const stored = await deps.prices.get(tenant, groupId, currency, productId);
      const at = now().toISOString();
      const prices: Prices = Object.fromEntries(
        Object.entries(input.prices).map(([variantId, price]) => [variantId, { price: price.price, compareAtPrice: price.compareAtPrice ?? null }]),
      );
      const entry: GroupProductPrices = { groupId, currency, productId, prices, version: (stored?.version ?? 0) + 1, updatedAt: at };
      const events = groupPriceEvents({ tenantId: tenant.id, actor, occurredAt: at }, skus, entry, stored?.prices ?? {}, prices);
      await deps.prices.put(tenant, entry, stored?.version ?? 0, events);
      return entry;
    },

    async removePrices(tenant: TenantContext, actor: string, groupId: string, productId: string, currency: string | undefined): Promise<void> {
      await groupOf(tenant, groupId);
      const chosen = currencyOf(tenant, currency);
      const stored = await deps.prices.get(tenant, groupId, chosen, productId);
      if (!stored) throw new NotFoundError('This product has no prices in this group’s list.');
      const product = await deps.products.get(tenant, productId);
      const skus = new Map((product?.variants ?? []).map((variant) => [variant.id, variant.sku]));
      const events = groupPriceEvents({ tenantId: tenant.id, actor, occurredAt: now().toISOString() }, skus, stored, stored.prices, {});
      if (!(await deps.prices.remove(tenant, stored, events))) throw new NotFoundError('This product has no prices in this group’s list.');
    },
  };
}
