/**
 * Price bands of the price facet, in minor units: `[min, max)`, the last open. Fixed rather than
 * computed from the results, so a band's link means the same thing on every page and caches well.
 */
export type PriceRange = { min: number; max: number | null };

const EDGES = [0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000] as const;

export const PRICE_BANDS: readonly (PriceRange & { value: string })[] = EDGES.map((min, i) => {
  const max = EDGES[i + 1] ?? null;
  return { min, max, value: priceRangeValue({ min, max }) };
});

/** `1000-2500`, or `50000-` for the open band: the `price` parameter's form. */
export function priceRangeValue(range: PriceRange): string {
  return `${range.min}-${range.max ?? ''}`;
}

/** The `price` parameter read back: `min-max` in minor units, either end may be empty; anything else is not a range. */
export function parsePriceRange(value: string): PriceRange | undefined {
  const match = /^(\d{0,12})-(\d{0,12})$/.exec(value);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const min = match[1] === '' ? 0 : Number(match[1]);
  const max = match[2] === '' ? null : Number(match[2]);
  if (max !== null && max <= min) return undefined;
  return { min, max };
}
