import { costOf, PRICES, type PriceBook, type PriceName } from './prices';

/**
 * What one store costs us on AWS in a month, from what its usage page meters (docs/costs.md).
 * Requests, DynamoDB units, events and emails are the store's usage items; image bytes its plan
 * counter; what the usage page does not see (image views at the CDN, bytes sent, the table's own
 * size) is estimated from the store's size.
 */
export type StoreMonth = {
  /** API requests (usage: requests). */
  requests: number;
  /** DynamoDB read and write request units (usage: readUnits, writeUnits). */
  readUnits: number;
  writeUnits: number;
  /** Events published to the bus (usage: eventsPublished), each also one SQS message to a consumer. */
  eventsPublished: number;
  /** Emails sent (usage: emailsSent). */
  emailsSent: number;
  /** Product images kept, GB (usage: storageBytes). */
  imageGb: number;
  /** The store's items in the table, GB. */
  tableGb: number;
  /** Image requests at CloudFront, and GB it sends (pages' images; not metered by the API). */
  imageViews: number;
  transferGb: number;
};

/** How the API runs (docs/deploy.md): arm64, 512 MB, about 50 ms a request, about 1 KB of log a request. */
export const RUNTIME = { memoryGb: 0.5, msPerRequest: 50, logKbPerRequest: 1 } as const;

export type CostLine = { what: string; usd: number };

/** Each line of the store's month, in US dollars (unrounded). */
export function storeMonthlyCost(month: StoreMonth, book: PriceBook = PRICES): CostLine[] {
  const c = (name: PriceName, quantity: number) => costOf(name, quantity, book);
  const gbSeconds = (month.requests * RUNTIME.msPerRequest * RUNTIME.memoryGb) / 1000;
  return [
    { what: 'API Gateway (HTTP API requests)', usd: c('apigateway.http.requests', month.requests) },
    { what: 'Lambda (requests and GB-seconds)', usd: c('lambda.requests', month.requests) + c('lambda.arm64.gbSecond', gbSeconds) },
    { what: 'WAF (requests inspected)', usd: c('waf.requests', month.requests + month.imageViews) },
    {
      what: 'CloudFront (requests and transfer)',
      usd: c('cloudfront.https.requests', month.requests + month.imageViews) + c('cloudfront.transfer.out', month.transferGb),
    },
    { what: 'DynamoDB (on-demand reads and writes)', usd: c('dynamodb.ondemand.reads', month.readUnits) + c('dynamodb.ondemand.writes', month.writeUnits) },
    { what: 'DynamoDB (storage and backups)', usd: c('dynamodb.storage', month.tableGb) + c('dynamodb.pitr', month.tableGb) },
    { what: 'S3 (images stored)', usd: c('s3.standard.storage', month.imageGb) },
    { what: 'EventBridge and SQS (events)', usd: c('eventbridge.custom.events', month.eventsPublished) + c('sqs.requests', 3 * month.eventsPublished) },
    { what: 'SES (emails)', usd: c('ses.emails', month.emailsSent) },
    { what: 'CloudWatch Logs (ingested)', usd: c('cloudwatch.logs.ingest', (month.requests * RUNTIME.logKbPerRequest) / (1024 * 1024)) },
  ];
}

export const totalOf = (lines: readonly CostLine[]) => lines.reduce((sum, line) => sum + line.usd, 0);

/** The three stores docs/costs.md prices: a month of each. */
export const STORE_SIZES: Record<'small' | 'medium' | 'large', StoreMonth> = {
  small: {
    requests: 100_000,
    readUnits: 150_000,
    writeUnits: 10_000,
    eventsPublished: 2_000,
    emailsSent: 100,
    imageGb: 0.2,
    tableGb: 0.05,
    imageViews: 300_000,
    transferGb: 15,
  },
  medium: {
    requests: 2_000_000,
    readUnits: 3_000_000,
    writeUnits: 200_000,
    eventsPublished: 40_000,
    emailsSent: 2_000,
    imageGb: 2,
    tableGb: 1,
    imageViews: 6_000_000,
    transferGb: 300,
  },
  large: {
    requests: 30_000_000,
    readUnits: 45_000_000,
    writeUnits: 3_000_000,
    eventsPublished: 600_000,
    emailsSent: 30_000,
    imageGb: 20,
    tableGb: 10,
    imageViews: 90_000_000,
    transferGb: 4_500,
  },
};

/** docs/costs.md's table: one line per cost, one column per store size, then the total. */
export function costTable(book: PriceBook = PRICES): string {
  const sizes = Object.keys(STORE_SIZES) as (keyof typeof STORE_SIZES)[];
  const priced = sizes.map((size) => storeMonthlyCost(STORE_SIZES[size], book));
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const rows = priced[0]!.map((line, i) => `| ${line.what} | ${priced.map((lines) => usd(lines[i]!.usd)).join(' | ')} |`);
  return [
    `| per store per month (${book.region}, prices of ${book.recorded}) | ${sizes.join(' | ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|`,
    ...rows,
    `| **total** | ${priced.map((lines) => `**${usd(totalOf(lines))}**`).join(' | ')} |`,
  ].join('\n');
}
