import { BadRequestError } from '../shared/errors';
import type { OrderRepository } from '../orders/repository';
import type { OrderService } from '../orders/service';
import type { TenantRegistry } from '../tenants/registry';
import { tenantContext } from '../tenants/tenant';
import { verifyWebhook } from './webhook-signature';

export type WebhookOutcome = 'applied' | 'unknown-payment';

/**
 * The payment provider's webhook (docs/payments.md). It arrives on the platform's host with no
 * store: the signature proves who sent it, the `PLATFORM#PAYMENT#<id>` pointer written with the
 * order says whose payment it is (never the body), the registry mints the store's context.
 * Idempotent: a notice applied twice leaves the order as the first left it.
 */
export function createPaymentWebhook(deps: {
  secret: string;
  orders: Pick<OrderRepository, 'paymentOwner'>;
  registry: Pick<TenantRegistry, 'get'>;
  service: Pick<OrderService, 'settle'>;
  now?: () => Date;
}) {
  return async function receive(body: string, signature: string | undefined): Promise<WebhookOutcome> {
    const notice = verifyWebhook(deps.secret, body, signature, deps.now?.());
    if (!notice) throw new BadRequestError('The webhook’s signature is missing, stale or wrong.');
    const owner = await deps.orders.paymentOwner(notice.paymentId);
    const store = owner && (await deps.registry.get(owner.tenantId));
    // Acknowledged all the same: a provider retries what it is not told was received.
    if (!owner || !store) return 'unknown-payment';
    await deps.service.settle(tenantContext(store), owner.orderId, notice);
    return 'applied';
  };
}

export type PaymentWebhook = ReturnType<typeof createPaymentWebhook>;
