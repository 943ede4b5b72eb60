import { PLAN_COPY } from '../platform-home/plans-copy';
import type { TenantTier } from '../tenants/tenant';

/**
 * The store's plan, the addresses it answers at, and its own domains (admins). Rendered empty: the
 * getting-started script fills `#domain-list`, src/web/browser/lib/custom-domains.ts the rest from
 * `GET /admin/domains`: per domain the DNS records to create (ownership TXT, the certificate's
 * validation, the CNAME once there is a target), its state, "Check now" and "Remove".
 */
export function DomainsSection(props: { hidden: boolean; plan: TenantTier }) {
  const plan = PLAN_COPY.find((p) => p.tier === props.plan);
  return (
    <section id="domains" hidden={props.hidden} aria-labelledby="domains-title">
      <h3 id="domains-title">Plan and domains</h3>
      <p id="store-plan">
        Plan: <strong>{plan?.name ?? props.plan}</strong>
        {plan ? ` · ${plan.tagline}` : ''}
      </p>
      <p class="hint">Your store answers at:</p>
      <ul id="domain-list"></ul>
      <h4 id="custom-domains-title">Your own domains</h4>
      <form id="custom-domain-form" class="filters" aria-labelledby="custom-domains-title">
        <label>
          Domain
          <input name="domain" required maxlength={253} placeholder="shop.example.com" autocomplete="off" spellcheck={false} />
        </label>
        <button type="submit">Add domain</button>
        <span id="custom-domain-status" role="status" aria-live="polite"></span>
      </form>
      <p id="custom-domain-count" class="hint"></p>
      <div id="custom-domain-list" class="stack"></div>
      <p class="hint">
        Add the domain, then create its records at your DNS provider: the TXT record proves the domain is yours, the certificate’s record lets us serve it over
        HTTPS. Once the TXT record is seen (we check when you ask, and every few hours), the domain is verified and a CNAME target appears: point the domain at
        it. Keep the TXT record: a domain whose record has been gone for a week is disconnected.
      </p>
    </section>
  );
}
