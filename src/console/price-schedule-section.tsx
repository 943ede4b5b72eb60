import { DataTable } from './parts';

/**
 * Scheduled price changes (admins; docs/pricing.md). Rendered empty: src/web/browser/lib/price-schedule.ts
 * offers the variants the console has read, sends `POST /admin/price-changes`, and lists the
 * pending changes from `GET /admin/price-changes` with a Cancel button each.
 */
export function PriceScheduleSection(props: { hidden: boolean }) {
  return (
    <section id="price-changes-section" hidden={props.hidden} aria-labelledby="price-changes-title">
      <h3 id="price-changes-title">Scheduled prices</h3>
      <form id="price-change-form" class="filters" aria-labelledby="price-changes-title">
        <label>
          Variant
          <select name="variant" required></select>
        </label>
        <label>
          New price
          <input name="price" type="number" min="0" step="any" required />
        </label>
        <label>
          Compare-at (was)
          <input name="compareAt" type="number" min="0" step="any" placeholder="none" />
        </label>
        <label>
          Starts
          <input name="startsAt" type="datetime-local" required />
        </label>
        <label>
          Ends (back to today’s price)
          <input name="endsAt" type="datetime-local" />
        </label>
        <button type="submit">Schedule</button>
        <span id="price-change-status" role="status" aria-live="polite"></span>
      </form>
      <DataTable id="price-changes" columns={['Product', 'Variant', 'Change', 'Price', 'When', 'Actions']} />
      <p class="hint">
        Changes apply within a minute of their time. A sale with an end shows its end as its own change once it has started: cancel that to keep the sale price.
      </p>
    </section>
  );
}
