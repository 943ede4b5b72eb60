/**
 * The store's settings in the console (admins only): the form is rendered empty and filled by the
 * script from `GET /admin/settings`, and saved whole with the version it was read at, so two admins
 * editing at once get a clear conflict instead of overwriting each other.
 */
export function SettingsSection(props: { hidden: boolean }) {
  return (
    <section id="settings-section" hidden={props.hidden} aria-labelledby="settings-title">
      <h3 id="settings-title">Store settings</h3>
      <form id="settings-form" class="settings" novalidate>
        <fieldset>
          <legend>Prices and tax</legend>
          <label>
            Currency
            <input name="currency" required pattern="[A-Za-z]{3}" maxlength={3} autocomplete="off" aria-describedby="currency-hint" />
            <small id="currency-hint">ISO code such as EUR or USD; every price in the store is in it.</small>
          </label>
          <label>
            Also sold in
            <input name="currencies" pattern="\s*([A-Za-z]{3}\s*(,\s*[A-Za-z]{3}\s*)*)?" maxlength={60} autocomplete="off" aria-describedby="currencies-hint" />
            <small id="currencies-hint">
              Up to 10 other ISO codes, comma-separated (USD, GBP). Shoppers choose one; a variant is sold in it only once you give it a price in it.
            </small>
          </label>
          <label>
            Tax rate (%)
            <input name="taxRate" type="number" min="0" max="100" step="0.01" required inputmode="decimal" />
          </label>
          <label class="check">
            <input name="pricesIncludeTax" type="checkbox" /> Prices include tax
          </label>
        </fieldset>
        <fieldset>
          <legend>Shipping rates</legend>
          <p class="hint">Flat rates shoppers choose from at checkout. Leave "offered from subtotal" empty to offer a rate on every order.</p>
          <div class="table-scroll">
            <table id="shipping-rates">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Price</th>
                  <th scope="col">Offered from subtotal</th>
                  <th scope="col">Other currencies</th>
                  <th scope="col">
                    <span class="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody></tbody>
            </table>
          </div>
          <button type="button" id="add-rate" class="secondary-neutral">
            Add a shipping rate
          </button>
        </fieldset>
        <fieldset>
          <legend>Legal identity (printed on invoices)</legend>
          <label>
            Legal name
            <input name="legalName" maxlength={120} autocomplete="organization" />
          </label>
          <label>
            Address
            <textarea name="legalAddress" maxlength={400} rows={3} autocomplete="street-address"></textarea>
          </label>
          <label>
            VAT or tax id
            <input name="legalVatId" maxlength={40} />
          </label>
          <label>
            Contact email
            <input name="legalEmail" type="email" maxlength={254} autocomplete="email" />
          </label>
        </fieldset>
        <fieldset>
          <legend>Orders and reviews</legend>
          <label>
            Hold unpaid orders' stock for (minutes)
            <input name="reservationMinutes" type="number" min="1" max="1440" step="1" required />
          </label>
          <label>
            New reviews
            <select name="reviewModeration">
              <option value="publish">Publish at once</option>
              <option value="hold">Hold for approval</option>
            </select>
          </label>
          <label>
            Who may review
            <select name="reviewsFrom">
              <option value="buyers">Customers who bought the product</option>
              <option value="customers">Any signed-in customer</option>
            </select>
          </label>
        </fieldset>
        <p class="form-actions">
          <button type="submit">Save settings</button>
          <span id="settings-status" role="status" aria-live="polite"></span>
        </p>
      </form>
    </section>
  );
}
