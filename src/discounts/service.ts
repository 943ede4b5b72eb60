import { randomUUID } from 'node:crypto';
import type { IdempotentWrite } from '../shared/idempotency';
import type { TenantContext } from '../tenants/tenant';
import { type Discount, type DiscountInput, type DiscountView, MAX_DISCOUNTS } from './discount';
import { DiscountNotFoundError, TooManyDiscountsError } from './errors';
import type { DiscountRepository } from './repository';

export type DiscountService = ReturnType<typeof createDiscountService>;

/** The console's discounts: list (with uses), create, read, replace, delete. */
export function createDiscountService(deps: { discounts: DiscountRepository; now?: () => Date; newId?: () => string }) {
  const { discounts } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => randomUUID());

  async function found(tenant: TenantContext, id: string): Promise<Discount> {
    const discount = await discounts.get(tenant, id);
    if (!discount) throw new DiscountNotFoundError();
    return discount;
  }
  async function withUses(tenant: TenantContext, list: Discount[]): Promise<DiscountView[]> {
    const usage = await discounts.usage(
      tenant,
      list.map((d) => d.id),
      null,
    );
    return list.map((d) => ({ ...d, uses: usage.get(d.id)?.total ?? 0 }));
  }

  return {
    /** Newest first. */
    async list(tenant: TenantContext): Promise<DiscountView[]> {
      const all = await discounts.list(tenant);
      return withUses(
        tenant,
        all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)),
      );
    },

    async get(tenant: TenantContext, id: string): Promise<DiscountView> {
      const [view] = await withUses(tenant, [await found(tenant, id)]);
      return view!;
    },

    async create(tenant: TenantContext, input: DiscountInput, idempotent?: IdempotentWrite<DiscountView>): Promise<DiscountView> {
      if ((await discounts.list(tenant)).length >= MAX_DISCOUNTS) throw new TooManyDiscountsError(MAX_DISCOUNTS);
      const at = now().toISOString();
      const discount: Discount = { id: newId(), ...input, createdAt: at, updatedAt: at, version: 1 };
      const view = { ...discount, uses: 0 };
      await discounts.create(tenant, discount, idempotent?.commit(view));
      idempotent?.committed();
      return view;
    },

    /** Replaces the discount (a stale `version`: 409). Orders placed with it keep what they were given. */
    async replace(tenant: TenantContext, id: string, input: DiscountInput): Promise<DiscountView> {
      const previous = await found(tenant, id);
      const next: Discount = { ...previous, ...input, updatedAt: now().toISOString(), version: previous.version + 1 };
      await discounts.update(tenant, previous, next);
      const [view] = await withUses(tenant, [next]);
      return view!;
    },

    async remove(tenant: TenantContext, id: string): Promise<void> {
      await discounts.remove(tenant, await found(tenant, id));
    },
  };
}
