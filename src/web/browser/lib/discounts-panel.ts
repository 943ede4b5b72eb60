/**
 * The console's discounts (src/console/discounts-section.tsx): listed from `GET /admin/discounts`,
 * created with `POST`, replaced with `PUT` after "Edit", removed with `DELETE`. The form is
 * disabled while a save is on its way, and a list answer older than the latest load is dropped.
 */
import type { createApi } from './api';
import { $, closest, el, field, fill, fillRows } from './dom';
import { formatMoney, minorUnits, toMinor } from './money';

type Target = { type: 'all' } | { type: 'categories' | 'collections' | 'products' | 'variants'; ids: string[] };
type Effect =
  | { type: 'percentage'; percentBp: number }
  | { type: 'fixed'; amount: number; per: 'order' | 'item' }
  | { type: 'free-shipping' }
  | { type: 'buy-x-get-y'; buyQuantity: number; getQuantity: number; getTarget: Target; percentBp: number; maxApplications: number | null };
type Discount = {
  id: string;
  title: string;
  method: 'code' | 'automatic';
  code: string | null;
  effect: Effect;
  target: Target;
  minimum: { type: 'none' } | { type: 'subtotal'; amount: number } | { type: 'quantity'; quantity: number };
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  combinesWith: { product: boolean; order: boolean; shipping: boolean };
  uses: number;
};

const percent = (bp: number) => `${bp / 100} %`;
const localInput = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() - new Date(iso).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '';
const idsOf = (target: Target) => (target.type === 'all' ? '' : target.ids.join(', '));
const optionalNumber = (value: string) => (value.trim() === '' ? null : Number(value));

function describe(d: Discount, currency: string): string {
  const money = (amount: number) => formatMoney({ amount, currency });
  switch (d.effect.type) {
    case 'percentage':
      return `${percent(d.effect.percentBp)} off`;
    case 'fixed':
      return `${money(d.effect.amount)} off ${d.effect.per === 'item' ? 'each item' : 'the order'}`;
    case 'free-shipping':
      return 'Free shipping';
    case 'buy-x-get-y': {
      const at = d.effect.percentBp === 10_000 ? 'free' : `at ${percent(d.effect.percentBp)} off`;
      const limit = d.effect.maxApplications === null ? '' : `, ${d.effect.maxApplications}× per order`;
      return `Buy ${d.effect.buyQuantity}, get ${d.effect.getQuantity} ${at}${limit}`;
    }
  }
}

export function wireDiscounts(api: ReturnType<typeof createApi>, currency: () => string) {
  const form = $<HTMLFormElement>('#discount-form');
  const table = $('#discount-list');
  const cancel = $<HTMLButtonElement>('#discount-cancel');
  const status = (text: string) => fill($('#discount-status'), text);
  let discounts: Discount[] = [];
  let editing: Discount | undefined;
  let latest = 0;

  const render = () => {
    const now = new Date().toISOString();
    fillRows(
      table,
      discounts.map((d) => {
        const active = d.startsAt <= now && (d.endsAt === null || now < d.endsAt);
        return el(
          'tr',
          { 'data-id': d.id },
          el('td', {}, el('strong', {}, d.title), el('br'), el('small', { class: 'hint' }, d.code ? `Code ${d.code}` : 'Automatic')),
          el('td', {}, describe(d, currency())),
          el('td', {}, active ? 'Active' : d.startsAt > now ? 'Scheduled' : 'Ended'),
          el('td', {}, d.usageLimit === null ? String(d.uses) : `${d.uses} of ${d.usageLimit}`),
          el(
            'td',
            {},
            el('button', { type: 'button', 'data-action': 'edit' }, 'Edit'),
            ' ',
            el('button', { type: 'button', 'data-action': 'delete', class: 'secondary-neutral' }, 'Delete'),
          ),
        );
      }),
    );
  };
  const load = async () => {
    const mine = ++latest;
    const answer = await api<{ items: Discount[] }>('GET', '/admin/discounts');
    if (mine !== latest) return;
    discounts = answer.items;
    render();
  };

  /** The "what the customer gets" fields belong to buy X get Y only; its percentage only when not free; a value only where the kind takes one. */
  const showKind = () => {
    const kind = field(form, 'kind').value;
    $('#discount-get').hidden = kind !== 'buy-x-get-y';
    fill($('#discount-target-label'), kind === 'buy-x-get-y' ? 'Customer buys' : 'Applies to');
    $('#discount-value').hidden = kind === 'buy-x-get-y' || kind === 'free-shipping';
    field(form, 'getPercent').disabled = field(form, 'getDiscount').value === 'free';
    field(form, 'minimumValue').disabled = field(form, 'minimum').value === 'none';
  };
  for (const name of ['kind', 'getDiscount', 'minimum']) field(form, name).addEventListener('change', showKind);

  const reset = () => {
    editing = undefined;
    form.reset();
    showKind();
    field(form, 'startsAt').value = localInput(new Date().toISOString());
    fill($('#discount-form-title'), 'New discount');
    cancel.hidden = true;
  };
  const show = (d: Discount) => {
    editing = d;
    const set = (name: string, value: string) => {
      field(form, name).value = value;
    };
    const units = 10 ** minorUnits(currency());
    set('title', d.title);
    set('method', d.method);
    set('code', d.code ?? '');
    const e = d.effect;
    set('kind', e.type === 'fixed' ? `fixed-${e.per}` : e.type);
    set('value', e.type === 'percentage' ? String(e.percentBp / 100) : e.type === 'fixed' ? String(e.amount / units) : '');
    if (e.type === 'buy-x-get-y') {
      set('buyQuantity', String(e.buyQuantity));
      set('getQuantity', String(e.getQuantity));
      set('getTarget', e.getTarget.type);
      set('getTargetIds', idsOf(e.getTarget));
      set('getDiscount', e.percentBp === 10_000 ? 'free' : 'percentage');
      set('getPercent', e.percentBp === 10_000 ? '' : String(e.percentBp / 100));
      set('maxApplications', e.maxApplications === null ? '' : String(e.maxApplications));
    }
    set('target', d.target.type);
    set('targetIds', idsOf(d.target));
    set('minimum', d.minimum.type);
    set('minimumValue', d.minimum.type === 'subtotal' ? String(d.minimum.amount / units) : d.minimum.type === 'quantity' ? String(d.minimum.quantity) : '');
    set('startsAt', localInput(d.startsAt));
    set('endsAt', localInput(d.endsAt));
    set('usageLimit', d.usageLimit === null ? '' : String(d.usageLimit));
    set('perCustomerLimit', d.perCustomerLimit === null ? '' : String(d.perCustomerLimit));
    for (const c of ['product', 'order', 'shipping'] as const) field(form, c).checked = d.combinesWith[c];
    showKind();
    fill($('#discount-form-title'), `Edit “${d.title}”`);
    cancel.hidden = false;
    field(form, 'title').focus();
  };

  const input = () => {
    const value = (name: string) => field(form, name).value.trim();
    const targetOf = (typeField: string, idsField: string): Target => {
      const ids = value(idsField)
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      return value(typeField) === 'all' ? { type: 'all' } : { type: value(typeField) as 'products', ids };
    };
    const target = targetOf('target', 'targetIds');
    const bp = Math.round(Number(value('value')) * 100);
    const kind = value('kind');
    const effect: Effect =
      kind === 'percentage'
        ? { type: 'percentage', percentBp: bp }
        : kind === 'free-shipping'
          ? { type: 'free-shipping' }
          : kind === 'buy-x-get-y'
            ? {
                type: 'buy-x-get-y',
                buyQuantity: Number(value('buyQuantity')),
                getQuantity: Number(value('getQuantity')),
                getTarget: targetOf('getTarget', 'getTargetIds'),
                percentBp: value('getDiscount') === 'free' ? 10_000 : Math.round(Number(value('getPercent')) * 100),
                maxApplications: optionalNumber(value('maxApplications')),
              }
            : { type: 'fixed', amount: toMinor(value('value'), currency()), per: kind === 'fixed-item' ? 'item' : 'order' };
    const method = value('method') as 'code' | 'automatic';
    return {
      title: value('title'),
      method,
      code: method === 'code' ? value('code') : null,
      effect,
      target,
      minimum: minimumOf(value('minimum'), value('minimumValue')),
      startsAt: new Date(value('startsAt')).toISOString(),
      endsAt: value('endsAt') ? new Date(value('endsAt')).toISOString() : null,
      usageLimit: optionalNumber(value('usageLimit')),
      perCustomerLimit: optionalNumber(value('perCustomerLimit')),
      combinesWith: { product: field(form, 'product').checked, order: field(form, 'order').checked, shipping: field(form, 'shipping').checked },
    };
  };

  const minimumOf = (type: string, amount: string): Discount['minimum'] =>
    type === 'subtotal'
      ? { type: 'subtotal', amount: toMinor(amount, currency()) }
      : type === 'quantity'
        ? { type: 'quantity', quantity: Number(amount) }
        : { type: 'none' };

  const controls = () => [...form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')];
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = input();
    const target = editing;
    for (const c of controls()) c.disabled = true;
    (target ? api<Discount>('PUT', `/admin/discounts/${target.id}`, body) : api<Discount>('POST', '/admin/discounts', body))
      .then(async (saved) => {
        reset();
        await load();
        status(`Saved “${saved.title}”.`);
      })
      .catch((error: unknown) => status(error instanceof Error ? error.message : String(error)))
      .finally(() => {
        for (const c of controls()) c.disabled = false;
        showKind();
      });
  });
  cancel.addEventListener('click', reset);
  table.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button[data-action]');
    const row = closest<HTMLTableRowElement>(event.target, 'tr[data-id]');
    const discount = discounts.find((d) => d.id === row?.dataset.id);
    if (!button || !discount) return;
    if (button.dataset.action === 'edit') return show(discount);
    if (!confirm(`Delete “${discount.title}”?`)) return;
    button.disabled = true;
    api('DELETE', `/admin/discounts/${discount.id}`)
      .then(async () => {
        await load();
        status(`Deleted “${discount.title}”.`);
      })
      .catch((error: unknown) => {
        button.disabled = false;
        status(error instanceof Error ? error.message : String(error));
      });
  });
  reset();
  void load().catch((error: unknown) => status(error instanceof Error ? error.message : String(error)));
}
