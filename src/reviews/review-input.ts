import * as v from 'valibot';
import { MAX_AUTHOR_NAME, MAX_TEXT, MAX_TITLE, ReviewQueueSchema, StarsSchema } from './review';

/*
 * What the review routes read (src/reviews/routes.ts), apart from the review model the product page
 * needs, so they load with those routes and not at a visitor's cold start.
 */

/**
 * Plain text only: no markup survives (pages render it escaped anyway), and no control characters
 * other than line breaks, which would break JSON-LD and logs.
 */
/** A control character other than a line break (\n, \r). */
const hasControl = (text: string) =>
  [...text].some((ch) => {
    const code = ch.charCodeAt(0);
    return (code < 32 && code !== 10 && code !== 13) || code === 127;
  });
const TAG = /<\/?[a-z!][^>]*>/i;
const plainText = (max: number, required: boolean) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check((text: string) => !hasControl(text), 'must be plain text without control characters'),
    v.check((text: string) => !TAG.test(text), 'must be plain text, without HTML tags'),
    v.minLength(required ? 1 : 0, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );

/** Body of PUT /products/:id/review: the caller's own review, written or rewritten whole. */
export const ReviewInputSchema = v.strictObject({
  rating: StarsSchema,
  title: plainText(MAX_TITLE, true),
  text: plainText(MAX_TEXT, true),
  /** How the review is signed; "A customer" when empty. */
  authorName: v.optional(plainText(MAX_AUTHOR_NAME, false), ''),
});
export type ReviewInput = v.InferOutput<typeof ReviewInputSchema>;

/** `?status=&limit=&cursor=` of the console's review list (pending first, as that is the work). */
export const ReviewListQuerySchema = v.object({
  status: v.optional(ReviewQueueSchema, 'pending'),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100'), v.transform(Number), v.minValue(1), v.maxValue(100)),
    '20',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

/** Body of PUT /admin/reviews/:reviewId/status: an admin's decision on the version they saw. */
export const ModerationSchema = v.strictObject({
  status: v.picklist(['published', 'rejected']),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type Moderation = v.InferOutput<typeof ModerationSchema>;
