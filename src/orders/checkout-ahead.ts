import type { CheckoutDiscounts } from '../discounts/checkout';
import type { Discount } from '../discounts/discount';
import type { DocumentCounterReader } from '../invoices/document';
import type { ReadAhead } from '../shared/read-ahead';
import type { TenantContext } from '../tenants/tenant';

/** The reads placing an order makes besides its products: the store's discounts and its invoice counter. */
export type CheckoutReads = { discounts: readonly Discount[] | undefined; invoiceCounter: number | undefined };

/**
 * What a checkout request read before the order service ran, for its first attempt: the products
 * its caller's re-check fetched (`readAhead`), and the other reads, started while the
 * Idempotency-Key's claim was on its way (`reads`). Either spares the shopper a round trip
 * (docs/benchmarks.md, "Placing an order").
 */
export type CheckoutAhead = { readAhead?: ReadAhead | undefined; reads?: Promise<CheckoutReads> | undefined };

/**
 * Starts the checkout's other reads now, side by side. Nothing here writes, so starting them
 * before the key's claim has answered costs at most a read whose answer a replay leaves unused;
 * that unused answer, or its failure, is dropped rather than left as an unhandled rejection.
 */
export function startCheckoutReads(
  deps: { discounts?: Pick<CheckoutDiscounts, 'repository'> | undefined; documents?: DocumentCounterReader | undefined },
  tenant: TenantContext,
): Promise<CheckoutReads> {
  const reads = Promise.all([deps.discounts?.repository.list(tenant), deps.documents?.current(tenant, 'invoice')]).then(([discounts, invoiceCounter]) => ({
    discounts,
    invoiceCounter,
  }));
  reads.catch(() => undefined);
  return reads;
}
