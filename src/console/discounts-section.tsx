/**
 * The console's discounts (admins): the list with each discount's uses, and one form that creates
 * a discount or, after "Edit", replaces one. Rendered empty: src/web/browser/lib/discounts-panel.ts
 * fills it from `GET /admin/discounts`. Amounts are typed in the store's currency (59.90), sent
 * in minor units; percentages as typed (12.5 %), sent in basis points.
 */
export function DiscountsSection(props: { hidden: boolean; currency: string }) {
  return (
    <section id="discounts-section" hidden={props.hidden} aria-labelledby="discounts-title" data-currency={props.currency}>
      <h3 id="discounts-title">Discounts</h3>
      <div class="table-scroll">
        <table id="discount-list">
          <caption class="visually-hidden">Discount codes and automatic discounts</caption>
          <thead>
            <tr>
              <th scope="col">Discount</th>
              <th scope="col">Takes off</th>
              <th scope="col">Active</th>
              <th scope="col">Used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <form id="discount-form" class="stack" aria-labelledby="discount-form-title">
        <h4 id="discount-form-title">New discount</h4>
        <div class="filters">
          <label>
            Title
            <input name="title" required maxlength={120} />
          </label>
          <label>
            How it applies
            <select name="method">
              <option value="code">With a code</option>
              <option value="automatic">Automatically</option>
            </select>
          </label>
          <label>
            Code
            <input name="code" maxlength={40} pattern="[A-Za-z0-9][A-Za-z0-9_\-]{1,39}" autocomplete="off" spellcheck={false} />
          </label>
        </div>
        <div class="filters">
          <label>
            Kind
            <select name="kind">
              <option value="percentage">Percentage off</option>
              <option value="fixed-order">Amount off, once per order</option>
              <option value="fixed-item">Amount off each item</option>
              <option value="free-shipping">Free shipping</option>
              <option value="buy-x-get-y">Buy X get Y</option>
            </select>
          </label>
          <label id="discount-value">
            Value (% or amount)
            <input name="value" inputmode="decimal" />
          </label>
        </div>
        <div class="filters">
          <label>
            {/* "Customer buys" for buy X get Y (the panel renames it): there it is what must be bought. */}
            <span id="discount-target-label">Applies to</span>
            <select name="target">
              <option value="all">Everything</option>
              <option value="categories">Categories</option>
              <option value="collections">Collections</option>
              <option value="products">Products</option>
              <option value="variants">Variants</option>
            </select>
          </label>
          <label>
            Their ids (comma-separated)
            <input name="targetIds" autocomplete="off" spellcheck={false} />
          </label>
          <label>
            Minimum requirement
            <select name="minimum">
              <option value="none">None</option>
              <option value="subtotal">Subtotal of these items</option>
              <option value="quantity">Quantity of these items</option>
            </select>
          </label>
          <label>
            Minimum (amount or items)
            <input name="minimumValue" inputmode="decimal" />
          </label>
        </div>
        {/* Buy X get Y only (shown by the panel when that kind is chosen): the "Customer buys" above is what must be bought. */}
        <fieldset id="discount-get" class="choices" hidden>
          <legend>Buy X get Y: what the customer gets</legend>
          <div class="filters">
            <label>
              Buy (units)
              <input name="buyQuantity" type="number" min="1" value="2" />
            </label>
            <label>
              Get (units)
              <input name="getQuantity" type="number" min="1" value="1" />
            </label>
            <label>
              Customer gets
              <select name="getTarget">
                <option value="all">Everything</option>
                <option value="categories">Categories</option>
                <option value="collections">Collections</option>
                <option value="products">Products</option>
                <option value="variants">Variants</option>
              </select>
            </label>
            <label>
              Their ids (comma-separated)
              <input name="getTargetIds" autocomplete="off" spellcheck={false} />
            </label>
          </div>
          <div class="filters">
            <label>
              The items got are
              <select name="getDiscount">
                <option value="free">Free</option>
                <option value="percentage">A percentage off</option>
              </select>
            </label>
            <label>
              Percentage off the items got
              <input name="getPercent" inputmode="decimal" />
            </label>
            <label>
              Uses per order (optional)
              <input name="maxApplications" type="number" min="1" />
            </label>
          </div>
        </fieldset>
        <div class="filters">
          <label>
            Starts
            <input name="startsAt" type="datetime-local" required />
          </label>
          <label>
            Ends (optional)
            <input name="endsAt" type="datetime-local" />
          </label>
          <label>
            Uses in total (optional)
            <input name="usageLimit" type="number" min="1" />
          </label>
          <label>
            Uses per customer (optional)
            <input name="perCustomerLimit" type="number" min="1" />
          </label>
        </div>
        <fieldset class="choices">
          <legend>Combines with</legend>
          <label class="check">
            <input type="checkbox" name="product" /> product discounts
          </label>
          <label class="check">
            <input type="checkbox" name="order" /> order discounts
          </label>
          <label class="check">
            <input type="checkbox" name="shipping" checked /> shipping discounts
          </label>
        </fieldset>
        <p class="form-actions">
          <button type="submit">Save discount</button>
          <button type="button" id="discount-cancel" class="secondary-neutral" hidden>
            Cancel
          </button>
          <span id="discount-status" role="status" aria-live="polite"></span>
        </p>
      </form>
    </section>
  );
}
