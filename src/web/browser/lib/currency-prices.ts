/**
 * The product page's prices in the store's other currencies (docs/pricing.md): one price and
 * compare-at per variant and currency, each currency's list saved whole with
 * `PUT /admin/products/:id/prices/:currency` at the version the editor read. A variant left empty
 * is not sold in that currency (no exchange rates). Shown only in stores with other currencies.
 */
import { ApiError, type createApi } from './api';
import { $, el, fill, fillRows } from './dom';
import { minorUnits, toMinor } from './money';

type Api = ReturnType<typeof createApi>;
type ListPrice = { price: number; compareAtPrice: number | null };
export type PricedProduct = {
  id: string;
  version: number;
  variants: { id: string; sku: string; optionValues: string[] }[];
  currencyPrices?: Record<string, Record<string, ListPrice>>;
};

const typed = (minor: number | null | undefined, currency: string) =>
  minor === null || minor === undefined ? '' : (minor / 10 ** minorUnits(currency)).toFixed(minorUnits(currency));

/** `saved`: the product's version after a save, so the editor's next PATCH carries it. */
export function wireCurrencyPrices(api: Api, fail: (error: unknown) => void, saved: (version: number) => void) {
  const form = $<HTMLFormElement>('#editor-currency-prices');
  const table = $('#editor-currency-table');
  const status = $('#editor-currency-status');
  let currencies: Promise<string[]> | undefined;
  let product: PricedProduct | undefined;

  const inputFor = (currency: string, variantId: string, kind: 'price' | 'compareAt', value: string, label: string) =>
    el('input', {
      name: `${currency}:${variantId}:${kind}`,
      type: 'number',
      min: 0,
      step: 'any',
      inputmode: 'decimal',
      value,
      'aria-label': label,
      'data-testid': `currency-${kind}`,
    });

  async function show(p: PricedProduct) {
    product = p;
    currencies ??= api<{ currencies?: string[] }>('GET', '/admin/settings').then((settings) => settings.currencies ?? []);
    const codes = await currencies;
    form.hidden = codes.length === 0;
    if (codes.length === 0) return;
    const head = $('thead tr', table);
    fill(
      head,
      el('th', { scope: 'col' }, 'Variant'),
      ...codes.flatMap((code) => [el('th', { scope: 'col' }, `Price ${code}`), el('th', { scope: 'col' }, `Compare-at ${code}`)]),
    );
    fillRows(
      table,
      p.variants.map((variant) => {
        const name = variant.optionValues.length ? variant.optionValues.join(' / ') : 'Default';
        return el(
          'tr',
          { 'data-variant': variant.id },
          el('td', {}, `${name} (${variant.sku})`),
          ...codes.flatMap((code) => {
            const listed = p.currencyPrices?.[code]?.[variant.id];
            return [
              el('td', {}, inputFor(code, variant.id, 'price', typed(listed?.price, code), `Price of ${name} in ${code}`)),
              el('td', {}, inputFor(code, variant.id, 'compareAt', typed(listed?.compareAtPrice, code), `Compare-at of ${name} in ${code}`)),
            ];
          }),
        );
      }),
    );
    status.textContent = '';
  }

  /** One currency's list as typed: variants with a price only. */
  function listOf(code: string, p: PricedProduct) {
    const value = (variantId: string, kind: string) => (form.elements.namedItem(`${code}:${variantId}:${kind}`) as HTMLInputElement | null)?.value.trim() ?? '';
    return Object.fromEntries(
      p.variants
        .filter((variant) => value(variant.id, 'price') !== '')
        .map((variant) => {
          const compareAt = value(variant.id, 'compareAt');
          return [variant.id, { price: toMinor(value(variant.id, 'price'), code), compareAtPrice: compareAt === '' ? null : toMinor(compareAt, code) }];
        }),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const p = product;
    if (!p) return;
    const buttons = form.querySelectorAll('button');
    for (const button of buttons) button.disabled = true;
    status.textContent = 'Saving…';
    (async () => {
      let latest: PricedProduct = p;
      for (const code of await (currencies ?? Promise.resolve([]))) {
        latest = await api<PricedProduct>('PUT', `/admin/products/${p.id}/prices/${code}`, { version: latest.version, prices: listOf(code, p) });
      }
      product = latest;
      saved(latest.version);
      status.textContent = 'Saved.';
    })()
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 409) status.textContent = 'Someone else saved this product meanwhile: close it and open it again.';
        else {
          status.textContent = error instanceof Error ? error.message : String(error);
          fail(error);
        }
      })
      .finally(() => {
        for (const button of buttons) button.disabled = false;
      });
  });

  return { show: (p: PricedProduct) => show(p).catch(fail) };
}
