/**
 * The console's "Plan and usage" section: filled from `GET /admin/plan` and `GET /admin/usage`, and
 * the plan changed with `PUT /admin/plan`. Limits and usage are the API's numbers, only formatted.
 */
import type { createApi } from './api';
import { $, el, field, fill, fillRows } from './dom';
import { formatMoney } from './money';
import { bytes, number } from './usage-text';

type Limits = { products: number; staff: number; storageBytes: number; requestsPerSecond: number; burst: number; variantsPerProduct: number };
type PlanView = { name: string; title: string; monthlyPrice: { amount: number; currency: string }; limits: Limits };
type StorePlan = { plan: PlanView; used: { products: number; staff: number; storageBytes: number }; overLimits: string[]; plans: PlanView[] };
type Counts = { requests: number; readUnits: number; writeUnits: number; eventsPublished: number; emailsSent: number };
type Usage = { today: Counts; month: Counts; held: Record<'products' | 'staff' | 'storageBytes', { used: number; limit: number }> };

const NAMES: Record<string, string> = { products: 'Products', staff: 'Staff accounts', storageBytes: 'Image storage' };
const COUNTED: Record<keyof Counts, string> = {
  requests: 'Requests',
  readUnits: 'Database reads (units)',
  writeUnits: 'Database writes (units)',
  eventsPublished: 'Events published',
  emailsSent: 'Emails sent',
};

const amount = (resource: string, n: number) => (resource === 'storageBytes' ? bytes(n) : number(n));
const price = (plan: PlanView) => `${formatMoney(plan.monthlyPrice)} a month`;

function render(plan: StorePlan, usage: Usage) {
  fill($('#plan-name'), plan.plan.title);
  fill($('#plan-price'), `(${price(plan.plan)}, up to ${number(plan.plan.limits.requestsPerSecond)} requests a second)`);
  const over = $('#plan-over');
  over.hidden = plan.overLimits.length === 0;
  fill(
    over,
    plan.overLimits.length
      ? `Over this plan's limit: ${plan.overLimits.map((r) => NAMES[r] ?? r).join(', ')}. New ones are refused until you remove some or upgrade.`
      : '',
  );
  fillRows(
    $('#plan-held'),
    (['products', 'staff', 'storageBytes'] as const).map((resource) => {
      const { used, limit } = usage.held[resource];
      return el(
        'tr',
        {},
        el('th', { scope: 'row' }, NAMES[resource]!),
        el('td', { 'data-label': 'Used' }, amount(resource, used)),
        el('td', { 'data-label': 'Plan limit' }, amount(resource, limit)),
        el('td', { 'data-label': 'Share' }, el('progress', { max: limit, value: Math.min(used, limit), 'aria-label': `${NAMES[resource]} used` })),
      );
    }),
  );
  fillRows(
    $('#plan-usage'),
    (Object.keys(COUNTED) as (keyof Counts)[]).map((name) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, COUNTED[name]),
        el('td', { 'data-label': 'Today' }, number(usage.today[name])),
        el('td', { 'data-label': 'This month' }, number(usage.month[name])),
      ),
    ),
  );
  const select = field<HTMLSelectElement>($<HTMLFormElement>('#plan-form'), 'plan');
  fill(select, ...plan.plans.map((p) => el('option', { value: p.name, selected: p.name === plan.plan.name }, `${p.title}: ${price(p)}`)));
}

export async function wirePlanAndUsage(api: ReturnType<typeof createApi>, say: (text: string) => void) {
  const status = (text: string) => fill($('#plan-status'), text);
  const load = async () => {
    const [plan, usage] = await Promise.all([api<StorePlan>('GET', '/admin/plan'), api<Usage>('GET', '/admin/usage')]);
    render(plan, usage);
    return plan;
  };
  let current = await load().catch((error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    return undefined;
  });
  $<HTMLFormElement>('#plan-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = field<HTMLSelectElement>(event.currentTarget as HTMLFormElement, 'plan').value;
    if (!current || chosen === current.plan.name) return status('That is your plan already.');
    status('Changing…');
    api<StorePlan>('PUT', '/admin/plan', { plan: chosen })
      .then(async (changed) => {
        current = await load();
        status(`Your plan is now ${changed.plan.title}.`);
      })
      .catch((error: unknown) => status(error instanceof Error ? error.message : String(error)));
  });
}
