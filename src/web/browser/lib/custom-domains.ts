/**
 * The console's own domains (admins): listed from `GET /admin/domains`, added with
 * `POST /admin/domains`, checked with `POST /admin/domains/:domain/verify`, removed with
 * `DELETE`. Every answer that changes a domain reloads the list; an answer older than the latest
 * load is dropped, so a slow reply never paints over a newer one. Status lines go to
 * `#custom-domain-status`, which the getting-started checklist watches.
 */
import type { createApi } from './api';
import { $, el, field, fill, fillRows } from './dom';

type DnsRecord = { name: string; type: 'TXT' | 'CNAME'; value: string };
type Domain = {
  domain: string;
  status: 'pending' | 'verified';
  verification: DnsRecord;
  cname: DnsRecord | null;
  certificate: { status: 'pending' | 'issued' | 'failed'; records: DnsRecord[] };
  checkedAt: string | null;
  failure: string | null;
};
type DomainList = { items: Domain[]; limit: number; used: number };

const CERTIFICATE: Record<Domain['certificate']['status'], string> = {
  pending: 'certificate waiting for its DNS record',
  issued: 'certificate issued',
  failed: 'certificate failed: remove the domain and add it again',
};

/** The records of one domain as a table: what to create at the DNS provider, and why. */
function recordsTable(domain: Domain) {
  const rows: [string, DnsRecord | null, string][] = [
    ['Ownership', domain.verification, 'Proves the domain is yours; keep it.'],
    ...domain.certificate.records.map((r): [string, DnsRecord, string] => ['Certificate', r, 'Lets us serve the domain over HTTPS.']),
    ['Traffic', domain.cname, domain.cname ? 'Points the domain at your store.' : 'Appears once the domain is verified and its certificate issued.'],
  ];
  const table = el(
    'table',
    { class: 'dns-records' },
    el('caption', { class: 'visually-hidden' }, `DNS records for ${domain.domain}`),
    el('thead', {}, el('tr', {}, ...['Purpose', 'Type', 'Name', 'Value'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody'),
  );
  fillRows(
    table,
    rows.map(([purpose, record, why]) =>
      el(
        'tr',
        {},
        el('td', {}, purpose, el('br'), el('small', { class: 'hint' }, why)),
        el('td', {}, record?.type ?? 'CNAME'),
        el('td', {}, el('code', {}, record?.name ?? domain.domain)),
        el('td', {}, record ? el('code', {}, record.value) : '…'),
      ),
    ),
  );
  return el('div', { class: 'table-scroll' }, table);
}

function card(domain: Domain) {
  const state = domain.status === 'verified' ? 'Verified: serves your store' : 'Pending verification';
  return el(
    'article',
    { class: 'panel domain-card', 'data-domain': domain.domain, 'data-status': domain.status },
    el('h5', {}, domain.domain),
    el('p', {}, el('strong', { class: domain.status === 'verified' ? 'ok' : 'badge' }, state), ` · ${CERTIFICATE[domain.certificate.status]}`),
    domain.failure ? el('p', { class: 'notice' }, domain.failure) : null,
    recordsTable(domain),
    el(
      'p',
      { class: 'form-actions' },
      el('button', { type: 'button', 'data-action': 'verify' }, 'Check now'),
      el('button', { type: 'button', 'data-action': 'remove', class: 'secondary-neutral' }, 'Remove'),
      domain.checkedAt ? el('small', { class: 'hint' }, `Last checked ${new Date(domain.checkedAt).toLocaleString()}`) : null,
    ),
  );
}

export function wireCustomDomains(api: ReturnType<typeof createApi>) {
  const form = $<HTMLFormElement>('#custom-domain-form');
  const list = $('#custom-domain-list');
  const status = (text: string) => fill($('#custom-domain-status'), text);
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  let latest = 0;

  const render = (domains: DomainList) => {
    fill($('#custom-domain-count'), `${domains.used} of ${domains.limit} domains your plan allows.`);
    fill(list, ...domains.items.map(card));
    field(form, 'domain').disabled = domains.used >= domains.limit;
  };
  const load = async () => {
    const mine = ++latest;
    const domains = await api<DomainList>('GET', '/admin/domains');
    if (mine === latest) render(domains);
  };

  /** Runs one change with its button (or the form) disabled, then reloads. */
  const act = async (controls: (HTMLButtonElement | HTMLInputElement)[], work: () => Promise<string>) => {
    for (const c of controls) c.disabled = true;
    try {
      const done = await work();
      // The list first, then the line saying what was done: whoever reads the line sees the list it describes.
      await load();
      status(done);
    } catch (error) {
      status(message(error));
    } finally {
      for (const c of controls) c.disabled = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = field(form, 'domain');
    const domain = input.value.trim().toLowerCase();
    void act([input, $<HTMLButtonElement>('button[type=submit]', form)], async () => {
      const added = await api<Domain>('POST', '/admin/domains', { domain });
      input.value = '';
      return `${added.domain} added: create its DNS records below, then check it.`;
    });
  });

  list.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-action]') : null;
    const domain = button?.closest<HTMLElement>('[data-domain]')?.dataset.domain;
    if (!button || !domain) return;
    if (button.dataset.action === 'verify') {
      void act([button], async () => {
        const checked = await api<Domain>('POST', `/admin/domains/${encodeURIComponent(domain)}/verify`);
        return checked.status === 'verified' ? `${domain} is verified and serves your store.` : `${domain} is not verified yet.`;
      });
    } else if (window.confirm(`Remove ${domain}? It stops serving your store at once.`)) {
      void act([button], async () => {
        await api('DELETE', `/admin/domains/${encodeURIComponent(domain)}`);
        return `${domain} removed.`;
      });
    }
  });

  // Disabled until the list is in: an add before it could pass the plan's limit unseen.
  field(form, 'domain').disabled = true;
  load().catch((error: unknown) => status(message(error)));
}
