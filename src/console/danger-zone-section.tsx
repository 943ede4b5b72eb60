/**
 * The owner's danger zone (admins): close the store, typing its slug to confirm; while it is
 * closing, its export's links and "Restore". src/web/browser/lib/danger-zone.ts reads
 * `GET /admin/offboarding` once the store is closing (`data-closing`; an open store, the common case,
 * asks nothing) and shows the part that applies (docs/offboarding.md).
 */
export function DangerZoneSection(props: { hidden: boolean; slug: string; closing: boolean }) {
  return (
    <section
      id="danger-zone"
      class="danger-zone"
      hidden={props.hidden}
      aria-labelledby="danger-zone-title"
      data-slug={props.slug}
      data-closing={String(props.closing)}
    >
      <h3 id="danger-zone-title">Close the store</h3>
      <p class="hint">
        Closing stops serving your store to visitors at once. We export its products, categories, collections, users, stock history and orders for you to
        download; for 30 days you can restore it with everything as it was. After that it is deleted for good, and its address is never given to anyone else.
      </p>
      <p id="offboarding-state" role="status" aria-live="polite"></p>
      <form id="close-store-form" class="filters" aria-labelledby="danger-zone-title">
        <label>
          Type <code>{props.slug}</code> to confirm
          <input name="confirm" required autocomplete="off" spellcheck={false} />
        </label>
        <button type="submit" class="danger" disabled>
          Close store
        </button>
      </form>
      <div id="offboarding-closing" hidden>
        <ul id="offboarding-files" class="stack"></ul>
        <p class="form-actions">
          <button type="button" id="offboarding-refresh" class="secondary-neutral">
            Refresh
          </button>
          <button type="button" id="restore-store">
            Restore store
          </button>
        </p>
      </div>
    </section>
  );
}
