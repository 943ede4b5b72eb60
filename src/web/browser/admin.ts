/**
 * The store console at `/admin`. The server renders who is signed in (from the session cookie's
 * verified claims) and which sections their roles may see; this drives the JSON API from there.
 * What it shows follows those roles; the API enforces them regardless.
 */
import { createApi } from './lib/api';
import { $, closest, el, field, fill, fillRows, say } from './lib/dom';
import { formatMoney, minorUnits, toMinor } from './lib/money';
import { needsEnrolment, offerEnrolment } from './lib/mfa-enrolment';
import { resumeSession, signOut } from './lib/session';
import { wirePasswordReset } from './lib/password-reset';
import { wireSignInForm } from './lib/sign-in-form';
import { wireSettingsForm } from './lib/settings-form';
import { wireGroupings } from './lib/groupings-panel';

type Money = { amount: number; currency: string };
type Product = {
  id: string;
  name: string;
  sku: string;
  status: string;
  price: Money;
  stock: number;
  lowStockThreshold?: number | null;
  images?: { id: string; url: string }[];
};
type Page<T> = { items: T[]; nextCursor: string | null };
type Adjustment = { previous: number; current: number };
type HistoryEntry = { occurredAt: string; delta: number; reason: string; previous: number; current: number; actor: string };
type User = { userId: string; name: string; email: string; role: string };
type UploadTicket = { key: string; url: string; fields: Record<string, string> };

const SESSION = '/auth/session';
const api = createApi(SESSION);
const REASONS = ['restock', 'sale', 'return', 'correction'];
const ROLES = ['customer', 'clerk', 'admin'];
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** An admin without an authenticator app is refused by the API until they enrol one: offer it. */
const fail = (error: unknown) => (needsEnrolment(error) ? offerEnrolment(SESSION, say) : say(message(error)));

const workspace = $('#workspace');
if (workspace.hidden) setUpSignIn();
else setUpWorkspace((workspace.dataset.roles ?? '').split(' '));

function setUpSignIn() {
  void resumeSession(SESSION, $('#signin'));
  const form = $<HTMLFormElement>('#signin-form');
  wireSignInForm(form, { base: SESSION, say, onSignedIn: () => location.reload() });
  wirePasswordReset({ signIn: form, signInForm: form });
}

function setUpWorkspace(roles: string[]) {
  const isAdmin = roles.includes('admin');
  let products: Product[] = [];

  $('#sign-out').addEventListener('click', () => {
    signOut(SESSION)
      .catch(() => undefined)
      .then(() => location.reload());
  });

  const lowStock = (p: Product) => p.stock === 0 || (p.lowStockThreshold != null && p.stock <= p.lowStockThreshold);

  function productRow(p: Product) {
    const deltaId = `d-${p.id}`;
    const adjust = el(
      'form',
      { class: 'adjust' },
      el('label', { class: 'visually-hidden', for: deltaId }, 'Change by'),
      el('input', { id: deltaId, name: 'delta', type: 'number', step: 1, required: true, class: 'delta', 'aria-label': `Change stock of ${p.name} by` }),
      el('select', { name: 'reason', 'aria-label': 'Reason' }, ...REASONS.map((r) => el('option', {}, r))),
      el('button', {}, 'Adjust'),
    );
    const buttons = el('div', { class: 'buttons' }, el('button', { type: 'button', class: 'history' }, 'History'));
    if (isAdmin) {
      const count = (p.images ?? []).length;
      buttons.append(
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
      { 'data-id': p.id },
      el('td', {}, p.name, lowStock(p) ? ' ' : null, lowStock(p) ? el('strong', { class: 'badge' }, 'low') : null),
      el('td', {}, p.sku),
      el('td', {}, p.status),
      el('td', {}, formatMoney(p.price)),
      el('td', { 'data-testid': 'stock' }, p.stock),
      actions,
    );
  }

  function renderProducts() {
    const onlyLow = $<HTMLInputElement>('#low-only').checked;
    const rows = products.filter((p) => !onlyLow || lowStock(p)).map(productRow);
    fillRows($('#inventory'), rows.length ? rows : [el('tr', {}, el('td', { colspan: 6 }, 'No products.'))]);
  }

  const load = () =>
    api<Page<Product>>('GET', '/admin/products?limit=100')
      .then((page) => {
        products = page.items;
        renderProducts();
      })
      .catch(fail);

  const rowOf = (target: EventTarget | null) => {
    const row = closest<HTMLTableRowElement>(target, 'tr[data-id]');
    const product = row ? products.find((p) => p.id === row.dataset.id) : undefined;
    return row && product ? { row, product } : undefined;
  };

  $('#low-only').addEventListener('change', renderProducts);

  const inventory = $('#inventory');
  inventory.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('adjust')) return;
    event.preventDefault();
    const hit = rowOf(form);
    if (!hit) return;
    api<Adjustment>('POST', `/admin/products/${hit.product.id}/inventory/adjustments`, {
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
    const { product } = hit;
    if (button.classList.contains('history')) {
      api<Page<HistoryEntry>>('GET', `/admin/products/${product.id}/inventory/history?limit=10`)
        .then((page) => {
          $('#history').hidden = false;
          $('#history h3').textContent = `History of ${product.name}`;
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
    if (button.classList.contains('edit')) {
      const form = $<HTMLFormElement>('#product-form');
      form.dataset.id = product.id;
      field(form, 'name').value = product.name;
      field(form, 'sku').value = product.sku;
      field(form, 'price').value = (product.price.amount / 10 ** minorUnits(product.price.currency)).toFixed(minorUnits(product.price.currency));
      field(form, 'currency').value = product.price.currency;
      field<HTMLSelectElement>(form, 'status').value = product.status;
      const stock = field(form, 'stock');
      stock.value = String(product.stock);
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
    api<UploadTicket>('POST', `/admin/products/${id}/images/uploads`, { contentType: file.type, size: file.size })
      .then(async (ticket) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
        form.append('file', file);
        const uploaded = await fetch(ticket.url, { method: 'POST', body: form });
        if (!uploaded.ok) throw new Error(`Upload failed (${uploaded.status}).`);
        return api('POST', `/admin/products/${id}/images`, { key: ticket.key });
      })
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
      sku: field(f, 'sku').value,
      price: { amount: toMinor(field(f, 'price').value, currency), currency },
      status: field<HTMLSelectElement>(f, 'status').value,
    };
    const saved = id
      ? api<Product>('PATCH', `/admin/products/${id}`, body)
      : api<Product>('POST', '/admin/products', { ...body, stock: Number(field(f, 'stock').value || 0) });
    saved
      .then((p) => {
        say(`${id ? 'Saved' : 'Created'} ${p.name}.`);
        f.reset();
        delete f.dataset.id;
        field(f, 'stock').disabled = false;
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
  void load().then(() => groupings?.refresh());
  loadUsers();
  if (isAdmin) void wireSettingsForm(api, say);
}
