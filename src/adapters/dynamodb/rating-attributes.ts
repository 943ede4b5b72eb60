import { marginOf, RATING_FLOORS, type RatingCounts } from '../../catalog/rating';

/**
 * A product's rating counters as top-level attributes of its item (docs/reviews.md): DynamoDB's
 * ADD works on top-level numbers only, and ADD is what keeps them exact when many reviews change
 * at once. Product edits never write them (they are not in the edit's attributes) and reviews
 * never touch `version`, so neither makes the other fail.
 */
const COUNT = 'ratingCount';
const TOTAL = 'ratingTotal';
const starAttribute = (stars: number) => `ratingStars${stars}`;
/** `total − N × count` for each "N stars and up" filter (src/catalog/rating.ts). */
export const marginAttribute = (floor: number) => `ratingMargin${floor}`;

export const RATING_ATTRIBUTES = [COUNT, TOTAL, ...[1, 2, 3, 4, 5].map(starAttribute), ...RATING_FLOORS.map(marginAttribute)];

/** The counters on a product item, or undefined when no review was ever counted. */
export function ratingFromItem(item: Record<string, unknown>): RatingCounts | undefined {
  if (typeof item[COUNT] !== 'number') return undefined;
  const number = (name: string) => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  return {
    count: number(COUNT),
    total: number(TOTAL),
    stars: [1, 2, 3, 4, 5].map((s) => number(starAttribute(s))) as RatingCounts['stars'],
  };
}

/** An item without its rating attributes, for schemas that do not know them. */
export function withoutRatingAttributes(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const name of RATING_ATTRIBUTES) delete copy[name];
  return copy;
}

/**
 * The product's share of a review's transaction: ADD the delta to every counter, on a product
 * that exists (a deleted product's item must not come back as a bare counter).
 */
export function ratingAdd(tableName: string, key: { PK: string; SK: string }, delta: RatingCounts) {
  const values: Record<string, number> = { ':count': delta.count, ':total': delta.total };
  const names: Record<string, string> = { '#count': COUNT, '#total': TOTAL };
  const adds = ['#count :count', '#total :total'];
  delta.stars.forEach((n, i) => {
    names[`#s${i + 1}`] = starAttribute(i + 1);
    values[`:s${i + 1}`] = n;
    adds.push(`#s${i + 1} :s${i + 1}`);
  });
  for (const floor of RATING_FLOORS) {
    names[`#m${floor}`] = marginAttribute(floor);
    values[`:m${floor}`] = marginOf(delta, floor);
    adds.push(`#m${floor} :m${floor}`);
  }
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `ADD ${adds.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A product item as ProductSchema reads it: the counters folded into `rating`. */
export function productFromItem(item: Record<string, unknown>): Record<string, unknown> {
  const rating = ratingFromItem(item);
  const rest = withoutRatingAttributes(item);
  return rating ? { ...rest, rating } : rest;
}

/**
 * A condition that the counters a rank was computed from are still there: the same count and
 * total (the rank depends on nothing else), or still none. Any review change in between makes it
 * fail, so a writer that read older counters never overwrites a newer rank.
 */
export function ratingCondition(read: RatingCounts | undefined): { expression: string; names: Record<string, string>; values: Record<string, number> } {
  // Only the names the expression uses: DynamoDB refuses an unused one.
  if (!read) return { expression: 'attribute_not_exists(#rc)', names: { '#rc': COUNT }, values: {} };
  return { expression: '#rc = :rc AND #rt = :rt', names: { '#rc': COUNT, '#rt': TOTAL }, values: { ':rc': read.count, ':rt': read.total } };
}
