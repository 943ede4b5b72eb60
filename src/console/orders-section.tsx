import { ORDER_STATUSES } from '../orders/order';
import { DataTable } from './parts';

/** What the signed-in staff member may do to orders; the API checks the same (src/orders/routes.ts). */
export type OrderPowers = {
  /** Ship units and write notes: admins and clerks. */
  ship: boolean;
  /** Mark delivered, cancel, refund: admins. */
  manage: boolean;
};

/**
 * The console's Orders (admins, clerks, and the read-only `support` role): a list with a status
 * filter and a search by number or email, and an order's page with its lines, address, totals,
 * history and notes. The buttons are rendered only for roles allowed to press them (support sees
 * none); the script (src/web/browser/lib/orders-panel.ts) fills everything from the JSON API and
 * disables each action the order's status does not allow.
 */
export function OrdersSection(props: { powers: OrderPowers }) {
  const { ship, manage } = props.powers;
  return (
    <section id="orders-section" aria-labelledby="orders-title">
      <h3 id="orders-title">Orders</h3>
      <form id="order-filters" class="filters" aria-label="Find orders">
        <label>
          Search orders
          <input type="search" id="order-search" placeholder="Order number or email" autocomplete="off" maxlength={100} />
        </label>
        <label>
          Status
          <select id="order-status">
            <option value="">any</option>
            {ORDER_STATUSES.map((status) => (
              <option>{status}</option>
            ))}
          </select>
        </label>
      </form>
      <DataTable id="orders" columns={['Order', 'Placed', 'Customer', 'Status', 'Payment', 'Total']} />
      <p class="form-actions">
        <span id="orders-count" aria-live="polite"></span>
        <button type="button" id="orders-more" class="secondary-neutral" hidden>
          Load more orders
        </button>
      </p>

      <article id="order-page" class="order-page" hidden aria-labelledby="order-title" aria-busy="false">
        <div class="order-head">
          <h4 id="order-title">Order</h4>
          <span id="order-badges" class="order-badges"></span>
          <button type="button" id="order-close" class="secondary-neutral">
            Back to orders
          </button>
        </div>
        <p id="order-meta" class="hint"></p>
        <div class="order-columns">
          <div class="order-main">
            <DataTable id="order-lines" columns={['Item', 'SKU', 'Ordered', 'Shipped', 'Price', 'Total']} />
            <dl id="order-totals" class="order-totals"></dl>
            {ship ? (
              <form id="ship-form" class="order-action">
                <h5>Ship</h5>
                <p class="hint">Units of each line in this parcel; they leave the shelf when you ship.</p>
                <div id="ship-lines" class="ship-lines"></div>
                <label>
                  Tracking (carrier and number)
                  <input name="tracking" maxlength={200} autocomplete="off" />
                </label>
                <button type="submit" id="ship-button">
                  Ship
                </button>
              </form>
            ) : null}
            {manage ? (
              <div class="order-action" id="order-manage">
                <h5>Change the order</h5>
                <label class="check">
                  <input type="checkbox" id="order-restock" checked /> Put the stock back (for cancelled or returned units)
                </label>
                <p class="buttons">
                  <button type="button" id="order-deliver">
                    Mark delivered
                  </button>
                  <button type="button" id="order-cancel" class="secondary">
                    Cancel order
                  </button>
                  <button type="button" id="order-refund" class="secondary">
                    Refund
                  </button>
                </p>
              </div>
            ) : null}
          </div>
          <aside class="order-side">
            <h5>Customer</h5>
            <p id="order-customer"></p>
            <h5>Ship to</h5>
            <address id="order-address"></address>
            <h5>Shipping</h5>
            <p id="order-shipping"></p>
            <h5>Documents</h5>
            <p id="order-documents"></p>
          </aside>
        </div>
        <h5>History</h5>
        <ol id="order-history" class="order-history"></ol>
        <h5>Notes</h5>
        <ul id="order-notes" class="order-notes"></ul>
        {ship ? (
          <form id="note-form" class="order-action">
            <label>
              Add a note (staff only)
              <textarea name="text" required maxlength={2000} rows={2}></textarea>
            </label>
            <button type="submit">Add note</button>
          </form>
        ) : null}
      </article>
    </section>
  );
}
