/**
 * Once per AWS account, applied by a person with administrator credentials (docs/deploy.md,
 * "From an empty account"): the Terraform state bucket, the GitHub OIDC provider, and per
 * environment the permissions boundaries, the deployer role (apply) and the planner role (plan)
 * CI assumes. Everything after this runs from CI with those roles.
 */
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import * as v from 'valibot';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { EnvironmentName } from './config';
import {
  boundaryName,
  boundaryPolicy,
  deployerPolicy,
  deployerRoleName,
  ENVIRONMENT_NAMES,
  GITHUB_OIDC_HOST,
  githubTrust,
  managedBoundaryName,
  managedBoundaryPolicy,
  plannerPolicy,
  plannerRoleName,
} from './deployer';

const Repository = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name of a GitHub repository'));

export const BootstrapSchema = v.strictObject({
  region: v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')),
  accountId: v.optional(v.pipe(v.string(), v.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'))),
  repository: Repository,
  /** The environments deployed into this account: their roles are made here. */
  environments: v.pipe(v.array(v.picklist(ENVIRONMENT_NAMES)), v.minLength(1, 'name at least one of dev, staging, prod')),
  /** Unset: `catalog-tfstate-<account id>`, unique per account. */
  stateBucket: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'))),
  /** After the first apply: keep the bootstrap's own state in the bucket it made. */
  remoteState: v.boolean(),
});
export type Bootstrap = v.InferOutput<typeof BootstrapSchema>;

/**
 * From the environment: GITHUB_REPOSITORY (which GitHub Actions also sets), BOOTSTRAP_ENVIRONMENTS
 * (default all three), BOOTSTRAP_ACCOUNT_ID, BOOTSTRAP_REGION (default eu-west-1), TF_STATE_BUCKET.
 * Without GITHUB_REPOSITORY there is no bootstrap: a role trusting a guessed repository would
 * let whoever owns that name deploy.
 */
export function bootstrapSettings(vars: Record<string, string | undefined>): Bootstrap | undefined {
  if (!vars.GITHUB_REPOSITORY) return undefined;
  const input = {
    region: vars.BOOTSTRAP_REGION || vars.TF_STATE_REGION || 'eu-west-1',
    ...(vars.BOOTSTRAP_ACCOUNT_ID ? { accountId: vars.BOOTSTRAP_ACCOUNT_ID } : {}),
    repository: vars.GITHUB_REPOSITORY,
    environments: (vars.BOOTSTRAP_ENVIRONMENTS || ENVIRONMENT_NAMES.join(','))
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
    ...(vars.TF_STATE_BUCKET ? { stateBucket: vars.TF_STATE_BUCKET } : {}),
    remoteState: vars.BOOTSTRAP_REMOTE_STATE === 'true',
  };
  const result = v.safeParse(BootstrapSchema, input);
  if (!result.success)
    throw new Error(`Invalid bootstrap configuration: ${result.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ')}`);
  return result.output;
}

export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: { settings: Bootstrap }) {
    super(scope, id);
    const s = props.settings;
    new AwsProvider(this, 'aws', {
      region: s.region,
      ...(s.accountId ? { allowedAccountIds: [s.accountId] } : {}),
      defaultTags: [{ tags: { project: 'catalog-platform', environment: 'bootstrap' } }],
    });
    const accountId = s.accountId ?? new DataAwsCallerIdentity(this, 'caller').accountId;
    const bucketName = s.stateBucket ?? `catalog-tfstate-${accountId}`;

    // The bootstrap's own state: local at the first apply (the bucket does not exist yet), then
    // moved into the bucket with `terraform init -migrate-state` (BOOTSTRAP_REMOTE_STATE=true).
    if (s.remoteState && s.stateBucket) {
      const backend = new S3Backend(this, { bucket: s.stateBucket, key: 'catalog-platform/bootstrap.tfstate', region: s.region, encrypt: true });
      backend.addOverride('use_lockfile', true);
    } else {
      new LocalBackend(this, { path: 'terraform.bootstrap.tfstate' });
    }

    const state = new S3Bucket(this, 'state', { bucket: bucketName, forceDestroy: false, lifecycle: { preventDestroy: true } });
    const block = new S3BucketPublicAccessBlock(this, 'state-public-access', {
      bucket: state.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'state-encryption', {
      bucket: state.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const versioning = new S3BucketVersioningA(this, 'state-versioning', { bucket: state.id, versioningConfiguration: { status: 'Enabled' } });
    // Old states are how a bad apply is undone: keep them 90 days.
    new S3BucketLifecycleConfiguration(this, 'state-lifecycle', {
      bucket: state.id,
      rule: [{ id: 'old-states', status: 'Enabled', filter: [{ prefix: '' }], noncurrentVersionExpiration: [{ noncurrentDays: 90 }] }],
      dependsOn: [versioning],
    });
    new S3BucketPolicy(this, 'state-policy', {
      bucket: state.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TlsOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [state.arn, `${state.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
      dependsOn: [block],
    });

    // GitHub's issuer; AWS trusts its certificate authority itself, so no thumbprint to pin.
    const github = new IamOpenidConnectProvider(this, 'github', { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: ['sts.amazonaws.com'] });

    const roles: Record<string, { deployer: string; planner: string }> = {};
    for (const env of s.environments) roles[env] = this.environmentRoles(env, { accountId, bucketName, repository: s.repository, dependsOn: github });

    new TerraformOutput(this, 'state_bucket', { value: state.bucket, description: 'TF_STATE_BUCKET for the platform stacks' });
    new TerraformOutput(this, 'roles', { value: roles, description: 'AWS_DEPLOY_ROLE_ARN / AWS_PLAN_ROLE_ARN of each GitHub environment' });
  }

  private environmentRoles(env: EnvironmentName, o: { accountId: string; bucketName: string; repository: string; dependsOn: IamOpenidConnectProvider }) {
    const names = { env, accountId: o.accountId, stateBucket: o.bucketName, repository: o.repository };
    const boundary = new IamPolicy(this, `${env}-boundary`, {
      name: boundaryName(env),
      description: `Ceiling of every role of catalog-${env}`,
      policy: JSON.stringify(boundaryPolicy(env, o.accountId)),
    });
    new IamPolicy(this, `${env}-managed-boundary`, {
      name: managedBoundaryName(env),
      description: `Ceiling of every principal the Security team creates in catalog-${env}: no data`,
      policy: JSON.stringify(managedBoundaryPolicy(env, o.accountId)),
    });
    const role = (kind: 'deployer' | 'planner') => {
      const r = new IamRole(this, `${env}-${kind}`, {
        name: kind === 'deployer' ? deployerRoleName(env) : plannerRoleName(env),
        description:
          kind === 'deployer'
            ? `terraform apply of catalog-${env}, from GitHub environment ${env}`
            : `terraform plan of catalog-${env}, from GitHub environment ${env}-plan`,
        assumeRolePolicy: JSON.stringify(githubTrust(o.accountId, o.repository, kind === 'deployer' ? env : `${env}-plan`)),
        permissionsBoundary: boundary.arn,
        // A prod apply (CloudFront included) can take longer than the default hour.
        maxSessionDuration: 2 * 3600,
        dependsOn: [o.dependsOn],
      });
      new IamRolePolicy(this, `${env}-${kind}-policy`, {
        role: r.id,
        name: kind,
        policy: JSON.stringify(kind === 'deployer' ? deployerPolicy(names) : plannerPolicy(names)),
      });
      return r.arn;
    };
    return { deployer: role('deployer'), planner: role('planner') };
  }
}
