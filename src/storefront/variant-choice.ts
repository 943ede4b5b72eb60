/**
 * The variant picker's choices, as plain functions: the server renders the page with them and the
 * browser module (src/web/browser/product.ts) updates it with the same rules, so a page reached by
 * a link and a page changed by a click show the same thing.
 */

/** What choosing needs of a variant (the public view's variants fit it). */
export type Choosable = { id: string; optionValues: readonly string[]; inStock: boolean };

/** What the browser module gets of each variant (a JSON block in the page), prices formatted as the server does. */
export type PickerVariant = {
  id: string;
  optionValues: string[];
  inStock: boolean;
  price: string;
  compareAt: string | null;
  /** The sale badge's words ("Sale −25 %"), or null off sale (src/pricing/sale.ts). */
  sale: string | null;
  imageId: string | null;
  sku: string;
};

/**
 * How a value shows given the other options' chosen values: `available` (that combination can be
 * bought), `sold-out` (it exists, out of stock), `other` (no variant has it with these choices;
 * choosing it moves the other options to one that does), `none` (no variant has it at all).
 */
export type ValueState = 'available' | 'sold-out' | 'other' | 'none';

const sameValues = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/** The variant with exactly these option values. */
export function variantWithValues<V extends Choosable>(variants: readonly V[], values: readonly string[]): V | undefined {
  return variants.find((variant) => sameValues(variant.optionValues, values));
}

/** The variant a link names; otherwise the first that can be bought; otherwise the first. */
export function chosenVariant<V extends Choosable>(variants: readonly V[], id: string | undefined): V | undefined {
  return variants.find((variant) => variant.id === id) ?? variants.find((variant) => variant.inStock) ?? variants[0];
}

/**
 * What choosing `value` for option `index` leads to, the other choices kept where they can be: the
 * exact combination when it exists, else the variant with that value that keeps most of the other
 * choices (one in stock before one sold out). Undefined when no variant has the value.
 */
export function variantAfterChoosing<V extends Choosable>(variants: readonly V[], current: readonly string[], index: number, value: string): V | undefined {
  const wanted = current.map((existing, i) => (i === index ? value : existing));
  const exact = variantWithValues(variants, wanted);
  if (exact) return exact;
  let best: V | undefined;
  let bestScore = -1;
  for (const variant of variants) {
    if (variant.optionValues[index] !== value) continue;
    const kept = variant.optionValues.filter((other, i) => i !== index && other === wanted[i]).length;
    const score = kept * 2 + (variant.inStock ? 1 : 0);
    if (score > bestScore) {
      best = variant;
      bestScore = score;
    }
  }
  return best;
}

/** For each option, the state of each of its values next to the chosen values of the others. */
export function valueStates(options: readonly { values: readonly string[] }[], variants: readonly Choosable[], chosen: readonly string[]): ValueState[][] {
  return options.map((option, index) =>
    option.values.map((value) => {
      if (!variants.some((variant) => variant.optionValues[index] === value)) return 'none';
      const match = variantWithValues(
        variants,
        chosen.map((existing, i) => (i === index ? value : existing)),
      );
      if (!match) return 'other';
      return match.inStock ? 'available' : 'sold-out';
    }),
  );
}

/** The picture to show first for a variant: its own first image, else the product's first. */
export function imageOfVariant<I extends { id: string }>(images: readonly I[], variant: { imageIds: readonly string[] } | undefined): I | undefined {
  const own = variant?.imageIds.find((id) => images.some((image) => image.id === id));
  return images.find((image) => image.id === own) ?? images[0];
}

/** The gallery's order: the variant's picture first, the others after it in the product's order. */
export function galleryOrder<I extends { id: string }>(images: readonly I[], first: I | undefined): I[] {
  return first ? [first, ...images.filter((image) => image !== first)] : [...images];
}
