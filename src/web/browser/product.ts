/**
 * The product page's variant picker and gallery, made instant. The server already renders the
 * right page for `?variant=<id>` (and the picker works as a plain form); this module only updates
 * the price, availability, SKU, chosen values and the shown picture on each click, and puts the
 * chosen variant in the URL with replaceState so the link keeps it.
 */
import { ApiError, call } from './lib/api';
import { announceCartCount } from './lib/cart-count';
import { setUpReviews } from './lib/review-form';
import { valueStates, variantAfterChoosing, type PickerVariant, type ValueState } from '../../storefront/variant-choice';

const NOTES: Record<ValueState, string> = { available: '', 'sold-out': ' (out of stock)', other: ' (not with this choice)', none: ' (unavailable)' };

const gallery = document.querySelector<HTMLElement>('.gallery');

/** Scrolls the strip to a picture (not the page: the visitor stays where they are) and marks its thumbnail. */
function showImage(id: string, smooth: boolean) {
  if (!gallery) return;
  const track = gallery.querySelector<HTMLElement>('.gallery-track');
  const slide = gallery.querySelector<HTMLElement>(`.gallery-track [data-image-id="${CSS.escape(id)}"]`);
  if (!track || !slide) return;
  track.scrollTo({ left: slide.offsetLeft - track.offsetLeft, behavior: smooth ? 'smooth' : 'auto' });
  gallery.dataset.shown = id;
  for (const thumb of gallery.querySelectorAll<HTMLElement>('.thumbs a')) {
    if (thumb.dataset.imageId === id) thumb.setAttribute('aria-current', 'true');
    else thumb.removeAttribute('aria-current');
  }
}

gallery?.querySelector('.thumbs')?.addEventListener('click', (event) => {
  const thumb = (event.target as Element).closest<HTMLElement>('a[data-image-id]');
  if (!thumb) return;
  event.preventDefault();
  showImage(thumb.dataset.imageId!, true);
});

/** An add or save on its way: the buttons wait for it (a picker click must not re-enable them mid-send). */
let sending = false;
const status = document.querySelector<HTMLElement>('#add-to-cart-status');

/** "Add to cart" and "Save to wishlist" without leaving the page; the mini cart hears the new count. */
function sendWithoutLeaving(formId: string, send: (fields: FormData) => Promise<string>) {
  const target = document.querySelector<HTMLFormElement>(formId);
  target?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.add-to-cart button')];
    const enabled = buttons.map((button) => !button.disabled);
    sending = true;
    for (const button of buttons) button.disabled = true;
    try {
      if (status) status.textContent = await send(new FormData(target));
    } catch (error) {
      if (status) status.textContent = error instanceof ApiError ? error.message : 'That did not go through; try again.';
    } finally {
      sending = false;
      buttons.forEach((button, i) => {
        button.disabled = !enabled[i];
      });
    }
  });
}

sendWithoutLeaving('#add-to-cart', async (fields) => {
  const { count } = await call<{ count: number }>('POST', '/cart/lines', {
    productId: String(fields.get('productId')),
    variantId: String(fields.get('variantId')),
    quantity: Number(fields.get('quantity')),
  });
  announceCartCount(count);
  return 'Added to your cart.';
});
sendWithoutLeaving('#save-to-wishlist', async (fields) => {
  await call('PUT', `/wishlist/items/${encodeURIComponent(String(fields.get('variantId')))}`, { productId: String(fields.get('productId')) });
  return 'Saved to your wishlist.';
});

const form = document.querySelector<HTMLFormElement>('#variant-picker');
if (form) {
  const variants = JSON.parse(document.getElementById('variant-data')!.textContent ?? '[]') as PickerVariant[];
  const fieldsets = [...form.querySelectorAll('fieldset')];
  const options = fieldsets.map((fieldset) => ({ values: [...fieldset.querySelectorAll<HTMLInputElement>('input[type=radio]')].map((input) => input.value) }));
  const text = (selector: string, value: string) => {
    const node = document.querySelector(selector);
    if (node) node.textContent = value;
  };
  form.querySelector<HTMLElement>('.show-choice')!.hidden = true;

  const show = (variant: PickerVariant) => {
    const states = valueStates(options, variants, variant.optionValues);
    fieldsets.forEach((fieldset, i) => {
      const chosen = fieldset.querySelector('.chosen');
      if (chosen) chosen.textContent = variant.optionValues[i] ?? '';
      fieldset.querySelectorAll<HTMLInputElement>('input[type=radio]').forEach((input, j) => {
        const state = states[i]![j]!;
        input.checked = input.value === variant.optionValues[i];
        const chip = input.closest('label')!;
        chip.className = `chip ${state}`;
        chip.querySelector('.note')!.textContent = NOTES[state];
      });
    });
    text('[data-testid=price] .now', variant.price);
    const was = document.querySelector<HTMLElement>('[data-testid=price] .compare-at');
    if (was) {
      was.textContent = variant.compareAt ?? '';
      was.hidden = !variant.compareAt;
    }
    const badge = document.querySelector<HTMLElement>('[data-testid=price] .sale-badge');
    if (badge) {
      badge.textContent = variant.sale ?? '';
      badge.hidden = !variant.sale;
    }
    const availability = document.querySelector<HTMLElement>('[data-testid=availability]');
    if (availability) {
      availability.textContent = variant.inStock ? 'In stock' : 'Out of stock';
      availability.className = `stock ${variant.inStock ? 'in' : 'out'}`;
    }
    text('[data-testid=sku]', variant.sku);
    for (const field of document.querySelectorAll<HTMLInputElement>('[data-variant-field]')) field.value = variant.id;
    const add = document.querySelector<HTMLButtonElement>('[data-testid=add-to-cart]');
    if (add && !sending) add.disabled = !variant.inStock;
    // "Buy now" checks out the variant shown (its line is `<productId>:<variantId>:1`).
    const buyNow = document.querySelector<HTMLInputElement>('#buy-now-line');
    if (buyNow) buyNow.value = buyNow.value.replace(/:[^:]+:1$/, `:${variant.id}:1`);
    const buyForm = document.querySelector<HTMLFormElement>('form.buy-now');
    if (buyForm) buyForm.hidden = !variant.inStock;
    if (variant.imageId) showImage(variant.imageId, true);
    const url = new URL(location.href);
    url.searchParams.set('variant', variant.id);
    for (const key of [...url.searchParams.keys()]) if (key.startsWith('option-')) url.searchParams.delete(key);
    history.replaceState(null, '', url);
  };

  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    const index = Number(input.name.replace('option-', ''));
    const current = fieldsets.map((fieldset) => fieldset.querySelector<HTMLInputElement>('input:checked')?.value ?? '');
    const next = variantAfterChoosing(variants, current, index, input.value);
    if (next) show(next);
  });
}

// Reviews: the customer's own review form and the report buttons (src/web/browser/lib/review-form.ts).
const reviews = document.querySelector<HTMLElement>('#reviews');
if (reviews) setUpReviews(reviews);
