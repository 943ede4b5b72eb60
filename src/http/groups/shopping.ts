/**
 * The shopping route group (docs/architecture.md, "Lazy route groups"): cart, wishlist, checkout,
 * orders, invoices, discounts, customers' own data, reviews. Each function has the name and arguments of
 * the route file it stands for and registers that file's routes at start-up, each with what runs
 * before its handler (guard, read-ahead marks, Idempotency-Key, middleware); the route file itself
 * loads with the group's first request (`lazyRouteGroup`). A route added to one of those files
 * gets its line here, with the same guard, or the group refuses to load.
 */
import type { MiddlewareHandler } from 'hono';
import type { DiscountService } from '../../discounts/service';
import type { InvoiceService } from '../../invoices/service';
import { checkoutProducts, startReads } from '../../orders/checkout-marks';
import type { OrderService } from '../../orders/service';
import type { PaymentWebhook } from '../../payments/webhook';
import type { PrivacyService } from '../../privacy/service';
import type { RatingSummary } from '../../catalog/rating';
import type { ReviewService } from '../../reviews/service';
import type { TenantContext } from '../../tenants/tenant';
import { callerCart, mergeGuestCart, personal } from '../../shopping/cart-middleware';
import type { cartRoutes as cartRouteFile } from '../../shopping/cart-routes';
import type { CartService } from '../../shopping/cart-service';
import type { wishlistRoutes as wishlistRouteFile } from '../../shopping/wishlist-routes';
import type { WishlistService } from '../../shopping/wishlist-service';
import type { PageAssets } from '../../storefront/layout';
import type { AppEnv, TenantEnv } from '../env';
import { lazyRouteGroup } from '../lazy-handler';
import { allow, everyone } from '../middleware/access';

type Idempotent = MiddlewareHandler<TenantEnv>;
const MEMBERS = ['customer', 'clerk', 'admin'] as const;

export function cartRoutes(carts: CartService, options: Parameters<typeof cartRouteFile>[1]) {
  const merge = mergeGuestCart(carts);
  return lazyRouteGroup<TenantEnv>('cart', async () => (await import('../../shopping/cart-routes')).cartRoutes(carts, options))
    .get('/cart/summary', everyone, callerCart, personal, merge)
    .get('/cart/lines', everyone, callerCart, personal, merge)
    .post('/cart/lines', everyone, options.idempotent, personal, merge)
    .put('/cart/lines/:variantId', everyone, personal, merge)
    .delete('/cart/lines/:variantId', everyone, personal, merge)
    .get('/cart', everyone, callerCart, personal, merge)
    .post('/cart', everyone, options.idempotent, personal, merge).routes;
}

export function wishlistRoutes(wishlist: WishlistService, options: Parameters<typeof wishlistRouteFile>[1]) {
  return lazyRouteGroup<TenantEnv>('wishlist', async () => (await import('../../shopping/wishlist-routes')).wishlistRoutes(wishlist, options))
    .get('/wishlist/items', allow(...MEMBERS), personal)
    .put('/wishlist/items/:variantId', allow(...MEMBERS), personal)
    .delete('/wishlist/items/:variantId', allow(...MEMBERS), personal)
    .post('/wishlist/items/:variantId/cart', allow(...MEMBERS), options.idempotent, personal)
    .get('/wishlist', everyone, personal)
    .post('/wishlist', allow(...MEMBERS), options.idempotent, personal).routes;
}

export function orderRoutes(orders: OrderService, idempotent: Idempotent, anonymous: Idempotent, carts: Pick<CartService, 'cartLines' | 'clearCart'>) {
  const readers = allow('admin', 'clerk', 'support');
  return lazyRouteGroup<TenantEnv>('orders', async () => (await import('../../orders/routes')).orderRoutes(orders, idempotent, anonymous, carts))
    .post('/checkout/quote', everyone, anonymous)
    .post('/checkout/orders', everyone, checkoutProducts, startReads(orders), anonymous)
    .post('/orders/lookup', everyone, anonymous)
    .get('/me/orders', allow('customer'))
    .get('/me/orders/:orderId', allow('customer'))
    .get('/admin/orders', readers)
    .get('/admin/orders/:orderId', readers)
    .post('/admin/orders/:orderId/fulfilments', allow('admin', 'clerk'), idempotent)
    .post('/admin/orders/:orderId/deliver', allow('admin'), idempotent)
    .post('/admin/orders/:orderId/cancel', allow('admin'), idempotent)
    .post('/admin/orders/:orderId/refund', allow('admin'), idempotent)
    .post('/admin/orders/:orderId/notes', allow('admin', 'clerk'), idempotent).routes;
}

export function checkoutPages(orders: OrderService, assets: PageAssets, idempotent: Idempotent, carts: Pick<CartService, 'cartLines' | 'clearCart'>) {
  return lazyRouteGroup<TenantEnv>('checkout pages', async () =>
    (await import('../../storefront/checkout-pages')).checkoutPages(orders, assets, idempotent, carts),
  )
    .get('/checkout', everyone)
    .post('/checkout', everyone, idempotent)
    .get('/account/orders', everyone).routes;
}

export function invoiceRoutes(orders: OrderService, invoices: InvoiceService, idempotent: Idempotent) {
  return lazyRouteGroup<TenantEnv>('invoices', async () => (await import('../../invoices/routes')).invoiceRoutes(orders, invoices, idempotent))
    .get('/me/orders/:orderId/invoice', allow('customer'))
    .get('/admin/orders/:orderId/invoice', allow('admin', 'clerk', 'support'))
    .post('/orders/lookup/invoice', everyone, idempotent).routes;
}

export function invoicePage(orders: OrderService, invoices: InvoiceService, assets: PageAssets, idempotent: Idempotent) {
  return lazyRouteGroup<TenantEnv>('invoice page', async () =>
    (await import('../../invoices/invoice-page')).invoicePage(orders, invoices, assets, idempotent),
  ).post('/invoice', everyone, idempotent).routes;
}

export function discountRoutes(discounts: DiscountService, idempotent: Idempotent) {
  const readers = allow('admin', 'clerk', 'support');
  return lazyRouteGroup<TenantEnv>('discounts', async () => (await import('../../discounts/routes')).discountRoutes(discounts, idempotent))
    .get('/admin/discounts', readers)
    .post('/admin/discounts', allow('admin'), idempotent)
    .get('/admin/discounts/:discountId', readers)
    .put('/admin/discounts/:discountId', allow('admin'))
    .delete('/admin/discounts/:discountId', allow('admin')).routes;
}

export function privacyRoutes(privacy: PrivacyService, idempotent: Idempotent) {
  return lazyRouteGroup<TenantEnv>('privacy', async () => (await import('../../privacy/routes')).privacyRoutes(privacy, idempotent))
    .get('/me/data', allow('customer'))
    .post('/me/delete', allow('customer'), idempotent).routes;
}

export function orderLookupPage(orders: Pick<OrderService, 'lookup'>, assets: PageAssets, idempotent: Idempotent) {
  return lazyRouteGroup<TenantEnv>('order status page', async () =>
    (await import('../../storefront/order-lookup-page')).orderLookupPage(orders, assets, idempotent),
  )
    .get('/order-status', everyone)
    .post('/order-status', everyone, idempotent).routes;
}

export function paymentWebhookRoutes(receive: PaymentWebhook, idempotent: MiddlewareHandler<AppEnv>) {
  return lazyRouteGroup<AppEnv>('payment webhook', async () => (await import('../../orders/routes')).paymentWebhookRoutes(receive, idempotent)).post(
    '/platform/payments/webhook',
    everyone,
    idempotent,
  ).routes;
}

export function reviewRoutes(reviews: ReviewService, rating: (tenant: TenantContext, productId: string) => Promise<RatingSummary>) {
  return lazyRouteGroup<TenantEnv>('reviews', async () => (await import('../../reviews/routes')).reviewRoutes(reviews, rating))
    .get('/products/:id/reviews', everyone)
    .get('/products/:id/review', allow('customer'))
    .put('/products/:id/review', allow('customer'))
    .delete('/products/:id/review', allow('customer'))
    .put('/products/:id/reviews/:reviewId/report', allow('customer'))
    .get('/admin/reviews', allow('admin'))
    .put('/admin/reviews/:reviewId/status', allow('admin'))
    .delete('/admin/reviews/:reviewId', allow('admin')).routes;
}
