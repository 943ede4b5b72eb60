import type { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PipesPipe } from '@cdktf/provider-aws/lib/pipes-pipe';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SEARCH_EVENTS } from '../src/search/indexer';
import { eventQueue } from './event-queue';
import { searchPipePolicy, serviceTrust } from './policies';

/** The search index writer's time limit: a 100,000-product store's batch rewrites its whole index (docs/benchmarks.md). */
export const SEARCH_INDEXER_TIMEOUT_SECONDS = 300;
/** It holds a store's whole index in memory: the 1,024 MB the bench measures against. */
export const SEARCH_INDEXER_MEMORY_MB = 1024;
export const SEARCH_INDEXER_CONCURRENCY = 4;

export const SEARCH_EVENT_PATTERN = {
  source: [...new Set(SEARCH_EVENTS.map((e) => e.source))],
  'detail-type': SEARCH_EVENTS.map((e) => e.detailType),
};

/** The FIFO message group and deduplication id, read by the pipe from each message's body (Pipes' dynamic JSON paths). */
export const SEARCH_MESSAGE_GROUP = '$.body.detail.tenantId';
export const SEARCH_DEDUPLICATION_ID = '$.body.detail.eventId';

/**
 * One writer per store (docs/architecture.md, "Search"): product events → rule → a standard queue
 * (a rule's FIFO target takes one fixed message group, not one per event) → a pipe → a FIFO queue
 * whose message group is the store, which SQS hands to one consumer at a time.
 */
export function searchQueues(scope: Construct, r: { prefix: string; busName: string }) {
  const { prefix } = r;
  const {
    queue: inbox,
    deadLetters: inboxDeadLetters,
    rule,
  } = eventQueue(
    scope,
    {
      deadLetters: 'search-inbox-dlq',
      queue: 'search-inbox',
      rule: 'search-rule',
      target: 'search-target',
      queuePolicy: 'search-inbox-policy',
      deadLettersPolicy: 'search-inbox-dlq-policy',
    },
    {
      name: `${prefix}-search-inbox`,
      ruleName: `${prefix}-search`,
      description: 'Product events and stock changes to the search inbox (each store’s search index)',
      eventBusName: r.busName,
      eventPattern: SEARCH_EVENT_PATTERN,
    },
  );
  const deadLetters = new SqsQueue(scope, 'search-dlq', {
    name: `${prefix}-search-dlq.fifo`,
    fifoQueue: true,
    messageRetentionSeconds: 1_209_600,
    sqsManagedSseEnabled: true,
  });
  const queue = new SqsQueue(scope, 'search-indexer', {
    name: `${prefix}-search.fifo`,
    fifoQueue: true,
    // Throughput per message group, not per queue: stores are indexed in parallel.
    deduplicationScope: 'messageGroup',
    fifoThroughputLimit: 'perMessageGroupId',
    sqsManagedSseEnabled: true,
    visibilityTimeoutSeconds: 6 * SEARCH_INDEXER_TIMEOUT_SECONDS,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 5 }),
  });
  const pipeRole = new IamRole(scope, 'search-pipe-role', {
    name: `${prefix}-search-pipe`,
    assumeRolePolicy: JSON.stringify(serviceTrust('pipes.amazonaws.com')),
  });
  const pipePolicy = new IamRolePolicy(scope, 'search-pipe-role-policy', {
    role: pipeRole.id,
    name: 'search-pipe',
    policy: JSON.stringify(searchPipePolicy({ inboxArn: inbox.arn, fifoArn: queue.arn })),
  });
  new PipesPipe(scope, 'search-pipe', {
    name: `${prefix}-search`,
    description: 'Search events to the FIFO queue, one message group per store',
    roleArn: pipeRole.arn,
    source: inbox.arn,
    target: queue.arn,
    sourceParameters: { sqsQueueParameters: { batchSize: 10 } },
    targetParameters: { sqsQueueParameters: { messageGroupId: SEARCH_MESSAGE_GROUP, messageDeduplicationId: SEARCH_DEDUPLICATION_ID } },
    dependsOn: [pipePolicy],
  });
  return { queue, deadLetters, inbox, inboxDeadLetters, rule };
}
