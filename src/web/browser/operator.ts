/**
 * The operator console at `/platform` (platform hosts only): stores are listed, onboarded,
 * suspended and resumed through the operator API. The server renders whether an operator is
 * signed in; signing out ends the session at the API (refresh token revoked, session denied).
 */
import { createApi } from './lib/api';
import { $, closest, el, field, fillRows, say } from './lib/dom';
import { needsEnrolment, offerEnrolment } from './lib/mfa-enrolment';
import { resumeSession, signOut } from './lib/session';
import { wirePasswordReset } from './lib/password-reset';
import { wireSignInForm } from './lib/sign-in-form';
import { storeUsageLine, type StoreUsageFigures } from './lib/usage-text';

type Tenant = { id: string; name: string; domains: string[]; tier: string; status: string; createdAt: string; usage?: StoreUsageFigures };
/** The answer of `PUT /platform/tenants/:slug/plan` (src/plans/service.ts, StorePlanSchema), what this page reads of it. */
type StorePlan = { plan: { name: string; title: string }; overLimits: string[] };
type Onboarded = { tenant: Tenant; firstAdmin: { email: string; temporaryPassword?: string } };

const SESSION = '/platform/auth/session';
/** The plans, cheapest first (src/plans/plans.ts PLAN_NAMES). */
const PLANS = ['basic', 'standard', 'premium'] as const;
const api = createApi(SESSION);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** An operator without an authenticator app is refused by the API until they enrol one: offer it. */
const fail = (error: unknown) => (needsEnrolment(error) ? offerEnrolment(SESSION, say) : say(message(error)));

const workspace = $('#workspace');
if (workspace.hidden) setUpSignIn();
else setUpWorkspace();

function setUpSignIn() {
  void resumeSession(SESSION, $('#signin'));
  const form = $<HTMLFormElement>('#signin-form');
  wireSignInForm(form, { base: SESSION, say, onSignedIn: () => location.reload() });
  wirePasswordReset({ signIn: form, signInForm: form });
}

function setUpWorkspace() {
  $('#sign-out').addEventListener('click', () => {
    signOut(SESSION)
      .then(() => location.reload())
      .catch((error: unknown) => say(`Sign-out failed: ${message(error)}`));
  });

  // What each store holds more of than its plan allows, as the last plan change answered (kept across reloads of the list).
  const over = new Map<string, string[]>();
  const OVER_NAMES: Record<string, string> = { products: 'products', staff: 'staff accounts', storageBytes: 'image storage' };
  const overText = (resources: readonly string[]) => `Over the plan: ${resources.map((r) => OVER_NAMES[r] ?? r).join(', ')}`;

  const planCell = (t: Tenant) => {
    const select = el(
      'select',
      { class: 'plan', 'aria-label': `Plan of ${t.name}` },
      ...PLANS.map((plan) => el('option', { value: plan, selected: plan === t.tier }, plan)),
    );
    const resources = over.get(t.id) ?? [];
    return el('td', { 'data-testid': 'plan' }, select, resources.length ? el('span', { class: 'hint', 'data-testid': 'over' }, overText(resources)) : null);
  };

  const row = (t: Tenant) =>
    el(
      'tr',
      { 'data-id': t.id, 'data-name': t.name },
      el('td', {}, t.name),
      el('td', {}, t.id),
      el('td', {}, t.domains.join(', ')),
      planCell(t),
      el('td', { 'data-testid': 'status' }, t.status),
      el('td', {}, el('time', { datetime: t.createdAt }, new Date(t.createdAt).toLocaleDateString())),
      el('td', { 'data-testid': 'usage' }, storeUsageLine(t.usage)),
      el(
        'td',
        {},
        t.status === 'closing'
          ? el('button', { type: 'button', class: 'restore' }, 'Restore')
          : t.status === 'active'
            ? el('button', { type: 'button', class: 'suspend' }, 'Suspend')
            : el('button', { type: 'button', class: 'resume' }, 'Resume'),
        // Offboarding (docs/offboarding.md): closed to visitors, exported, purged after the grace period.
        t.status === 'closing' ? null : el('button', { type: 'button', class: 'offboard secondary-neutral' }, 'Offboard'),
      ),
    );

  // The list as shown: the search asked, and the rows of every page loaded so far.
  let search = '';
  let shown: Tenant[] = [];
  let next: string | null = null;
  const more = $<HTMLButtonElement>('#tenants-more');

  const fetchPage = (cursor: string | null) => {
    const query = new URLSearchParams({ limit: '25' });
    if (search) query.set('q', search);
    if (cursor) query.set('cursor', cursor);
    return api<{ items: Tenant[]; nextCursor: string | null }>('GET', `/platform/tenants?${query}`);
  };
  const render = () => {
    fillRows($('#tenants'), shown.map(row));
    more.hidden = next === null;
    $('#tenants-count').textContent = `${shown.length} store${shown.length === 1 ? '' : 's'}${search ? ` matching “${search}”` : ''}${next ? ' so far' : ''}`;
  };
  /** From the first page again (after a search or a change): the rows shown so far are replaced. */
  const load = () =>
    fetchPage(null)
      .then((page) => {
        shown = page.items;
        next = page.nextCursor;
        render();
      })
      .catch(fail);

  more.addEventListener('click', () => {
    if (!next) return;
    fetchPage(next)
      .then((page) => {
        shown = [...shown, ...page.items];
        next = page.nextCursor;
        render();
      })
      .catch(fail);
  });
  const searchForm = $<HTMLFormElement>('#store-search');
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    search = field(searchForm, 'q').value.trim().toLowerCase();
    void load();
  });

  $('#tenants').addEventListener('click', (event) => {
    const button = closest<HTMLButtonElement>(event.target, 'button');
    const action = (['suspend', 'resume', 'offboard', 'restore'] as const).find((a) => button?.classList.contains(a));
    const tr = closest<HTMLTableRowElement>(button, 'tr[data-id]');
    if (!action || !tr || !button) return;
    const name = tr.dataset.name ?? tr.dataset.id;
    if (action === 'offboard' && !window.confirm(`Offboard ${name}? Visitors lose it at once; it is exported, and deleted after the grace period.`)) return;
    button.disabled = true;
    api<{ status?: string; state?: string }>('POST', `/platform/tenants/${tr.dataset.id}/${action}`)
      .then((answer) => load().then(() => say(`${name} is now ${answer.status ?? (answer.state === 'restored' ? 'active' : answer.state)}.`)))
      .catch(fail)
      .finally(() => {
        button.disabled = false;
      });
  });

  // A plan chosen in a row is sent at once; the answer says what the store is now over, if anything.
  $('#tenants').addEventListener('change', (event) => {
    const select = closest<HTMLSelectElement>(event.target, 'select.plan');
    const tr = closest<HTMLTableRowElement>(select, 'tr[data-id]');
    if (!select || !tr?.dataset.id) return;
    const id = tr.dataset.id;
    select.disabled = true;
    api<StorePlan>('PUT', `/platform/tenants/${id}/plan`, { plan: select.value })
      .then((answer) => {
        over.set(id, answer.overLimits);
        const name = tr.dataset.name ?? id;
        const note = answer.overLimits.length ? ` ${overText(answer.overLimits)}: new ones are refused until it is back under.` : '';
        return load().then(() => say(`${name} is now on ${answer.plan.title}.${note}`));
      })
      .catch((error: unknown) => {
        select.disabled = false;
        fail(error);
      });
  });

  const form = $<HTMLFormElement>('#onboard-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const domains = field(form, 'domains')
      .value.split(',')
      .map((d) => d.trim())
      .filter(Boolean);
    api<Onboarded>('POST', '/platform/tenants', {
      slug: field(form, 'slug').value,
      name: field(form, 'name').value,
      domains,
      tier: field<HTMLSelectElement>(form, 'tier').value,
      firstAdmin: { email: field(form, 'adminEmail').value, name: field(form, 'adminName').value },
    })
      .then((r) => {
        form.reset();
        return load().then(() =>
          say(`Onboarded ${r.tenant.name}. First admin ${r.firstAdmin.email}, temporary password: ${r.firstAdmin.temporaryPassword ?? '(none)'}`),
        );
      })
      .catch(fail);
  });

  void load();
}
