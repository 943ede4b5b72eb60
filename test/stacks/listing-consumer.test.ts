import { describe, expect, it } from 'vitest';
import { LISTING_EVENTS } from '../../src/catalog/listing-consumer';
import { LISTING_CONSUMER_TIMEOUT_SECONDS } from '../../stacks/platform-stack';
import { envNamed, named, rolePolicy, synth } from './synth';

/** The listing consumer on AWS: the rule, its queue with a dead-letter queue, the function and its role. */
describe('listing consumer stack', () => {
  const s = synth(envNamed('dev'));
  const prefix = 'catalog-dev';

  it('routes exactly the events the consumer handles to its queue, with a dead-letter queue and an alarm on it', () => {
    const pattern = JSON.parse(named(s, 'aws_cloudwatch_event_rule', 'listing-rule').event_pattern);
    expect(pattern.source.sort()).toEqual(['catalog.inventory', 'catalog.products', 'shop.orders', 'shop.reviews']);
    expect(pattern['detail-type'].sort()).toEqual(LISTING_EVENTS.map((e) => e.detailType).sort());
    expect(named(s, 'aws_cloudwatch_event_target', 'listing-target')).toMatchObject({
      arn: '${aws_sqs_queue.listing-consumer.arn}',
      dead_letter_config: { arn: '${aws_sqs_queue.listing-dlq.arn}' },
    });
    expect(JSON.parse(named(s, 'aws_sqs_queue', 'listing-consumer').redrive_policy)).toEqual({
      deadLetterTargetArn: '${aws_sqs_queue.listing-dlq.arn}',
      maxReceiveCount: 5,
    });
    expect(named(s, 'aws_sqs_queue', 'listing-consumer').visibility_timeout_seconds).toBe(6 * LISTING_CONSUMER_TIMEOUT_SECONDS);
    expect(named(s, 'aws_cloudwatch_metric_alarm', 'listing-dlq-depth').dimensions).toEqual({ QueueName: '${aws_sqs_queue.listing-dlq.name}' });
  });

  it('runs the function from the queue with partial batch failures, as the tenant role for store data', () => {
    expect(named(s, 'aws_lambda_function', 'listing-consumer-function')).toMatchObject({
      function_name: `${prefix}-listing-consumer`,
      role: '${aws_iam_role.listing-consumer-role.arn}',
      timeout: LISTING_CONSUMER_TIMEOUT_SECONDS,
    });
    expect(named(s, 'aws_lambda_function', 'listing-consumer-function').environment.variables.TENANT_ROLE_ARN).toBe('${aws_iam_role.tenant-role.arn}');
    expect(named(s, 'aws_lambda_event_source_mapping', 'listing-consumer-mapping')).toMatchObject({
      event_source_arn: '${aws_sqs_queue.listing-consumer.arn}',
      function_name: '${aws_lambda_function.listing-consumer-function.arn}',
      function_response_types: ['ReportBatchItemFailures'],
    });
    const policy = rolePolicy(s, 'listing-consumer-role-policy');
    // Its own role reads store records only; a store's data goes through the tenant role.
    const table = policy.Statement.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(table.map((st) => st.Action)).toEqual([['dynamodb:GetItem']]);
    expect(policy.Statement.find((st) => st.Sid === 'ConsumeQueue')!.Resource).toBe('${aws_sqs_queue.listing-consumer.arn}');
    expect(policy.Statement.find((st) => st.Sid === 'AssumeTenantRole')!.Resource).toBe('${aws_iam_role.tenant-role.arn}');
  });
});
