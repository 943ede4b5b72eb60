import type { Product } from '../catalog/product';
import type { ReadAhead } from '../shared/read-ahead';
import type { TenantContext } from '../tenants/tenant';
import type { StoredCart } from './cart';

/** The cart was written by another request since it was read: read again and redo the change. */
export class CartChangedError extends Error {
  constructor() {
    super('The cart changed since it was read.');
    this.name = 'CartChangedError';
  }
}

/**
 * Carts and the products they name (docs/architecture.md, "Cart and wishlist"). A cart read is
 * `get` then `products` (two round trips); a change reads the cart and the one product it touches
 * together (`getWithProduct`) and saves conditionally on the version read.
 */
export interface CartRepository {
  /** The cart's item as stored, expired or not (the service decides); one GetItem, or none when the caller's re-check read it ahead. */
  get(tenant: TenantContext, cartId: string, readAhead?: ReadAhead): Promise<StoredCart | undefined>;
  /** The cart and one product in one BatchGetItem. */
  getWithProduct(tenant: TenantContext, cartId: string, productId: string): Promise<{ cart: StoredCart | undefined; product: Product | undefined }>;
  /** Products by id in one BatchGetItem (a cart names at most MAX_ORDER_LINES); missing ones are absent. */
  products(tenant: TenantContext, productIds: readonly string[]): Promise<Map<string, Product>>;
  /** Writes the cart if its stored version is still `cart.version` (0: none stored); answers it with the next version. */
  save(tenant: TenantContext, cart: StoredCart): Promise<StoredCart>;
  /** Saves the customer's cart and removes the guest's (both as read) in one transaction. */
  saveMerged(tenant: TenantContext, into: StoredCart, from: StoredCart): Promise<StoredCart>;
  /** Removes the cart (an order was placed from it). */
  remove(tenant: TenantContext, cartId: string): Promise<void>;
}
