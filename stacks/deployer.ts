/**
 * What CI may do when it runs `terraform apply` for one environment, as plain data: the deployer's
 * identity policy, the permissions boundary every role of the platform carries (the deployer's
 * own included), the read-only planner's policy and the GitHub OIDC trust of both.
 * stacks/bootstrap-stack.ts turns them into resources; test/stacks/deployer.test.ts evaluates them.
 */
import type { EnvironmentName } from './config';
import { policy, type PolicyDocument, type Statement, type TrustPolicy } from './policies';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const ENVIRONMENT_NAMES: EnvironmentName[] = ['dev', 'staging', 'prod'];

/**
 * The IAM actions Terraform calls to create, read, update and delete each resource and data
 * source type the platform stack synthesizes (the AWS provider calls Describe/List/Tag* on the
 * way, hence whole services where the provider uses many calls). IAM is not listed here: the
 * deployer's IAM rights are scoped by name and boundary below. A type missing here fails
 * test/stacks/deployer.test.ts, so a new kind of resource cannot reach CI's apply unpermitted.
 */
const CODEDEPLOY_TAGS = ['codedeploy:ListTagsForResource', 'codedeploy:TagResource', 'codedeploy:UntagResource'];

export const RESOURCE_TYPE_ACTIONS: Record<string, string[]> = {
  aws_acm_certificate: ['acm:*'],
  aws_acm_certificate_validation: ['acm:DescribeCertificate'],
  aws_apigatewayv2_api: ['apigateway:*'],
  aws_apigatewayv2_api_mapping: ['apigateway:*'],
  aws_apigatewayv2_domain_name: ['apigateway:*'],
  aws_apigatewayv2_integration: ['apigateway:*'],
  aws_apigatewayv2_route: ['apigateway:*'],
  aws_apigatewayv2_stage: ['apigateway:*'],
  aws_cloudfront_cache_policy: ['cloudfront:*'],
  aws_cloudfront_distribution: ['cloudfront:*'],
  aws_cloudfront_function: ['cloudfront:*'],
  aws_cloudfront_origin_access_control: ['cloudfront:*'],
  aws_cloudfront_response_headers_policy: ['cloudfront:*'],
  aws_cloudtrail: ['cloudtrail:*', 'organizations:DescribeOrganization', 'organizations:ListAWSServiceAccessForOrganization'],
  aws_cloudwatch_dashboard: ['cloudwatch:*'],
  aws_cloudwatch_event_archive: ['events:*'],
  aws_cloudwatch_event_bus: ['events:*'],
  aws_cloudwatch_event_rule: ['events:*'],
  aws_cloudwatch_event_target: ['events:*'],
  aws_cloudwatch_log_group: ['logs:*'],
  aws_cloudwatch_log_metric_filter: ['logs:*'],
  aws_cloudwatch_metric_alarm: ['cloudwatch:*'],
  // The application and deployment group only; starting deployments is ROLLOUT_ACTIONS, on this environment's group.
  aws_codedeploy_app: [
    'codedeploy:CreateApplication',
    'codedeploy:GetApplication',
    'codedeploy:UpdateApplication',
    'codedeploy:DeleteApplication',
    ...CODEDEPLOY_TAGS,
  ],
  aws_codedeploy_deployment_group: [
    'codedeploy:CreateDeploymentGroup',
    'codedeploy:GetDeploymentGroup',
    'codedeploy:UpdateDeploymentGroup',
    'codedeploy:DeleteDeploymentGroup',
    ...CODEDEPLOY_TAGS,
  ],
  aws_cognito_user_group: ['cognito-idp:*'],
  aws_cognito_user_pool: ['cognito-idp:*'],
  aws_cognito_user_pool_client: ['cognito-idp:*'],
  aws_dynamodb_table: ['dynamodb:*'],
  aws_guardduty_detector: ['guardduty:*'],
  aws_lambda_alias: ['lambda:*'],
  aws_lambda_function: ['lambda:*'],
  aws_lambda_event_source_mapping: ['lambda:*'],
  aws_lambda_function_event_invoke_config: ['lambda:*'],
  aws_lambda_permission: ['lambda:*'],
  aws_pipes_pipe: ['pipes:*'],
  aws_route53_record: [
    'route53:ChangeResourceRecordSets',
    'route53:GetChange',
    'route53:GetHostedZone',
    'route53:ListResourceRecordSets',
    'route53:ListHostedZones',
  ],
  aws_s3_bucket: ['s3:*'],
  aws_s3_bucket_cors_configuration: ['s3:*'],
  aws_s3_bucket_lifecycle_configuration: ['s3:*'],
  aws_s3_bucket_policy: ['s3:*'],
  aws_s3_bucket_public_access_block: ['s3:*'],
  aws_s3_bucket_server_side_encryption_configuration: ['s3:*'],
  aws_s3_bucket_versioning: ['s3:*'],
  aws_securityhub_account: ['securityhub:*'],
  aws_sns_topic: ['sns:*'],
  aws_sns_topic_subscription: ['sns:*'],
  aws_sesv2_email_identity: ['ses:*'],
  aws_sqs_queue: ['sqs:*'],
  aws_sqs_queue_policy: ['sqs:*'],
  aws_ssoadmin_permission_set: ['sso:*', 'identitystore:Describe*', 'identitystore:List*'],
  aws_ssoadmin_permission_set_inline_policy: ['sso:*'],
  aws_wafv2_web_acl: ['wafv2:*'],
  // WAF delivers to CloudWatch Logs through a log delivery and the log group's resource policy.
  aws_wafv2_web_acl_logging_configuration: [
    'wafv2:*',
    'logs:CreateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ],
  // Terraform's own resource: no AWS call.
  terraform_data: [],
  // IAM: scoped statements below (roles and policies named after the environment, boundary required).
  aws_iam_role: [],
  aws_iam_role_policy: [],
  aws_iam_policy: [],
  // Data sources.
  'data.aws_caller_identity': [],
  'data.aws_secretsmanager_random_password': ['secretsmanager:GetRandomPassword'],
  'data.aws_ssm_parameter': ['ssm:GetParameter', 'ssm:GetParameters', 'kms:Decrypt'],
};

/**
 * What the pipeline's roll-out step (scripts/roll-out-api.sh) calls after apply, besides reading
 * the alias (lambda:GetAlias, in the stack's Lambda rights): find a deployment in flight, start
 * one from an AppSpec given inline, wait for it. Only on this environment's application, group
 * and the deployment configurations (AWS's, which the group names).
 */
export const ROLLOUT_ACTIONS = {
  group: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment', 'codedeploy:ListDeployments'],
  application: ['codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
  config: ['codedeploy:GetDeploymentConfig'],
};

/** What the IAM resources of the stack need, on this environment's names only. */
export const IAM_ROLE_ACTIONS = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:GetRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:PutRolePolicy',
  'iam:GetRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'iam:PutRolePermissionsBoundary',
];
export const IAM_POLICY_ACTIONS = [
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
];

/** What no principal of the platform may ever do, whatever its identity policy says. */
export const NEVER = [
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'organizations:LeaveOrganization',
  'account:CloseAccount',
];

export type DeployerNames = {
  env: EnvironmentName;
  /** The account the roles live in, or a Terraform reference to it. */
  accountId: string;
  stateBucket: string;
  /** `owner/name` of the GitHub repository whose workflow may assume the role. */
  repository: string;
};

export const deployerRoleName = (env: EnvironmentName) => `catalog-${env}-deployer`;
export const plannerRoleName = (env: EnvironmentName) => `catalog-${env}-planner`;
export const boundaryName = (env: EnvironmentName) => `catalog-${env}-boundary`;
export const boundaryArn = (env: EnvironmentName, accountId: string) => `arn:aws:iam::${accountId}:policy/${boundaryName(env)}`;
/** The boundary of principals the Security team creates: everything but data, and no way up. */
export const managedBoundaryName = (env: EnvironmentName) => `catalog-${env}-managed-boundary`;
export const managedBoundaryArn = (env: EnvironmentName, accountId: string) => `arn:aws:iam::${accountId}:policy/${managedBoundaryName(env)}`;
export const stateKey = (env: EnvironmentName) => `catalog-platform/${env}.tfstate`;

const otherEnvironments = (env: EnvironmentName) => ENVIRONMENT_NAMES.filter((e) => e !== env);

/** The services the deployer needs, derived from the resource types above. */
export function stackActions(): string[] {
  return [...new Set(Object.values(RESOURCE_TYPE_ACTIONS).flat())].sort();
}

/**
 * One state object (and its lock file) per environment: the dev deployer can neither read nor
 * overwrite prod's state, which holds prod's secrets (cursor key, ticket secret).
 */
function stateStatements(n: DeployerNames, write: boolean): Statement[] {
  const bucket = `arn:aws:s3:::${n.stateBucket}`;
  const key = stateKey(n.env);
  return [
    { Sid: 'ListOwnState', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket, Condition: { StringLike: { 's3:prefix': [key, `${key}.tflock`] } } },
    { Sid: 'ReadOwnState', Effect: 'Allow', Action: 's3:GetObject', Resource: [`${bucket}/${key}`, `${bucket}/${key}.tflock`] },
    // The lock file is written even by `plan`; the state itself only by apply.
    {
      Sid: 'LockOwnState',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: write ? [`${bucket}/${key}`, `${bucket}/${key}.tflock`] : `${bucket}/${key}.tflock`,
    },
  ];
}

/**
 * The deployer's identity policy: the stack's services, IAM on this environment's roles and
 * policies only (and only with the boundary attached), PassRole of those roles, its own state.
 * "*" resources for the services: the per-account layout (docs/deploy.md) is the real fence, and
 * the Deny below keeps a shared account's other environments out by name.
 */
export function deployerPolicy(n: DeployerNames): PolicyDocument {
  const prefix = `catalog-${n.env}-`;
  const roles = `arn:aws:iam::${n.accountId}:role/${prefix}*`;
  return policy(
    { Sid: 'StackServices', Effect: 'Allow', Action: stackActions(), Resource: '*' },
    { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
    // Creating a role, or changing a role's boundary, only with this environment's boundary.
    {
      Sid: 'CreateRolesWithBoundary',
      Effect: 'Allow',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
      Resource: roles,
      Condition: { StringEquals: { 'iam:PermissionsBoundary': boundaryArn(n.env, n.accountId) } },
    },
    {
      Sid: 'ManageOwnRoles',
      Effect: 'Allow',
      Action: IAM_ROLE_ACTIONS.filter((a) => a !== 'iam:CreateRole' && a !== 'iam:PutRolePermissionsBoundary'),
      Resource: roles,
    },
    { Sid: 'ManageOwnPolicies', Effect: 'Allow', Action: IAM_POLICY_ACTIONS, Resource: `arn:aws:iam::${n.accountId}:policy/${prefix}*` },
    { Sid: 'PassOwnRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: roles },
    ...rolloutStatements(n),
    { Sid: 'ServiceLinkedRoles', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: `arn:aws:iam::${n.accountId}:role/aws-service-role/*` },
    ...stateStatements(n, true),
    ...selfProtection(n),
  );
}

/** The roll-out step's CodeDeploy calls, on this environment's application and group only. */
function rolloutStatements(n: DeployerNames): Statement[] {
  const arn = (what: string) => `arn:aws:codedeploy:*:${n.accountId}:${what}`;
  const prefix = `catalog-${n.env}-`;
  return [
    { Sid: 'RollOutOwnGroups', Effect: 'Allow', Action: ROLLOUT_ACTIONS.group, Resource: arn(`deploymentgroup:${prefix}*/*`) },
    { Sid: 'RollOutOwnApplications', Effect: 'Allow', Action: ROLLOUT_ACTIONS.application, Resource: arn(`application:${prefix}*`) },
    { Sid: 'ReadDeploymentConfigs', Effect: 'Allow', Action: ROLLOUT_ACTIONS.config, Resource: arn('deploymentconfig:*') },
  ];
}

/** The planner: reads everything `terraform plan` refreshes, writes only its lock file. */
export function plannerPolicy(n: DeployerNames): PolicyDocument {
  const services = [...new Set(stackActions().map((a) => a.split(':')[0]!))].filter((s) => s !== 'kms' && s !== 'secretsmanager' && s !== 'ssm');
  return policy(
    { Sid: 'ReadStackServices', Effect: 'Allow', Action: services.flatMap((s) => [`${s}:Describe*`, `${s}:Get*`, `${s}:List*`]), Resource: '*' },
    // Plan reads the data sources as apply does: the ticket secret and a random password.
    {
      Sid: 'ReadDataSources',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'kms:Decrypt', 'secretsmanager:GetRandomPassword', 'iam:Get*', 'iam:List*'],
      Resource: '*',
    },
    ...stateStatements(n, false),
    ...selfProtection(n),
  );
}

/**
 * Denials shared by the deployer and planner: no users or keys, never lift a boundary, never
 * edit the boundary or the deployer roles themselves (bootstrap's job, done by a person), no
 * other environment's resources, no other environment's state.
 */
function selfProtection(n: DeployerNames): Statement[] {
  const others = otherEnvironments(n.env);
  return [
    { Sid: 'NeverEscalate', Effect: 'Deny', Action: NEVER, Resource: '*' },
    {
      Sid: 'BootstrapIsNotOurs',
      Effect: 'Deny',
      Action: [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:UpdateAssumeRolePolicy',
        'iam:PutRolePolicy',
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:DeleteRole',
        'iam:PutRolePermissionsBoundary',
        'iam:UpdateRole',
      ],
      Resource: [
        boundaryArn(n.env, n.accountId),
        managedBoundaryArn(n.env, n.accountId),
        `arn:aws:iam::${n.accountId}:role/${deployerRoleName(n.env)}`,
        `arn:aws:iam::${n.accountId}:role/${plannerRoleName(n.env)}`,
      ],
    },
    {
      Sid: 'NotTheStateBucketItself',
      Effect: 'Deny',
      Action: [
        's3:DeleteBucket',
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketVersioning',
        's3:PutLifecycleConfiguration',
        's3:PutBucketPublicAccessBlock',
      ],
      Resource: `arn:aws:s3:::${n.stateBucket}`,
    },
    {
      Sid: 'NotOtherEnvironments',
      Effect: 'Deny',
      Action: '*',
      Resource: [
        ...others.flatMap((e) => [`arn:aws:*:*:*:*catalog-${e}`, `arn:aws:*:*:*:*catalog-${e}-*`, `arn:aws:*:*:*:*catalog-${e}/*`]),
        ...others.map((e) => `arn:aws:s3:::${n.stateBucket}/${stateKey(e)}*`),
      ],
    },
  ];
}

/**
 * The boundary: the most any role of this environment may ever do, the deployer's included. It
 * allows everything but the escalation paths, so team roles (DevOps administers dev) and the
 * functions' roles keep their own policies as the real limit, while none of them can mint users
 * or keys, lift its boundary, create a role without a boundary, or rewrite a boundary.
 */
export function boundaryPolicy(env: EnvironmentName, accountId: string): PolicyDocument {
  return policy(
    { Sid: 'CeilingIsEverythingElse', Effect: 'Allow', Action: '*', Resource: '*' },
    ...boundaryDenials(env, accountId, [boundaryArn(env, accountId), managedBoundaryArn(env, accountId)]),
  );
}

/** Data a security-made principal must never read or write: the boundary says so, whatever its policy grants. */
export const DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQL*',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTable*',
  's3:GetObject*',
  's3:PutObject*',
  's3:DeleteObject*',
  'kms:Decrypt',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter*',
  'cognito-idp:Admin*',
  'lambda:InvokeFunction',
  'sts:AssumeRole',
];

/**
 * The boundary Security must put on every role or user it creates: no data, no chaining into a
 * role that has data, no way up (only this boundary again for what such a principal creates).
 */
export function managedBoundaryPolicy(env: EnvironmentName, accountId: string): PolicyDocument {
  return policy(
    { Sid: 'CeilingIsEverythingElse', Effect: 'Allow', Action: '*', Resource: '*' },
    { Sid: 'NoData', Effect: 'Deny', Action: DATA_ACTIONS, Resource: '*' },
    ...boundaryDenials(env, accountId, [managedBoundaryArn(env, accountId)]),
  );
}

function boundaryDenials(env: EnvironmentName, accountId: string, mayCreateWith: string[]): Statement[] {
  return [
    { Sid: 'NeverEscalate', Effect: 'Deny', Action: NEVER, Resource: '*' },
    // A negated operator is true when the key is absent: a role created with no boundary is denied too.
    {
      Sid: 'PrincipalsOnlyWithABoundary',
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': mayCreateWith } },
    },
    {
      Sid: 'BoundariesAreFixed',
      Effect: 'Deny',
      Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
      Resource: [boundaryArn(env, accountId), managedBoundaryArn(env, accountId)],
    },
  ];
}

/**
 * GitHub's OIDC token names the repository and, for a job with `environment:`, the environment:
 * `repo:<owner>/<name>:environment:<env>`. Only such a job can assume the role, so the
 * environment's protection rules (prod: required reviewers) stand between a push and prod's
 * deployer. The planner answers to `<env>-plan`, an environment with no reviewers.
 */
export function githubTrust(accountId: string, repository: string, githubEnvironment: string): TrustPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}` },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
            [`${GITHUB_OIDC_HOST}:sub`]: `repo:${repository}:environment:${githubEnvironment}`,
          },
        },
      },
    ],
  };
}
