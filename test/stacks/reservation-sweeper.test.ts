import { describe, expect, it } from 'vitest';
import { SWEEP_FAILURES_METRIC } from '../../stacks/monitoring';
import { RESERVATION_SWEEP_SCHEDULE, RESERVATION_SWEEPER_TIMEOUT_SECONDS } from '../../stacks/platform-stack';
import { SWEEP_LOG_MESSAGE } from '../../src/orders/sweeper';
import { envNamed, named, rolePolicy, synth } from './synth';

/**
 * The reservation sweeper on AWS: without it, an unpaid order's stock stays reserved on AWS until
 * someone cancels the order (reads show the order expired, but the units are not for sale again).
 */
describe('reservation sweeper stack', () => {
  const s = synth(envNamed('dev'));
  const prefix = 'catalog-dev';

  it('runs every minute from a schedule on the default bus, one run at a time, finished before the next', () => {
    const rule = named(s, 'aws_cloudwatch_event_rule', 'reservation-sweep-schedule');
    expect(rule.schedule_expression).toBe(RESERVATION_SWEEP_SCHEDULE);
    expect(RESERVATION_SWEEP_SCHEDULE).toBe('rate(1 minute)');
    // A schedule only fires on the account's default bus.
    expect(rule.event_bus_name).toBeUndefined();
    expect(named(s, 'aws_cloudwatch_event_target', 'reservation-sweep-target')).toMatchObject({
      rule: '${aws_cloudwatch_event_rule.reservation-sweep-schedule.name}',
      arn: '${aws_lambda_function.reservation-sweeper-function.arn}',
    });
    expect(named(s, 'aws_lambda_permission', 'reservation-sweeper-permission')).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      source_arn: '${aws_cloudwatch_event_rule.reservation-sweep-schedule.arn}',
    });
    const fn = named(s, 'aws_lambda_function', 'reservation-sweeper-function');
    expect(fn).toMatchObject({
      function_name: `${prefix}-reservation-sweeper`,
      role: '${aws_iam_role.reservation-sweeper-role.arn}',
      reserved_concurrent_executions: 1,
      timeout: RESERVATION_SWEEPER_TIMEOUT_SECONDS,
    });
    expect(RESERVATION_SWEEPER_TIMEOUT_SECONDS).toBeLessThan(60);
    expect(fn.environment.variables.TENANT_ROLE_ARN).toBe('${aws_iam_role.tenant-role.arn}');
  });

  it('reads only the store list itself, and each store’s orders and stock as that store', () => {
    const policy = rolePolicy(s, 'reservation-sweeper-role-policy');
    const table = policy.Statement.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(table).toEqual([
      {
        Sid: 'StoreList',
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: '${aws_dynamodb_table.table.arn}/index/GSI1',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PLATFORM#TENANTS'] }, Null: { 'dynamodb:LeadingKeys': 'false' } },
      },
    ]);
    expect(policy.Statement.find((st) => st.Sid === 'AssumeTenantRole')!.Resource).toBe('${aws_iam_role.tenant-role.arn}');
    const trust = JSON.parse(named(s, 'aws_iam_role', 'tenant-role').assume_role_policy);
    expect(trust.Statement[0].Principal.AWS).toContain('${aws_iam_role.reservation-sweeper-role.arn}');
  });

  it('alarms when its runs fail and when a store could not be swept (a run that skips a failed store still succeeds)', () => {
    const alarms = s.resource.aws_cloudwatch_metric_alarm!;
    expect(alarms['reservation-sweeper-errors']).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: '${aws_lambda_function.reservation-sweeper-function.function_name}' },
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      alarm_actions: ['${aws_sns_topic.alarms.arn}'],
    });
    // The run's summary line (`logger.info(result, SWEEP_LOG_MESSAGE)`, pino's `msg`) carries the failed stores' count.
    const filter = named(s, 'aws_cloudwatch_log_metric_filter', 'reservation-sweeper-failures-filter');
    expect(filter).toMatchObject({
      log_group_name: '${aws_cloudwatch_log_group.reservation-sweeper-logs.name}',
      pattern: `{ $.msg = "${SWEEP_LOG_MESSAGE}" && $.failed > 0 }`,
      metric_transformation: { namespace: `${prefix}/reservation-sweeper`, name: SWEEP_FAILURES_METRIC, value: '$.failed' },
    });
    expect(alarms['reservation-sweeper-store-failures']).toMatchObject({
      namespace: `${prefix}/reservation-sweeper`,
      metric_name: SWEEP_FAILURES_METRIC,
      threshold: 1,
      alarm_actions: ['${aws_sns_topic.alarms.arn}'],
    });
  });
});
