import { costOf } from './prices';

/**
 * What public catalog reads cost with and without the edge (docs/edge.md, whose figures a test
 * computes from here). List prices only (docs/prices.json): no free tier, no savings plan.
 */
export type ReadProfile = {
  reads: number;
  /** Share of reads the edge answers from its cache. */
  hitRatio: number;
  /** The API function's memory and billed time per read that reaches it. */
  lambdaGb: number;
  lambdaMs: number;
  /** DynamoDB read request units per read that reaches the table (a 20-product page, eventually consistent). */
  readUnits: number;
  /** Bytes of one answer as sent (compressed). */
  kib: number;
};

/** The assumptions docs/edge.md states. */
export const CATALOG_READS: ReadProfile = { reads: 1_000_000, hitRatio: 0.9, lambdaGb: 1, lambdaMs: 50, readUnits: 2.5, kib: 15 };

export type ReadCost = { requests: number; transfer: number; total: number };

const gb = (p: ReadProfile, count: number) => (count * p.kib) / (1024 * 1024);

/** API Gateway, the function and the table, for `count` reads that reach them. */
export function originCost(p: ReadProfile, count: number): number {
  return (
    costOf('apigateway.http.requests', count) +
    costOf('lambda.requests', count) +
    costOf('lambda.arm64.gbSecond', count * p.lambdaGb * (p.lambdaMs / 1000)) +
    costOf('dynamodb.ondemand.reads', count * p.readUnits)
  );
}

/** Every read to API Gateway, answered from the region. */
export function withoutEdge(p: ReadProfile): ReadCost {
  const requests = originCost(p, p.reads);
  const transfer = costOf('region.transfer.out', gb(p, p.reads));
  return { requests, transfer, total: requests + transfer };
}

/**
 * Every read through CloudFront (and WAF, which inspects hits too); misses go on to the origin,
 * whose answers reach CloudFront free of transfer charges.
 */
export function withEdge(p: ReadProfile, options: { waf: boolean }): ReadCost {
  const misses = p.reads * (1 - p.hitRatio);
  const requests = costOf('cloudfront.https.requests', p.reads) + (options.waf ? costOf('waf.requests', p.reads) : 0) + originCost(p, misses);
  const transfer = costOf('cloudfront.transfer.out', gb(p, p.reads)) + costOf('cloudfront.origin.transfer', gb(p, misses));
  return { requests, transfer, total: requests + transfer };
}

/** The web ACL's fixed monthly price: the ACL and one rule per rule or managed group. */
export const wafMonthly = (rules: number) => costOf('waf.webAcl', 1) + costOf('waf.rule', rules);
