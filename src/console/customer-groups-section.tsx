import { DataTable } from './parts';

/**
 * Customer groups (admins; docs/pricing.md, "Customer groups"). Rendered empty:
 * src/web/browser/lib/customer-groups.ts lists the groups, creates, renames and deletes them, puts
 * customers in the chosen group by email (or takes them out), and sets the group's prices for a
 * product's variants in one of the store's currencies.
 */
export function CustomerGroupsSection(props: { hidden: boolean; currencies: readonly string[] }) {
  return (
    <section id="customer-groups-section" hidden={props.hidden} aria-labelledby="customer-groups-title" data-currencies={props.currencies.join(',')}>
      <h3 id="customer-groups-title">Customer groups</h3>
      <form id="customer-group-form" class="filters" aria-label="New customer group">
        <label>
          Name
          <input name="name" required maxlength={80} />
        </label>
        <label>
          Description
          <input name="description" maxlength={500} />
        </label>
        <button type="submit">Create group</button>
        <span id="customer-groups-status" role="status" aria-live="polite"></span>
      </form>
      <DataTable id="customer-groups" columns={['Name', 'About', 'Members', 'Actions']} />
      <div id="customer-group-detail" hidden>
        <h4 id="customer-group-title">Group</h4>
        <form id="customer-group-edit" class="filters" aria-label="Rename the group">
          <label>
            Name
            <input name="name" required maxlength={80} />
          </label>
          <label>
            Description
            <input name="description" maxlength={500} />
          </label>
          <button type="submit">Save</button>
          <button type="button" id="customer-group-delete" class="secondary-neutral">
            Delete group
          </button>
          <span id="customer-group-edit-status" role="status" aria-live="polite"></span>
        </form>
        <h4>Members</h4>
        <form id="customer-group-assign" class="filters" aria-label="Add a customer to the group">
          <label>
            Customer’s email
            <input name="email" type="email" required />
          </label>
          <button type="submit">Add to group</button>
          <span id="customer-group-members-status" role="status" aria-live="polite"></span>
        </form>
        <DataTable id="customer-group-members" columns={['Email', 'Name', 'Actions']} />
        <p class="hint">A customer’s prices follow at once; the group in their sign-in token at its next refresh (within 15 minutes).</p>
        <h4>Prices</h4>
        <form id="customer-group-prices" aria-label="The group’s prices for a product">
          <div class="filters">
            <label>
              Product
              <select name="product" required></select>
            </label>
            <label>
              Currency
              <select name="currency" required>
                {props.currencies.map((currency) => (
                  <option value={currency}>{currency}</option>
                ))}
              </select>
            </label>
          </div>
          <DataTable id="customer-group-variants" columns={['Variant', 'Own price', 'Group price', 'Compare-at (was)']} />
          <div class="filters">
            <button type="submit">Save prices</button>
            <button type="button" id="customer-group-prices-remove" class="secondary-neutral">
              Remove this product’s group prices
            </button>
            <span id="customer-group-prices-status" role="status" aria-live="polite"></span>
          </div>
        </form>
        <p class="hint">Leave a variant’s group price empty to sell it at its own price to this group.</p>
      </div>
    </section>
  );
}
