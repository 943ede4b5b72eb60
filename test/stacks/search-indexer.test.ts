import { describe, expect, it } from 'vitest';
import { SEARCH_EVENTS } from '../../src/search/indexer';
import { SEARCH_INDEXER_MEMORY_MB, SEARCH_INDEXER_TIMEOUT_SECONDS } from '../../stacks/search-queues';
import { envNamed, named, rolePolicy, synth } from './synth';

/** One writer per store on AWS: rule → inbox → pipe → FIFO queue grouped by store → the indexer. */
describe('search indexer stack', () => {
  const s = synth(envNamed('dev'));
  const prefix = 'catalog-dev';

  it('routes exactly the events the indexer handles to the inbox', () => {
    const pattern = JSON.parse(named(s, 'aws_cloudwatch_event_rule', 'search-rule').event_pattern);
    expect(pattern['detail-type'].sort()).toEqual(SEARCH_EVENTS.map((e) => e.detailType).sort());
    expect(named(s, 'aws_cloudwatch_event_target', 'search-target')).toMatchObject({ arn: '${aws_sqs_queue.search-inbox.arn}' });
  });

  it('moves them to a FIFO queue whose message group is the store, so each store has one writer', () => {
    const fifo = named(s, 'aws_sqs_queue', 'search-indexer');
    expect(fifo).toMatchObject({ name: `${prefix}-search.fifo`, fifo_queue: true, fifo_throughput_limit: 'perMessageGroupId' });
    expect(fifo.visibility_timeout_seconds).toBe(6 * SEARCH_INDEXER_TIMEOUT_SECONDS);
    expect(JSON.parse(fifo.redrive_policy).deadLetterTargetArn).toBe('${aws_sqs_queue.search-dlq.arn}');
    expect(named(s, 'aws_sqs_queue', 'search-dlq').fifo_queue).toBe(true);
    const pipe = named(s, 'aws_pipes_pipe', 'search-pipe');
    expect(pipe).toMatchObject({ source: '${aws_sqs_queue.search-inbox.arn}', target: '${aws_sqs_queue.search-indexer.arn}' });
    expect(pipe.target_parameters.sqs_queue_parameters).toEqual({
      message_group_id: '$.body.detail.tenantId',
      message_deduplication_id: '$.body.detail.eventId',
    });
    expect(JSON.parse(named(s, 'aws_iam_role', 'search-pipe-role').assume_role_policy).Statement[0].Principal).toEqual({ Service: 'pipes.amazonaws.com' });
  });

  it('runs the indexer on that queue with the tenant role, reading only store records with its own', () => {
    const fn = named(s, 'aws_lambda_function', 'search-indexer-function');
    expect(fn).toMatchObject({
      function_name: `${prefix}-search-indexer`,
      memory_size: SEARCH_INDEXER_MEMORY_MB,
      role: '${aws_iam_role.search-indexer-role.arn}',
    });
    expect(fn.environment.variables.TENANT_ROLE_ARN).toBe('${aws_iam_role.tenant-role.arn}');
    expect(named(s, 'aws_lambda_event_source_mapping', 'search-indexer-mapping')).toMatchObject({
      event_source_arn: '${aws_sqs_queue.search-indexer.arn}',
      function_response_types: ['ReportBatchItemFailures'],
    });
    const policy = rolePolicy(s, 'search-indexer-role-policy');
    const table = policy.Statement.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(table.map((st) => st.Action)).toEqual([['dynamodb:GetItem']]);
    expect(policy.Statement.some((st) => [st.Action].flat().some((a) => a.startsWith('s3:')))).toBe(false);
    expect(policy.Statement.find((st) => st.Sid === 'ConsumeQueue')!.Resource).toBe('${aws_sqs_queue.search-indexer.arn}');
  });
});
