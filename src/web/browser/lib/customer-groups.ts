/**
 * The console's customer groups (admins; docs/pricing.md, "Customer groups"): list, create,
 * rename and delete groups; in the chosen group, add a customer by email or take one out; set the
 * group's prices for a product's variants in one currency. Every form stays disabled while what it
 * shows is loading, and each load drops an answer older than the latest one, so a slow reply
 * (another group's members, another product's prices) never paints over what the admin chose since.
 */
import type { createApi } from './api';
import { $, closest, el, field, fill, fillRows } from './dom';
import { formatMoney, minorUnits, toMinor } from './money';

type Api = ReturnType<typeof createApi>;
type Money = { amount: number; currency: string };
type VariantRef = { id: string; sku: string; optionValues: string[]; price: Money };
type ProductRef = { id: string; name: string; variants: VariantRef[] };
type Group = { id: string; name: string; description: string; members: number };
type Customer = { userId: string; email: string; name: string; groupId: string | null };
type ListPrice = { price: number; compareAtPrice: number | null };
type ProductPrices = { productId: string; currency: string; prices: Record<string, ListPrice> };

/** A load whose answer counts only if no newer load of the same thing started meanwhile. */
function latestOnly() {
  let latest = 0;
  return async <T>(load: () => Promise<T>, use: (value: T) => void) => {
    const mine = ++latest;
    const value = await load();
    if (mine === latest) use(value);
    return mine === latest;
  };
}

const controlsOf = (root: Element) => [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')];
const enable = (root: Element, on: boolean) => {
  for (const control of controlsOf(root)) control.disabled = !on;
};
const typed = (amount: number | null | undefined, currency: string) =>
  amount === null || amount === undefined ? '' : (amount / 10 ** minorUnits(currency)).toFixed(minorUnits(currency));

export function wireCustomerGroups(api: Api, products: () => ProductRef[]) {
  const createForm = $<HTMLFormElement>('#customer-group-form');
  const table = $('#customer-groups');
  const detail = $('#customer-group-detail');
  const editForm = $<HTMLFormElement>('#customer-group-edit');
  const assignForm = $<HTMLFormElement>('#customer-group-assign');
  const membersTable = $('#customer-group-members');
  const pricesForm = $<HTMLFormElement>('#customer-group-prices');
  const variantsTable = $('#customer-group-variants');
  // Each message beside the form it answers: one at the top went unseen by an admin saving prices at the bottom.
  const statusIn = (id: string) => (text: string) => fill($(id), text);
  const status = statusIn('#customer-groups-status');
  const editStatus = statusIn('#customer-group-edit-status');
  const membersStatus = statusIn('#customer-group-members-status');
  const pricesStatus = statusIn('#customer-group-prices-status');
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const groupsLoad = latestOnly();
  const membersLoad = latestOnly();
  const pricesLoad = latestOnly();
  let groups: Group[] = [];
  let chosen: string | undefined;

  const renderGroups = () => {
    const rows = groups.map((group) =>
      el(
        'tr',
        { 'data-id': group.id, 'aria-current': group.id === chosen ? 'true' : undefined },
        el('td', {}, group.name),
        el('td', {}, group.description),
        el('td', {}, group.members),
        el('td', {}, el('button', { type: 'button', class: 'open secondary-neutral' }, 'Manage')),
      ),
    );
    fillRows(table, rows.length ? rows : [el('tr', {}, el('td', { colspan: '4', class: 'hint' }, 'No customer groups yet.'))]);
  };

  async function loadGroups() {
    enable(createForm, false);
    try {
      await groupsLoad(
        () => api<{ items: Group[]; limit: number }>('GET', '/admin/customer-groups'),
        (answer) => {
          groups = answer.items;
          renderGroups();
          if (chosen && !groups.some((g) => g.id === chosen)) close();
        },
      );
    } finally {
      enable(createForm, true);
    }
  }

  const renderMembers = (members: Customer[]) => {
    const rows = members.map((member) =>
      el(
        'tr',
        { 'data-id': member.userId },
        el('td', {}, member.email),
        el('td', {}, member.name),
        el('td', {}, el('button', { type: 'button', class: 'remove secondary-neutral' }, 'Remove')),
      ),
    );
    fillRows(membersTable, rows.length ? rows : [el('tr', {}, el('td', { colspan: '3', class: 'hint' }, 'No customers in this group.'))]);
  };

  async function loadMembers(groupId: string) {
    enable(assignForm, false);
    fillRows(membersTable, [el('tr', {}, el('td', { colspan: '3', class: 'hint' }, 'Loading…'))]);
    const current = await membersLoad(
      () => api<{ items: Customer[] }>('GET', `/admin/customer-groups/${groupId}/members?limit=100`),
      (page) => renderMembers(page.items),
    );
    if (current) enable(assignForm, true);
  }

  /** The product's variants, each with its own price and inputs for the group's (filled from the list). */
  const renderVariants = (product: ProductRef | undefined, currency: string, prices: Record<string, ListPrice>) => {
    const rows = (product?.variants ?? []).map((variant) =>
      el(
        'tr',
        { 'data-id': variant.id },
        el('td', {}, [variant.sku, ...variant.optionValues].join(' · ')),
        el('td', {}, formatMoney(variant.price)),
        el(
          'td',
          {},
          el('input', {
            name: `price-${variant.id}`,
            type: 'number',
            min: '0',
            step: 'any',
            value: typed(prices[variant.id]?.price, currency),
            'aria-label': `Group price of ${variant.sku}`,
          }),
        ),
        el(
          'td',
          {},
          el('input', {
            name: `compare-${variant.id}`,
            type: 'number',
            min: '0',
            step: 'any',
            value: typed(prices[variant.id]?.compareAtPrice, currency),
            placeholder: 'none',
            'aria-label': `Compare-at of ${variant.sku}`,
          }),
        ),
      ),
    );
    fillRows(variantsTable, rows.length ? rows : [el('tr', {}, el('td', { colspan: '4', class: 'hint' }, 'Choose a product.'))]);
  };

  async function loadPrices() {
    if (!chosen) return;
    const groupId = chosen;
    const productId = field<HTMLSelectElement>(pricesForm, 'product').value;
    const currency = field<HTMLSelectElement>(pricesForm, 'currency').value;
    const product = products().find((p) => p.id === productId);
    enable(pricesForm, false);
    fillRows(variantsTable, [el('tr', {}, el('td', { colspan: '4', class: 'hint' }, 'Loading…'))]);
    // The list's page holding this product: read through until it is found or the list ends.
    const read = async () => {
      let cursor: string | null = null;
      do {
        const query: string = `currency=${currency}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: { items: ProductPrices[]; nextCursor: string | null } = await api('GET', `/admin/customer-groups/${groupId}/prices?${query}`);
        const found = page.items.find((item) => item.productId === productId);
        if (found) return found.prices;
        cursor = page.nextCursor;
      } while (cursor);
      return {};
    };
    const current = await pricesLoad(read, (prices) => renderVariants(product, currency, prices));
    if (current) enable(pricesForm, true);
  }

  const offerProducts = () => {
    const select = field<HTMLSelectElement>(pricesForm, 'product');
    const kept = select.value;
    fill(select, ...products().map((product) => el('option', { value: product.id }, product.name)));
    if (kept && products().some((p) => p.id === kept)) select.value = kept;
  };

  function close() {
    chosen = undefined;
    detail.hidden = true;
    renderGroups();
  }

  function open(groupId: string) {
    const group = groups.find((g) => g.id === groupId);
    if (!group) return;
    chosen = groupId;
    detail.hidden = false;
    fill($('#customer-group-title'), group.name);
    field(editForm, 'name').value = group.name;
    field(editForm, 'description').value = group.description;
    renderGroups();
    offerProducts();
    void Promise.all([loadMembers(groupId), loadPrices()]).catch((error: unknown) => membersStatus(message(error)));
  }

  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { name: field(createForm, 'name').value, description: field(createForm, 'description').value };
    enable(createForm, false);
    api<Group>('POST', '/admin/customer-groups', body)
      .then(async (group) => {
        createForm.reset();
        await loadGroups();
        open(group.id);
        status(`Created ${group.name}.`);
      })
      .catch((error: unknown) => status(message(error)))
      .finally(() => enable(createForm, true));
  });

  table.addEventListener('click', (event) => {
    const row = closest<HTMLTableRowElement>(closest(event.target, 'button.open'), 'tr[data-id]');
    if (row?.dataset.id) open(row.dataset.id);
  });

  editForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!chosen) return;
    const body = { name: field(editForm, 'name').value, description: field(editForm, 'description').value };
    enable(editForm, false);
    api<Group>('PATCH', `/admin/customer-groups/${chosen}`, body)
      .then(async (group) => {
        fill($('#customer-group-title'), group.name);
        await loadGroups();
        editStatus('Saved.');
      })
      .catch((error: unknown) => editStatus(message(error)))
      .finally(() => enable(editForm, true));
  });

  $('#customer-group-delete').addEventListener('click', () => {
    if (!chosen || !confirm('Delete this customer group and its prices?')) return;
    enable(editForm, false);
    api('DELETE', `/admin/customer-groups/${chosen}`)
      .then(async () => {
        close();
        await loadGroups();
        status('Group deleted.');
      })
      .catch((error: unknown) => status(message(error)))
      .finally(() => enable(editForm, true));
  });

  assignForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!chosen) return;
    const groupId = chosen;
    const email = field(assignForm, 'email').value.trim().toLowerCase();
    enable(assignForm, false);
    api<{ items: Customer[] }>('GET', `/admin/customers?email=${encodeURIComponent(email)}`)
      .then(async (found) => {
        const customer = found.items.find((c) => c.email === email);
        if (!customer) return membersStatus(`No customer with the email ${email}.`);
        await api('PUT', `/admin/customers/${customer.userId}/group`, { groupId });
        assignForm.reset();
        membersStatus(`${customer.email} is in the group.`);
        await Promise.all([loadMembers(groupId), loadGroups()]);
      })
      .catch((error: unknown) => membersStatus(message(error)))
      .finally(() => enable(assignForm, true));
  });

  membersTable.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button.remove');
    const row = closest<HTMLTableRowElement>(button, 'tr[data-id]');
    if (!button || !row || !chosen) return;
    const groupId = chosen;
    button.disabled = true;
    api('PUT', `/admin/customers/${row.dataset.id}/group`, { groupId: null })
      .then(async () => {
        membersStatus('Removed from the group.');
        await Promise.all([loadMembers(groupId), loadGroups()]);
      })
      .catch((error: unknown) => {
        button.disabled = false;
        membersStatus(message(error));
      });
  });

  for (const name of ['product', 'currency'])
    field<HTMLSelectElement>(pricesForm, name).addEventListener('change', () => void loadPrices().catch((error: unknown) => pricesStatus(message(error))));

  pricesForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!chosen) return;
    const productId = field<HTMLSelectElement>(pricesForm, 'product').value;
    const currency = field<HTMLSelectElement>(pricesForm, 'currency').value;
    const product = products().find((p) => p.id === productId);
    if (!product) return pricesStatus('Choose a product.');
    const prices: Record<string, { price: number; compareAtPrice: number | null }> = {};
    for (const variant of product.variants) {
      const price = field(pricesForm, `price-${variant.id}`).value.trim();
      const compareAt = field(pricesForm, `compare-${variant.id}`).value.trim();
      if (price) prices[variant.id] = { price: toMinor(price, currency), compareAtPrice: compareAt ? toMinor(compareAt, currency) : null };
    }
    enable(pricesForm, false);
    api('PUT', `/admin/customer-groups/${chosen}/prices/${productId}`, { currency, prices })
      .then(async () => {
        await loadPrices();
        pricesStatus('Prices saved.');
      })
      .catch((error: unknown) => {
        pricesStatus(message(error));
        enable(pricesForm, true);
      });
  });

  $('#customer-group-prices-remove').addEventListener('click', () => {
    if (!chosen) return;
    const productId = field<HTMLSelectElement>(pricesForm, 'product').value;
    const currency = field<HTMLSelectElement>(pricesForm, 'currency').value;
    enable(pricesForm, false);
    api('DELETE', `/admin/customer-groups/${chosen}/prices/${productId}?currency=${currency}`)
      .then(() => pricesStatus('This product sells at its own prices to the group.'))
      .catch((error: unknown) => pricesStatus(message(error)))
      .finally(() => void loadPrices().catch((error: unknown) => pricesStatus(message(error))));
  });

  enable(createForm, false);
  return {
    /** After the console (re)reads its products: the groups, and the open group's product choice. */
    async refresh() {
      try {
        await loadGroups();
        if (chosen) offerProducts();
      } catch (error) {
        status(message(error));
      }
    },
  };
}
