import { describe, expect, it } from 'vitest';
import { documentNumber, type DocumentSeries } from '../../../src/invoices/document';
import { documentLayout } from '../../../src/invoices/layout';
import { numberDocuments } from '../../../src/invoices/numbering';
import type { Order } from '../../../src/orders/order';
import { tenantContext } from '../../../src/tenants/tenant';
import { defaultSettings } from '../../../src/settings/store-settings';

const legal = { name: 'Alpha GmbH', address: 'Hauptstr. 5, 10115 Berlin', vatId: 'DE1', email: 'b@alpha.example' };
const tenant = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active', settings: { ...defaultSettings(), legal } });
const at = '2026-12-07T10:00:00.000Z';

const order = (payment: Order['payment']['status'], more: Partial<Order> = {}): Order => ({
  id: 'ORDER00001',
  status: payment === 'succeeded' ? 'paid' : 'placed',
  email: 'ada@example.com',
  customerId: null,
  shippingAddress: { name: 'Ada', line1: '1 Main St', line2: '', city: 'Berlin', postalCode: '10115', country: 'DE' },
  shippingMethod: { id: 'standard', name: 'Standard', price: 500 },
  lines: [{ productId: 'p', variantId: 'v', sku: 'SKU-1', name: 'Tee', optionValues: ['M'], unitPrice: 1000, quantity: 2, lineTotal: 2000, fulfilled: 0 }],
  totals: { currency: 'EUR', subtotal: 2000, shipping: 500, tax: 500, total: 3000, taxRate: 2000, pricesIncludeTax: false },
  payment: { provider: 'test', id: 'pay_1', status: payment },
  reservedUntil: null,
  notes: [],
  history: [],
  placedAt: at,
  updatedAt: at,
  version: 1,
  ...more,
});

/** A counter reader that records what it was asked. */
const counters = (values: Partial<Record<DocumentSeries, number>>) => {
  const asked: DocumentSeries[] = [];
  const current = async (_: unknown, series: DocumentSeries) => {
    asked.push(series);
    return values[series] ?? 0;
  };
  return { asked, reader: { current } };
};

describe('numberDocuments', () => {
  it('numbers an invoice when the payment has succeeded, claiming the next number over the one read, with the seller as now', async () => {
    const { reader } = counters({ invoice: 41 });
    const numbered = await numberDocuments(tenant, undefined, order('succeeded'), at, reader);
    expect(numbered.counters).toEqual([{ series: 'invoice', previous: 41, next: 42 }]);
    expect(numbered.next.invoice).toEqual({ number: 'INV-000042', issuedAt: at, seller: legal });
    expect(numbered.facts).toEqual({ invoiceNumber: 'INV-000042' });
  });

  it('takes nothing for an unpaid or failed order, or one already invoiced, and reads no counter', async () => {
    const { asked, reader } = counters({});
    for (const status of ['pending', 'failed'] as const) expect((await numberDocuments(tenant, undefined, order(status), at, reader)).counters).toEqual([]);
    const invoiced = order('succeeded', { invoice: { number: 'INV-000001', issuedAt: at, seller: legal } });
    expect(await numberDocuments(tenant, undefined, invoiced, at, reader)).toEqual({ next: invoiced, counters: [], facts: {} });
    // Paid before invoices existed: its next change (a shipment) issues nothing.
    expect((await numberDocuments(tenant, order('succeeded'), order('succeeded', { status: 'fulfilled' }), at, reader)).counters).toEqual([]);
    // Refunded without ever being invoiced (paid after its reservation ended): no credit note.
    expect((await numberDocuments(tenant, undefined, order('refunded'), at, reader)).counters).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('numbers a credit note, in its own series, when an invoiced payment is refunded; only once', async () => {
    const { reader } = counters({ invoice: 9, 'credit-note': 2 });
    const refunded = order('refunded', { invoice: { number: 'INV-000009', issuedAt: at, seller: legal } });
    const numbered = await numberDocuments(tenant, order('succeeded', { invoice: refunded.invoice }), refunded, at, reader);
    expect(numbered.counters).toEqual([{ series: 'credit-note', previous: 2, next: 3 }]);
    expect(numbered.next.creditNote?.number).toBe('CN-000003');
    expect((await numberDocuments(tenant, refunded, numbered.next, at, reader)).counters).toEqual([]);
  });

  it('refuses to pay without counters rather than issue an unnumbered invoice', async () => {
    await expect(numberDocuments(tenant, undefined, order('succeeded'), at, undefined)).rejects.toThrow('document counters');
  });

  it('formats numbers with six digits at least', () => {
    expect(documentNumber('invoice', 1)).toBe('INV-000001');
    expect(documentNumber('credit-note', 1_234_567)).toBe('CN-1234567');
  });
});

describe('documentLayout', () => {
  const invoiced = order('refunded', {
    invoice: { number: 'INV-000007', issuedAt: at, seller: legal },
    creditNote: { number: 'CN-000001', issuedAt: '2026-12-09T08:00:00.000Z', seller: legal },
  });

  it('prints the stored lines and totals, tax added for exclusive prices', () => {
    const layout = documentLayout(invoiced, 'invoice');
    expect(layout.title).toBe('Invoice');
    expect(layout.facts).toEqual([
      { label: 'Date', value: '2026-12-07' },
      { label: 'Order', value: 'ORDER00001' },
    ]);
    expect(layout.lines).toEqual([{ name: 'Tee', variant: 'M · SKU-1', quantity: '2', unitPrice: '10.00', lineTotal: '20.00' }]);
    expect(layout.totals).toEqual([
      { label: 'Subtotal', amount: '20.00' },
      { label: 'Shipping (Standard)', amount: '5.00' },
      { label: 'Tax (20 %)', amount: '5.00' },
      { label: 'Total', amount: '30.00' },
    ]);
    expect(layout.notes[0]).toBe('Tax is added to the prices shown.');
    expect(layout.seller).toEqual(['Alpha GmbH', 'Hauptstr. 5', '10115 Berlin', 'VAT ID DE1', 'b@alpha.example']);
  });

  it('a credit note negates every amount and names the invoice; a discount on the totals is printed', () => {
    const layout = documentLayout({ ...invoiced, totals: { ...invoiced.totals, discount: 300 } as Order['totals'] }, 'credit-note');
    expect(layout.title).toBe('Credit note');
    expect(layout.facts).toContainEqual({ label: 'Cancels invoice', value: 'INV-000007' });
    expect(layout.facts[0]).toEqual({ label: 'Date', value: '2026-12-09' });
    expect(layout.lines[0]).toMatchObject({ unitPrice: '-10.00', lineTotal: '-20.00' });
    expect(layout.totals).toContainEqual({ label: 'Discount', amount: '3.00' });
    expect(layout.totals.at(-1)).toEqual({ label: 'Total', amount: '-30.00' });
  });

  it('refuses a document the order does not have', () => {
    expect(() => documentLayout(order('succeeded'), 'invoice')).toThrow('has no invoice');
  });
});
