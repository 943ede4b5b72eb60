/**
 * The bootstrap stack (state bucket, GitHub OIDC, boundaries, deployer and planner roles) as
 * synthesized, and what its roles may do, evaluated by the IAM simulator with the boundary: the
 * deployer can apply every resource type the platform stacks contain, and nothing that would let
 * it (or a role it makes) climb out of its environment.
 */
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { bootstrapSettings, BootstrapStack } from '../../stacks/bootstrap-stack';
import { RESOURCE_TYPE_ACTIONS } from '../../stacks/deployer';
import { evaluate, resolve, type Outcome } from './evaluate';
import { envNamed, synth } from './synth';

const ACCOUNT = '111111111111';
const REPO = 'acme/catalog-platform';
const BUCKET = 'acme-tfstate';
const VARS = { GITHUB_REPOSITORY: REPO, BOOTSTRAP_ACCOUNT_ID: ACCOUNT, TF_STATE_BUCKET: BUCKET };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function bootstrap(vars: Record<string, string> = VARS): any {
  const stack = new BootstrapStack(Testing.app(), 'bootstrap', { settings: bootstrapSettings(vars)! });
  return JSON.parse(Testing.synth(stack, true));
}
const b = bootstrap();
const role = (id: string) => b.resource.aws_iam_role[id];
const inline = (id: string) => JSON.parse(b.resource.aws_iam_role_policy[id].policy);
const boundaryOf = (env: string) => JSON.parse(b.resource.aws_iam_policy[`${env}-boundary`].policy);

/** Every feature on, so every resource type the platform can contain is there. */
const everything = {
  CATALOG_PROD_ACCOUNT_ID: ACCOUNT,
  CATALOG_PROD_HOSTED_ZONES: 'acme.example=Z0123',
  CATALOG_PROD_PLATFORM_DOMAIN: 'shops.example.com=Z0789',
  CATALOG_PROD_ALARM_EMAIL: 'ops@example.com',
  CATALOG_PROD_IDENTITY_CENTER_INSTANCE_ARN: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
  CATALOG_PROD_ORGANIZATION_TRAIL: 'true',
  CATALOG_PROD_GUARDDUTY: 'true',
  CATALOG_PROD_SECURITY_HUB: 'true',
};
const platform = synth(envNamed('prod', everything));

/**
 * The call Terraform makes to create each type (the AWS provider's Create function), written
 * here independently of stacks/deployer.ts: a type missing from this table fails, so does a
 * deployer that cannot make the call.
 */
const CREATES: Record<string, [action: string, resource: string][]> = {
  aws_acm_certificate: [['acm:RequestCertificate', '*']],
  aws_acm_certificate_validation: [['acm:DescribeCertificate', `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/abc`]],
  aws_apigatewayv2_api: [['apigateway:POST', '*']],
  aws_apigatewayv2_api_mapping: [['apigateway:POST', '*']],
  aws_apigatewayv2_domain_name: [['apigateway:POST', '*']],
  aws_apigatewayv2_integration: [['apigateway:POST', '*']],
  aws_apigatewayv2_route: [['apigateway:POST', '*']],
  aws_apigatewayv2_stage: [['apigateway:POST', '*']],
  aws_cloudfront_cache_policy: [['cloudfront:CreateCachePolicy', '*']],
  aws_cloudfront_distribution: [['cloudfront:CreateDistribution', '*']],
  aws_cloudfront_function: [['cloudfront:CreateFunction', '*']],
  aws_cloudfront_origin_access_control: [['cloudfront:CreateOriginAccessControl', '*']],
  aws_cloudfront_response_headers_policy: [['cloudfront:CreateResponseHeadersPolicy', '*']],
  aws_cloudtrail: [
    ['cloudtrail:CreateTrail', `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/catalog-prod-organization`],
    ['organizations:DescribeOrganization', '*'],
  ],
  aws_cloudwatch_dashboard: [['cloudwatch:PutDashboard', `arn:aws:cloudwatch::${ACCOUNT}:dashboard/catalog-prod`]],
  aws_cloudwatch_event_archive: [['events:CreateArchive', `arn:aws:events:eu-west-1:${ACCOUNT}:archive/catalog-prod-archive`]],
  aws_cloudwatch_event_bus: [['events:CreateEventBus', `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/catalog-prod`]],
  aws_cloudwatch_event_rule: [['events:PutRule', `arn:aws:events:eu-west-1:${ACCOUNT}:rule/catalog-prod/catalog-prod-inventory`]],
  aws_cloudwatch_event_target: [['events:PutTargets', `arn:aws:events:eu-west-1:${ACCOUNT}:rule/catalog-prod/catalog-prod-inventory`]],
  aws_cloudwatch_log_group: [
    ['logs:CreateLogGroup', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/catalog-prod-api`],
    ['logs:PutRetentionPolicy', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/catalog-prod-api`],
  ],
  aws_cloudwatch_log_metric_filter: [['logs:PutMetricFilter', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/apigateway/catalog-prod`]],
  aws_cloudwatch_metric_alarm: [['cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:catalog-prod-api-errors`]],
  aws_codedeploy_app: [['codedeploy:CreateApplication', `arn:aws:codedeploy:eu-west-1:${ACCOUNT}:application:catalog-prod-api`]],
  aws_codedeploy_deployment_group: [
    ['codedeploy:CreateDeploymentGroup', `arn:aws:codedeploy:eu-west-1:${ACCOUNT}:deploymentgroup:catalog-prod-api/catalog-prod-api`],
    ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/catalog-prod-codedeploy`],
  ],
  aws_cognito_user_group: [['cognito-idp:CreateGroup', `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_abc`]],
  aws_cognito_user_pool: [['cognito-idp:CreateUserPool', '*']],
  aws_cognito_user_pool_client: [['cognito-idp:CreateUserPoolClient', `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_abc`]],
  aws_dynamodb_table: [
    ['dynamodb:CreateTable', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/catalog-prod`],
    ['dynamodb:UpdateContinuousBackups', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/catalog-prod`],
  ],
  aws_guardduty_detector: [['guardduty:CreateDetector', '*']],
  aws_iam_role: [['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/catalog-prod-api`]],
  aws_iam_role_policy: [['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/catalog-prod-api`]],
  aws_lambda_function: [
    ['lambda:CreateFunction', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-api`],
    ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/catalog-prod-api`],
  ],
  aws_lambda_alias: [['lambda:CreateAlias', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-api`]],
  aws_lambda_event_source_mapping: [['lambda:CreateEventSourceMapping', '*']],
  aws_lambda_function_event_invoke_config: [['lambda:PutFunctionEventInvokeConfig', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-relay`]],
  aws_lambda_permission: [['lambda:AddPermission', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-api`]],
  aws_route53_record: [['route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/Z0123']],
  aws_pipes_pipe: [['pipes:CreatePipe', `arn:aws:pipes:eu-west-1:${ACCOUNT}:pipe/catalog-prod-search`]],
  aws_s3_bucket: [['s3:CreateBucket', 'arn:aws:s3:::catalog-prod-media-abc']],
  aws_s3_bucket_cors_configuration: [['s3:PutBucketCORS', 'arn:aws:s3:::catalog-prod-media-abc']],
  aws_s3_bucket_lifecycle_configuration: [['s3:PutLifecycleConfiguration', 'arn:aws:s3:::catalog-prod-media-abc']],
  aws_s3_bucket_policy: [['s3:PutBucketPolicy', 'arn:aws:s3:::catalog-prod-media-abc']],
  aws_s3_bucket_public_access_block: [['s3:PutBucketPublicAccessBlock', 'arn:aws:s3:::catalog-prod-media-abc']],
  aws_s3_bucket_server_side_encryption_configuration: [['s3:PutEncryptionConfiguration', 'arn:aws:s3:::catalog-prod-media-abc']],
  aws_s3_bucket_versioning: [['s3:PutBucketVersioning', 'arn:aws:s3:::catalog-prod-media-abc']],
  aws_securityhub_account: [['securityhub:EnableSecurityHub', `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`]],
  aws_sns_topic: [['sns:CreateTopic', `arn:aws:sns:eu-west-1:${ACCOUNT}:catalog-prod-alarms`]],
  aws_sns_topic_subscription: [['sns:Subscribe', `arn:aws:sns:eu-west-1:${ACCOUNT}:catalog-prod-alarms`]],
  aws_sesv2_email_identity: [['ses:CreateEmailIdentity', `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/notices@shop.example`]],
  aws_sqs_queue: [['sqs:CreateQueue', `arn:aws:sqs:eu-west-1:${ACCOUNT}:catalog-prod-inventory`]],
  aws_sqs_queue_policy: [['sqs:SetQueueAttributes', `arn:aws:sqs:eu-west-1:${ACCOUNT}:catalog-prod-inventory`]],
  aws_ssoadmin_permission_set: [['sso:CreatePermissionSet', 'arn:aws:sso:::instance/ssoins-1234567890abcdef']],
  aws_ssoadmin_permission_set_inline_policy: [
    ['sso:PutInlinePolicyToPermissionSet', 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef'],
  ],
  aws_wafv2_web_acl: [['wafv2:CreateWebACL', `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/catalog-prod-edge/*`]],
  aws_wafv2_web_acl_logging_configuration: [
    ['wafv2:PutLoggingConfiguration', `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/catalog-prod-edge/abc`],
    ['logs:CreateLogDelivery', '*'],
    ['logs:PutResourcePolicy', '*'],
  ],
  terraform_data: [],
  'data.aws_caller_identity': [],
  'data.aws_secretsmanager_random_password': [['secretsmanager:GetRandomPassword', '*']],
  'data.aws_ssm_parameter': [['ssm:GetParameter', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/catalog-prod/signup-ticket-secret`]],
};

const principal = (env: string, kind = 'deployer') => `arn:aws:sts::${ACCOUNT}:assumed-role/catalog-${env}-${kind}/github`;
const asDeployer = (env: string, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<Outcome> =>
  evaluate({ action, resource, principal: principal(env), identity: [inline(`${env}-deployer-policy`)], boundary: boundaryOf(env), context });
const asPlanner = (env: string, action: string, resource: string): Promise<Outcome> =>
  evaluate({ action, resource, principal: principal(env, 'planner'), identity: [inline(`${env}-planner-policy`)], boundary: boundaryOf(env) });
const WITH_BOUNDARY = { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/catalog-prod-boundary` };

describe('the bootstrap stack', () => {
  it('is synthesized only when the repository is named (a guessed one would let its owner deploy)', () => {
    expect(bootstrapSettings({})).toBeUndefined();
    expect(() => bootstrapSettings({ GITHUB_REPOSITORY: 'not a repo' })).toThrow(/repository/);
    expect(() => bootstrapSettings({ GITHUB_REPOSITORY: REPO, BOOTSTRAP_ENVIRONMENTS: 'qa' })).toThrow(/environments/);
  });

  it('makes the state bucket versioned, encrypted, TLS-only, private and undeletable by Terraform', () => {
    expect(b.resource.aws_s3_bucket.state).toMatchObject({ bucket: BUCKET, force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(b.resource.aws_s3_bucket_versioning['state-versioning'].versioning_configuration.status).toBe('Enabled');
    expect(
      b.resource.aws_s3_bucket_server_side_encryption_configuration['state-encryption'].rule[0].apply_server_side_encryption_by_default.sse_algorithm,
    ).toBe('AES256');
    expect(b.resource.aws_s3_bucket_public_access_block['state-public-access']).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(b.resource.aws_s3_bucket_policy['state-policy'].policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('keeps its own state local at first, in the bucket once asked to', () => {
    expect(b.terraform.backend).toEqual({ local: { path: 'terraform.bootstrap.tfstate' } });
    const moved = bootstrap({ ...VARS, BOOTSTRAP_REMOTE_STATE: 'true' });
    expect(moved.terraform.backend.s3).toEqual({
      bucket: BUCKET,
      key: 'catalog-platform/bootstrap.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    });
  });

  it('trusts GitHub’s OIDC issuer for sts.amazonaws.com, and each role only from its repository and GitHub environment', () => {
    expect(b.resource.aws_iam_openid_connect_provider.github).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
    for (const env of ['dev', 'staging', 'prod']) {
      for (const [kind, githubEnv] of [
        ['deployer', env],
        ['planner', `${env}-plan`],
      ]) {
        const r = role(`${env}-${kind}`);
        expect(r.name).toBe(`catalog-${env}-${kind}`);
        expect(r.permissions_boundary).toBe(`\${aws_iam_policy.${env}-boundary.arn}`);
        expect(JSON.parse(r.assume_role_policy).Statement).toEqual([
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
            Action: ['sts:AssumeRoleWithWebIdentity'],
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': `repo:${REPO}:environment:${githubEnv}`,
              },
            },
          },
        ]);
      }
    }
  });

  it('makes roles only for the environments of this account', () => {
    const prodOnly = bootstrap({ ...VARS, BOOTSTRAP_ENVIRONMENTS: 'prod' });
    expect(Object.keys(prodOnly.resource.aws_iam_role).sort()).toEqual(['prod-deployer', 'prod-planner']);
    expect(Object.keys(prodOnly.resource.aws_iam_policy).sort()).toEqual(['prod-boundary', 'prod-managed-boundary']);
  });
});

describe('the platform stack under the deployer', () => {
  it('puts this environment’s boundary on every role it creates', () => {
    for (const s of [platform, synth(envNamed('dev', { CATALOG_DEV_ACCOUNT_ID: ACCOUNT }))]) {
      const env = s === platform ? 'prod' : 'dev';
      const roles = Object.entries(s.resource.aws_iam_role!);
      expect(roles.length).toBeGreaterThan(10);
      for (const [id, r] of roles) expect(r.permissions_boundary, id).toBe(`arn:aws:iam::${ACCOUNT}:policy/catalog-${env}-boundary`);
    }
  });

  it('names every resource and data source type of the synthesized stack in the deployer’s table and in this test’s', () => {
    const types = [...Object.keys(platform.resource), ...Object.keys(platform.data).map((t) => `data.${t}`)].sort();
    expect(types.filter((t) => !(t in RESOURCE_TYPE_ACTIONS))).toEqual([]);
    expect(types.filter((t) => !(t in CREATES))).toEqual([]);
  });

  it.each(Object.entries(CREATES).filter(([, calls]) => calls.length > 0))('lets the prod deployer create %s', async (type, calls) => {
    for (const [action, resource] of calls) {
      const context = action === 'iam:CreateRole' ? WITH_BOUNDARY : {};
      expect(await asDeployer('prod', action, resource, context), `${type}: ${action}`).toBe('Allowed');
    }
  });

  it('lets the deployer make every concrete call its table lists', async () => {
    const concrete = [
      ...new Set(
        Object.values(RESOURCE_TYPE_ACTIONS)
          .flat()
          .filter((a) => !a.includes('*')),
      ),
    ];
    for (const action of concrete) expect(await asDeployer('prod', action, '*'), action).toBe('Allowed');
  });
});

describe('what the deployer may not do', () => {
  const iam = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
  const denied: [string, string, string, Record<string, string>?][] = [
    ['a role without the boundary', 'iam:CreateRole', iam('role', 'catalog-prod-api')],
    ['a role with another boundary', 'iam:CreateRole', iam('role', 'catalog-prod-api'), { 'iam:PermissionsBoundary': iam('policy', 'AdministratorAccess') }],
    ['another environment’s role', 'iam:CreateRole', iam('role', 'catalog-dev-api'), WITH_BOUNDARY],
    ['a role outside the platform', 'iam:CreateRole', iam('role', 'admin'), WITH_BOUNDARY],
    ['a user', 'iam:CreateUser', iam('user', 'someone')],
    ['an access key', 'iam:CreateAccessKey', iam('user', 'someone')],
    ['a console password', 'iam:CreateLoginProfile', iam('user', 'someone')],
    ['lifting its own boundary', 'iam:DeleteRolePermissionsBoundary', iam('role', 'catalog-prod-deployer')],
    ['swapping its own boundary', 'iam:PutRolePermissionsBoundary', iam('role', 'catalog-prod-deployer'), WITH_BOUNDARY],
    ['widening its own policy', 'iam:PutRolePolicy', iam('role', 'catalog-prod-deployer')],
    ['attaching a managed policy to itself', 'iam:AttachRolePolicy', iam('role', 'catalog-prod-deployer')],
    ['changing its own trust', 'iam:UpdateAssumeRolePolicy', iam('role', 'catalog-prod-deployer')],
    ['rewriting the boundary', 'iam:CreatePolicyVersion', iam('policy', 'catalog-prod-boundary')],
    ['deleting the boundary', 'iam:DeletePolicy', iam('policy', 'catalog-prod-boundary')],
    ['rewriting the managed boundary', 'iam:CreatePolicyVersion', iam('policy', 'catalog-prod-managed-boundary')],
    ['passing a role that is not the platform’s', 'iam:PassRole', iam('role', 'admin')],
    ['reading another environment’s state', 's3:GetObject', `arn:aws:s3:::${BUCKET}/catalog-platform/dev.tfstate`],
    ['overwriting another environment’s state', 's3:PutObject', `arn:aws:s3:::${BUCKET}/catalog-platform/staging.tfstate`],
    ['deleting the state bucket', 's3:DeleteBucket', `arn:aws:s3:::${BUCKET}`],
    ['turning off state versioning', 's3:PutBucketVersioning', `arn:aws:s3:::${BUCKET}`],
    ['touching another environment’s table', 'dynamodb:DeleteTable', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/catalog-dev`],
    ['a service the stacks do not use', 'ec2:RunInstances', `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-1`],
    ['leaving the organisation', 'organizations:LeaveOrganization', '*'],
  ];
  it.each(denied)('refuses %s', async (_, action, resource, context) => {
    expect(await asDeployer('prod', action, resource, context)).not.toBe('Allowed');
  });

  it('refuses the escalations by its own policy too, should the boundary ever be lifted', async () => {
    const alone = (action: string, resource: string, context: Record<string, string> = {}) =>
      evaluate({ action, resource, principal: principal('prod'), identity: [inline('prod-deployer-policy')], context });
    const escalations = denied.filter(([what]) => /boundary|user|key|password|its own|another environment/.test(what));
    expect(escalations.length).toBeGreaterThan(10);
    for (const [what, action, resource, context] of escalations) expect(await alone(action, resource, context), what).not.toBe('Allowed');
  });

  it('may use its own state and lock file, and pass its environment’s roles', async () => {
    for (const key of ['catalog-platform/prod.tfstate', 'catalog-platform/prod.tfstate.tflock']) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
        expect(await asDeployer('prod', action, `arn:aws:s3:::${BUCKET}/${key}`), `${action} ${key}`).toBe('Allowed');
    }
    expect(await asDeployer('prod', 'iam:PassRole', iam('role', 'catalog-prod-api'))).toBe('Allowed');
    expect(await asDeployer('prod', 'iam:PassRole', iam('role', 'catalog-dev-api'))).not.toBe('Allowed');
  });

  it('the boundary alone refuses users, keys and unbounded roles to any role of the environment (DevOps in dev included)', async () => {
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const asBounded = (action: string, resource: string, context: Record<string, string> = {}) =>
      evaluate({
        action,
        resource,
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/catalog-dev-team-devops/alice`,
        identity: [admin],
        boundary: boundaryOf('dev'),
        context,
      });
    expect(await asBounded('iam:CreateUser', iam('user', 'x'))).not.toBe('Allowed');
    expect(await asBounded('iam:CreateAccessKey', iam('user', 'x'))).not.toBe('Allowed');
    expect(await asBounded('iam:CreateRole', iam('role', 'x'))).not.toBe('Allowed');
    expect(await asBounded('iam:DeleteRolePermissionsBoundary', iam('role', 'catalog-dev-team-devops'))).not.toBe('Allowed');
    expect(await asBounded('iam:CreateRole', iam('role', 'x'), { 'iam:PermissionsBoundary': iam('policy', 'catalog-dev-boundary') })).toBe('Allowed');
    expect(await asBounded('ec2:CreateVpc', `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/*`)).toBe('Allowed');
  });
});

describe('the roll-out step (scripts/roll-out-api.sh) as the deployer', () => {
  const codedeploy = (env: string, what: string) =>
    `arn:aws:codedeploy:eu-west-1:${ACCOUNT}:${what === 'config' ? 'deploymentconfig:CodeDeployDefault.LambdaCanary10Percent5Minutes' : what === 'application' ? `application:catalog-${env}-api` : `deploymentgroup:catalog-${env}-api/catalog-${env}-api`}`;
  // Each call the script makes, with the resource CodeDeploy authorises it on.
  const calls: [string, 'group' | 'application' | 'config'][] = [
    ['codedeploy:ListDeployments', 'group'],
    ['codedeploy:CreateDeployment', 'group'],
    ['codedeploy:GetDeployment', 'group'],
    ['codedeploy:GetDeploymentConfig', 'config'],
    ['codedeploy:RegisterApplicationRevision', 'application'],
    ['codedeploy:GetApplicationRevision', 'application'],
  ];

  it('may find, start and follow deployments of its own environment’s API, and read the alias', async () => {
    for (const [action, on] of calls) expect(await asDeployer('prod', action, codedeploy('prod', on)), action).toBe('Allowed');
    expect(await asDeployer('prod', 'lambda:GetAlias', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-api:live`)).toBe('Allowed');
  });

  it('may not roll out another environment’s API, or anything of CodeDeploy that is not the platform’s', async () => {
    for (const [action, on] of calls.filter(([, on]) => on !== 'config')) {
      expect(await asDeployer('prod', action, codedeploy('dev', on)), `${action} dev`).not.toBe('Allowed');
      expect(
        await asDeployer(
          'prod',
          action,
          on === 'group'
            ? `arn:aws:codedeploy:eu-west-1:${ACCOUNT}:deploymentgroup:payroll/payroll`
            : `arn:aws:codedeploy:eu-west-1:${ACCOUNT}:application:payroll`,
        ),
        `${action} payroll`,
      ).not.toBe('Allowed');
    }
    // Nothing wider: no deployment configurations of its own, no stopping others' deployments.
    expect(await asDeployer('prod', 'codedeploy:CreateDeploymentConfig', '*')).not.toBe('Allowed');
    expect(await asDeployer('prod', 'codedeploy:StopDeployment', '*')).not.toBe('Allowed');
  });
});

describe('the planner', () => {
  it('reads its state, writes only the lock file, and changes nothing', async () => {
    expect(await asPlanner('prod', 's3:GetObject', `arn:aws:s3:::${BUCKET}/catalog-platform/prod.tfstate`)).toBe('Allowed');
    expect(await asPlanner('prod', 's3:PutObject', `arn:aws:s3:::${BUCKET}/catalog-platform/prod.tfstate.tflock`)).toBe('Allowed');
    expect(await asPlanner('prod', 's3:PutObject', `arn:aws:s3:::${BUCKET}/catalog-platform/prod.tfstate`)).not.toBe('Allowed');
    expect(await asPlanner('prod', 's3:GetObject', `arn:aws:s3:::${BUCKET}/catalog-platform/dev.tfstate`)).not.toBe('Allowed');
    expect(await asPlanner('prod', 'dynamodb:DescribeTable', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/catalog-prod`)).toBe('Allowed');
    expect(await asPlanner('prod', 'lambda:GetFunction', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-api`)).toBe('Allowed');
    // The alias and the canary's application and group are refreshed by every plan; a deployment is never started.
    expect(await asPlanner('prod', 'lambda:GetAlias', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-api:live`)).toBe('Allowed');
    const group = `arn:aws:codedeploy:eu-west-1:${ACCOUNT}:deploymentgroup:catalog-prod-api/catalog-prod-api`;
    expect(await asPlanner('prod', 'codedeploy:GetDeploymentGroup', group)).toBe('Allowed');
    expect(await asPlanner('prod', 'codedeploy:GetApplication', `arn:aws:codedeploy:eu-west-1:${ACCOUNT}:application:catalog-prod-api`)).toBe('Allowed');
    expect(await asPlanner('prod', 'codedeploy:CreateDeployment', group)).not.toBe('Allowed');
    expect(await asPlanner('prod', 'lambda:UpdateAlias', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:catalog-prod-api:live`)).not.toBe('Allowed');
    for (const action of [
      'dynamodb:CreateTable',
      'dynamodb:DeleteTable',
      'lambda:UpdateFunctionCode',
      'iam:CreateRole',
      'iam:PassRole',
      's3:PutBucketPolicy',
    ]) {
      expect(await asPlanner('prod', action, '*'), action).not.toBe('Allowed');
    }
  });
});

it('resolves the synthesized references before evaluating (a reference left over fails)', () => {
  expect(() => resolve({ a: '${aws_iam_role.x.arn}' }, {})).toThrow(/unresolved/);
});
