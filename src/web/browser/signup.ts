/**
 * The landing page's sign-up (`/` on the platform's hosts): the slug is checked as the owner types
 * (`GET /signup/slugs/:slug`), the form goes to `POST /signup`, the emailed code to
 * `POST /signup/confirm`, and the browser then opens the new store's console on its own host,
 * carrying the one-time sign-in in the URL's fragment (never sent to a server) for the console to
 * redeem. The password stays in this page's memory between the two steps, for that sign-in only.
 */
import { ApiError, call } from './lib/api';
import { $, el, field, fill } from './lib/dom';

type Availability = { slug: string; available: boolean; reason?: string; suggestions: string[] };
type Opened = { store: { slug: string; name: string }; consoleUrl: string; handoff?: string };

const REASONS: Record<string, string> = {
  invalid: 'Use 1 to 40 lower-case letters, digits or single hyphens inside.',
  reserved: 'This name is kept for the platform itself.',
  taken: 'Another store has this address.',
  retired: 'This address belonged to a store before and is never given out again.',
  held: 'Someone is signing up with this address right now.',
};

const form = $<HTMLFormElement>('#signup-form');
const confirmForm = $<HTMLFormElement>('#confirm-form');
const slugInput = field(form, 'slug');
const nameInput = field(form, 'storeName');
const status = (text: string) => {
  $('#signup-status').textContent = text;
};
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The store's name as an address, as the server would make it (src/signup/slug-rules.ts). */
const slugOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');

let slugEdited = false;
let checkTimer: number | undefined;
let lastChecked = '';

function showAvailability(found: Availability) {
  if (found.slug !== slugInput.value) return;
  const slugStatus = $('#slug-status');
  slugStatus.dataset.state = found.available ? 'available' : 'unavailable';
  slugStatus.textContent = found.available ? `${found.slug} is available.` : (REASONS[found.reason ?? ''] ?? 'Not available.');
  const box = $('#slug-suggestions');
  box.hidden = found.suggestions.length === 0;
  fill(
    box,
    ...(found.suggestions.length ? [el('span', {}, 'Free: ')] : []),
    ...found.suggestions.map((s) => el('button', { type: 'button', class: 'secondary suggestion', 'data-slug': s }, s)),
  );
}

function checkSoon() {
  window.clearTimeout(checkTimer);
  const slug = slugInput.value.trim().toLowerCase();
  if (!slug) {
    $('#slug-status').textContent = '';
    return;
  }
  checkTimer = window.setTimeout(() => {
    if (slug === lastChecked) return;
    lastChecked = slug;
    call<Availability>('GET', `/signup/slugs/${encodeURIComponent(slug)}`)
      .then(showAvailability)
      .catch((error: unknown) => {
        $('#slug-status').textContent = message(error);
      });
  }, 250);
}

nameInput.addEventListener('input', () => {
  if (slugEdited) return;
  slugInput.value = slugOf(nameInput.value);
  checkSoon();
});
slugInput.addEventListener('input', () => {
  slugEdited = true;
  checkSoon();
});
$('#slug-suggestions').addEventListener('click', (event) => {
  const button = event.target instanceof HTMLElement ? event.target.closest<HTMLButtonElement>('button[data-slug]') : null;
  if (!button?.dataset.slug) return;
  slugInput.value = button.dataset.slug;
  slugEdited = true;
  checkSoon();
});

/** What the owner signed up with, kept for the confirmation (and its sign-in) only. */
let pending: { email: string; slug: string; password: string } | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const plan = (form.querySelector<HTMLInputElement>('input[name="plan"]:checked')?.value ?? 'basic').trim();
  const input = {
    storeName: nameInput.value.trim(),
    slug: slugInput.value.trim().toLowerCase(),
    plan,
    email: field(form, 'email').value.trim(),
    password: field(form, 'password').value,
  };
  status('Creating your store…');
  call<{ email: string; slug: string; heldUntil: string }>('POST', '/signup', input)
    .then((accepted) => {
      pending = { email: accepted.email, slug: accepted.slug, password: input.password };
      form.hidden = true;
      confirmForm.hidden = false;
      $('#confirm-intro').textContent =
        `We emailed a 6-digit code to ${accepted.email}. ${accepted.slug} is kept for you until ${new Date(accepted.heldUntil).toLocaleTimeString()}.`;
      status('');
      field(confirmForm, 'code').focus();
    })
    .catch((error: unknown) => {
      status(message(error));
      // A taken slug: the server's answer names free ones; show them by checking again.
      if (error instanceof ApiError && error.status === 409) {
        lastChecked = '';
        checkSoon();
      }
    });
});

confirmForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!pending) return;
  status('Opening your store…');
  call<Opened>('POST', '/signup/confirm', {
    email: pending.email,
    slug: pending.slug,
    code: field(confirmForm, 'code').value.trim(),
    password: pending.password,
  })
    .then((opened) => {
      pending = undefined;
      status(`${opened.store.name} is open. Taking you to its console…`);
      location.assign(opened.handoff ? `${opened.consoleUrl}#handoff=${opened.handoff}` : opened.consoleUrl);
    })
    .catch((error: unknown) => status(message(error)));
});
