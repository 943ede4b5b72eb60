/**
 * The console's reviews (admins; docs/reviews.md): a list per state (pending first, the work),
 * the reported ones flagged, and for each review approve, reject or remove. Rendered empty;
 * src/web/browser/lib/reviews-panel.ts fills it from `GET /admin/reviews`.
 */
export function ReviewsSection(props: { hidden: boolean }) {
  return (
    <section id="reviews-section" hidden={props.hidden} aria-labelledby="reviews-admin-title">
      <h3 id="reviews-admin-title">Reviews</h3>
      <form id="reviews-filter" class="filters">
        <label>
          Show
          <select name="status">
            <option value="pending">Waiting for approval</option>
            <option value="reported">Reported by shoppers</option>
            <option value="published">Published</option>
            <option value="rejected">Rejected</option>
          </select>
        </label>
      </form>
      <p id="reviews-status" role="status" aria-live="polite"></p>
      <div class="table-scroll">
        <table id="reviews-table" class="data">
          <caption class="visually-hidden">Reviews</caption>
          <thead>
            <tr>
              <th scope="col">Review</th>
              <th scope="col">Stars</th>
              <th scope="col">Product</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <p>
        <button type="button" id="reviews-more" class="secondary" hidden>
          More reviews
        </button>
      </p>
    </section>
  );
}
