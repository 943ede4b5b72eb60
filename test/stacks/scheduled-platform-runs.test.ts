import { describe, expect, it } from 'vitest';
import {
  DOMAIN_CHECK_SCHEDULE,
  DOMAIN_CHECK_TIMEOUT_SECONDS,
  OFFBOARDING_EXPORT_RETENTION_DAYS,
  OFFBOARDING_PURGE_SCHEDULE,
  OFFBOARDING_PURGE_TIMEOUT_SECONDS,
} from '../../stacks/platform-stack';
import { allows, envNamed, named, rolePolicy, synth } from './synth';

/**
 * The platform's two other scheduled runs: stores' custom domains re-verified every 6 hours
 * (src/entry/domain-checks.ts) and closed stores purged after their grace period
 * (src/entry/offboarding-purge.ts, docs/offboarding.md); and the export's retention.
 */
describe('scheduled platform runs', () => {
  const s = synth(envNamed('dev'));
  const prefix = 'catalog-dev';

  const schedule = (name: string, expression: string) => {
    const rule = named(s, 'aws_cloudwatch_event_rule', `${name}-schedule`);
    expect(rule.schedule_expression).toBe(expression);
    // A schedule only fires on the account's default bus.
    expect(rule.event_bus_name).toBeUndefined();
    expect(named(s, 'aws_cloudwatch_event_target', `${name}-target`)).toMatchObject({
      rule: `\${aws_cloudwatch_event_rule.${name}-schedule.name}`,
      arn: `\${aws_lambda_function.${name}-function.arn}`,
    });
    expect(named(s, 'aws_lambda_permission', `${name}-permission`)).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      source_arn: `\${aws_cloudwatch_event_rule.${name}-schedule.arn}`,
    });
    return named(s, 'aws_lambda_function', `${name}-function`);
  };

  it('re-verifies custom domains every 6 hours, one run at a time, with the API’s role and settings', () => {
    expect(DOMAIN_CHECK_SCHEDULE).toBe('rate(6 hours)');
    const fn = schedule('domain-checks', DOMAIN_CHECK_SCHEDULE);
    expect(fn).toMatchObject({
      function_name: `${prefix}-domain-checks`,
      role: '${aws_iam_role.api-role.arn}',
      reserved_concurrent_executions: 1,
      timeout: DOMAIN_CHECK_TIMEOUT_SECONDS,
    });
    const api = named(s, 'aws_lambda_function', 'api-function');
    expect(fn.environment.variables).toEqual(api.environment.variables);
  });

  it('purges closed stores hourly, one run at a time, under its own role: the only one that may Scan the table', () => {
    expect(OFFBOARDING_PURGE_SCHEDULE).toBe('rate(1 hour)');
    const fn = schedule('offboarding-purge', OFFBOARDING_PURGE_SCHEDULE);
    expect(fn).toMatchObject({
      function_name: `${prefix}-offboarding-purge`,
      role: '${aws_iam_role.offboarding-purge-role.arn}',
      reserved_concurrent_executions: 1,
      timeout: OFFBOARDING_PURGE_TIMEOUT_SECONDS,
    });
    const purge = rolePolicy(s, 'offboarding-purge-role-policy');
    expect(allows(purge, 'dynamodb:Scan', '${aws_dynamodb_table.table.arn}')).toBe(true);
    expect(allows(purge, 'dynamodb:BatchWriteItem', '${aws_dynamodb_table.table.arn}')).toBe(true);
    expect(allows(purge, 'cognito-idp:AdminDeleteUser', '${aws_cognito_user_pool.users.arn}')).toBe(true);
    expect(allows(purge, 's3:DeleteObject', '${aws_s3_bucket.media.arn}/tenants/acme/products/p/1.png')).toBe(true);
    expect(allows(purge, 's3:DeleteObject', '${aws_s3_bucket.media.arn}/platform/offboarding/acme/j/products.json')).toBe(false);
    const trust = JSON.parse(named(s, 'aws_iam_role', 'tenant-role').assume_role_policy);
    expect(trust.Statement[0].Principal.AWS).toContain('${aws_iam_role.offboarding-purge-role.arn}');
    // No other function may Scan: the API, the job runner and the sweeper never erase a store.
    for (const other of ['api-role-policy', 'job-runner-role-policy', 'reservation-sweeper-role-policy'])
      expect(allows(rolePolicy(s, other), 'dynamodb:Scan', '${aws_dynamodb_table.table.arn}'), other).toBe(false);
  });

  it('lets the job runner write the export and the API read it (to presign), under platform/offboarding/ only', () => {
    const write = rolePolicy(s, 'job-runner-offboarding-exports-policy');
    expect(allows(write, 's3:PutObject', '${aws_s3_bucket.media.arn}/platform/offboarding/acme/j/products.json')).toBe(true);
    expect(allows(write, 's3:PutObject', '${aws_s3_bucket.media.arn}/tenants/acme/x')).toBe(false);
    const read = rolePolicy(s, 'api-offboarding-exports-policy');
    expect(allows(read, 's3:GetObject', '${aws_s3_bucket.media.arn}/platform/offboarding/acme/j/products.json')).toBe(true);
    expect(allows(read, 's3:PutObject', '${aws_s3_bucket.media.arn}/platform/offboarding/acme/j/products.json')).toBe(false);
  });

  it('keeps an offboarded store’s export for its retention, then lets the bucket expire it', () => {
    const rules = Object.values(s.resource.aws_s3_bucket_lifecycle_configuration ?? {}).flatMap((c) => (c as { rule: Record<string, unknown>[] }).rule);
    const exports = rules.find((r) => r.id === 'offboarding-exports');
    expect(exports).toMatchObject({
      status: 'Enabled',
      filter: [{ prefix: 'platform/offboarding/' }],
      expiration: [{ days: OFFBOARDING_EXPORT_RETENTION_DAYS }],
    });
    expect(OFFBOARDING_EXPORT_RETENTION_DAYS).toBe(90);
  });
});
