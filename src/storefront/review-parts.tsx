import type { RatingSummary } from '../catalog/rating';
import type { PublicReview } from '../reviews/review';
import { MAX_AUTHOR_NAME, MAX_TEXT, MAX_TITLE } from '../reviews/review';

/**
 * Reviews on the storefront (docs/reviews.md): stars, the product page's summary with its
 * distribution bars, the reviews, and the form a signed-in customer writes theirs in. Shoppers'
 * text is only ever rendered as text (hono/jsx escapes it); nothing here builds HTML from it.
 */

/** "★★★★☆" for screens, "4.3 out of 5" for screen readers. */
export function Stars(props: { value: number; label?: string }) {
  const full = Math.round(props.value);
  return (
    <span class="stars" role="img" aria-label={props.label ?? `${props.value} out of 5 stars`}>
      <span aria-hidden="true">
        {'★'.repeat(full)}
        <span class="stars-off">{'☆'.repeat(5 - full)}</span>
      </span>
    </span>
  );
}

/** A card's rating line: stars and how many reviews, or nothing without any. */
export function CardRating(props: { rating: { count: number; average: number | null } }) {
  const { count, average } = props.rating;
  if (count === 0 || average === null) return null;
  return (
    <p class="card-rating" data-testid="card-rating">
      <Stars value={average} label={`Rated ${average} out of 5 from ${count} review${count === 1 ? '' : 's'}`} /> <span aria-hidden="true">({count})</span>
    </p>
  );
}

const reviewDate = (iso: string) => iso.slice(0, 10);

function ReviewItem(props: { review: PublicReview; productId: string; canReport: boolean }) {
  const { review } = props;
  return (
    <li class="review" data-testid="review" data-review-id={review.id}>
      <p class="review-head">
        <Stars value={review.rating} /> <strong class="review-title">{review.title}</strong>
      </p>
      <p class="review-meta">
        <span>{review.authorName}</span>
        {review.verified ? <span class="badge verified">Verified purchase</span> : null}{' '}
        <time datetime={review.publishedAt}>{reviewDate(review.publishedAt)}</time>
      </p>
      <p class="review-text">{review.text}</p>
      {props.canReport ? (
        <button type="button" class="link" data-report-review={review.id} data-product-id={props.productId}>
          Report<span class="visually-hidden"> the review “{review.title}”</span>
        </button>
      ) : null}
    </li>
  );
}

/** The product page's reviews: summary, distribution, a page of reviews (newest first) with "More reviews", and the form. */
export function ReviewsSection(props: {
  productId: string;
  productName: string;
  rating: RatingSummary;
  reviews: readonly PublicReview[];
  /** The next page's link, if there is one. */
  more: string | undefined;
  signedInCustomer: boolean;
}) {
  const { rating } = props;
  return (
    <section id="reviews" class="reviews" aria-labelledby="reviews-title" data-product-id={props.productId}>
      <h3 id="reviews-title">Reviews</h3>
      {rating.count === 0 || rating.average === null ? (
        <p data-testid="rating-summary">No reviews yet.</p>
      ) : (
        <div class="rating-summary" data-testid="rating-summary">
          <p class="rating-average">
            <Stars value={rating.average} label={`Rated ${rating.average} out of 5`} /> <strong>{rating.average}</strong> out of 5 · {rating.count} review
            {rating.count === 1 ? '' : 's'}
          </p>
          <ul class="rating-bars" aria-label="Reviews per number of stars">
            {([5, 4, 3, 2, 1] as const).map((stars) => {
              const n = rating.distribution[stars];
              // A meter, not a styled width: the pages' content security policy allows no inline styles.
              return (
                <li>
                  <span class="bar-label">{stars} ★</span>
                  <meter class="bar" min={0} max={rating.count} value={n} aria-hidden="true" />
                  <span class="bar-count">
                    {n}
                    <span class="visually-hidden"> with {stars} stars</span>
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {props.reviews.length ? (
        <ul class="review-list">
          {props.reviews.map((review) => (
            <ReviewItem review={review} productId={props.productId} canReport={props.signedInCustomer} />
          ))}
        </ul>
      ) : null}
      {props.more ? (
        <p>
          <a href={props.more}>More reviews</a>
        </p>
      ) : null}
      <p data-review-status role="status" aria-live="polite"></p>
      {props.signedInCustomer ? (
        <form id="review-form" class="review-form" data-product-id={props.productId} aria-labelledby="review-form-title">
          <h4 id="review-form-title">Review {props.productName}</h4>
          <fieldset class="star-choice">
            <legend>Your rating</legend>
            {[1, 2, 3, 4, 5].map((stars) => (
              <label>
                <input type="radio" name="rating" value={String(stars)} required checked={stars === 5} /> {stars} ★
              </label>
            ))}
          </fieldset>
          <label>
            Title
            <input type="text" name="title" required maxlength={MAX_TITLE} />
          </label>
          <label>
            Your review
            <textarea name="text" required maxlength={MAX_TEXT} rows={4} />
          </label>
          <label>
            Shown as (optional)
            <input type="text" name="authorName" maxlength={MAX_AUTHOR_NAME} placeholder="A customer" />
          </label>
          <p class="form-actions">
            <button type="submit">Post review</button>
            <button type="button" class="link" data-delete-review hidden>
              Remove my review
            </button>
          </p>
        </form>
      ) : (
        <p>
          <a href="/account">Sign in</a> to review this product.
        </p>
      )}
    </section>
  );
}
