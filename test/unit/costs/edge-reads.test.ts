import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_READS, originCost, wafMonthly, withEdge, withoutEdge } from '../../../src/costs/edge-reads';
import { costOf } from '../../../src/costs/prices';
import { MANAGED_RULE_GROUPS } from '../../../stacks/edge';

const doc = readFileSync(new URL('../../../docs/edge.md', import.meta.url), 'utf8');
const usd = (n: number) => `$${n.toFixed(2)}`;
const row = (label: string, cost: { requests: number; transfer: number; total: number }) =>
  `| ${label} | ${usd(cost.requests)} | ${usd(cost.transfer)} | ${usd(cost.total)} |`;

describe('a million catalog reads, with and without the edge (docs/edge.md)', () => {
  const p = CATALOG_READS;
  const without = withoutEdge(p);
  const withWaf = withEdge(p, { waf: true });
  const noWaf = withEdge(p, { waf: false });

  it('are priced from the price book line by line', () => {
    expect(originCost(p, 1_000_000)).toBeCloseTo(
      costOf('apigateway.http.requests', 1e6) +
        costOf('lambda.requests', 1e6) +
        costOf('lambda.arm64.gbSecond', 50_000) +
        costOf('dynamodb.ondemand.reads', 2.5e6),
      10,
    );
    expect(withWaf.requests - noWaf.requests).toBeCloseTo(costOf('waf.requests', 1e6), 10);
    // The edge's misses cost the origin a tenth of what every read costs it without the edge.
    expect(withWaf.requests - costOf('cloudfront.https.requests', 1e6) - costOf('waf.requests', 1e6)).toBeCloseTo(without.requests * (1 - p.hitRatio), 10);
  });

  it('are the figures the doc shows, with its assumptions', () => {
    expect(doc).toContain(row('without the edge', without));
    expect(doc).toContain(row('with the edge and WAF', withWaf));
    expect(doc).toContain(row('with the edge, no WAF', noWaf));
    expect(doc).toContain(
      `origin's share (API Gateway, Lambda, DynamoDB for the 10 % of misses) is\n${usd(originCost(p, p.reads * (1 - p.hitRatio)))} per million reads, against ${usd(without.requests)} without it`,
    );
    expect(doc).toContain(`**hit ratio ${p.hitRatio * 100} %**`);
    expect(doc).toContain(`one Lambda invocation of ${p.lambdaMs} ms at ${p.lambdaGb} GB`);
    expect(doc).toContain(`${p.readUnits} read request units`);
    expect(doc).toContain(`each answer is ${p.kib} KiB`);
    expect(doc).toContain(`${usd(wafMonthly(MANAGED_RULE_GROUPS.length + 2))} a month per environment`);
  });

  it('say honestly whether the goal of under $1 per million reads is met', () => {
    const met = withWaf.total < 1;
    expect(doc).toContain(met ? 'The goal is met' : 'The goal is not met');
    expect(withWaf.total).toBeLessThan(without.total);
  });
});
