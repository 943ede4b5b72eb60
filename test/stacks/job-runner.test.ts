import { describe, expect, it } from 'vitest';
import { JOB_REQUESTED } from '../../src/jobs/consumer';
import { JOB_LEASE_MS } from '../../src/jobs/service';
import { JOB_RUNNER_MEMORY_MB, JOB_RUNNER_TIMEOUT_SECONDS } from '../../stacks/platform-stack';
import { envNamed, named, rolePolicy, synth } from './synth';

/** The job runner on AWS (docs/jobs.md): JobRequested → rule → queue (with a dead-letter queue) → function. */
describe('job runner stack', () => {
  const s = synth(envNamed('dev'));
  const prefix = 'catalog-dev';

  it('routes JobRequested events, and only them, to the job queue with a dead-letter queue', () => {
    expect(JSON.parse(named(s, 'aws_cloudwatch_event_rule', 'job-rule').event_pattern)).toEqual({
      source: [JOB_REQUESTED.source],
      'detail-type': [JOB_REQUESTED.detailType],
    });
    expect(named(s, 'aws_cloudwatch_event_target', 'job-target')).toMatchObject({
      arn: '${aws_sqs_queue.job-queue.arn}',
      dead_letter_config: { arn: '${aws_sqs_queue.job-dlq.arn}' },
    });
    expect(JSON.parse(named(s, 'aws_sqs_queue', 'job-queue').redrive_policy)).toEqual({
      deadLetterTargetArn: '${aws_sqs_queue.job-dlq.arn}',
      maxReceiveCount: 5,
    });
    // A run that died comes back only after its lease ended, so the retry can claim the job.
    const visibility = named(s, 'aws_sqs_queue', 'job-queue').visibility_timeout_seconds as number;
    expect(visibility * 1000).toBeGreaterThan(JOB_LEASE_MS);
    expect(JOB_LEASE_MS).toBeGreaterThan(JOB_RUNNER_TIMEOUT_SECONDS * 1000);
    expect(named(s, 'aws_cloudwatch_metric_alarm', 'job-dlq-depth').dimensions).toEqual({ QueueName: '${aws_sqs_queue.job-dlq.name}' });
  });

  it('runs one job per invocation for up to 15 minutes, as the tenant role for store data', () => {
    const fn = named(s, 'aws_lambda_function', 'job-runner-function');
    expect(fn).toMatchObject({
      function_name: `${prefix}-job-runner`,
      role: '${aws_iam_role.job-runner-role.arn}',
      timeout: 900,
      memory_size: JOB_RUNNER_MEMORY_MB,
    });
    expect(fn.environment.variables.TENANT_ROLE_ARN).toBe('${aws_iam_role.tenant-role.arn}');
    expect(named(s, 'aws_lambda_event_source_mapping', 'job-runner-mapping')).toMatchObject({
      event_source_arn: '${aws_sqs_queue.job-queue.arn}',
      function_name: '${aws_lambda_function.job-runner-function.arn}',
      batch_size: 1,
      function_response_types: ['ReportBatchItemFailures'],
    });
    const policy = rolePolicy(s, 'job-runner-role-policy');
    const table = policy.Statement.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(table.map((st) => st.Action)).toEqual([['dynamodb:GetItem']]);
    expect(policy.Statement.find((st) => st.Sid === 'ConsumeQueue')!.Resource).toBe('${aws_sqs_queue.job-queue.arn}');
    expect(policy.Statement.find((st) => st.Sid === 'AssumeTenantRole')!.Resource).toBe('${aws_iam_role.tenant-role.arn}');
    const trust = JSON.parse(named(s, 'aws_iam_role', 'tenant-role').assume_role_policy);
    expect(trust.Statement[0].Principal.AWS).toContain('${aws_iam_role.job-runner-role.arn}');
  });
});
