import type { EventDelivery } from '../events/delivery';
import { domainEvent, type DomainEvent, type EventMeta } from '../events/event';
import { NotFoundError } from '../shared/errors';
import type { PageRequest } from '../shared/page';
import { retrying } from '../shared/retry';
import type { TenantContext } from '../tenants/tenant';
import type { BrowseQuery } from './browse';
import { type Product, type ProductCreate, type ProductPatch } from './product';
import { StaleWriteError, type ProductRepository } from './repository';

export type CatalogDeps = {
  products: ProductRepository;
  delivery: EventDelivery;
  now?: () => Date;
  newId?: () => string;
};

export type CatalogService = ReturnType<typeof createCatalogService>;

const isStale = (error: unknown) => error instanceof StaleWriteError;

export function createCatalogService(deps: CatalogDeps) {
  const { products, delivery } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());

  const meta = (tenant: TenantContext, actor: string, at: string): EventMeta => ({ tenantId: tenant.id, actor, occurredAt: at });
  const productEvent = (type: 'ProductCreated' | 'ProductUpdated' | 'ProductDeleted', m: EventMeta, product: Product, extra: Record<string, unknown> = {}): DomainEvent =>
    domainEvent('catalog.products', type, m, { productId: product.id, sku: product.sku, status: product.status, ...extra });

  async function get(tenant: TenantContext, id: string): Promise<Product> {
    const product = await products.get(tenant, id);
    if (!product) throw new NotFoundError(`No product ${id} in this store.`);
    return product;
  }

  return {
    get,

    /** Visitors only ever see active products; anything else is indistinguishable from missing. */
    async getPublic(tenant: TenantContext, id: string): Promise<Product> {
      const product = await products.get(tenant, id);
      if (!product || product.status !== 'active') throw new NotFoundError(`No product ${id} in this store.`);
      return product;
    },

    browse: (tenant: TenantContext, query: BrowseQuery) => products.browse(tenant, query),
    listAll: (tenant: TenantContext, page: PageRequest) => products.list(tenant, 'all', page),

    async create(tenant: TenantContext, actor: string, input: ProductCreate): Promise<Product> {
      const at = now().toISOString();
      const product: Product = { id: newId(), ...input, createdAt: at, updatedAt: at, version: 1 };
      const events = [productEvent('ProductCreated', meta(tenant, actor, at), product, { stock: product.stock })];
      await products.create(tenant, product, events);
      await delivery.deliver(tenant, events);
      return product;
    },

    async update(tenant: TenantContext, actor: string, id: string, patch: ProductPatch): Promise<Product> {
      // A patch names only the fields it changes, so re-applying it to a fresher read is safe.
      return retrying(
        async () => {
          const previous = await get(tenant, id);
          const at = now().toISOString();
          const next: Product = { ...previous, ...patch, updatedAt: at, version: previous.version + 1 };
          const events = [productEvent('ProductUpdated', meta(tenant, actor, at), next, { changed: Object.keys(patch) })];
          await products.update(tenant, previous, next, events);
          await delivery.deliver(tenant, events);
          return next;
        },
        { retryable: isStale, attempts: 10 },
      );
    },

    async remove(tenant: TenantContext, actor: string, id: string): Promise<void> {
      await retrying(
        async () => {
          const previous = await get(tenant, id);
          const events = [productEvent('ProductDeleted', meta(tenant, actor, now().toISOString()), previous)];
          await products.delete(tenant, previous, events);
          await delivery.deliver(tenant, events);
        },
        { retryable: isStale, attempts: 10 },
      );
    },
  };
}
