import type { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { METRICS_NAMESPACE as EVENTS_NAMESPACE } from '../src/adapters/aws/stream-handler';
import { SWEEP_LOG_MESSAGE } from '../src/orders/sweeper';

type Watched = {
  prefix: string;
  stage: string;
  region: string;
  alarmEmail: string | undefined;
  apiFunction: string;
  publisherFunction: string;
  publisherDeadLetterQueue: string;
  consumerFunction: string;
  apiId: string;
  deadLetterQueue: string;
  consumerQueue: string;
  /** The listing consumer's dead-letter queue (category and collection cards and counts). */
  listingDeadLetterQueue?: string;
  /** The job queue's dead letters (imports, exports; docs/jobs.md). */
  jobDeadLetterQueue?: string;
  /** The search index writer's dead-letter queues: the FIFO queue's and the rule's inbox's. */
  searchDeadLetterQueues?: readonly string[];
  accessLogGroup: string;
  /** The reservation sweeper (src/entry/reservation-sweeper.ts): its function and its log group. */
  reservationSweeper?: { functionName: string; logGroup: string };
};

type AlarmSpec = {
  metricName: string;
  namespace: string;
  dimensions: Record<string, string>;
  threshold: number;
  description: string;
  statistic?: string;
  extendedStatistic?: string;
};

/**
 * Alarms on what would hurt a store (errors, throttles, 5xx, slow answers, events piling up in
 * the dead-letter queue) to one SNS topic, and a dashboard of the same metrics.
 */
export function monitoring(scope: Construct, w: Watched) {
  const topic = new SnsTopic(scope, 'alarms', { name: `${w.prefix}-alarms` });
  if (w.alarmEmail) new SnsTopicSubscription(scope, 'alarms-email', { topicArn: topic.arn, protocol: 'email', endpoint: w.alarmEmail });

  const alarm = (id: string, spec: AlarmSpec) =>
    new CloudwatchMetricAlarm(scope, id, {
      alarmName: `${w.prefix}-${id}`,
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      ...(spec.extendedStatistic ? { extendedStatistic: spec.extendedStatistic } : { statistic: spec.statistic ?? 'Sum' }),
      period: 60,
      // Three bad minutes out of five: one blip does not page anyone, a trend does.
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      threshold: spec.threshold,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [topic.arn],
      okActions: [topic.arn],
    });
  const lambda = (fn: string) => ({ namespace: 'AWS/Lambda', dimensions: { FunctionName: fn } });
  const http = { namespace: 'AWS/ApiGateway', dimensions: { ApiId: w.apiId } };
  const apiErrors = alarm('api-errors', { ...lambda(w.apiFunction), metricName: 'Errors', threshold: 5, description: 'API function errors' });
  alarm('api-throttles', {
    ...lambda(w.apiFunction),
    metricName: 'Throttles',
    threshold: 1,
    description: 'API function throttled: reserved concurrency reached',
  });
  // Events: the stream publisher gave up on a batch (its description waits in the DLQ, its
  // records in the table for a week), has left one unhandled for an hour, or is falling behind.
  const publisherDlq = { namespace: 'AWS/SQS', dimensions: { QueueName: w.publisherDeadLetterQueue }, statistic: 'Maximum' };
  alarm('events-dlq-depth', {
    ...publisherDlq,
    metricName: 'ApproximateNumberOfMessagesVisible',
    threshold: 1,
    description: 'Events the stream publisher gave up on: see docs/deploy.md, "Events from the stream"',
  });
  alarm('events-dlq-age', {
    ...publisherDlq,
    metricName: 'ApproximateAgeOfOldestMessage',
    threshold: 3600,
    description: 'A dead-lettered event batch has waited over an hour: its records expire from the table 7 days after their commit',
  });
  alarm('events-iterator-age', {
    ...lambda(w.publisherFunction),
    metricName: 'IteratorAge',
    threshold: 60_000,
    statistic: 'Maximum',
    description: 'The stream publisher is over a minute behind the table',
  });
  alarm('events-failed', {
    namespace: EVENTS_NAMESPACE,
    dimensions: { Stage: w.stage },
    metricName: 'EventsFailed',
    threshold: 1,
    description: 'EventBridge refusing events: the stream publisher is retrying them',
  });
  const http5xx = alarm('http-5xx', { ...http, metricName: '5xx', threshold: 5, description: 'API answering 5xx' });
  const httpLatency = alarm('http-latency', {
    ...http,
    metricName: 'Latency',
    threshold: 1000,
    extendedStatistic: 'p99',
    description: 'API p99 latency over 1 s',
  });
  // 503 is the API's "a dependency is unavailable" (issue 13), apart from its own bugs (500) and
  // the gateway's (502, 504): counted from the access log the stage writes, one line per request.
  const unavailable = { namespace: `${w.prefix}/api`, metricName: 'DependencyUnavailable' };
  new CloudwatchLogMetricFilter(scope, 'http-503-filter', {
    name: `${w.prefix}-http-503`,
    logGroupName: w.accessLogGroup,
    pattern: '{ $.status = "503" }',
    metricTransformation: { namespace: unavailable.namespace, name: unavailable.metricName, value: '1', defaultValue: '0', unit: 'Count' },
  });
  const http503 = alarm('http-503', {
    ...unavailable,
    dimensions: {},
    threshold: 5,
    description: 'API answering 503: a dependency (DynamoDB, S3, Cognito, STS, EventBridge, signing keys) is unavailable; the API log names it',
  });
  alarm('inventory-consumer-errors', {
    ...lambda(w.consumerFunction),
    metricName: 'Errors',
    threshold: 1,
    description: 'Inventory consumer failing as a whole (a failed notice alone is a batch item failure, seen by the queue-age alarm)',
  });
  // Messages waiting longer than 10 minutes: the consumer is down, throttled, or retrying one notice
  // (each retry waits the visibility timeout); stock notices are then late.
  alarm('inventory-age', {
    namespace: 'AWS/SQS',
    dimensions: { QueueName: w.consumerQueue },
    metricName: 'ApproximateAgeOfOldestMessage',
    threshold: 600,
    statistic: 'Maximum',
    description: 'Inventory events waiting over 10 minutes: stock notices are late',
  });
  alarm('dlq-depth', {
    namespace: 'AWS/SQS',
    dimensions: { QueueName: w.deadLetterQueue },
    metricName: 'ApproximateNumberOfMessagesVisible',
    threshold: 1,
    statistic: 'Maximum',
    description: 'Inventory events in the dead-letter queue',
  });

  if (w.listingDeadLetterQueue) {
    alarm('listing-dlq-depth', {
      namespace: 'AWS/SQS',
      dimensions: { QueueName: w.listingDeadLetterQueue },
      metricName: 'ApproximateNumberOfMessagesVisible',
      threshold: 1,
      statistic: 'Maximum',
      description:
        'Product events the listing consumer gave up on: category and collection pages may show stale cards or counts until the product changes again',
    });
  }

  if (w.jobDeadLetterQueue) {
    alarm('job-dlq-depth', {
      namespace: 'AWS/SQS',
      dimensions: { QueueName: w.jobDeadLetterQueue },
      metricName: 'ApproximateNumberOfMessagesVisible',
      threshold: 1,
      statistic: 'Maximum',
      description: 'A job (import, export) the runner gave up on after five deliveries: it stays running or queued until someone looks (docs/jobs.md)',
    });
  }
  for (const [i, queue] of (w.searchDeadLetterQueues ?? []).entries()) {
    alarm(i === 0 ? 'search-dlq-depth' : `search-dlq-depth-${i + 1}`, {
      namespace: 'AWS/SQS',
      dimensions: { QueueName: queue },
      metricName: 'ApproximateNumberOfMessagesVisible',
      threshold: 1,
      statistic: 'Maximum',
      description: 'Product events the search index writer gave up on: a store’s search may miss or show stale products until they change again',
    });
  }

  if (w.reservationSweeper) reservationSweeperAlarms(scope, w.prefix, w.reservationSweeper, alarm);

  const widget = (x: number, y: number, title: string, metrics: unknown[], stat = 'Sum') => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region: w.region, metrics, stat, period: 60 },
  });
  new CloudwatchDashboard(scope, 'dashboard', {
    dashboardName: w.prefix,
    dashboardBody: JSON.stringify({
      widgets: [
        widget(0, 0, 'API requests and errors', [
          ['AWS/ApiGateway', 'Count', 'ApiId', w.apiId],
          ['.', '4xx', '.', '.'],
          ['.', '5xx', '.', '.'],
        ]),
        widget(
          12,
          0,
          'API latency p50 / p99',
          [
            ['AWS/ApiGateway', 'Latency', 'ApiId', w.apiId, { stat: 'p50' }],
            ['...', { stat: 'p99' }],
          ],
          'p99',
        ),
        widget(0, 6, 'API function', [
          ['AWS/Lambda', 'Errors', 'FunctionName', w.apiFunction],
          ['.', 'Throttles', '.', '.'],
          ['.', 'ConcurrentExecutions', '.', '.', { stat: 'Maximum' }],
        ]),
        widget(12, 6, 'API function duration p99', [['AWS/Lambda', 'Duration', 'FunctionName', w.apiFunction]], 'p99'),
        widget(
          0,
          12,
          'Events',
          [
            ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', w.deadLetterQueue],
            ['.', '.', '.', w.consumerQueue],
            ['.', '.', '.', w.publisherDeadLetterQueue],
            ['AWS/Lambda', 'IteratorAge', 'FunctionName', w.publisherFunction],
            ['.', 'Errors', '.', w.consumerFunction],
          ],
          'Maximum',
        ),
        widget(12, 12, 'Events published and failed', [
          [EVENTS_NAMESPACE, 'EventsPublished', 'Stage', w.stage],
          ['.', 'EventsFailed', '.', '.'],
        ]),
        widget(0, 18, 'Inventory queue: oldest message (s)', [['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', w.consumerQueue]], 'Maximum'),
      ],
    }),
  });
  // What a bad API version shows first: its own errors, 5xx, slowness, or 503s from a dependency
  // it can no longer reach (a permission or setting it lacks). Any of them in ALARM during a
  // canary rolls it back (stacks/rollout.ts). Throttles are capacity, the events alarms are other
  // functions: neither says the new version is bad.
  return { topic, rollbackAlarms: [apiErrors, http5xx, httpLatency, http503] };
}

/** The metric the sweeper's failed stores are counted in, from its run summary (SWEEP_LOG_MESSAGE). */
export const SWEEP_FAILURES_METRIC = 'StoresFailed';

/**
 * The reservation sweeper runs every minute; while it fails, unpaid orders keep their stock held
 * (reads show them expired, but the units are not for sale again). Two ways it fails: the run as a
 * whole (the store list unreadable, a timeout: the function's Errors), and a store it could not
 * sweep, which it logs and skips so the others still get theirs (src/orders/sweeper.ts): counted
 * from its run summary's `failed`, as the run itself succeeds.
 */
function reservationSweeperAlarms(
  scope: Construct,
  prefix: string,
  sweeper: { functionName: string; logGroup: string },
  alarm: (id: string, spec: AlarmSpec) => CloudwatchMetricAlarm,
) {
  alarm('reservation-sweeper-errors', {
    namespace: 'AWS/Lambda',
    dimensions: { FunctionName: sweeper.functionName },
    metricName: 'Errors',
    threshold: 1,
    description: 'Reservation sweeper runs failing: unpaid orders past their reservation keep their stock held until it runs again',
  });
  const namespace = `${prefix}/reservation-sweeper`;
  new CloudwatchLogMetricFilter(scope, 'reservation-sweeper-failures-filter', {
    name: `${prefix}-reservation-sweeper-failures`,
    logGroupName: sweeper.logGroup,
    pattern: `{ $.msg = "${SWEEP_LOG_MESSAGE}" && $.failed > 0 }`,
    metricTransformation: { namespace, name: SWEEP_FAILURES_METRIC, value: '$.failed', defaultValue: '0', unit: 'Count' },
  });
  alarm('reservation-sweeper-store-failures', {
    namespace,
    dimensions: {},
    metricName: SWEEP_FAILURES_METRIC,
    threshold: 1,
    description: 'Stores the reservation sweeper could not sweep (its log names each with tenantId): their unpaid orders keep their stock held',
  });
}
