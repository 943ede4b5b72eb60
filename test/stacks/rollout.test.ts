/**
 * Safe rollouts, on the synthesized JSON (the API is published, served through its `live` alias,
 * and moved by a CodeDeploy canary that rolls back on the API's alarms) and in the pipeline's
 * roll-out script, run against a stand-in AWS CLI: what it starts, what it waits for, and that
 * running it again is harmless.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CANARY_CONFIG } from '../../stacks/rollout';
import { doc, envNamed, named, only, synth } from './synth';

const root = path.resolve(import.meta.dirname, '../..');

describe.each(['dev', 'prod'] as const)('%s: the API behind an alias, moved by a canary', (name) => {
  const s = synth(envNamed(name));
  const prefix = `catalog-${name}`;

  it('publishes a version of the API function on every apply that changes it', () => {
    expect(named(s, 'aws_lambda_function', 'api-function').publish).toBe(true);
    // The others serve $LATEST: no alias to move, nothing to publish (docs/deploy.md, "Rollouts").
    for (const other of ['stream-publisher-function', 'inventory-consumer-function', 'pre-sign-up-function'])
      expect(named(s, 'aws_lambda_function', other).publish, other).toBeUndefined();
  });

  it('has the alias `live`, created on the first published version and never moved by Terraform afterwards', () => {
    expect(only(s, 'aws_lambda_alias')).toMatchObject({
      name: 'live',
      function_name: '${aws_lambda_function.api-function.function_name}',
      function_version: '${aws_lambda_function.api-function.version}',
      lifecycle: { ignore_changes: ['function_version', 'routing_config'] },
    });
  });

  it('lets API Gateway call the alias, not the function', () => {
    expect(only(s, 'aws_apigatewayv2_integration').integration_uri).toBe('${aws_lambda_alias.api-alias.invoke_arn}');
    expect(named(s, 'aws_lambda_permission', 'api-permission')).toMatchObject({
      principal: 'apigateway.amazonaws.com',
      qualifier: '${aws_lambda_alias.api-alias.name}',
    });
  });

  it('shifts traffic with a CodeDeploy canary that rolls back on the API’s errors, 5xx, latency and 503 alarms', () => {
    expect(only(s, 'aws_codedeploy_app')).toMatchObject({ name: `${prefix}-api`, compute_platform: 'Lambda' });
    const group = only(s, 'aws_codedeploy_deployment_group');
    expect(group).toMatchObject({
      app_name: '${aws_codedeploy_app.api-deploy-app.name}',
      deployment_group_name: `${prefix}-api`,
      deployment_config_name: CANARY_CONFIG,
      deployment_style: { deployment_type: 'BLUE_GREEN', deployment_option: 'WITH_TRAFFIC_CONTROL' },
      service_role_arn: '${aws_iam_role.codedeploy-role.arn}',
      auto_rollback_configuration: { enabled: true, events: expect.arrayContaining(['DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_FAILURE']) },
    });
    expect(CANARY_CONFIG).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
    expect(group.alarm_configuration.enabled).toBe(true);
    // Alarms the stack really has, named by reference so a renamed alarm cannot leave a dangling name.
    expect(group.alarm_configuration.alarms).toEqual(
      ['api-errors', 'http-5xx', 'http-latency', 'http-503'].map((id) => `\${aws_cloudwatch_metric_alarm.${id}.alarm_name}`),
    );
    for (const id of ['api-errors', 'http-5xx', 'http-latency', 'http-503']) named(s, 'aws_cloudwatch_metric_alarm', id);
  });

  it('gives CodeDeploy a role that may move this function’s alias and read those alarms, nothing else', () => {
    const role = named(s, 'aws_iam_role', 'codedeploy-role');
    expect(role.name).toBe(`${prefix}-codedeploy`);
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'codedeploy.amazonaws.com' });
    expect(role.permissions_boundary).toBe(`arn:aws:iam::\${data.aws_caller_identity.caller.account_id}:policy/${prefix}-boundary`);
    const policy = doc(named(s, 'aws_iam_role_policy', 'codedeploy-role-policy').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'MoveTheAlias',
        Effect: 'Allow',
        Action: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetFunction', 'lambda:GetProvisionedConcurrencyConfig'],
        Resource: ['${aws_lambda_function.api-function.arn}', '${aws_lambda_function.api-function.arn}:*'],
      },
      {
        Sid: 'WatchTheAlarms',
        Effect: 'Allow',
        Action: 'cloudwatch:DescribeAlarms',
        Resource: ['api-errors', 'http-5xx', 'http-latency', 'http-503'].map((id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`),
      },
    ]);
  });

  it('outputs what the roll-out step needs', () => {
    expect(s.output.api_function_name!.value).toBe('${aws_lambda_function.api-function.function_name}');
    expect(s.output.api_alias!.value).toBe('${aws_lambda_alias.api-alias.name}');
    expect(s.output.api_version!.value).toBe('${aws_lambda_function.api-function.version}');
    expect(s.output.codedeploy_application!.value).toBe(`${prefix}-api`);
    expect(s.output.codedeploy_group!.value).toBe(`${prefix}-api`);
  });
});

describe('apply.yml rolls the API out after apply, with the stack’s outputs', () => {
  const apply = parse(readFileSync(path.join(root, '.github/workflows/apply.yml'), 'utf8'));
  const steps = apply.jobs.apply.steps as { name?: string; run?: string }[];
  const at = (pattern: RegExp) => steps.findIndex((st) => pattern.test(st.run ?? ''));

  it('runs scripts/roll-out-api.sh after terraform apply and before the outputs go to the smoke job', () => {
    const rollOut = at(/scripts\/roll-out-api\.sh/);
    expect(rollOut).toBeGreaterThan(at(/terraform apply/));
    expect(rollOut).toBeLessThan(at(/api-url=/));
    const script = steps[rollOut]!.run!;
    for (const [flag, output] of [
      ['--function', 'api_function_name'],
      ['--alias', 'api_alias'],
      ['--version', 'api_version'],
      ['--application', 'codedeploy_application'],
      ['--group', 'codedeploy_group'],
    ])
      expect(script).toMatch(new RegExp(`${flag} "\\$\\(terraform output -raw ${output}\\)"`));
  });
});

/** The roll-out script against the stand-in CLI: its calls, its exit code, its output. */
function rollOut(
  state: { alias: string; deployments: { id: string; status: string; ends: string; target?: string }[]; nextEnds?: string },
  version = '4',
  extra: string[] = [],
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roll-out-'));
  const bin = path.join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  spawnSync('ln', ['-s', path.join(root, 'test/stacks/fixtures/fake-aws.mjs'), path.join(bin, 'aws')]);
  const statePath = path.join(dir, 'state.json');
  const logPath = path.join(dir, 'calls.log');
  writeFileSync(statePath, JSON.stringify(state));
  writeFileSync(logPath, '');
  const args = [
    '--function',
    'catalog-dev-api',
    '--alias',
    'live',
    '--version',
    version,
    '--application',
    'catalog-dev-api',
    '--group',
    'catalog-dev-api',
    ...extra,
  ];
  const run = spawnSync(path.join(root, 'scripts/roll-out-api.sh'), args, {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_AWS_STATE: statePath, FAKE_AWS_LOG: logPath },
    encoding: 'utf8',
  });
  const calls = readFileSync(logPath, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);
  return { code: run.status, output: run.stdout + run.stderr, calls, state: JSON.parse(readFileSync(statePath, 'utf8')) };
}
const created = (calls: string[][]) => calls.filter((c) => c[1] === 'create-deployment');

describe('scripts/roll-out-api.sh', () => {
  it('starts a deployment from the version the alias serves to the published one, waits for it, and succeeds', () => {
    const run = rollOut({ alias: '3', deployments: [] });
    expect(run.code, run.output).toBe(0);
    const [create] = created(run.calls);
    expect(create).toBeDefined();
    const arg = (name: string) => create![create!.indexOf(name) + 1];
    expect(arg('--application-name')).toBe('catalog-dev-api');
    expect(arg('--deployment-group-name')).toBe('catalog-dev-api');
    const revision = JSON.parse(arg('--revision')!);
    expect(revision.revisionType).toBe('AppSpecContent');
    expect(parse(revision.appSpecContent.content)).toEqual({
      version: 0,
      Resources: [{ api: { Type: 'AWS::Lambda::Function', Properties: { Name: 'catalog-dev-api', Alias: 'live', CurrentVersion: '3', TargetVersion: '4' } } }],
    });
    expect(run.calls.some((c) => c[1] === 'wait' && c.includes('d-1'))).toBe(true);
    expect(run.state.alias).toBe('4');
  });

  it('uses the group’s canary unless told to deploy all at once (a migration that changes item shapes)', () => {
    const canary = created(rollOut({ alias: '3', deployments: [] }).calls)[0]!;
    expect(canary).not.toContain('--deployment-config-name');
    const once = rollOut({ alias: '3', deployments: [] }, '4', ['--config', 'CodeDeployDefault.LambdaAllAtOnce']);
    expect(once.code, once.output).toBe(0);
    const create = created(once.calls)[0]!;
    expect(create[create.indexOf('--deployment-config-name') + 1]).toBe('CodeDeployDefault.LambdaAllAtOnce');
  });

  it('does nothing when run again after a success: the alias already serves the version', () => {
    const run = rollOut({ alias: '4', deployments: [{ id: 'd-1', status: 'Succeeded', ends: 'Succeeded', target: '4' }] });
    expect(run.code, run.output).toBe(0);
    expect(created(run.calls)).toEqual([]);
    expect(run.output).toContain('nothing to roll out');
  });

  it('fails, saying it was rolled back, when CodeDeploy stops the canary on an alarm', () => {
    const run = rollOut({ alias: '3', deployments: [], nextEnds: 'Stopped' });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/ended Stopped: CodeDeploy moved the alias back/);
    expect(run.state.alias).toBe('3');
  });

  it('waits for a deployment already in flight (a cancelled run’s) before anything else, and starts none if it got there', () => {
    const run = rollOut({ alias: '3', deployments: [{ id: 'd-1', status: 'InProgress', ends: 'Succeeded', target: '4' }] });
    expect(run.code, run.output).toBe(0);
    const waited = run.calls.findIndex((c) => c[1] === 'wait');
    const readAlias = run.calls.findIndex((c) => c[1] === 'get-alias');
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(waited).toBeLessThan(readAlias);
    expect(created(run.calls)).toEqual([]);
  });

  it('fails without starting another when the deployment in flight is rolled back', () => {
    const run = rollOut({ alias: '3', deployments: [{ id: 'd-1', status: 'InProgress', ends: 'Failed', target: '4' }] });
    expect(run.code).not.toBe(0);
    expect(created(run.calls)).toEqual([]);
  });

  it('refuses a version that is not a published number ($LATEST)', () => {
    const run = rollOut({ alias: '3', deployments: [] }, '$LATEST');
    expect(run.code).toBe(2);
    expect(run.calls).toEqual([]);
  });
});
