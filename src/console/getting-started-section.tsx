import { PLAN_COPY } from '../platform-home/plans-copy';
import type { TenantTier } from '../tenants/tenant';

/**
 * The console's getting-started checklist and the store's domains, for admins. Empty here: the
 * script fills them from `GET /admin/getting-started` (src/web/browser/lib/getting-started.ts).
 */
export function GettingStartedSection() {
  // Hidden until the script has the checklist (and for good once it is hidden or all done).
  return (
    <section id="getting-started" hidden aria-labelledby="getting-started-title" class="panel checklist">
      <div class="checklist-head">
        <h3 id="getting-started-title">Getting started</h3>
        <button type="button" id="getting-started-dismiss" class="secondary">
          Hide
        </button>
      </div>
      <p id="getting-started-progress" class="hint"></p>
      <ol id="getting-started-steps"></ol>
    </section>
  );
}

/** The store's plan (picked at sign-up, or set by an operator) and its domains. */
export function DomainsSection(props: { hidden: boolean; plan: TenantTier }) {
  const plan = PLAN_COPY.find((p) => p.tier === props.plan);
  return (
    <section id="domains" hidden={props.hidden} aria-labelledby="domains-title">
      <h3 id="domains-title">Plan and domains</h3>
      <p id="store-plan">
        Plan: <strong>{plan?.name ?? props.plan}</strong>
        {plan ? ` · ${plan.tagline}` : ''}
      </p>
      <ul id="domain-list"></ul>
      <p class="hint">
        Your store answers at its platform address from the start. To use a domain of your own (shop.example.com), point it at the platform with a CNAME record
        and ask the platform’s operators to connect it; it is marked done here once it is.
      </p>
    </section>
  );
}
