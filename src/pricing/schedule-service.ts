import type { Product } from '../catalog/product';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { Page, PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import { instant, priceChangeView, revertFor, scheduleIssues, type PriceChange, type PriceChangeCreate, type PriceChangeView } from './schedule';
import type { PriceChangeRepository } from './schedule-repository';

/** What the schedule needs of the catalog: read a product, and set a variant's prices through the usual edit. */
export type PriceWriter = {
  get(tenant: TenantContext, productId: string): Promise<Product>;
  setVariantPrice(
    tenant: TenantContext,
    actor: string,
    productId: string,
    variantId: string,
    prices: { price: number; compareAtPrice: number | null },
  ): Promise<unknown>;
};

/** How many due changes of one store one run applies (the next run, a minute later, takes the rest). */
export const DUE_BATCH = 100;

/** The actor of changes the job applies: it acts for the admin who scheduled them, named in the event as the job. */
export const SCHEDULER_ACTOR = 'price-scheduler';

export type PriceScheduleService = ReturnType<typeof createPriceScheduleService>;

/** Scheduled price changes (docs/pricing.md): admins schedule and cancel; the scheduled job applies what is due. */
export function createPriceScheduleService(deps: { changes: PriceChangeRepository; catalog: PriceWriter; now?: () => Date; newId?: () => string }) {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const view = (tenant: TenantContext, change: PriceChange) => priceChangeView(change, tenant.settings.currency);

  /** Applies one due change; a change whose product or variant is gone is dropped. */
  async function apply(tenant: TenantContext, change: PriceChange): Promise<boolean> {
    let product: Product;
    try {
      product = await deps.catalog.get(tenant, change.productId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await deps.changes.remove(tenant, change.id);
      return false;
    }
    const variant = product.variants.find((candidate) => candidate.id === change.variantId);
    if (!variant) {
      await deps.changes.remove(tenant, change.id);
      return false;
    }
    // The revert first, holding the prices from before: a run stopped after it re-applies the start
    // but keeps this revert (put refuses a second), so the end restores the right prices.
    const revert = revertFor(change, variant, now().toISOString());
    if (revert) await deps.changes.put(tenant, revert);
    await deps.catalog.setVariantPrice(tenant, `${SCHEDULER_ACTOR}:${change.actor}`, change.productId, change.variantId, change);
    await deps.changes.remove(tenant, change.id);
    return true;
  }

  return {
    async schedule(tenant: TenantContext, actor: string, input: PriceChangeCreate): Promise<PriceChangeView> {
      const at = now();
      const issues = scheduleIssues(input, tenant.settings.currency, at);
      if (issues.length > 0) throw new ValidationError('The price change is invalid.', issues);
      const product = await deps.catalog.get(tenant, input.productId).catch((error: unknown) => {
        if (error instanceof NotFoundError) throw new ValidationError('No such product.', [{ path: 'productId', message: 'is not a product of this store' }]);
        throw error;
      });
      if (!product.variants.some((variant) => variant.id === input.variantId))
        throw new ValidationError('No such variant.', [{ path: 'variantId', message: 'is not a variant of this product' }]);
      const change: PriceChange = {
        id: newId(),
        kind: 'start',
        productId: input.productId,
        variantId: input.variantId,
        price: input.price.amount,
        compareAtPrice: input.compareAtPrice?.amount ?? null,
        dueAt: instant(input.startsAt),
        endsAt: input.endsAt ? instant(input.endsAt) : null,
        revertOf: null,
        actor,
        createdAt: at.toISOString(),
      };
      await deps.changes.put(tenant, change);
      return view(tenant, change);
    },

    async list(tenant: TenantContext, page: PageRequest): Promise<Page<PriceChangeView>> {
      const found = await deps.changes.list(tenant, page);
      return { items: found.items.map((change) => view(tenant, change)), nextCursor: found.nextCursor };
    },

    async cancel(tenant: TenantContext, id: string): Promise<void> {
      if (!(await deps.changes.remove(tenant, id))) throw new NotFoundError(`No pending price change ${id}.`);
    },

    /** The scheduled job's work for one store: every change due now, soonest first; how many were applied. */
    async applyDue(tenant: TenantContext): Promise<number> {
      let applied = 0;
      for (const change of await deps.changes.due(tenant, now(), DUE_BATCH)) if (await apply(tenant, change)) applied++;
      return applied;
    },
  };
}
