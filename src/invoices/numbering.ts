import type { Order } from '../orders/order';
import type { TenantContext } from '../tenants/tenant';
import { documentNumber, type DocumentCounterClaim, type DocumentCounterReader, type DocumentSeries } from './document';

export type NumberedChange = {
  /** The order with any document it now has (its number, date and seller). */
  next: Order;
  /** The counter writes that must commit in the same transaction as `next`. */
  counters: DocumentCounterClaim[];
  /** Facts for the transition's event: the numbers taken now. */
  facts: { invoiceNumber?: string; creditNoteNumber?: string };
};

/**
 * The documents a change of an order issues, numbered: an invoice when its payment has just
 * succeeded, a credit note when an invoiced payment has just been refunded (`previous` is the
 * order as read, undefined for a new one: only that change issues, so an order paid before
 * invoices existed is not numbered by its next shipment). The numbers are read
 * here and claimed by the caller's transaction (conditioned on the counter still being what was
 * read), so an order is paid if and only if its number is taken: no gap, no duplicate, and a
 * failed PDF render is retried under the number already on the order.
 */
export async function numberDocuments(
  tenant: TenantContext,
  previous: Order | undefined,
  next: Order,
  at: string,
  counters: DocumentCounterReader | undefined,
): Promise<NumberedChange> {
  const wanted: DocumentSeries[] = [];
  const became = (status: Order['payment']['status']) => next.payment.status === status && previous?.payment.status !== status;
  if (became('succeeded') && !next.invoice) wanted.push('invoice');
  if (became('refunded') && next.invoice && !next.creditNote) wanted.push('credit-note');
  if (wanted.length === 0) return { next, counters: [], facts: {} };
  if (!counters) throw new Error('issuing an invoice or credit note needs the store’s document counters');
  let numbered = next;
  const claims: DocumentCounterClaim[] = [];
  const facts: NumberedChange['facts'] = {};
  for (const series of wanted) {
    const previous = await counters.current(tenant, series);
    const claim = { series, previous, next: previous + 1 };
    const document = { number: documentNumber(series, claim.next), issuedAt: at, seller: { ...tenant.settings.legal } };
    claims.push(claim);
    if (series === 'invoice') {
      numbered = { ...numbered, invoice: document };
      facts.invoiceNumber = document.number;
    } else {
      numbered = { ...numbered, creditNote: document };
      facts.creditNoteNumber = document.number;
    }
  }
  return { next: numbered, counters: claims, facts };
}
