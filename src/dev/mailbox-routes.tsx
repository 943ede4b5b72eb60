import type { Handler } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../http/env';
import { problem } from '../http/problem';
import type { StoredEmail } from '../notifications/email';
import type { PageAssets } from '../storefront/layout';
import type { LocalDnsRecords } from '../adapters/local/dns-records';

/** What the page reads: a mailbox (src/adapters/local/mailbox.ts), newest first. */
export type MailboxView = { list(): readonly StoredEmail[]; get(id: string): StoredEmail | undefined };

export type MailboxPageOptions = { mailbox: MailboxView; platformHosts: readonly string[]; assets: PageAssets; dns?: LocalDnsRecords | undefined };

function Page(props: { title: string; assets: PageAssets; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · Local mailbox`}</title>
        <link rel="stylesheet" href={props.assets.style} />
      </head>
      <body>
        <header>
          <h1>
            <a href="/dev/mailbox">Local mailbox</a> <span class="subtitle">development only</span>
          </h1>
          <nav aria-label="Platform">
            <a href="/">Start page</a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer>
          <small>What the platform would have emailed. Nothing leaves this machine; the mailbox lives in memory and empties when npm start stops.</small>
        </footer>
      </body>
    </html>
  );
}

/**
 * `GET /dev/mailbox` and `/dev/mailbox/:id` on the platform's hosts: the emails `npm start` kept
 * instead of sending. Mounted only when the entry point hands it a mailbox, which only
 * src/entry/local.ts does: on Lambda these paths do not exist. Server-rendered, the stylesheet and
 * no script, so the strict content security policy holds; the email's HTML is shown as source,
 * never rendered, since it is mail, not part of this page. Loaded by the first request for one of
 * them; src/dev/mailbox-route.ts mounts them.
 */
export function mailboxPages(options: MailboxPageOptions): { list: Handler<AppEnv>; message: Handler<AppEnv>; setDns: Handler<AppEnv> } {
  const { mailbox, assets, dns } = options;
  const html = async (page: ReturnType<typeof Page>) => `<!DOCTYPE html>${await page.toString()}`;

  const list: Handler<AppEnv> = async (c) => {
    const messages = mailbox.list();
    c.header('cache-control', 'no-store');
    return c.html(
      await html(
        <Page title="Inbox" assets={assets}>
          <h2>{messages.length === 0 ? 'No email yet' : `${messages.length} email${messages.length === 1 ? '' : 's'}, newest first`}</h2>
          {messages.length === 0 ? (
            <p>Adjust a product's stock below its low-stock threshold in a store console: its admins' notices appear here.</p>
          ) : (
            <div class="table-scroll">
              <table id="mailbox">
                <thead>
                  <tr>
                    <th>Received</th>
                    <th>To</th>
                    <th>Subject</th>
                    <th>Kind</th>
                    <th>Store</th>
                  </tr>
                </thead>
                <tbody>
                  {messages.map((m) => (
                    <tr>
                      <td data-label="Received">{m.receivedAt}</td>
                      <td data-label="To">{m.to}</td>
                      <td data-label="Subject">
                        <a href={`/dev/mailbox/${m.id}`}>{m.subject}</a>
                      </td>
                      <td data-label="Kind">{m.tag}</td>
                      <td data-label="Store">{m.tenantId ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {dns ? <LocalDnsSection records={dns.list()} /> : null}
        </Page>,
      ),
    );
  };

  // The local DNS stand-in's TXT records: custom domains verify against these (docs/custom-domains.md).
  const setDns: Handler<AppEnv> = async (c) => {
    if (!dns) return problem(c, 404, 'not-found', 'No local DNS stand-in here.');
    // A plain form, no script: refused from another site's page (a browser says where a request comes from).
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin') return problem(c, 403, 'forbidden', 'The local DNS form answers this page only.');
    const form = await c.req.parseBody();
    const name = String(form.name ?? '').trim();
    const value = String(form.value ?? '').trim();
    if (!/^[A-Za-z0-9._-]{1,253}$/.test(name)) return problem(c, 422, 'validation', 'The name must be a DNS name such as _storeverify.shop.example.com.');
    if (value.length > 255) return problem(c, 422, 'validation', 'A TXT value is at most 255 characters here.');
    dns.set(name, value ? [value] : []);
    return c.redirect('/dev/mailbox#local-dns', 303);
  };

  const message: Handler<AppEnv> = async (c) => {
    const message = mailbox.get(c.req.param('id') ?? '');
    if (!message) return problem(c, 404, 'not-found', 'No such email in the local mailbox (it keeps the latest 200).');
    c.header('cache-control', 'no-store');
    return c.html(
      await html(
        <Page title={message.subject} assets={assets}>
          <p>
            <a href="/dev/mailbox">← All emails</a>
          </p>
          <h2 id="subject">{message.subject}</h2>
          <dl>
            {message.fromName ? (
              <>
                <dt>From</dt>
                <dd id="from">{message.fromName}</dd>
              </>
            ) : null}
            <dt>To</dt>
            <dd id="to">{message.to}</dd>
            <dt>Received</dt>
            <dd>{message.receivedAt}</dd>
            <dt>Kind</dt>
            <dd>{message.tag}</dd>
            {message.tenantId ? (
              <>
                <dt>Store</dt>
                <dd>{message.tenantId}</dd>
              </>
            ) : null}
          </dl>
          <h3>Text</h3>
          <pre id="text">{message.text}</pre>
          {message.html ? (
            <details>
              <summary>HTML version (source)</summary>
              <pre id="html">{message.html}</pre>
            </details>
          ) : null}
        </Page>,
      ),
    );
  };
  return { list, message, setDns };
}

/** The stand-in's records and a form to set one (an empty value removes the name). */
function LocalDnsSection(props: { records: { name: string; values: string[] }[] }) {
  return (
    <section id="local-dns" aria-labelledby="local-dns-title">
      <h2 id="local-dns-title">Local DNS (TXT records)</h2>
      <p class="hint">
        What custom domains verify against while npm start runs: copy a domain's ownership record from the store console here, then press “Check now” there.
      </p>
      {props.records.length ? (
        <div class="table-scroll">
          <table id="dns-records">
            <thead>
              <tr>
                <th>Name</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {props.records.map((r) => (
                <tr>
                  <td data-label="Name">
                    <code>{r.name}</code>
                  </td>
                  <td data-label="Value">
                    <code>{r.values.join(' | ')}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No records yet.</p>
      )}
      <form method="post" action="/dev/dns" class="filters">
        <label>
          Name
          <input name="name" required placeholder="_storeverify.shop.example.com" />
        </label>
        <label>
          TXT value
          <input name="value" placeholder="the token (empty: remove)" />
        </label>
        <button type="submit">Set record</button>
      </form>
    </section>
  );
}
