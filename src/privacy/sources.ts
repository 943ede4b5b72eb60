import { customerView, type Order } from '../orders/order';
import type { OrderRepository } from '../orders/repository';
import { StaleWriteError } from '../catalog/repository';
import { cartIdOf } from '../shopping/cart';
import type { CartRepository } from '../shopping/cart-repository';
import type { WishlistRepository } from '../shopping/wishlist';
import type { TenantContext } from '../tenants/tenant';
import { anonymisedOrder } from './anonymise';
import type { CustomerDataSource, DataSubject } from './data-sources';

/** Every order linked to the customer's account, all pages. */
async function ordersOf(orders: Pick<OrderRepository, 'listForCustomer'>, tenant: TenantContext, userId: string): Promise<Order[]> {
  const all: Order[] = [];
  let cursor: string | undefined;
  do {
    const page = await orders.listForCustomer(tenant, userId, { limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The customer's orders as they see them; erased: kept for the store, anonymised (src/privacy/anonymise.ts). */
export function orderDataSource(orders: Pick<OrderRepository, 'listForCustomer' | 'get' | 'update'>, now: () => Date): CustomerDataSource {
  async function anonymise(tenant: TenantContext, subject: DataSubject, orderId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const order = await orders.get(tenant, orderId);
      // Gone, or erased already (the index read may lag behind the write).
      if (!order || order.customerId !== subject.userId) return false;
      try {
        await orders.update(tenant, order, anonymisedOrder(order, subject.username, now().toISOString()), { stock: [], entries: [], events: [] });
        return true;
      } catch (error) {
        // Staff changed the order meanwhile: read it again.
        if (!(error instanceof StaleWriteError)) throw error;
      }
    }
    throw new StaleWriteError();
  }
  return {
    name: 'orders',
    async export(tenant, subject) {
      return (await ordersOf(orders, tenant, subject.userId)).map(customerView);
    },
    async erase(tenant, subject) {
      let changed = 0;
      for (const order of await ordersOf(orders, tenant, subject.userId)) if (await anonymise(tenant, subject, order.id)) changed++;
      return changed;
    },
  };
}

/**
 * The addresses the customer gave: the platform keeps no address book, so these are the distinct
 * shipping addresses of their orders (erased with the orders).
 */
export function addressDataSource(orders: Pick<OrderRepository, 'listForCustomer'>): CustomerDataSource {
  return {
    name: 'addresses',
    async export(tenant, subject) {
      const seen = new Map<string, Order['shippingAddress']>();
      for (const order of await ordersOf(orders, tenant, subject.userId)) seen.set(JSON.stringify(order.shippingAddress), order.shippingAddress);
      return [...seen.values()];
    },
    erase: async () => 0,
  };
}

export function wishlistDataSource(wishlists: Pick<WishlistRepository, 'list' | 'remove'>): CustomerDataSource {
  return {
    name: 'wishlist',
    export: (tenant, subject) => wishlists.list(tenant, subject.userId),
    async erase(tenant, subject) {
      let removed = 0;
      for (const entry of await wishlists.list(tenant, subject.userId)) if (await wishlists.remove(tenant, subject.userId, entry.variantId)) removed++;
      return removed;
    },
  };
}

export function cartDataSource(carts: Pick<CartRepository, 'get' | 'remove'>): CustomerDataSource {
  const idOf = (subject: DataSubject) => cartIdOf({ kind: 'customer', sub: subject.userId });
  return {
    name: 'cart',
    async export(tenant, subject) {
      const cart = await carts.get(tenant, idOf(subject));
      return cart ? { lines: cart.lines, updatedAt: cart.updatedAt } : null;
    },
    async erase(tenant, subject) {
      const cart = await carts.get(tenant, idOf(subject));
      if (!cart) return 0;
      await carts.remove(tenant, idOf(subject));
      return 1;
    },
  };
}

/**
 * The registry of data sources: each module that keeps something of a customer adds its source
 * here (reviews: `reviewDataSource(...)` exporting the customer's reviews and erasing or
 * anonymising them). The export lists them in this order.
 */
export function customerDataSources(deps: {
  orders: Pick<OrderRepository, 'listForCustomer' | 'get' | 'update'>;
  wishlists: Pick<WishlistRepository, 'list' | 'remove'>;
  carts: Pick<CartRepository, 'get' | 'remove'>;
  now: () => Date;
}): CustomerDataSource[] {
  // Addresses are read from the orders, so they are exported before the orders are anonymised.
  return [addressDataSource(deps.orders), orderDataSource(deps.orders, deps.now), wishlistDataSource(deps.wishlists), cartDataSource(deps.carts)];
}
