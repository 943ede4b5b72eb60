/**
 * The console's product page: details, options and variants edited as one draft and saved with
 * one PATCH carrying the version read (a 409 means someone else saved first), the API's 422
 * field errors shown beside their fields, and each variant's stock (set, adjust, paged history).
 */
import { ApiError, type createApi } from './api';
import { $, closest, el, fill, fillRows } from './dom';
import { minorUnits, toMinor } from './money';
import { uploadImage } from './image-upload';
import { depths, indented } from './groupings-panel';
import { combinations, skuFor } from './variant-combinations';
import { wireCurrencyPrices, type PricedProduct } from './currency-prices';

type Api = ReturnType<typeof createApi>;
type Money = { amount: number; currency: string };
type Variant = {
  id: string;
  sku: string;
  optionValues: string[];
  price: Money;
  compareAtPrice: Money | null;
  lowStockThreshold: number | null;
  weightGrams: number | null;
  barcode: string | null;
  imageIds: string[];
  active: boolean;
  onHand: number;
  reserved: number;
  available: number;
};
type Option = { name: string; values: string[] };
type Product = {
  id: string;
  name: string;
  handle: string;
  description: string;
  status: string;
  tags: string[];
  options: Option[];
  variants: Variant[];
  images: { id: string; url: string }[];
  version: number;
  currencyPrices?: PricedProduct['currencyPrices'];
};
/** A variant row as typed: prices as the person wrote them; `id` absent for one not saved yet. */
type DraftVariant = {
  id?: string;
  sku: string;
  optionValues: string[];
  price: string;
  compareAt: string;
  threshold: string;
  weight: string;
  barcode: string;
  imageIds: string[];
  active: boolean;
};
type Category = { id: string; name: string; parentId: string | null };
type Collection = { id: string; name: string; productIds: string[]; version: number };
type HistoryEntry = { occurredAt: string; delta: number; reason: string; previous: number; current: number; actor: string };
type Page<T> = { items: T[]; nextCursor: string | null };

const REASONS = ['restock', 'sale', 'return', 'correction'];
const HISTORY_PAGE = 10;

const typedMoney = (money: Money | null) => (money ? (money.amount / 10 ** minorUnits(money.currency)).toFixed(minorUnits(money.currency)) : '');
const wholeOrNull = (typed: string) => (typed.trim() === '' ? null : Number(typed));
const label = (v: { optionValues: string[] }) => (v.optionValues.length ? v.optionValues.join(' / ') : 'Default');

export function wireProductEditor(api: Api, say: (text: string) => void, fail: (error: unknown) => void, onSaved: () => Promise<unknown>) {
  const section = $('#product-editor');
  const form = $<HTMLFormElement>('#editor-form');
  const optionList = $('#editor-options');
  const variantTable = $('#editor-variants');
  const imageList = $('#editor-images');
  const stockTable = $('#editor-stock');
  const history = $('#editor-history');
  const more = $<HTMLButtonElement>('#editor-history-more');
  let product: Product | undefined;
  let currency = 'EUR';
  let options: Option[] = [];
  let variants: DraftVariant[] = [];
  let historyOf: { variant: Variant; cursor: string | null } | undefined;

  // Prices in the store's other currencies: their own form, saving at this product's version and moving it on.
  const currencyPrices = wireCurrencyPrices(api, fail, (version) => {
    if (product) product.version = version;
  });

  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

  function draftOf(v: Variant): DraftVariant {
    return {
      id: v.id,
      sku: v.sku,
      optionValues: [...v.optionValues],
      price: typedMoney(v.price),
      compareAt: typedMoney(v.compareAtPrice),
      threshold: v.lowStockThreshold === null ? '' : String(v.lowStockThreshold),
      weight: v.weightGrams === null ? '' : String(v.weightGrams),
      barcode: v.barcode ?? '',
      imageIds: v.imageIds,
      active: v.active,
    };
  }

  function renderOptions() {
    const items = options.map((option, i) =>
      el(
        'li',
        { 'data-index': i },
        el('label', {}, 'Option name', el('input', { class: 'option-name', value: option.name, 'data-path': `options.${i}.name`, maxlength: 40 })),
        el('label', {}, 'Values', el('input', { class: 'option-values', value: option.values.join(', '), 'data-path': `options.${i}.values` })),
        el('button', { type: 'button', class: 'remove-option secondary', 'aria-label': `Remove option ${option.name || i + 1}` }, 'Remove option'),
      ),
    );
    fill(optionList, ...items);
    $<HTMLButtonElement>('#editor-add-option').disabled = options.length >= 3;
  }

  function cellInput(i: number, key: keyof DraftVariant, path: string, name: string, attributes: Record<string, string | number> = {}) {
    const variant = variants[i]!;
    return el('input', {
      'data-key': key,
      'data-path': `variants.${i}.${path}`,
      value: String(variant[key] ?? ''),
      'aria-label': `${name} of ${label(variant)}`,
      ...attributes,
    });
  }

  function renderVariants() {
    const rows = variants.map((v, i) =>
      el(
        'tr',
        { 'data-index': i },
        el('td', { 'data-path': `variants.${i}.optionValues` }, label(v)),
        el('td', {}, cellInput(i, 'sku', 'sku', 'SKU')),
        el('td', {}, cellInput(i, 'price', 'price', 'Price', { type: 'number', min: 0, step: 'any' })),
        el('td', {}, cellInput(i, 'compareAt', 'compareAtPrice', 'Compare-at price', { type: 'number', min: 0, step: 'any' })),
        el('td', {}, cellInput(i, 'threshold', 'lowStockThreshold', 'Low-stock threshold', { type: 'number', min: 0, step: 1 })),
        el('td', {}, cellInput(i, 'weight', 'weightGrams', 'Weight', { type: 'number', min: 0, step: 1 })),
        el('td', {}, cellInput(i, 'barcode', 'barcode', 'Barcode')),
        el('td', { 'data-path': `variants.${i}.imageIds` }, imageChoices(v)),
        el('td', {}, el('input', { type: 'checkbox', 'data-key': 'active', checked: v.active, 'aria-label': `${label(v)} is active` })),
        el('td', {}, el('button', { type: 'button', class: 'remove-variant secondary', disabled: variants.length === 1 }, 'Remove')),
      ),
    );
    fillRows(variantTable, rows);
  }

  /** A variant's images, chosen among the product's (numbered as the Images list shows them). */
  function imageChoices(v: DraftVariant) {
    const images = product?.images ?? [];
    if (!images.length) return el('span', { class: 'hint' }, 'none yet');
    return el(
      'span',
      { class: 'choices' },
      ...images.map((image, n) =>
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', 'data-image': image.id, checked: v.imageIds.includes(image.id), 'aria-label': `Image ${n + 1} for ${label(v)}` }),
          ` ${n + 1}`,
        ),
      ),
    );
  }

  function renderImages() {
    const images = product?.images ?? [];
    const items = images.map((image, n) =>
      el(
        'li',
        { 'data-image': image.id },
        el('img', { src: image.url, alt: `Image ${n + 1}`, width: 96, height: 96, loading: 'lazy' }),
        el(
          'span',
          { class: 'buttons' },
          el('button', { type: 'button', class: 'left secondary-neutral', disabled: n === 0, 'aria-label': `Move image ${n + 1} left` }, '←'),
          el('button', { type: 'button', class: 'right secondary-neutral', disabled: n === images.length - 1, 'aria-label': `Move image ${n + 1} right` }, '→'),
          el('button', { type: 'button', class: 'remove secondary', 'aria-label': `Remove image ${n + 1}` }, 'Remove'),
        ),
      ),
    );
    fill(imageList, ...(items.length ? items : [el('li', { class: 'hint' }, 'No images yet.')]));
  }

  /**
   * An image change is saved at once (like the upload): the answer brings the new images and
   * version, and the draft of details and variants stays as typed (minus a removed image).
   */
  function imagesChanged(saved: Product, done: string) {
    if (!product) return;
    product.images = saved.images;
    product.version = saved.version;
    const ids = new Set(saved.images.map((image) => image.id));
    for (const v of variants) v.imageIds = v.imageIds.filter((id) => ids.has(id));
    renderImages();
    renderVariants();
    say(done);
  }

  function renderStock() {
    const rows = (product?.variants ?? []).map((v) =>
      el(
        'tr',
        { 'data-variant': v.id },
        el('td', {}, `${label(v)} (${v.sku})`),
        el('td', {}, v.onHand),
        el('td', {}, v.reserved),
        el('td', { 'data-testid': 'available' }, v.available),
        el(
          'td',
          {},
          el(
            'form',
            { class: 'adjust' },
            el('input', { name: 'amount', type: 'number', step: 1, required: true, 'aria-label': `Stock change or count of ${label(v)}` }),
            el('select', { name: 'reason', 'aria-label': `Reason for ${label(v)}` }, ...REASONS.map((r) => el('option', {}, r))),
            el('button', { name: 'adjust' }, 'Adjust by'),
            el('button', { name: 'set', class: 'secondary-neutral' }, 'Set to'),
          ),
        ),
        el('td', {}, el('button', { type: 'button', class: 'history' }, 'History')),
      ),
    );
    fillRows(stockTable, rows);
  }

  function showErrors(errors: readonly { path: string; message: string }[]) {
    for (const marked of form.querySelectorAll('[aria-invalid]')) marked.removeAttribute('aria-invalid');
    for (const note of form.querySelectorAll('.field-error')) note.remove();
    const unplaced: string[] = [];
    for (const error of errors) {
      // The most specific field whose path the error's path begins with (`variants.0.price.amount` → `variants.0.price`).
      const target = Array.from(form.querySelectorAll<HTMLElement>('[data-path]'))
        .filter((f) => error.path === f.dataset.path || error.path.startsWith(`${f.dataset.path}.`))
        .sort((a, b) => (b.dataset.path?.length ?? 0) - (a.dataset.path?.length ?? 0))[0];
      if (!target) {
        unplaced.push(`${error.path} ${error.message}`);
        continue;
      }
      target.setAttribute('aria-invalid', 'true');
      const where = target.closest('label, td') ?? target;
      where.append(el('small', { class: 'field-error', role: 'alert' }, error.message));
    }
    fill($('#editor-errors'), ...unplaced.map((text) => el('li', {}, text)));
  }

  function show(p: Product) {
    product = p;
    currency = p.variants[0]?.price.currency ?? currency;
    options = p.options.map((o) => ({ name: o.name, values: [...o.values] }));
    variants = p.variants.map(draftOf);
    input('name').value = p.name;
    input('handle').value = p.handle;
    input('description').value = p.description;
    input('status').value = p.status;
    input('tags').value = p.tags.join(', ');
    $('#editor-title').textContent = `Product: ${p.name}`;
    renderImages();
    renderOptions();
    renderVariants();
    renderStock();
    showErrors([]);
    void currencyPrices.show(p);
  }

  // Categories and collections: ticked as the API has them, saved together by their own button.
  let collections: Collection[] = [];
  async function loadGroupings(id: string) {
    const [tree, lists, mine] = await Promise.all([
      api<{ items: Category[] }>('GET', '/admin/categories'),
      api<{ items: Collection[] }>('GET', '/admin/collections'),
      api<{ categoryIds: string[] }>('GET', `/admin/products/${id}/categories`),
    ]);
    const depth = depths(tree.items);
    const ticked = new Set(mine.categoryIds);
    const box = (name: string, value: string, checked: boolean, text: string) =>
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name, value, checked }), ` ${text}`);
    fill(
      $('#editor-categories'),
      ...(tree.items.length
        ? tree.items.map((c) => indented(box('categoryId', c.id, ticked.has(c.id), c.name), depth.get(c.id) ?? 0))
        : [el('span', { class: 'hint' }, 'No categories yet (add them under Categories).')]),
    );
    collections = lists.items.sort((a, b) => a.name.localeCompare(b.name));
    fill(
      $('#editor-collections'),
      ...(collections.length
        ? collections.map((c) => box('collectionId', c.id, c.productIds.includes(id), c.name))
        : [el('span', { class: 'hint' }, 'No collections yet.')]),
    );
  }

  const groupingsForm = $<HTMLFormElement>('#editor-groupings');
  groupingsForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = product?.id;
    if (!id) return;
    const ticked = (name: string) => Array.from(groupingsForm.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`), (box) => box.value);
    const inCollections = new Set(ticked('collectionId'));
    // A collection changes only when this product joins (at its end) or leaves it, each with the version read.
    const changes = collections
      .filter((c) => c.productIds.includes(id) !== inCollections.has(c.id))
      .map((c) =>
        api('PUT', `/admin/collections/${c.id}/products`, {
          version: c.version,
          productIds: inCollections.has(c.id) ? [...c.productIds, id] : c.productIds.filter((other) => other !== id),
        }),
      );
    // Nothing can be ticked while the save and the read after it run: that read redraws the boxes
    // (and brings the collections' new versions), and would undo a tick made meanwhile. "Saved" is
    // said once the boxes show what was saved.
    setGroupingsBusy(true);
    Promise.all([api('PUT', `/admin/products/${id}/categories`, { categoryIds: ticked('categoryId') }), ...changes])
      .then(() => loadGroupings(id))
      .then(() => say(`Saved the categories and collections of ${product?.name ?? 'the product'}.`))
      .then(onSaved)
      .catch((error: unknown) => {
        fail(error);
        return loadGroupings(id).catch(fail);
      })
      .finally(() => setGroupingsBusy(false));
  });
  function setGroupingsBusy(busy: boolean) {
    for (const control of groupingsForm.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) control.disabled = busy;
    groupingsForm.setAttribute('aria-busy', String(busy));
  }

  async function open(id: string) {
    const [p] = await Promise.all([api<Product>('GET', `/admin/products/${id}`), loadGroupings(id)]);
    show(p);
    history.hidden = true;
    section.hidden = false;
    section.scrollIntoView();
  }

  /** After a stock change: the counts read again, the typed draft left as it is (stock never changes the version). */
  async function refreshStock() {
    if (!product) return;
    const fresh = await api<Product>('GET', `/admin/products/${product.id}`);
    for (const v of product.variants) {
      const now = fresh.variants.find((other) => other.id === v.id);
      if (now) Object.assign(v, { onHand: now.onHand, reserved: now.reserved, available: now.available });
    }
    renderStock();
  }

  // Options: renaming a value renames it in the variants (values matched by position when the count is kept).
  optionList.addEventListener('change', (event) => {
    const item = closest<HTMLElement>(event.target, 'li[data-index]');
    if (!item) return;
    const i = Number(item.dataset.index);
    const option = options[i]!;
    option.name = $<HTMLInputElement>('.option-name', item).value.trim();
    const before = option.values;
    const after = $<HTMLInputElement>('.option-values', item)
      .value.split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    option.values = after;
    for (const v of variants) {
      const at = before.indexOf(v.optionValues[i] ?? '');
      if (before.length === after.length && at >= 0) v.optionValues[i] = after[at]!;
      else if (!v.optionValues[i] && after[0]) v.optionValues[i] = after[0];
    }
    renderVariants();
  });
  optionList.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button.remove-option');
    const item = closest<HTMLElement>(button, 'li[data-index]');
    if (!button || !item) return;
    const i = Number(item.dataset.index);
    if (!confirm(`Remove the option ${options[i]?.name ?? ''}? Its values are taken off every variant.`)) return;
    options.splice(i, 1);
    for (const v of variants) v.optionValues.splice(i, 1);
    renderOptions();
    renderVariants();
  });
  // A new option starts empty; once it has values, every existing variant takes its first one (their stock stays with them).
  $('#editor-add-option').addEventListener('click', () => {
    options.push({ name: '', values: [] });
    renderOptions();
    $<HTMLInputElement>(`li[data-index="${options.length - 1}"] .option-name`, optionList).focus();
  });

  $('#editor-generate').addEventListener('click', () => {
    const have = new Set(variants.map((v) => JSON.stringify(v.optionValues)));
    const base = variants[0];
    const missing = combinations(options).filter((values) => !have.has(JSON.stringify(values)));
    for (const values of missing) {
      variants.push({
        sku: skuFor(base?.sku ?? 'SKU', values),
        optionValues: values,
        price: base?.price ?? '',
        compareAt: '',
        threshold: base?.threshold ?? '',
        weight: base?.weight ?? '',
        barcode: '',
        imageIds: [],
        active: true,
      });
    }
    renderVariants();
    say(missing.length ? `${missing.length} variant(s) added; save to keep them.` : 'Every combination has a variant.');
  });

  variantTable.addEventListener('change', (event) => {
    const target = event.target;
    const row = closest<HTMLElement>(target, 'tr[data-index]');
    if (!(target instanceof HTMLInputElement) || !row) return;
    const variant = variants[Number(row.dataset.index)]!;
    const key = target.dataset.key as keyof DraftVariant | undefined;
    const image = target.dataset.image;
    if (image) variant.imageIds = target.checked ? [...variant.imageIds, image] : variant.imageIds.filter((id) => id !== image);
    else if (key === 'active') variant.active = target.checked;
    else if (key === 'sku' || key === 'price' || key === 'compareAt' || key === 'threshold' || key === 'weight' || key === 'barcode')
      variant[key] = target.value;
  });
  variantTable.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button.remove-variant');
    const row = closest<HTMLElement>(button, 'tr[data-index]');
    if (!button || !row) return;
    const i = Number(row.dataset.index);
    const variant = variants[i]!;
    if (!confirm(`Remove the variant ${label(variant)} (${variant.sku})? Its stock goes with it when you save.`)) return;
    variants.splice(i, 1);
    renderVariants();
  });

  function body() {
    return {
      version: product!.version,
      name: input('name').value,
      ...(input('handle').value.trim() ? { handle: input('handle').value.trim() } : {}),
      description: input('description').value,
      status: input('status').value,
      tags: input('tags')
        .value.split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
      options,
      variants: variants.map((v) => ({
        ...(v.id ? { id: v.id } : {}),
        sku: v.sku.trim(),
        optionValues: v.optionValues,
        price: { amount: toMinor(v.price, currency), currency },
        compareAtPrice: v.compareAt.trim() ? { amount: toMinor(v.compareAt, currency), currency } : null,
        lowStockThreshold: wholeOrNull(v.threshold),
        weightGrams: wholeOrNull(v.weight),
        barcode: v.barcode.trim() || null,
        imageIds: v.imageIds,
        active: v.active,
      })),
    };
  }

  imageList.addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button');
    const id = closest<HTMLElement>(button, 'li[data-image]')?.dataset.image;
    if (!button || !id || !product) return;
    const order = product.images.map((image) => image.id);
    const at = order.indexOf(id);
    const step = button.classList.contains('left') ? -1 : button.classList.contains('right') ? 1 : 0;
    if (step) {
      [order[at], order[at + step]] = [order[at + step]!, order[at]!];
      api<Product>('PATCH', `/admin/products/${product.id}`, { images: order, version: product.version })
        .then((saved) => imagesChanged(saved, `Moved image ${at + 1} ${step < 0 ? 'left' : 'right'}.`))
        .catch(fail);
    }
    if (button.classList.contains('remove') && confirm(`Remove image ${at + 1}? It is deleted and taken off every variant.`)) {
      api<Product>('DELETE', `/admin/products/${product.id}/images/${id}`)
        .then((saved) => imagesChanged(saved, `Removed image ${at + 1}.`))
        .catch(fail);
    }
  });
  $('#editor-image-file').addEventListener('change', (event) => {
    const picker = event.target as HTMLInputElement;
    const file = picker.files?.[0];
    if (!file || !product) return;
    uploadImage<Product>(api, product.id, file)
      .then((saved) => imagesChanged(saved, 'Image added.'))
      .then(onSaved)
      .catch(fail)
      .finally(() => {
        picker.value = '';
      });
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!product) return;
    api<Product>('PATCH', `/admin/products/${product.id}`, body())
      .then((saved) => {
        show(saved);
        say(`Saved ${saved.name}.`);
        return onSaved();
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 409) return say('This product was changed by someone else: reload it to see their changes.');
        if (error instanceof ApiError && error.errors.length) {
          showErrors(error.errors);
          return say('Not saved: check the fields marked.');
        }
        fail(error);
      });
  });
  $('#editor-close').addEventListener('click', () => {
    section.hidden = true;
    product = undefined;
  });

  // Stock: "Adjust by" sends a delta with its reason; "Set to" an absolute count (after a stock take).
  const variantPath = (variantId: string) => `/admin/products/${product?.id}/variants/${variantId}/inventory`;
  stockTable.addEventListener('submit', (event) => {
    const stockForm = event.target;
    if (!(stockForm instanceof HTMLFormElement)) return;
    event.preventDefault();
    const row = closest<HTMLElement>(stockForm, 'tr[data-variant]');
    const variant = product?.variants.find((v) => v.id === row?.dataset.variant);
    if (!variant) return;
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    const amount = Number((stockForm.elements.namedItem('amount') as HTMLInputElement).value);
    const reason = (stockForm.elements.namedItem('reason') as HTMLSelectElement).value;
    const change =
      submitter?.name === 'set'
        ? api<{ previous: number; current: number }>('PUT', variantPath(variant.id), { stock: amount, reason })
        : api<{ previous: number; current: number }>('POST', `${variantPath(variant.id)}/adjustments`, { delta: amount, reason });
    change
      .then(async (entry) => {
        await refreshStock();
        await onSaved();
        await showHistory(variant.id);
        say(`Stock of ${label(variant)} ${entry.previous} → ${entry.current}.`);
      })
      .catch(fail);
  });
  stockTable.addEventListener('click', (event) => {
    const row = closest<HTMLElement>(closest(event.target, 'button.history'), 'tr[data-variant]');
    if (row?.dataset.variant) showHistory(row.dataset.variant).catch(fail);
  });

  async function showHistory(variantId: string, cursor?: string) {
    const variant = product?.variants.find((v) => v.id === variantId);
    if (!variant) return;
    const query = `?limit=${HISTORY_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api<Page<HistoryEntry>>('GET', `${variantPath(variantId)}/history${query}`);
    const items = page.items.map((h) =>
      el(
        'li',
        {},
        `${h.occurredAt.slice(0, 19).replace('T', ' ')}: ${h.delta > 0 ? '+' : ''}${h.delta} (${h.reason}) ${h.previous} → ${h.current} by ${h.actor}`,
      ),
    );
    const list = $('#editor-history ul');
    if (cursor) list.append(...items);
    else fill(list, ...(items.length ? items : [el('li', {}, 'No changes yet.')]));
    $('#editor-history-title').textContent = `History of ${label(variant)} (${variant.sku})`;
    historyOf = { variant, cursor: page.nextCursor };
    more.hidden = !page.nextCursor;
    history.hidden = false;
    if (!cursor) history.scrollIntoView({ block: 'nearest' });
  }
  more.addEventListener('click', () => {
    if (historyOf?.cursor) showHistory(historyOf.variant.id, historyOf.cursor).catch(fail);
  });

  return { open: (id: string) => open(id).catch(fail) };
}
