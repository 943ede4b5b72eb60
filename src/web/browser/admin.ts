/**
 * The store console at `/admin`. The server renders who is signed in (from the session cookie's
 * verified claims) and which sections their roles may see; this drives the JSON API from there.
 * What it shows follows those roles; the API enforces them regardless.
 */
import { call, createApi } from './lib/api';
import { $, closest, el, field, fill, fillRows, say } from './lib/dom';
import { formatMoney, minorUnits, toMinor } from './lib/money';
import { needsEnrolment, offerEnrolment } from './lib/mfa-enrolment';
import { resumeSession, signOut } from './lib/session';
import { wirePasswordReset } from './lib/password-reset';
import { wireSignInForm } from './lib/sign-in-form';
import { wireSettingsForm } from './lib/settings-form';
import { wireGettingStarted } from './lib/getting-started';
import { wirePlanAndUsage } from './lib/plan-usage';
import { wireCustomDomains } from './lib/custom-domains';
import { wireDangerZone } from './lib/danger-zone';
import { wireDiscounts } from './lib/discounts-panel';
import { wireCatalogTransfer } from './lib/catalog-transfer';
import { wirePriceSchedule } from './lib/price-schedule';
import { wireCustomerGroups } from './lib/customer-groups';
import { wireReviews } from './lib/reviews-panel';
import { wireGroupings } from './lib/groupings-panel';
import { wireProductEditor } from './lib/product-editor';
import { uploadImage } from './lib/image-upload';
import { wireOrders } from './lib/orders-panel';

type Money = { amount: number; currency: string };
type Variant = {
  id: string;
  sku: string;
  optionValues: string[];
  price: Money;
  onHand: number;
  available: number;
  lowStockThreshold: number | null;
  active: boolean;
};
type Product = {
  id: string;
  name: string;
  status: string;
  options: { name: string; values: string[] }[];
  variants: Variant[];
  images?: { id: string; url: string }[];
};
/** One line of the inventory table: a variant of a product (a product without options has one). */
type Line = { product: Product; variant: Variant };
type Page<T> = { items: T[]; nextCursor: string | null };
type Adjustment = { previous: number; current: number };
type HistoryEntry = { occurredAt: string; delta: number; reason: string; previous: number; current: number; actor: string };
type User = { userId: string; name: string; email: string; role: string };

const SESSION = '/auth/session';
const api = createApi(SESSION);
const REASONS = ['restock', 'sale', 'return', 'correction'];
const ROLES = ['customer', 'clerk', 'support', 'admin'];
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** An admin without an authenticator app is refused by the API until they enrol one: offer it. */
const fail = (error: unknown) => (needsEnrolment(error) ? offerEnrolment(SESSION, say) : say(message(error)));

const workspace = $('#workspace');
const handoff = /^#handoff=([A-Za-z0-9_-]{43})$/.exec(location.hash)?.[1];
if (handoff) void redeemHandoff(handoff);
else if (workspace.hidden) setUpSignIn();
else setUpWorkspace((workspace.dataset.roles ?? '').split(' '));

/**
 * A new owner arrives from the sign-up with a one-time sign-in in the URL's fragment: traded here
 * for the session's cookies, the fragment dropped (history and bookmarks never keep it), and the
 * page loaded again signed in. Used or expired, they sign in with their email and password.
 */
async function redeemHandoff(code: string) {
  history.replaceState(null, '', location.pathname + location.search);
  try {
    await call('POST', `${SESSION}/handoff`, { code });
    location.reload();
  } catch (error) {
    say(`${message(error)}`);
    if (workspace.hidden) setUpSignIn();
    else setUpWorkspace((workspace.dataset.roles ?? '').split(' '));
  }
}

function setUpSignIn() {
  void resumeSession(SESSION, $('#signin'));
  const form = $<HTMLFormElement>('#signin-form');
  wireSignInForm(form, { base: SESSION, say, onSignedIn: () => location.reload() });
  wirePasswordReset({ signIn: form, signInForm: form });
}

function setUpWorkspace(roles: string[]) {
  const isAdmin = roles.includes('admin');
  // The read-only support role sees the orders only (the API lets it read no products).
  const seesInventory = isAdmin || roles.includes('clerk');
  let products: Product[] = [];

  $('#sign-out').addEventListener('click', () => {
    signOut(SESSION)
      .catch(() => undefined)
      .then(() => location.reload());
  });

  const lowStock = (v: Variant) => v.available <= 0 || (v.lowStockThreshold != null && v.available <= v.lowStockThreshold);
  const single = (p: Product) => p.options.length === 0 && p.variants.length === 1;
  const lineName = ({ product, variant }: Line) => (variant.optionValues.length ? `${product.name} (${variant.optionValues.join(' / ')})` : product.name);

  function productRow(line: Line) {
    const { product: p, variant } = line;
    const first = p.variants[0]?.id === variant.id;
    const deltaId = `d-${p.id}-${variant.id}`;
    const adjust = el(
      'form',
      { class: 'adjust' },
      el('label', { class: 'visually-hidden', for: deltaId }, 'Change by'),
      el('input', {
        id: deltaId,
        name: 'delta',
        type: 'number',
        step: 1,
        required: true,
        class: 'delta',
        'aria-label': `Change stock of ${lineName(line)} by`,
      }),
      el('select', { name: 'reason', 'aria-label': 'Reason' }, ...REASONS.map((r) => el('option', {}, r))),
      el('button', {}, 'Adjust'),
    );
    const buttons = el('div', { class: 'buttons' }, el('button', { type: 'button', class: 'history' }, 'History'));
    // The product's own actions on its first variant's line only.
    if (isAdmin && first) {
      const count = (p.images ?? []).length;
      buttons.append(
        el('button', { type: 'button', class: 'open', 'aria-label': `Open ${p.name}` }, 'Open'),
        el('button', { type: 'button', class: 'edit' }, 'Edit'),
        el('button', { type: 'button', class: 'delete secondary' }, 'Delete'),
        // A button-looking label: the file input inside stays the control (keyboard, screen readers, tests).
        el(
          'label',
          { class: 'upload' },
          'Add image',
          el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp', 'aria-label': `Upload an image for ${p.name}` }),
        ),
        el('span', { class: 'images' }, `${count} image(s)`),
      );
    }
    const actions = el('td', {}, el('div', { class: 'actions' }, adjust, buttons));
    return el(
      'tr',
      { 'data-id': p.id, 'data-variant': variant.id },
      el('td', {}, lineName(line), lowStock(variant) ? ' ' : null, lowStock(variant) ? el('strong', { class: 'badge' }, 'low') : null),
      el('td', {}, variant.sku),
      el('td', {}, variant.active ? p.status : `${p.status} (variant off)`),
      el('td', {}, formatMoney(variant.price)),
      el('td', { 'data-testid': 'stock' }, variant.available),
      actions,
    );
  }

  /** Sorting and the status filter work on the products read so far ("Load more" reads the next page). */
  const price = (p: Product) => Math.min(...p.variants.map((v) => v.price.amount));
  const SORTS: Record<string, (a: Product, b: Product) => number> = {
    newest: () => 0,
    name: (a, b) => a.name.localeCompare(b.name),
    price: (a, b) => price(a) - price(b),
    'price-desc': (a, b) => price(b) - price(a),
  };

  function renderProducts() {
    const onlyLow = $<HTMLInputElement>('#low-only').checked;
    const status = $<HTMLSelectElement>('#status-filter').value;
    const sorted = products.filter((p) => !status || p.status === status).sort(SORTS[$<HTMLSelectElement>('#sort-by').value] ?? SORTS.newest);
    const lines = sorted.flatMap((product) => product.variants.map((variant) => ({ product, variant })));
    const rows = lines.filter((line) => !onlyLow || lowStock(line.variant)).map(productRow);
    fillRows($('#inventory'), rows.length ? rows : [el('tr', {}, el('td', { colspan: 6 }, 'No products.'))]);
    $('#list-count').textContent = searching
      ? `${sorted.length} of ${matches} product(s) matching “${searching}”${matches > products.length ? ' (the best first)' : ''}.`
      : `${sorted.length} of ${products.length} product(s) read${cursor ? '; more in the store' : ''}.`;
    $('#load-more').hidden = !cursor;
  }

  // Pages of the API's listing (newest first); a reload reads as many pages as were shown.
  const PAGE_SIZE = 100;
  let cursor: string | null = null;
  let pages = 1;
  const readPages = async (count: number) => {
    const read: Product[] = [];
    let next: string | null = null;
    for (let n = 0; n < count; n++) {
      const page: Page<Product> = await api<Page<Product>>('GET', `/admin/products?limit=${PAGE_SIZE}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
      read.push(...page.items);
      next = page.nextCursor;
      if (!next) break;
    }
    return { read, next };
  };
  // Searching goes through the store's search (`/admin/search`, drafts included, ranked): the list
  // then shows the best matches, each read in full. Every load takes a ticket; an answer whose
  // ticket is no longer the latest is dropped, so a slow page never replaces a newer search.
  let searching = '';
  let matches = 0;
  let ticket = 0;
  const searchProducts = async (q: string) => {
    const hits = await api<{ items: { productId: string }[]; total: number }>('GET', `/admin/search?${new URLSearchParams({ q })}`);
    // The index follows the products by a moment: one it still lists but that is gone is left out.
    const read = await Promise.all(hits.items.map((hit) => api<Product>('GET', `/admin/products/${encodeURIComponent(hit.productId)}`).catch(() => undefined)));
    return { read: read.filter((p): p is Product => p !== undefined), next: null, total: hits.total };
  };
  const load = () => {
    const mine = ++ticket;
    const q = searching;
    return (q ? searchProducts(q) : readPages(pages).then((r) => ({ ...r, total: r.read.length })))
      .then(({ read, next, total }) => {
        if (mine !== ticket) return;
        products = read;
        cursor = next;
        matches = total;
        renderProducts();
      })
      .catch(fail);
  };
  // The list's controls act as they change; Enter in the search box must not reload the page.
  $<HTMLFormElement>('#list-filters').addEventListener('submit', (event) => event.preventDefault());
  let typing: ReturnType<typeof setTimeout> | undefined;
  $<HTMLInputElement>('#product-search').addEventListener('input', (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      searching = (event.target as HTMLInputElement).value.trim();
      void load();
    }, 250);
  });
  $('#load-more').addEventListener('click', () => {
    if (!cursor) return;
    api<Page<Product>>('GET', `/admin/products?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`)
      .then((page) => {
        products = [...products, ...page.items];
        cursor = page.nextCursor;
        pages += 1;
        renderProducts();
      })
      .catch(fail);
  });
  for (const control of ['#status-filter', '#sort-by']) $(control).addEventListener('change', renderProducts);

  const rowOf = (target: EventTarget | null) => {
    const row = closest<HTMLTableRowElement>(target, 'tr[data-id]');
    const product = row ? products.find((p) => p.id === row.dataset.id) : undefined;
    const variant = product?.variants.find((v) => v.id === row?.dataset.variant);
    return row && product && variant ? { row, product, variant } : undefined;
  };
  const variantPath = (hit: { product: Product; variant: Variant }) => `/admin/products/${hit.product.id}/variants/${hit.variant.id}`;

  $('#low-only').addEventListener('change', renderProducts);
  // The product page (admins): saving there or changing stock refreshes this list.
  const editor = isAdmin ? wireProductEditor(api, say, fail, () => load().then(() => groupings?.refresh())) : undefined;

  const inventory = $('#inventory');
  inventory.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('adjust')) return;
    event.preventDefault();
    const hit = rowOf(form);
    if (!hit) return;
    api<Adjustment>('POST', `${variantPath(hit)}/inventory/adjustments`, {
      delta: Number(field(form, 'delta').value),
      reason: field<HTMLSelectElement>(form, 'reason').value,
    })
      .then((r) => load().then(() => say(`Stock ${r.previous} → ${r.current}.`)))
      .catch(fail);
  });

  inventory.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button');
    const hit = rowOf(event.target);
    if (!button || !hit) return;
    const { product, variant } = hit;
    if (button.classList.contains('history')) {
      api<Page<HistoryEntry>>('GET', `${variantPath(hit)}/inventory/history?limit=10`)
        .then((page) => {
          $('#history').hidden = false;
          $('#history h3').textContent = `History of ${lineName(hit)}`;
          const items = page.items.map((h) =>
            el(
              'li',
              {},
              `${h.occurredAt.slice(0, 19).replace('T', ' ')}: ${h.delta > 0 ? '+' : ''}${h.delta} (${h.reason}) ${h.previous} → ${h.current} by ${h.actor}`,
            ),
          );
          fill($('#history ul'), ...(items.length ? items : [el('li', {}, 'No changes yet.')]));
        })
        .catch(fail);
    }
    if (button.classList.contains('delete') && confirm(`Delete ${product.name}?`)) {
      api('DELETE', `/admin/products/${product.id}`)
        .then(load)
        .then(() => say(`Deleted ${product.name}.`))
        .catch(fail);
    }
    if (button.classList.contains('open')) void editor?.open(product.id);
    if (button.classList.contains('edit')) {
      const form = $<HTMLFormElement>('#product-form');
      form.dataset.id = product.id;
      field(form, 'name').value = product.name;
      // A product with several variants keeps its SKUs and prices per variant (changed through the
      // API's `variants` list until the console's product page arrives); here: name and status.
      const several = !single(product);
      form.dataset.several = several ? 'true' : '';
      for (const name of ['sku', 'price', 'currency']) field(form, name).disabled = several;
      field(form, 'sku').value = variant.sku;
      field(form, 'price').value = (variant.price.amount / 10 ** minorUnits(variant.price.currency)).toFixed(minorUnits(variant.price.currency));
      field(form, 'currency').value = variant.price.currency;
      field<HTMLSelectElement>(form, 'status').value = product.status;
      const stock = field(form, 'stock');
      stock.value = String(variant.onHand);
      stock.disabled = true;
      $('button', form).textContent = 'Save changes';
      form.scrollIntoView();
    }
  });

  inventory.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file') return;
    const file = input.files?.[0];
    const hit = rowOf(input);
    if (!file || !hit) return;
    const id = hit.product.id;
    uploadImage(api, id, file)
      .then(load)
      .then(() => say('Image added.'))
      .catch(fail);
  });

  const productForm = $<HTMLFormElement>('#product-form');
  productForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = productForm;
    const id = f.dataset.id;
    const currency = field(f, 'currency').value.toUpperCase();
    const body = {
      name: field(f, 'name').value,
      status: field<HTMLSelectElement>(f, 'status').value,
      ...(f.dataset.several ? {} : { sku: field(f, 'sku').value, price: { amount: toMinor(field(f, 'price').value, currency), currency } }),
    };
    const saved = id
      ? api<Product>('PATCH', `/admin/products/${id}`, body)
      : api<Product>('POST', '/admin/products', { ...body, stock: Number(field(f, 'stock').value || 0) });
    saved
      .then((p) => {
        say(`${id ? 'Saved' : 'Created'} ${p.name}.`);
        f.reset();
        delete f.dataset.id;
        delete f.dataset.several;
        for (const name of ['stock', 'sku', 'price', 'currency']) field(f, name).disabled = false;
        $('button', f).textContent = 'Create product';
        return load();
      })
      .catch(fail);
  });

  function userRow(u: User) {
    return el(
      'tr',
      { 'data-id': u.userId },
      el('td', {}, u.name),
      el('td', {}, u.email),
      el('td', {}, el('select', { class: 'role', 'aria-label': `Role of ${u.email}` }, ...ROLES.map((r) => el('option', { selected: r === u.role }, r)))),
      el('td', {}, el('button', { type: 'button', class: 'remove' }, 'Remove')),
    );
  }

  const loadUsers = () => {
    if (!isAdmin) return;
    api<Page<User>>('GET', '/admin/users?limit=100')
      .then((page) => fillRows($('#users'), page.items.map(userRow)))
      .catch(fail);
  };

  const users = $('#users');
  users.addEventListener('change', (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.classList.contains('role')) return;
    const row = closest<HTMLTableRowElement>(select, 'tr[data-id]');
    if (!row) return;
    api<User>('PUT', `/admin/users/${row.dataset.id}/role`, { role: select.value })
      .then((u) => say(`${u.email} is now ${u.role} (from their next sign-in).`))
      .catch((error: unknown) => {
        say(message(error));
        loadUsers();
      });
  });
  users.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button.remove');
    const row = closest<HTMLTableRowElement>(button, 'tr[data-id]');
    if (!button || !row || !confirm('Remove this user?')) return;
    api('DELETE', `/admin/users/${row.dataset.id}`)
      .then(() => {
        say('User removed.');
        loadUsers();
      })
      .catch(fail);
  });

  // Categories and collections offer the products the console has read.
  const groupings = isAdmin ? wireGroupings(api, say, fail, async () => products.map((p) => ({ id: p.id, name: p.name }))) : undefined;
  wireOrders(api, say, fail);
  // Scheduled prices offer the variants the console has read.
  const priceSchedule = isAdmin ? wirePriceSchedule(api, () => products) : undefined;
  // Customer groups' prices offer the products the console has read.
  const customerGroups = isAdmin ? wireCustomerGroups(api, () => products) : undefined;
  if (seesInventory) void load().then(() => Promise.all([groupings?.refresh(), priceSchedule?.refresh(), customerGroups?.refresh()]));
  loadUsers();
  if (isAdmin) void wireSettingsForm(api, say);
  if (isAdmin) wireGettingStarted(api, location.host);
  if (isAdmin) void wirePlanAndUsage(api, say);
  if (isAdmin) wireCustomDomains(api);
  if (isAdmin) wireCatalogTransfer(api);
  if (isAdmin) wireDangerZone(api);
  if (isAdmin) wireDiscounts(api, () => $('#discounts-section').dataset.currency ?? 'EUR');
  // Reviews name their product by id; the console shows the names it has read.
  if (isAdmin) wireReviews(api, (id) => products.find((p) => p.id === id)?.name);
}
