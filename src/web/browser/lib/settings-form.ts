/**
 * The console's store settings form: filled from `GET /admin/settings`, saved whole with `PUT` and
 * the version it was read at. Percentages and money are shown as people type them and sent as the
 * API's integers (basis points, minor units of the store's currency).
 */
import { ApiError, type createApi } from './api';
import { $, closest, el, field, fill } from './dom';
import { minorUnits, toMinor } from './money';

type ShippingRate = { id: string; name: string; price: number; minSubtotal: number | null; prices?: Record<string, number> };
type Settings = {
  currency: string;
  currencies: string[];
  taxRate: number;
  pricesIncludeTax: boolean;
  shippingRates: ShippingRate[];
  legal: { name: string; address: string; vatId: string; email: string };
  reservationMinutes: number;
  reviewModeration: 'publish' | 'hold';
  reviewsFrom: 'buyers' | 'customers';
  version: number;
};

/** A rate's prices in the store's other currencies as typed: "USD 5.95, GBP 4.50". */
const typedPrices = (prices: Record<string, number> | undefined) =>
  Object.entries(prices ?? {})
    .map(([code, minor]) => `${code} ${shown(minor, code)}`)
    .join(', ');
const PRICE_ENTRY = /^([A-Za-z]{3})\s+(\d+(?:\.\d+)?)$/;
/** "USD 5.95, GBP 4.50" → { USD: 595, GBP: 450 }; undefined when something is not "CODE amount". */
function pricesOf(typed: string): Record<string, number> | undefined {
  const entries = typed
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const parsed = entries.map((entry) => PRICE_ENTRY.exec(entry));
  if (parsed.some((match) => !match)) return undefined;
  return Object.fromEntries(parsed.map((match) => [match![1]!.toUpperCase(), toMinor(match![2]!, match![1]!.toUpperCase())]));
}

const shown = (minor: number | null, currency: string) => (minor === null ? '' : (minor / 10 ** minorUnits(currency)).toFixed(minorUnits(currency)));

/** Rate ids are the API's handle on a rate; made from the name, kept unique within the form. */
function rateId(name: string, taken: Set<string>) {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'rate';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function rateRow(rate: Partial<ShippingRate>, currency: string) {
  // data-label: on a phone each row is a card with the column's name beside each field (style.css).
  const cell = (label: string, input: HTMLInputElement) => el('td', { 'data-label': label }, input);
  return el(
    'tr',
    { 'data-rate-id': rate.id ?? '' },
    cell('Name', el('input', { name: 'rateName', required: true, maxlength: 80, value: rate.name ?? '', 'aria-label': 'Rate name' })),
    cell(
      'Price',
      el('input', {
        name: 'ratePrice',
        type: 'number',
        min: 0,
        step: 'any',
        required: true,
        inputmode: 'decimal',
        value: shown(rate.price ?? 0, currency),
        'aria-label': 'Price',
      }),
    ),
    cell(
      'From subtotal',
      el('input', {
        name: 'rateMin',
        type: 'number',
        min: 0,
        step: 'any',
        inputmode: 'decimal',
        value: shown(rate.minSubtotal ?? null, currency),
        'aria-label': 'Offered from subtotal',
      }),
    ),
    // "Others" beside the field on a phone (the card's label column is narrow); its name for screen readers is the whole one.
    cell(
      'Others',
      el('input', {
        name: 'ratePrices',
        maxlength: 200,
        value: typedPrices(rate.prices),
        placeholder: 'USD 5.95',
        'aria-label': 'Other currencies',
      }),
    ),
    el('td', {}, el('button', { type: 'button', class: 'secondary remove-rate' }, 'Remove')),
  );
}

export function wireSettingsForm(api: ReturnType<typeof createApi>, say: (text: string) => void): Promise<void> {
  const form = $<HTMLFormElement>('#settings-form');
  const rates = $('#shipping-rates tbody');
  const status = (text: string) => {
    $('#settings-status').textContent = text;
  };
  let version = 0;
  const currency = () => field(form, 'currency').value.trim().toUpperCase() || 'EUR';

  function show(settings: Settings) {
    version = settings.version;
    // Which version the form shows: also what tests and people's tools can wait on.
    form.dataset.version = String(settings.version);
    field(form, 'currency').value = settings.currency;
    field(form, 'currencies').value = settings.currencies.join(', ');
    field(form, 'taxRate').value = (settings.taxRate / 100).toString();
    field(form, 'pricesIncludeTax').checked = settings.pricesIncludeTax;
    field(form, 'reservationMinutes').value = String(settings.reservationMinutes);
    field<HTMLSelectElement>(form, 'reviewModeration').value = settings.reviewModeration;
    field<HTMLSelectElement>(form, 'reviewsFrom').value = settings.reviewsFrom;
    field(form, 'legalName').value = settings.legal.name;
    $<HTMLTextAreaElement>('[name=legalAddress]', form).value = settings.legal.address;
    field(form, 'legalVatId').value = settings.legal.vatId;
    field(form, 'legalEmail').value = settings.legal.email;
    fill(rates, ...settings.shippingRates.map((rate) => rateRow(rate, settings.currency)));
  }

  function read(): Settings {
    const taken = new Set<string>();
    const cur = currency();
    const shippingRates = Array.from(rates.querySelectorAll('tr'), (row) => {
      const value = (name: string) => $<HTMLInputElement>(`[name=${name}]`, row).value.trim();
      const name = value('rateName');
      const kept = row.dataset.rateId && !taken.has(row.dataset.rateId) ? row.dataset.rateId : undefined;
      if (kept) taken.add(kept);
      // Checked on submit (`reportValidity`): an entry that is not "CODE amount" is the field's error.
      const prices = pricesOf(value('ratePrices')) ?? {};
      return {
        id: kept ?? rateId(name, taken),
        name,
        price: toMinor(value('ratePrice') || '0', cur),
        minSubtotal: value('rateMin') === '' ? null : toMinor(value('rateMin'), cur),
        ...(Object.keys(prices).length > 0 ? { prices } : {}),
      };
    });
    return {
      currency: cur,
      currencies: field(form, 'currencies')
        .value.split(',')
        .map((code) => code.trim().toUpperCase())
        .filter((code) => code !== ''),
      taxRate: Math.round(Number(field(form, 'taxRate').value) * 100),
      pricesIncludeTax: field(form, 'pricesIncludeTax').checked,
      shippingRates,
      legal: {
        name: field(form, 'legalName').value.trim(),
        address: $<HTMLTextAreaElement>('[name=legalAddress]', form).value.trim(),
        vatId: field(form, 'legalVatId').value.trim(),
        email: field(form, 'legalEmail').value.trim(),
      },
      reservationMinutes: Number(field(form, 'reservationMinutes').value),
      reviewModeration: field<HTMLSelectElement>(form, 'reviewModeration').value as Settings['reviewModeration'],
      reviewsFrom: field<HTMLSelectElement>(form, 'reviewsFrom').value as Settings['reviewsFrom'],
      version,
    };
  }

  const load = () =>
    api<Settings>('GET', '/admin/settings')
      .then(show)
      .catch((error: unknown) => say(error instanceof Error ? error.message : String(error)));

  $('#add-rate').addEventListener('click', () => {
    const row = rateRow({}, currency());
    rates.append(row);
    $<HTMLInputElement>('[name=rateName]', row).focus();
  });
  rates.addEventListener('click', (event) => {
    const button = closest(event.target, '.remove-rate');
    if (button) button.closest('tr')?.remove();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const input of rates.querySelectorAll<HTMLInputElement>('[name=ratePrices]'))
      input.setCustomValidity(pricesOf(input.value) ? '' : 'Write each as a currency code and an amount, comma-separated: USD 5.95, GBP 4.50');
    if (!form.reportValidity()) return;
    status('Saving…');
    api<Settings>('PUT', '/admin/settings', read())
      .then((saved) => {
        show(saved);
        status('Saved.');
      })
      .catch((error: unknown) => {
        const conflict = error instanceof ApiError && error.status === 409;
        status(
          conflict
            ? 'Someone else saved these settings meanwhile: their version is shown now; apply your change again.'
            : error instanceof Error
              ? error.message
              : String(error),
        );
        if (conflict) void load();
      });
  });
  return load();
}
