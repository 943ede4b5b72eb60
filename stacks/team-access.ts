/**
 * How people get the team roles of stacks/team-roles.ts: IAM Identity Center permission sets
 * first (when an instance is configured), plain IAM roles second; plus the data-processing role
 * the data engineers hand to their functions and jobs.
 */
import type { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SsoadminPermissionSet } from '@cdktf/provider-aws/lib/ssoadmin-permission-set';
import { SsoadminPermissionSetInlinePolicy } from '@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy';
import type { Environment } from './config';
import { managedBoundaryArn } from './deployer';
import { policy, type TrustPolicy } from './policies';
import { teamRoles, type TeamResources } from './team-roles';

/** Identity Center's roles in member accounts live here; IAM refuses to create anything else on this path. */
export const IDENTITY_CENTER_ROLE_PATH = 'role/aws-reserved/sso.amazonaws.com/';

/**
 * Who may assume a plain team role. MFA is enforced where it can be seen: an IAM user's or role's
 * session carries `aws:MultiFactorAuthPresent` only if it signed in with MFA, so those need it
 * true. Identity Center sessions never carry the key (their credentials come from
 * GetRoleCredentials, not an MFA-signed STS call), so requiring it would lock them out: they
 * are recognised by their reserved role path instead, and Identity Center enforces MFA at
 * sign-in (docs/deploy.md, "MFA": set "every time they sign in").
 */
export function teamTrust(principal: { account: string } | { arn: string }): TrustPolicy {
  const action = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
  const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  if ('arn' in principal) {
    const viaIdentityCenter = principal.arn.includes(`:${IDENTITY_CENTER_ROLE_PATH}`);
    return {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principal.arn }, Action: action, ...(viaIdentityCenter ? {} : { Condition: mfa }) }],
    };
  }
  const root = `arn:aws:iam::${principal.account}:root`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: root }, Action: action, Condition: mfa },
      {
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: action,
        Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${principal.account}:${IDENTITY_CENTER_ROLE_PATH}*` } },
      },
    ],
  };
}

type TeamAccessProps = {
  env: Environment;
  /** The deployed account (a Terraform reference when not configured). */
  accountId: string;
  resources: Omit<TeamResources, 'dataProcessingRoleArn' | 'managedBoundaryArn'>;
};

/** Returns the plain roles' ARNs by team (the `team_role_arns` output). */
export function teamAccess(scope: Construct, { env, accountId, resources }: TeamAccessProps): Record<string, string> {
  const prefix = resources.prefix;
  const prod = env.name === 'prod';
  const dataProcessing = dataProcessingRole(scope, prefix, resources);
  const principal = env.teamPrincipal
    ? env.teamPrincipal.startsWith('arn:')
      ? { arn: env.teamPrincipal }
      : { account: env.teamPrincipal }
    : { account: accountId };
  const arns: Record<string, string> = {};
  for (const role of teamRoles(env.name, {
    ...resources,
    dataProcessingRoleArn: dataProcessing.arn,
    managedBoundaryArn: managedBoundaryArn(env.name, accountId),
  })) {
    const iamRole = new IamRole(scope, `team-${role.name}`, {
      name: `${prefix}-team-${role.name}`,
      description: role.description,
      assumeRolePolicy: JSON.stringify(teamTrust(principal)),
      maxSessionDuration: prod ? 3600 : 4 * 3600,
    });
    new IamRolePolicy(scope, `team-${role.name}-policy`, { role: iamRole.id, name: role.name, policy: JSON.stringify(role.document) });
    arns[role.name] = iamRole.arn;
    if (env.identityCenterInstanceArn) {
      // Permission set names: at most 32 characters; `catalog-staging-data-engineer` is 29.
      const set = new SsoadminPermissionSet(scope, `permission-set-${role.name}`, {
        instanceArn: env.identityCenterInstanceArn,
        name: `${prefix}-${role.name}`,
        description: role.description.slice(0, 700),
        sessionDuration: prod ? 'PT1H' : 'PT4H',
      });
      new SsoadminPermissionSetInlinePolicy(scope, `permission-set-${role.name}-policy`, {
        instanceArn: env.identityCenterInstanceArn,
        permissionSetArn: set.arn,
        inlinePolicy: JSON.stringify(role.document),
      });
    }
  }
  return arns;
}

/** What data-processing functions and Glue jobs run as: the data lake, table reads and exports, their logs. */
function dataProcessingRole(scope: Construct, prefix: string, r: TeamAccessProps['resources']) {
  const role = new IamRole(scope, 'data-processing-role', {
    name: `${prefix}-data-processing`,
    description: 'Run by the data engineers’ Lambda functions and Glue jobs',
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'glue.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
    }),
  });
  new IamRolePolicy(scope, 'data-processing-role-policy', {
    role: role.id,
    name: 'data-processing',
    policy: JSON.stringify(
      policy(
        {
          Sid: 'DataLake',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
          Resource: [r.analyticsBucketArn, `${r.analyticsBucketArn}/raw/*`, `${r.analyticsBucketArn}/processed/*`],
        },
        {
          Sid: 'TableReads',
          Effect: 'Allow',
          Action: ['dynamodb:DescribeTable', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeExport'],
          Resource: [r.tableArn, `${r.tableArn}/index/*`, `${r.tableArn}/export/*`],
        },
        {
          Sid: 'OwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [
            `arn:aws:logs:${r.region}:*:log-group:/aws/lambda/${prefix}-data-*`,
            `arn:aws:logs:${r.region}:*:log-group:/aws/lambda/${prefix}-data-*:*`,
            `arn:aws:logs:${r.region}:*:log-group:/aws-glue/*`,
          ],
        },
      ),
    ),
  });
  return role;
}
