import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { Construct } from 'constructs';

/** The construct ids of an event queue's resources: kept as they were first deployed, so Terraform's addresses never move. */
export type EventQueueIds = { deadLetters: string; queue: string; rule: string; target: string; queuePolicy: string; deadLettersPolicy: string };

/** Another rule feeding the same queue (a consumer that takes events of more than one source). */
export type ExtraRule = { rule: string; target: string; name: string; description: string; eventPattern: unknown };

/**
 * A rule on the bus feeding a queue a Lambda consumer reads, with its dead-letter queue: messages
 * the consumer fails five times, and what EventBridge itself cannot deliver (queue policy broken,
 * queue gone), land in the dead letters. Both queues take messages from that rule only.
 */
export function eventQueue(
  scope: Construct,
  ids: EventQueueIds,
  options: {
    name: string;
    /** The rule's name, when it is not the queue's (as first deployed: renaming a rule replaces it). */
    ruleName?: string;
    description: string;
    eventBusName: string;
    eventPattern: unknown;
    /** The Lambda consumer's timeout; none for a queue a pipe reads (SQS's default visibility then). */
    consumerTimeoutSeconds?: number;
    /** More rules to the same queue; the queues take messages from these rules too. */
    moreRules?: readonly ExtraRule[];
  },
) {
  const deadLetters = new SqsQueue(scope, ids.deadLetters, {
    name: `${options.name}-dlq`,
    messageRetentionSeconds: 1_209_600,
    sqsManagedSseEnabled: true,
  });
  const queue = new SqsQueue(scope, ids.queue, {
    name: options.name,
    sqsManagedSseEnabled: true,
    // Six times the consumer's timeout (AWS's advice for Lambda consumers): a message is never
    // handed to a second worker while the first may still be working on it.
    ...(options.consumerTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds: 6 * options.consumerTimeoutSeconds }),
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 5 }),
  });
  const rules = [
    { rule: ids.rule, target: ids.target, name: options.ruleName ?? options.name, description: options.description, eventPattern: options.eventPattern },
    ...(options.moreRules ?? []),
  ].map((spec) => {
    const rule = new CloudwatchEventRule(scope, spec.rule, {
      name: spec.name,
      description: spec.description,
      eventBusName: options.eventBusName,
      eventPattern: JSON.stringify(spec.eventPattern),
    });
    new CloudwatchEventTarget(scope, spec.target, {
      rule: rule.name,
      eventBusName: options.eventBusName,
      arn: queue.arn,
      deadLetterConfig: { arn: deadLetters.arn },
      retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
    });
    return rule;
  });
  // One rule's ARN as a string (as first deployed), several as a list.
  const sourceArns = rules.length === 1 ? rules[0]!.arn : rules.map((rule) => rule.arn);
  for (const [id, target] of [
    [ids.queuePolicy, queue],
    [ids.deadLettersPolicy, deadLetters],
  ] as const) {
    new SqsQueuePolicy(scope, id, {
      queueUrl: target.url,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: target.arn,
            Condition: { ArnEquals: { 'aws:SourceArn': sourceArns } },
          },
        ],
      }),
    });
  }
  return { queue, deadLetters, rule: rules[0]! };
}
