/**
 * The console's scheduled prices (admins; docs/pricing.md): schedule a variant's new price (and
 * compare-at) from a start, optionally until an end; list what is pending; cancel. Inputs stay
 * disabled until the variants and the list are in, and an answer older than the latest load is
 * dropped, so a slow reply never paints over a newer one.
 */
import type { createApi } from './api';
import { $, closest, el, field, fill, fillRows } from './dom';
import { formatMoney, toMinor } from './money';

type Api = ReturnType<typeof createApi>;
type Money = { amount: number; currency: string };
type VariantRef = { id: string; sku: string; optionValues: string[]; price: Money };
type ProductRef = { id: string; name: string; variants: VariantRef[] };
type PriceChange = {
  id: string;
  kind: 'start' | 'revert';
  productId: string;
  variantId: string;
  price: Money;
  compareAtPrice: Money | null;
  dueAt: string;
  endsAt: string | null;
  revertOf: string | null;
};

const when = (iso: string) => new Date(iso).toLocaleString();

export function wirePriceSchedule(api: Api, products: () => ProductRef[]) {
  const form = $<HTMLFormElement>('#price-change-form');
  const table = $('#price-changes');
  const status = (text: string) => fill($('#price-change-status'), text);
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const controls = () => [...form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')];
  const enable = (on: boolean) => {
    for (const control of controls()) control.disabled = !on;
  };
  let latest = 0;

  const describe = (change: PriceChange) => {
    const product = products().find((p) => p.id === change.productId);
    const variant = product?.variants.find((v) => v.id === change.variantId);
    return { product: product?.name ?? change.productId, variant: variant ? [variant.sku, ...variant.optionValues].join(' · ') : change.variantId };
  };

  const render = (changes: PriceChange[]) => {
    const rows = changes.map((change) => {
      const named = describe(change);
      const price = change.compareAtPrice ? `${formatMoney(change.price)} (was ${formatMoney(change.compareAtPrice)})` : formatMoney(change.price);
      const timing = change.endsAt ? `${when(change.dueAt)} until ${when(change.endsAt)}` : when(change.dueAt);
      return el(
        'tr',
        { 'data-id': change.id },
        el('td', {}, named.product),
        el('td', {}, named.variant),
        el('td', {}, change.kind === 'start' ? 'New price' : 'Sale ends'),
        el('td', {}, price),
        el('td', {}, timing),
        el('td', {}, el('button', { type: 'button', class: 'cancel secondary-neutral' }, 'Cancel')),
      );
    });
    fillRows(table, rows.length ? rows : [el('tr', {}, el('td', { colspan: '6', class: 'hint' }, 'Nothing scheduled.'))]);
  };

  const load = async () => {
    const mine = ++latest;
    const page = await api<{ items: PriceChange[] }>('GET', '/admin/price-changes?limit=100');
    if (mine === latest) render(page.items);
  };

  /** The variants the console has read, as choices: "Product — SKU · values (price)". */
  const offerVariants = () => {
    const select = field<HTMLSelectElement>(form, 'variant');
    const chosen = select.value;
    fill(
      select,
      ...products().flatMap((product) =>
        product.variants.map((variant) =>
          el(
            'option',
            { value: `${product.id}/${variant.id}` },
            `${product.name} — ${[variant.sku, ...variant.optionValues].join(' · ')} (${formatMoney(variant.price)})`,
          ),
        ),
      ),
    );
    if (chosen) select.value = chosen;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const [productId, variantId] = field<HTMLSelectElement>(form, 'variant').value.split('/');
    const variant = products()
      .find((p) => p.id === productId)
      ?.variants.find((v) => v.id === variantId);
    if (!productId || !variantId || !variant) return status('Choose a variant.');
    const currency = variant.price.currency;
    const compareAt = field(form, 'compareAt').value.trim();
    const endsAt = field(form, 'endsAt').value;
    const body = {
      productId,
      variantId,
      price: { amount: toMinor(field(form, 'price').value, currency), currency },
      compareAtPrice: compareAt ? { amount: toMinor(compareAt, currency), currency } : null,
      startsAt: new Date(field(form, 'startsAt').value).toISOString(),
      endsAt: endsAt ? new Date(endsAt).toISOString() : null,
    };
    enable(false);
    api<PriceChange>('POST', '/admin/price-changes', body)
      .then(async () => {
        form.reset();
        await load();
        status('Scheduled.');
      })
      .catch((error: unknown) => status(message(error)))
      .finally(() => enable(true));
  });

  table.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button.cancel');
    const row = closest<HTMLTableRowElement>(button, 'tr[data-id]');
    if (!button || !row) return;
    button.disabled = true;
    api('DELETE', `/admin/price-changes/${row.dataset.id}`)
      .then(async () => {
        await load();
        status('Cancelled.');
      })
      .catch((error: unknown) => {
        button.disabled = false;
        status(message(error));
      });
  });

  enable(false);
  return {
    /** After the console (re)reads its products: offer their variants, then the pending changes. */
    async refresh() {
      offerVariants();
      try {
        await load();
        enable(true);
      } catch (error) {
        status(message(error));
      }
    },
  };
}
