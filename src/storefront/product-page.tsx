import type { PublicProduct, PublicVariant } from '../catalog/product';
import { formatPrice, stockState } from './format';
import { saleText } from '../pricing/sale';
import { SaleMark } from './sale-mark';
import { jsonLdText } from './seo';
import { chosenVariant, galleryOrder, imageOfVariant, valueStates, variantWithValues, type PickerVariant, type ValueState } from './variant-choice';

type Image = PublicProduct['images'][number];

/**
 * The variant a product page shows: `?variant=<id>` (links keep the choice), else the options a
 * script-less picker submitted (`?option-0=41&option-1=Blue`), else the default. Unknown ids fall
 * back to the default, never to an error.
 */
export function pageVariant(product: PublicProduct, query: Record<string, string>): PublicVariant | undefined {
  if (!query.variant && product.options.length > 0 && product.options.every((_, i) => query[`option-${i}`] !== undefined)) {
    const picked = variantWithValues(
      product.variants,
      product.options.map((_, i) => query[`option-${i}`]!),
    );
    if (picked) return picked;
  }
  return chosenVariant(product.variants, query.variant);
}

/** Pictures: one strip that scrolls sideways (snapping, swipeable on a phone), thumbnails under it on wider screens. */
export function Gallery(props: { name: string; images: readonly Image[]; first: Image | undefined }) {
  const ordered = galleryOrder(props.images, props.first);
  if (ordered.length === 0) return <div class="placeholder" aria-hidden="true" />;
  return (
    <div class="gallery" data-testid="gallery" data-shown={ordered[0]!.id}>
      {/* Focusable: a scrolling region must be reachable by keyboard to be scrolled with the arrow keys. */}
      <ul class="gallery-track" aria-label={`Pictures of ${props.name}`} tabindex={0}>
        {ordered.map((image, i) => (
          <li id={`image-${image.id}`} data-image-id={image.id}>
            <img src={image.url} alt={`${props.name}, view ${i + 1} of ${ordered.length}`} loading={i === 0 ? undefined : 'lazy'} />
          </li>
        ))}
      </ul>
      {ordered.length > 1 ? (
        <ul class="thumbs">
          {ordered.map((image, i) => (
            <li>
              <a href={`#image-${image.id}`} data-image-id={image.id} aria-current={i === 0 ? 'true' : undefined}>
                <img src={image.url} alt={`View ${i + 1}`} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The chosen variant's price, with its compare-at price struck through when it is on sale. */
export function VariantPrice(props: { variant: PublicVariant }) {
  const { price, compareAtPrice } = props.variant;
  return (
    <p class="price" data-testid="price">
      {/* No space between: the struck price keeps its distance by margin, and disappears entirely off sale. */}
      <span class="now">{formatPrice(price)}</span>
      <s class="compare-at" hidden={!compareAtPrice}>
        {compareAtPrice ? formatPrice(compareAtPrice) : ''}
      </s>
      <SaleMark price={price.amount} compareAt={compareAtPrice?.amount} always />
    </p>
  );
}

const STATE_NOTE: Record<ValueState, string> = { available: '', 'sold-out': ' (out of stock)', other: ' (not with this choice)', none: ' (unavailable)' };

/**
 * One group of radio chips per option (fieldset and legend, arrow keys move within a group). It is
 * a plain GET form: without script, "Show this choice" loads the page for the chosen options; with
 * the script (src/web/browser/product.ts) every click updates the page and its URL at once.
 */
export function VariantPicker(props: { product: PublicProduct; variant: PublicVariant }) {
  const { product, variant } = props;
  const states = valueStates(product.options, product.variants, variant.optionValues);
  const data: PickerVariant[] = product.variants.map((v) => ({
    id: v.id,
    optionValues: v.optionValues,
    inStock: v.inStock,
    price: formatPrice(v.price),
    compareAt: v.compareAtPrice ? formatPrice(v.compareAtPrice) : null,
    sale: saleText(v.price.amount, v.compareAtPrice?.amount),
    imageId: imageOfVariant(product.images, v)?.id ?? null,
    sku: v.sku,
  }));
  return (
    <form class="picker" id="variant-picker" method="get" action={`/p/${product.id}`} data-testid="variant-picker">
      {product.options.map((option, i) => (
        <fieldset>
          <legend>
            {option.name}: <span class="chosen">{variant.optionValues[i]}</span>
          </legend>
          <div class="chips">
            {option.values.map((value, j) => {
              const state = states[i]![j]!;
              return (
                <label class={`chip ${state}`}>
                  <input type="radio" name={`option-${i}`} value={value} checked={variant.optionValues[i] === value} disabled={state === 'none'} />
                  <span>
                    {value}
                    <span class="visually-hidden note">{STATE_NOTE[state]}</span>
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
      <button type="submit" class="secondary show-choice">
        Show this choice
      </button>
      <script type="application/json" id="variant-data" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }}></script>
    </form>
  );
}

/** The buying column's availability line for the chosen variant. */
export function Availability(props: { inStock: boolean }) {
  const stock = stockState(props.inStock);
  return (
    <p class={`stock ${stock.tone}`} data-testid="availability" aria-live="polite">
      {stock.label}
    </p>
  );
}
