/**
 * What each environment costs per month at idle, computed from the synthesized stacks and
 * docs/prices.json (stacks/idle-cost.ts), and the figures docs/deploy.md states: they must be
 * the computed ones, so an added alarm (or dashboard, key, secret, web ACL…) fails this test
 * until the doc says what it costs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { costOf, PRICES } from '../../src/costs/prices';
import { IDLE_ASSUMPTIONS, IDLE_RULES, idleCost, unclassified, type SynthesizedResources } from '../../stacks/idle-cost';
import { envNamed, synth } from './synth';

const deployDocPath = path.resolve(import.meta.dirname, '../../docs/deploy.md');
const START = '<!-- idle-cost:start -->';
const END = '<!-- idle-cost:end -->';

/** Every option on, as test/stacks/deployer.test.ts synthesizes prod: every resource type the stacks can hold. */
const EVERYTHING = {
  CATALOG_PROD_ACCOUNT_ID: '111111111111',
  CATALOG_PROD_HOSTED_ZONES: 'acme.example=Z0123',
  CATALOG_PROD_PLATFORM_DOMAIN: 'shops.example.com=Z0789',
  CATALOG_PROD_ALARM_EMAIL: 'ops@example.com',
  CATALOG_PROD_IDENTITY_CENTER_INSTANCE_ARN: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
  CATALOG_PROD_ORGANIZATION_TRAIL: 'true',
  CATALOG_PROD_GUARDDUTY: 'true',
  CATALOG_PROD_SECURITY_HUB: 'true',
};

const columns: { name: string; resources: SynthesizedResources }[] = [
  { name: 'dev', resources: synth(envNamed('dev')).resource },
  { name: 'staging', resources: synth(envNamed('staging')).resource },
  { name: 'prod', resources: synth(envNamed('prod')).resource },
  { name: 'prod, every option on', resources: synth(envNamed('prod', EVERYTHING)).resource },
];

const money = (usd: number) => `$${usd.toFixed(2)}`;
const number = (n: number) => n.toLocaleString('en-US');

/** The doc's block: the table of billed lines per environment, the totals, the assumptions. */
function idleCostBlock(): string {
  const costs = columns.map((c) => idleCost(c.resources));
  const rows = costs[0]!.lines.map((line, i) => ({ line, cells: costs.map((c) => c.lines[i]!) })).filter(({ cells }) => cells.some((c) => c.units > 0));
  const price = (name: keyof typeof PRICES.prices) => {
    const p = PRICES.prices[name]!;
    return `\`${name}\`: $${p.usd} per ${p.per === 1 ? '' : `${number(p.per)} `}${p.unit}`;
  };
  return [
    `| billed at idle | price (docs/prices.json, ${PRICES.region}, ${PRICES.recorded}) | ${columns.map((c) => c.name).join(' | ')} |`,
    `|---|---|${columns.map(() => '---:').join('|')}|`,
    ...rows.map(({ line, cells }) => `| ${line.item} | ${price(line.price)} | ${cells.map((c) => `${number(c.units)} → ${money(c.usd)}`).join(' | ')} |`),
    `| **per month** | | ${costs.map((c) => `**${money(c.total)}**`).join(' | ')} |`,
    '',
    `Assumed (stacks/idle-cost.ts, \`IDLE_ASSUMPTIONS\`): ${number(IDLE_ASSUMPTIONS.managementEventsPerMonth)} CloudTrail management events a month, ` +
      `${number(IDLE_ASSUMPTIONS.securityHubChecksPerMonth)} Security Hub checks a month, ` +
      `${IDLE_ASSUMPTIONS.sqsPollersPerMapping} Lambda pollers per SQS event source mapping and ${IDLE_ASSUMPTIONS.sqsPollersPerPipe} per pipe with an SQS source, each long-polling ${IDLE_ASSUMPTIONS.sqsLongPollSeconds} s at a time.`,
  ].join('\n');
}

describe('idle cost per environment', () => {
  it('classifies every resource type the stacks synthesize as billed at idle or free at idle', () => {
    for (const c of columns) expect(unclassified(c.resources), c.name).toEqual([]);
    // A type nobody classified cannot be costed: it fails rather than counting as free.
    expect(() => idleCost({ ...columns[0]!.resources, aws_rds_cluster: { db: {} } })).toThrow(/no idle cost rule for aws_rds_cluster/);
  });

  it('counts from the synthesized JSON: one more alarm costs one more alarm-month', () => {
    const base = columns[0]!.resources;
    const more = { ...base, aws_cloudwatch_metric_alarm: { ...base.aws_cloudwatch_metric_alarm, extra: {} } };
    expect(idleCost(more).total - idleCost(base).total).toBeCloseTo(costOf('cloudwatch.alarm', 1), 10);
    const alarms = idleCost(base).lines.find((l) => l.item === 'CloudWatch alarms')!;
    expect(alarms.units).toBe(Object.keys(base.aws_cloudwatch_metric_alarm!).length);
  });

  it('bills a web ACL and each of its rules, and a secret or a customer managed key, once a stack has them', () => {
    // Without what the case adds, whichever of these the synthesized stack already has.
    const { aws_wafv2_web_acl: _acl, aws_secretsmanager_secret: _secret, aws_kms_key: _key, ...base } = columns[0]!.resources;
    const withEdge = {
      ...base,
      aws_wafv2_web_acl: { edge: { rule: [{ name: 'common' }, { name: 'bad-inputs' }, { name: 'per-host' }] }, other: { rule_json: '[{"Name":"a"}]' } },
      aws_secretsmanager_secret: { 'origin-verify': {} },
      aws_kms_key: { logs: {} },
    };
    const added = idleCost(withEdge).total - idleCost(base).total;
    expect(added).toBeCloseTo(costOf('waf.webAcl', 2) + costOf('waf.rule', 4) + costOf('secretsmanager.secret', 1) + costOf('kms.key', 1), 10);
  });

  it('bills the SQS pollers of the inventory, listing, job and search queues, not the stream publisher’s free stream reads', () => {
    const pollers = idleCost(columns[0]!.resources).lines.find((l) => l.price === 'sqs.requests')!;
    // Four queues with a Lambda mapping each (stock notices, listing rows, jobs, search indexes); the stream's mapping is free.
    expect(pollers.units).toBe(4 * 5 * ((30 * 24 * 3600) / 20));
  });

  it('bills the scheduled functions: the reservation sweeper each minute, the offboarding purge each hour, the domain checks every 6 hours', () => {
    const line = (price: string) => idleCost(columns[0]!.resources).lines.find((l) => l.price === price)!;
    const runs = (30 * 24 * 3600) / 60 + (30 * 24 * 3600) / 3600 + (30 * 24 * 3600) / (6 * 3600);
    expect(line('lambda.requests').units).toBe(runs);
    expect(line('lambda.arm64.gbSecond').units).toBeCloseTo(runs * 0.2 * 0.25, 6);
    // A schedule the rules cannot read is refused, not priced at zero.
    expect(() => idleCost({ ...columns[0]!.resources, aws_cloudwatch_event_rule: { odd: { schedule_expression: 'cron(0 12 * * ? *)' } } })).toThrow(/schedule/);
  });

  it('bills GuardDuty and Security Hub only where they are switched on', () => {
    const line = (i: number, price: string) => idleCost(columns[i]!.resources).lines.find((l) => l.price === price)!;
    expect(line(2, 'guardduty.cloudtrail.events').usd).toBe(0);
    expect(line(3, 'guardduty.cloudtrail.events').usd).toBeGreaterThan(0);
    expect(line(3, 'securityhub.checks').usd).toBeGreaterThan(0);
  });

  it('prices only what docs/prices.json lists (a rule naming a missing price would throw)', () => {
    for (const rule of Object.values(IDLE_RULES)) if ('price' in rule) expect(PRICES.prices[rule.price], rule.item).toBeDefined();
  });

  it('is what docs/deploy.md says, to the cent', () => {
    const doc = readFileSync(deployDocPath, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start, `docs/deploy.md has no ${START} … ${END} block`).toBeGreaterThan(-1);
    const written = doc.slice(start + START.length, end).trim();
    const computed = idleCostBlock();
    // `WRITE_IDLE_COST=1 npx vitest run test/stacks/idle-cost.test.ts` rewrites the block (review the diff).
    if (process.env.WRITE_IDLE_COST === '1') writeFileSync(deployDocPath, `${doc.slice(0, start + START.length)}\n${computed}\n${doc.slice(end)}`);
    expect(written, `docs/deploy.md's idle cost differs from the computation; the block should read:\n${computed}\n`).toBe(computed);
  });
});
