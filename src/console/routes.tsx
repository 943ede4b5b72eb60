import type { Handler } from 'hono';
import type { TenantEnv } from '../http/env';
import { Layout, type PageAssets } from '../storefront/layout';
import { sessionView } from '../storefront/session-view';
import { MfaEnrolmentSection } from '../storefront/sign-in-fields';
import { DataTable, SignInSection } from './parts';
import { SettingsSection } from './settings-section';
import { GettingStartedSection } from './getting-started-section';
import { DomainsSection } from './domains-section';
import { PlanSection } from './plan-section';
import { TransferSection } from './transfer-section';
import { GroupingsSection } from './groupings-section';
import { ProductEditorSection } from './product-editor-section';
import { OrdersSection } from './orders-section';
import { PriceScheduleSection } from './price-schedule-section';
import { CustomerGroupsSection } from './customer-groups-section';
import { DangerZoneSection } from './danger-zone-section';
import { DiscountsSection } from './discounts-section';
import { ReviewsSection } from './reviews-section';

/**
 * The store console for staff at `/admin` on the store's domain. The page itself is public (it
 * holds no data); everything it shows comes from the JSON API with the session cookie. Who is
 * signed in and which sections their roles see is rendered here from the cookie's verified
 * claims: clerks see orders and inventory; admins also products, images and users; the read-only
 * `support` role sees orders only, without their buttons. The handler of
 * `GET /admin`, loaded by its first request (src/console/console-route.ts mounts it).
 */
export function consolePage(assets: PageAssets): Handler<TenantEnv> {
  return async (c) => {
    const tenant = c.get('tenant');
    const session = sessionView(c, c.get('claims'));
    const isAdmin = session.roles.includes('admin');
    const isClerk = session.roles.includes('clerk');
    const seesInventory = isAdmin || isClerk;
    const isStaff = seesInventory || session.roles.includes('support');
    const page = (
      <Layout audience="store-console" assets={assets} siteName={tenant.name} title="Store console" script="admin">
        <h2 class="visually-hidden">Store console</h2>
        <p id="console-status" role="status" aria-live="polite">
          {session.email && !isStaff ? 'This account is not staff of this store.' : ''}
        </p>
        <SignInSection title="Staff sign-in" withNewPassword hidden={isStaff} refresh={session.refreshable} resetBase="/auth/password" />
        <div id="workspace" hidden={!isStaff} data-roles={session.roles.join(' ')}>
          <p class="who">
            <span>
              Signed in as <span id="who">{isStaff ? `${session.email} (${session.roles.join(', ')})` : ''}</span>
            </span>
            <button type="button" id="sign-out">
              Sign out
            </button>
          </p>
          <MfaEnrolmentSection />
          <GettingStartedSection />
          {isStaff ? <OrdersSection powers={{ ship: seesInventory, manage: isAdmin }} /> : null}
          <section id="inventory-section" hidden={!seesInventory} aria-labelledby="inventory-title">
            <h3 id="inventory-title">Inventory</h3>
            <form id="list-filters" class="filters" aria-label="Show products">
              <label>
                Search
                <input type="search" id="product-search" placeholder="Name, SKU, option, category" autocomplete="off" maxlength={200} />
              </label>
              <label>
                Status
                <select id="status-filter">
                  <option value="">any</option>
                  <option>draft</option>
                  <option>active</option>
                  <option>archived</option>
                </select>
              </label>
              <label>
                Sort by
                <select id="sort-by">
                  <option value="newest">newest first</option>
                  <option value="name">name</option>
                  <option value="price">price, lowest first</option>
                  <option value="price-desc">price, highest first</option>
                </select>
              </label>
              <label class="check">
                <input type="checkbox" id="low-only" /> Low stock only
              </label>
            </form>
            <DataTable id="inventory" columns={['Product', 'SKU', 'Status', 'Price', 'Stock', 'Actions']} />
            <p class="form-actions">
              <span id="list-count" aria-live="polite"></span>
              <button type="button" id="load-more" class="secondary-neutral" hidden>
                Load more products
              </button>
            </p>
            <div id="history" hidden>
              <h3>History</h3>
              <ul></ul>
            </div>
          </section>
          {isAdmin ? <ProductEditorSection /> : null}
          <section id="products-section" hidden={!isAdmin} aria-labelledby="products-title">
            <h3 id="products-title">Add or edit a product</h3>
            <form id="product-form" class="filters">
              <label>
                Name
                <input name="name" required maxlength={200} />
              </label>
              <label>
                SKU
                <input name="sku" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" />
              </label>
              <label>
                Price
                <input name="price" type="number" min="0" step="any" required />
              </label>
              <label>
                Currency
                <input name="currency" value="EUR" required pattern="[A-Za-z]{3}" />
              </label>
              <label>
                Status
                <select name="status">
                  <option>draft</option>
                  <option>active</option>
                  <option>archived</option>
                </select>
              </label>
              <label>
                Initial stock
                <input name="stock" type="number" min="0" step="1" value="0" />
              </label>
              <button type="submit">Create product</button>
            </form>
          </section>
          <section id="users-section" hidden={!isAdmin} aria-labelledby="users-title">
            <h3 id="users-title">Users</h3>
            <DataTable id="users" columns={['Name', 'Email', 'Role', 'Actions']} />
          </section>
          <GroupingsSection hidden={!isAdmin} />
          <PriceScheduleSection hidden={!isAdmin} />
          <TransferSection hidden={!isAdmin} />
          <ReviewsSection hidden={!isAdmin} />
          <SettingsSection hidden={!isAdmin} />
          <DomainsSection hidden={!isAdmin} plan={tenant.tier} />
          <PlanSection hidden={!isAdmin} />
          <DangerZoneSection hidden={!isAdmin} slug={tenant.id} closing={tenant.status === 'closing'} />
          <DiscountsSection hidden={!isAdmin} currency={tenant.settings.currency} />
          <CustomerGroupsSection
            hidden={!isAdmin}
            currencies={[tenant.settings.currency, ...((tenant.settings as { currencies?: string[] }).currencies ?? [])]}
          />
        </div>
      </Layout>
    );
    return c.html(`<!DOCTYPE html>${await page.toString()}`);
  };
}
