/**
 * Safe rollouts of the API function (docs/deploy.md, "Rollouts"): every apply publishes a
 * version, API Gateway calls the alias `live`, and CodeDeploy moves the alias from the version it
 * serves to the new one, 10 % first for five minutes, rolling back on its own when one of the
 * API's alarms fires. Terraform never moves the alias after creating it (CodeDeploy owns it), so
 * an apply alone changes nothing users see; the pipeline's roll-out step
 * (scripts/roll-out-api.sh) starts the deployment and waits for it.
 */
import type { Construct } from 'constructs';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentGroup } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { policy, serviceTrust, type PolicyDocument } from './policies';

export const LIVE_ALIAS = 'live';
/** Ten per cent of requests for five minutes, then all: long enough for 3-of-5-minute alarms to fire. */
export const CANARY_CONFIG = 'CodeDeployDefault.LambdaCanary10Percent5Minutes';
/** Names CodeDeploy knows the API's deployments by; the roll-out script reads them from the outputs. */
export const rolloutNames = (prefix: string) => ({ application: `${prefix}-api`, group: `${prefix}-api`, role: `${prefix}-codedeploy` });

/**
 * What CodeDeploy itself may do while it shifts traffic: read and move the API's alias, read the
 * alarms it watches. The same as AWS's managed AWSCodeDeployRoleForLambda, cut down to this
 * environment's function and alarms (no S3, no SNS, no hooks: the deployment has none).
 */
export function codeDeployPolicy(r: { functionArn: string; alarmArns: string[] }): PolicyDocument {
  return policy(
    {
      Sid: 'MoveTheAlias',
      Effect: 'Allow',
      Action: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetFunction', 'lambda:GetProvisionedConcurrencyConfig'],
      Resource: [r.functionArn, `${r.functionArn}:*`],
    },
    { Sid: 'WatchTheAlarms', Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: r.alarmArns },
  );
}

/** The alias API Gateway calls: created on the first published version, then moved by CodeDeploy only. */
export function liveAlias(scope: Construct, fn: LambdaFunction) {
  return new LambdaAlias(scope, 'api-alias', {
    name: LIVE_ALIAS,
    description: 'What API Gateway calls; moved by CodeDeploy (canary), never by Terraform after creation',
    functionName: fn.functionName,
    functionVersion: fn.version,
    lifecycle: { ignoreChanges: ['function_version', 'routing_config'] },
  });
}

/**
 * The CodeDeploy application and deployment group that move the alias, and CodeDeploy's role.
 * `alarms` are the ones whose ALARM state during a deployment rolls it back.
 */
export function apiCanary(scope: Construct, r: { prefix: string; fn: LambdaFunction; alarms: CloudwatchMetricAlarm[] }) {
  const names = rolloutNames(r.prefix);
  const role = new IamRole(scope, 'codedeploy-role', {
    name: names.role,
    description: 'CodeDeploy shifting the API alias to a new version',
    assumeRolePolicy: JSON.stringify(serviceTrust('codedeploy.amazonaws.com')),
  });
  new IamRolePolicy(scope, 'codedeploy-role-policy', {
    role: role.id,
    name: 'codedeploy',
    policy: JSON.stringify(codeDeployPolicy({ functionArn: r.fn.arn, alarmArns: r.alarms.map((a) => a.arn) })),
  });
  const app = new CodedeployApp(scope, 'api-deploy-app', { name: names.application, computePlatform: 'Lambda' });
  const group = new CodedeployDeploymentGroup(scope, 'api-deploy-group', {
    appName: app.name,
    deploymentGroupName: names.group,
    serviceRoleArn: role.arn,
    deploymentConfigName: CANARY_CONFIG,
    // Lambda deployments are always blue/green with traffic control (the alias' weights).
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    alarmConfiguration: { enabled: true, alarms: r.alarms.map((a) => a.alarmName) },
    // The alias goes back to the version it served when an alarm fires, the deployment fails or is stopped.
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
  });
  return { app, group };
}
