/**
 * The store's plan and usage in the console (admins: the owner is the store's first admin). Rendered
 * empty and filled by the script from `GET /admin/plan` and `GET /admin/usage`: what the store holds
 * against each limit, requests and the rest today and this month, the plans to move to, and the
 * month as CSV.
 */
export function PlanSection(props: { hidden: boolean }) {
  return (
    <section id="plan-section" hidden={props.hidden} aria-labelledby="plan-title">
      <h3 id="plan-title">Plan and usage</h3>
      <p>
        Your plan: <strong id="plan-name">…</strong> <span id="plan-price"></span>
      </p>
      <p id="plan-over" class="notice" role="alert" hidden></p>
      <div class="table-scroll">
        <table id="plan-held">
          <caption class="visually-hidden">What the store holds against its plan</caption>
          <thead>
            <tr>
              <th scope="col">Held</th>
              <th scope="col">Used</th>
              <th scope="col">Plan limit</th>
              <th scope="col">
                <span class="visually-hidden">Share</span>
              </th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <div class="table-scroll">
        <table id="plan-usage">
          <caption class="visually-hidden">Metered usage</caption>
          <thead>
            <tr>
              <th scope="col">Usage</th>
              <th scope="col">Today</th>
              <th scope="col">This month</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <p>
        <a href="/admin/usage.csv" download>
          Download this month's usage (CSV)
        </a>
      </p>
      <form id="plan-form" class="filters">
        <label>
          Change plan
          <select name="plan"></select>
        </label>
        <button type="submit">Change plan</button>
        <span id="plan-status" role="status" aria-live="polite"></span>
      </form>
      <p class="hint">
        A downgrade keeps everything: products stay listed and sellable. Only new products, staff or images past the new plan's limits are refused until the
        store is back under them.
      </p>
    </section>
  );
}
