import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import type { CustomerOrder } from '../orders/order';
import type { OrderService } from '../orders/service';
import { DomainError } from '../shared/errors';
import { Layout, type PageAssets } from '../storefront/layout';
import { sessionView } from '../storefront/session-view';
import { formBody } from '../http/request';
import { invoiceLinks } from './links';
import { DocumentLookupSchema } from './routes';
import type { InvoiceService } from './service';

/**
 * "Download your invoice" on the confirmation page: a link for a signed-in customer (their
 * `/me/orders/:id/invoice`, which a browser follows to the PDF), a form for a guest that posts
 * the order's number and email to `POST /invoice` (a form cannot be redirected to storage: the
 * pages' `form-action 'self'` forbids it, so that page shows the link instead).
 */
export function InvoiceDownload(props: { order: CustomerOrder; customer: boolean }) {
  const { order } = props;
  if (!order.invoice) return null;
  if (props.customer)
    return (
      <p>
        {invoiceLinks(order, 'customer').map((link) => (
          <a href={link.href} data-testid="invoice-link">
            Download your invoice ({link.number})
          </a>
        ))}
      </p>
    );
  return (
    <form method="post" action="/invoice" class="invoice-download">
      <input type="hidden" name="number" value={order.id} />
      <input type="hidden" name="email" value={order.email} />
      <button type="submit" data-testid="invoice-button">
        Download your invoice ({order.invoice.number})
      </button>
    </form>
  );
}

/** `POST /invoice`: a guest's form (number and email) answered with a page holding a five-minute link. */
export function invoicePage(orders: OrderService, invoices: InvoiceService, assets: PageAssets, idempotent: MiddlewareHandler<TenantEnv>) {
  const frame = async (c: Context<TenantEnv>, body: JSX.Element, status: 200 | 400 = 200) =>
    c.html(
      `<!DOCTYPE html>${await (
        <Layout
          audience="storefront"
          assets={assets}
          signedInAs={sessionView(c, c.get('claims')).email}
          siteName={c.get('tenant').name}
          title="Your invoice"
          noindex
        >
          <section class="invoice-page">
            <h2>Your invoice</h2>
            {body}
          </section>
        </Layout>
      ).toString()}`,
      status,
    );
  return new Hono<TenantEnv>().post('/invoice', everyone, idempotent, async (c) => {
    // A form that does not parse is a problem answer, as every route's; a lookup that finds nothing is this page again.
    const { number, email, document } = await formBody(c, DocumentLookupSchema);
    const tenant = c.get('tenant');
    try {
      const link = await invoices.link(tenant, await orders.lookup(tenant, number, email), document);
      return frame(
        c,
        <p>
          <a href={link.url} data-testid="invoice-download">
            Download {link.number} (PDF)
          </a>{' '}
          — this link works for five minutes; come back here for a new one.
        </p>,
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // Either wrong, or not paid: the same answer, as the lookup's 404.
      return frame(c, <p role="alert">We found no invoice for that order number and email.</p>, 400);
    }
  });
}
