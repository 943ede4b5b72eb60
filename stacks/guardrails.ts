/**
 * What every environment carries whatever else the stack holds: the permissions boundary on each
 * of its roles (the deployer may create none without it), and, when switched on, the account's
 * detective controls: an organization trail, GuardDuty, Security Hub.
 */
import { Aspects, type IAspect, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import type { Environment } from './config';
import { boundaryArn } from './deployer';

/** Sets the boundary on every role of the stack, including roles added after this call. */
class PermissionsBoundary implements IAspect {
  constructor(private readonly arn: string) {}
  visit(node: IConstruct) {
    if (node instanceof IamRole && !node.permissionsBoundaryInput) node.permissionsBoundary = this.arn;
  }
}

export type Guardrails = { trailBucketArn?: string };

export function guardrails(stack: TerraformStack, env: Environment, accountId: string): Guardrails {
  Aspects.of(stack).add(new PermissionsBoundary(boundaryArn(env.name, accountId)));
  const prefix = `catalog-${env.name}`;
  if (env.security.guardDuty) new GuarddutyDetector(stack, 'guardduty', { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
  if (env.security.securityHub) new SecurityhubAccount(stack, 'security-hub', { enableDefaultStandards: true, autoEnableControls: true });
  if (!env.security.organizationTrail) return {};

  // The trail must be made in the organisation's management account (or CloudTrail's delegated
  // administrator): docs/deploy.md, "Security services".
  const bucket = new S3Bucket(stack, 'trail-bucket', { bucketPrefix: `${prefix}-trail-`, forceDestroy: false });
  const block = new S3BucketPublicAccessBlock(stack, 'trail-bucket-public-access', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketServerSideEncryptionConfigurationA(stack, 'trail-bucket-encryption', {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  new S3BucketVersioningA(stack, 'trail-bucket-versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
  const trailName = `${prefix}-organization`;
  const trailArn = `arn:aws:cloudtrail:${env.region}:${accountId}:trail/${trailName}`;
  const policy = new S3BucketPolicy(stack, 'trail-bucket-policy', {
    bucket: bucket.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TlsOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucket.arn, `${bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'TrailChecksAcl',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: bucket.arn,
          Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
        },
        {
          Sid: 'TrailWrites',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucket.arn}/AWSLogs/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
        },
      ],
    }),
    dependsOn: [block],
  });
  new Cloudtrail(stack, 'organization-trail', {
    name: trailName,
    s3BucketName: bucket.id,
    isOrganizationTrail: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    dependsOn: [policy],
  });
  return { trailBucketArn: bucket.arn };
}
