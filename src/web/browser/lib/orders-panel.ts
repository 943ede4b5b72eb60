/**
 * The console's Orders (src/console/orders-section.tsx): the list with its status filter and
 * search, and an order's page with its actions. Every load takes a ticket and an answer whose
 * ticket is no longer the latest is dropped, so a slow answer never replaces what the user asked
 * for since; while an order loads or an action runs, its controls are disabled. Which actions an
 * order's status allows comes from the table the service enforces (src/orders/transitions.ts).
 */
import { allows, type OrderAction } from '../../../orders/transitions';
import type { OrderStatus } from '../../../orders/order';
import { $, closest, el, fill, fillRows } from './dom';
import { formatMoney } from './money';

type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;
type Line = {
  productId: string;
  variantId: string;
  sku: string;
  name: string;
  optionValues: string[];
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  fulfilled: number;
};
type Totals = {
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  taxRate: number;
  pricesIncludeTax: boolean;
  discount?: number;
};
type IssuedDocument = { number: string };
type Address = { name: string; line1: string; line2?: string; city: string; postalCode: string; country: string };
export type ConsoleOrder = {
  id: string;
  status: OrderStatus;
  email: string;
  customerId: string | null;
  shippingAddress: Address;
  shippingMethod: { id: string; name: string; price: number };
  lines: Line[];
  totals: Totals;
  payment: { provider: string; id: string; status: string };
  reservedUntil: string | null;
  notes: { at: string; by: string; text: string }[];
  history: { at: string; by: string; status: OrderStatus; note?: string }[];
  placedAt: string;
  updatedAt: string;
  invoice?: IssuedDocument;
  creditNote?: IssuedDocument;
};
type Page = { items: ConsoleOrder[]; nextCursor: string | null };

const PAGE_SIZE = 50;
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const lineName = (l: Line) => (l.optionValues.length ? `${l.name} (${l.optionValues.join(' / ')})` : l.name);
const badge = (text: string, kind: string) => el('span', { class: `order-badge ${kind}`, 'data-testid': kind }, text);

/** The buttons exist only for the roles allowed to press them (src/console/orders-section.tsx): support has none. */
export function wireOrders(api: Api, say: (text: string) => void, fail: (error: unknown) => void) {
  const table = $('#orders');
  const search = $<HTMLInputElement>('#order-search');
  const statusFilter = $<HTMLSelectElement>('#order-status');
  const more = $<HTMLButtonElement>('#orders-more');
  const orderPage = $('#order-page');
  let orders: ConsoleOrder[] = [];
  let cursor: string | null = null;
  let listTicket = 0;

  const money = (amount: number, currency: string) => formatMoney({ amount, currency });

  function orderRow(o: ConsoleOrder) {
    return el(
      'tr',
      { 'data-order': o.id },
      el('td', {}, el('button', { type: 'button', class: 'order-open link', 'aria-label': `Open order ${o.id}` }, o.id)),
      el('td', {}, when(o.placedAt)),
      el('td', {}, o.email),
      el('td', {}, badge(o.status, 'status')),
      el('td', {}, badge(o.payment.status, 'payment')),
      el('td', { class: 'amount' }, money(o.totals.total, o.totals.currency)),
    );
  }

  function renderList() {
    fillRows(table, orders.length ? orders.map(orderRow) : [el('tr', {}, el('td', { colspan: 6 }, 'No orders.'))]);
    $('#orders-count').textContent = `${orders.length} order(s)${cursor ? '; more below' : ''}.`;
    more.hidden = !cursor;
  }

  const query = (after: string | null) => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (statusFilter.value) params.set('status', statusFilter.value);
    const q = search.value.trim();
    if (q) params.set('q', q);
    if (after) params.set('cursor', after);
    return `/admin/orders?${params}`;
  };

  /** The list from its first page, as the filters now say. */
  const loadList = () => {
    const mine = ++listTicket;
    more.disabled = true;
    return api<Page>('GET', query(null))
      .then((page) => {
        if (mine !== listTicket) return;
        orders = page.items;
        cursor = page.nextCursor;
        renderList();
      })
      .catch(fail)
      .finally(() => {
        if (mine === listTicket) more.disabled = false;
      });
  };

  $<HTMLFormElement>('#order-filters').addEventListener('submit', (event) => event.preventDefault());
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void loadList(), 250);
  });
  statusFilter.addEventListener('change', () => void loadList());
  more.addEventListener('click', () => {
    if (!cursor) return;
    const mine = ++listTicket;
    more.disabled = true;
    api<Page>('GET', query(cursor))
      .then((page) => {
        if (mine !== listTicket) return;
        orders = [...orders, ...page.items];
        cursor = page.nextCursor;
        renderList();
      })
      .catch(fail)
      .finally(() => {
        if (mine === listTicket) more.disabled = false;
      });
  });

  // --- The order's page -------------------------------------------------------------------------
  let current: ConsoleOrder | undefined;
  let orderTicket = 0;
  let busy = false;
  const shipForm = document.querySelector<HTMLFormElement>('#ship-form');
  const noteForm = document.querySelector<HTMLFormElement>('#note-form');
  const deliverButton = document.querySelector<HTMLButtonElement>('#order-deliver');
  const cancelButton = document.querySelector<HTMLButtonElement>('#order-cancel');
  const refundButton = document.querySelector<HTMLButtonElement>('#order-refund');
  const actionButtons: [OrderAction, HTMLButtonElement | null][] = [
    ['deliver', deliverButton],
    ['cancel', cancelButton],
    ['refund', refundButton],
  ];
  const restock = document.querySelector<HTMLInputElement>('#order-restock');

  /** Every control of the order's page on or off: off while it loads or changes, then as its status allows. */
  function setControls() {
    const status = current?.status;
    const left = current ? current.lines.some((l) => l.fulfilled < l.quantity) : false;
    for (const [action, button] of actionButtons) if (button) button.disabled = busy || !status || !allows(status, action);
    if (restock) restock.disabled = busy || !status || !(allows(status, 'cancel') || allows(status, 'refund'));
    if (shipForm) for (const control of shipForm.elements) (control as HTMLInputElement).disabled = busy || !status || !allows(status, 'ship') || !left;
    if (noteForm) for (const control of noteForm.elements) (control as HTMLInputElement).disabled = busy || !current;
    orderPage.setAttribute('aria-busy', String(busy));
  }

  function renderOrder(o: ConsoleOrder) {
    current = o;
    const { currency } = o.totals;
    $('#order-title').textContent = `Order ${o.id}`;
    fill($('#order-badges'), badge(o.status, 'status'), ' ', badge(`payment ${o.payment.status}`, 'payment'));
    $('#order-meta').textContent =
      `Placed ${when(o.placedAt)}, last changed ${when(o.updatedAt)}${o.reservedUntil ? `; stock held until ${when(o.reservedUntil)} unless paid` : ''}.`;
    fillRows(
      $('#order-lines'),
      o.lines.map((l) =>
        el(
          'tr',
          { 'data-variant': l.variantId },
          el('td', {}, lineName(l)),
          el('td', {}, l.sku),
          el('td', { 'data-testid': 'ordered' }, l.quantity),
          el('td', { 'data-testid': 'shipped' }, `${l.fulfilled} of ${l.quantity}`),
          el('td', { class: 'amount' }, money(l.unitPrice, currency)),
          el('td', { class: 'amount' }, money(l.lineTotal, currency)),
        ),
      ),
    );
    const t = o.totals;
    const rows: [string, string][] = [
      ['Subtotal', money(t.subtotal, currency)],
      ...(t.discount ? [['Discounts', `−${money(t.discount, currency)}`] as [string, string]] : []),
      [`Shipping (${o.shippingMethod.name})`, money(t.shipping, currency)],
      [`Tax ${t.taxRate / 100} %${t.pricesIncludeTax ? ' (included)' : ''}`, money(t.tax, currency)],
      ['Total', money(t.total, currency)],
    ];
    fill($('#order-totals'), ...rows.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
    fill($('#order-customer'), el('a', { href: `mailto:${o.email}` }, o.email), o.customerId ? ' (customer account)' : ' (guest)');
    const a = o.shippingAddress;
    fill($('#order-address'), a.name, el('br'), a.line1, el('br'), ...(a.line2 ? [a.line2, el('br')] : []), `${a.postalCode} ${a.city}`, el('br'), a.country);
    $('#order-shipping').textContent = `${o.shippingMethod.name}, ${money(o.shippingMethod.price, currency)}`;
    // The invoice and credit note as the API hands them out: a short-lived link, fetched when asked for.
    const documents = [
      ...(o.invoice ? [{ label: `Invoice ${o.invoice.number}`, query: '' }] : []),
      ...(o.creditNote ? [{ label: `Credit note ${o.creditNote.number}`, query: '?document=credit-note' }] : []),
    ];
    fill(
      $('#order-documents'),
      ...(documents.length
        ? documents.map((d) => el('button', { type: 'button', class: 'secondary-neutral order-document', 'data-query': d.query }, d.label))
        : ['None yet: an invoice is issued once the order is paid.']),
    );
    fill(
      $('#order-history'),
      ...o.history.map((h) => el('li', {}, el('time', { datetime: h.at }, when(h.at)), ` ${h.status} by ${h.by}`, h.note ? ` (${h.note})` : null)),
    );
    fill(
      $('#order-notes'),
      ...(o.notes.length
        ? o.notes.map((n) => el('li', {}, el('time', { datetime: n.at }, when(n.at)), ` ${n.by}: `, n.text))
        : [el('li', { class: 'hint' }, 'No notes yet.')]),
    );
    if (shipForm) {
      const open = o.lines.filter((l) => l.fulfilled < l.quantity);
      fill(
        $('#ship-lines', shipForm),
        ...(open.length
          ? open.map((l) =>
              el(
                'label',
                {},
                `${lineName(l)}: ${l.quantity - l.fulfilled} left`,
                el('input', { type: 'number', min: 0, max: l.quantity - l.fulfilled, step: 1, value: l.quantity - l.fulfilled, 'data-variant': l.variantId }),
              ),
            )
          : [el('p', { class: 'hint' }, 'Everything has shipped.')]),
      );
    }
    setControls();
  }

  /** Opens an order's page; a later open (or a close) drops this one's answer. */
  function open(orderId: string) {
    const mine = ++orderTicket;
    current = undefined;
    busy = true;
    orderPage.hidden = false;
    $('#order-title').textContent = `Order ${orderId}`;
    setControls();
    return api<ConsoleOrder>('GET', `/admin/orders/${encodeURIComponent(orderId)}`)
      .then((order) => {
        if (mine !== orderTicket) return;
        busy = false;
        renderOrder(order);
        $('#order-title').focus();
      })
      .catch((error: unknown) => {
        if (mine !== orderTicket) return;
        busy = false;
        setControls();
        fail(error);
      });
  }

  /** One change of the open order; its answer (the order after it) is shown unless another order was opened meanwhile. */
  function change(path: string, body: unknown, done: (o: ConsoleOrder) => string) {
    if (!current || busy) return;
    const mine = orderTicket;
    busy = true;
    setControls();
    api<ConsoleOrder>('POST', `/admin/orders/${encodeURIComponent(current.id)}/${path}`, body)
      .then((order) => {
        // The list shows the change whether or not this order is still the one open.
        void loadList();
        if (mine !== orderTicket) return;
        busy = false;
        renderOrder(order);
        say(done(order));
      })
      .catch((error: unknown) => {
        if (mine !== orderTicket) return;
        busy = false;
        setControls();
        fail(error);
      });
  }

  table.addEventListener('click', (event) => {
    const row = closest<HTMLTableRowElement>(closest(event.target, 'button.order-open'), 'tr[data-order]');
    if (row?.dataset.order) void open(row.dataset.order);
  });
  // A document's link lives five minutes: asked for on the click, then opened.
  $('#order-documents').addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button.order-document');
    if (!button || !current) return;
    button.disabled = true;
    api<{ url: string }>('GET', `/admin/orders/${current.id}/invoice${button.dataset.query ?? ''}`)
      .then((link) => window.location.assign(link.url))
      .catch(fail)
      .finally(() => {
        button.disabled = false;
      });
  });
  $('#order-title').setAttribute('tabindex', '-1');
  $('#order-close').addEventListener('click', () => {
    orderTicket++;
    current = undefined;
    busy = false;
    orderPage.hidden = true;
    search.focus();
  });

  shipForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    const lines = Array.from(shipForm.querySelectorAll<HTMLInputElement>('input[data-variant]'))
      .map((input) => ({ variantId: input.dataset.variant ?? '', quantity: Number(input.value) }))
      .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);
    if (lines.length === 0) return say('Choose how many units to ship.');
    const tracking = (shipForm.elements.namedItem('tracking') as HTMLInputElement).value.trim();
    change('fulfilments', { lines, ...(tracking ? { tracking } : {}) }, (o) => `Order ${o.id}: shipped; now ${o.status}.`);
  });
  noteForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = noteForm.elements.namedItem('text') as HTMLTextAreaElement;
    change('notes', { text: text.value }, (o) => {
      text.value = '';
      return `Order ${o.id}: note added.`;
    });
  });
  const restocking = () => restock?.checked ?? false;
  deliverButton?.addEventListener('click', () => change('deliver', undefined, (o) => `Order ${o.id}: delivered.`));
  cancelButton?.addEventListener('click', () => {
    if (current && confirm(`Cancel order ${current.id}?${restocking() ? ' Its unshipped units go back on sale.' : ' Its unshipped units are written off.'}`))
      change('cancel', { restock: restocking() }, (o) => `Order ${o.id}: cancelled.`);
  });
  refundButton?.addEventListener('click', () => {
    if (current && confirm(`Refund order ${current.id} in full?${restocking() ? ' Its units go back on sale.' : ''}`))
      change('refund', { restock: restocking() }, (o) => `Order ${o.id}: refunded.`);
  });

  void loadList();
  return { refresh: loadList, open };
}
