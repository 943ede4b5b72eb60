import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Testing } from 'cdktf';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, EnvironmentSchema, type Environment } from '../../stacks/config';
import { PlatformStack } from '../../stacks/platform-stack';
import { storeDomains } from '../../stacks/store-domains';
import type { PolicyDocument, Statement } from '../../stacks/policies';

type Synth = { resource: Record<string, any>; terraform: any; output: Record<string, unknown> };

const assets = (() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-assets-'));
  for (const name of ['api', 'relay']) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'index.mjs'), 'export const handler = async () => ({});');
  }
  return { api: path.join(dir, 'api'), relay: path.join(dir, 'relay') };
})();

const envNamed = (name: Environment['name']) => ENVIRONMENTS.find((e) => e.name === name)!;

function synth(env: Environment, domains: string[] = []): Synth {
  const app = Testing.app();
  const stack = new PlatformStack(app, env.name, { env, lambdaAssets: assets, storeDomains: domains });
  return JSON.parse(Testing.synth(stack));
}

const stacks = {
  dev: synth(envNamed('dev')),
  staging: synth(envNamed('staging')),
  prod: synth({ ...envNamed('prod'), hostedZoneId: 'Z123' }, ['shop.acme.example', 'www.acme.example']),
};
const only = (s: Synth, type: string) => {
  const all: any[] = Object.values(s.resource[type] ?? {});
  expect(all.length, type).toBe(1);
  return all[0];
};
const named = (s: Synth, type: string, id: string) => s.resource[type]?.[id];
/** Policy JSON as IAM will see it, once Terraform has turned `$${` back into `${`. */
const doc = (policy: string): PolicyDocument => JSON.parse(policy.replaceAll('$${', '${'));
const actions = (d: PolicyDocument, effect: 'Allow' | 'Deny' = 'Allow') => d.Statement.filter((s) => s.Effect === effect).flatMap((s) => [s.Action].flat());
const allows = (d: PolicyDocument, action: string) => {
  const match = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`).test(action);
  return actions(d, 'Allow').some(match) && !actions(d, 'Deny').some(match);
};
const teamPolicy = (s: Synth, role: string) => doc(named(s, 'aws_iam_role_policy', `team-${role}-policy`).policy);

describe('every environment', () => {
  for (const [name, s] of Object.entries(stacks)) {
    it(`${name}: has every part of the platform`, () => {
      for (const type of [
        'aws_dynamodb_table', 'aws_s3_bucket', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_versioning',
        'aws_s3_bucket_lifecycle_configuration', 'aws_s3_bucket_cors_configuration', 'aws_cognito_user_pool', 'aws_cognito_user_pool_client', 'aws_cloudwatch_event_bus',
        'aws_cloudwatch_event_archive', 'aws_apigatewayv2_api', 'aws_apigatewayv2_integration', 'aws_apigatewayv2_route', 'aws_apigatewayv2_stage', 'aws_cloudwatch_dashboard',
      ]) only(s, type);
      expect(Object.keys(s.resource.aws_lambda_function)).toEqual(['api-function', 'relay-function']);
      expect(Object.values(s.resource.aws_cognito_user_group).map((g: any) => g.name).sort()).toEqual(['admin', 'clerk', 'customer', 'operator']);
      expect(Object.keys(s.resource.aws_sqs_queue).sort()).toEqual(['inventory-consumer', 'inventory-dlq']);
      expect(Object.keys(s.resource.aws_cloudwatch_metric_alarm).sort()).toEqual(['api-errors', 'api-throttles', 'dlq-depth', 'http-5xx', 'http-latency', 'relay-errors']);
      expect(s.output).toHaveProperty('api_url');
    });

    it(`${name}: keys the table as the code does, with TTL, PITR and encryption`, () => {
      const table = only(s, 'aws_dynamodb_table');
      expect(table).toMatchObject({ billing_mode: 'PAY_PER_REQUEST', hash_key: 'PK', range_key: 'SK', ttl: { attribute_name: 'expiresAt', enabled: true }, point_in_time_recovery: { enabled: true }, server_side_encryption: { enabled: true } });
      expect(table.global_secondary_index.map((i: any) => [i.name, i.hash_key, i.range_key])).toEqual([['GSI1', 'GSI1PK', 'GSI1SK'], ['GSI2', 'GSI2PK', 'GSI2SK'], ['GSI3', 'GSI3PK', 'GSI3SK'], ['GSI4', 'GSI4PK', 'GSI4SK']]);
    });

    it(`${name}: runs the functions on arm64 nodejs22.x with tracing, logs and configuration`, () => {
      for (const fn of Object.values(s.resource.aws_lambda_function) as any[]) {
        expect(fn).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler', tracing_config: { mode: 'Active' } });
        expect(Object.keys(fn.environment.variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'MEDIA_BUCKET', 'EVENT_BUS_NAME', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'TENANT_ROLE_ARN', 'STAGE']));
      }
      const schedule = named(s, 'aws_cloudwatch_event_rule', 'relay-schedule');
      expect(schedule.schedule_expression).toBe('rate(1 minute)');
    });

    it(`${name}: keeps the media bucket private and the pool's tenant attribute immutable`, () => {
      expect(only(s, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      const pool = only(s, 'aws_cognito_user_pool');
      expect(pool.schema).toEqual([expect.objectContaining({ name: 'tenantId', mutable: false })]);
      const client = only(s, 'aws_cognito_user_pool_client');
      // Written once at sign-up (real Cognito refuses SignUp otherwise), immutable after.
      expect(client.write_attributes).toContain('custom:tenantId');
      expect(client.enable_token_revocation).toBe(true);
    });

    it(`${name}: confines the tenant role to its own keys and objects`, () => {
      const tenant = doc(named(s, 'aws_iam_role_policy', 'tenant-role-policy').policy);
      const items = tenant.Statement.find((st) => st.Sid === 'TenantItemsOnly')!;
      expect(items.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#${aws:PrincipalTag/tenantId}#*'] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
      expect(actions(tenant)).not.toContain('dynamodb:Scan');
      expect(tenant.Statement.find((st) => st.Sid === 'TenantObjectsOnly')!.Resource).toBe('${aws_s3_bucket.media.arn}/tenants/${aws:PrincipalTag/tenantId}/*');
      const trust = JSON.parse(named(s, 'aws_iam_role', 'tenant-role').assume_role_policy);
      expect(trust.Statement[0]).toMatchObject({ Principal: { AWS: '${aws_iam_role.api-role.arn}' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    });

    it(`${name}: grants "*" actions on "*" resources nowhere but where written down`, () => {
      const offenders: string[] = [];
      for (const [id, p] of Object.entries(s.resource.aws_iam_role_policy) as [string, any][]) {
        for (const st of doc(p.policy).Statement as Statement[]) {
          const acts = [st.Action].flat();
          const res = [st.Resource].flat();
          if (st.Effect === 'Allow' && acts.includes('*') && res.includes('*')) offenders.push(`${id}:${st.Sid}`);
        }
      }
      // DevOps administers the non-production environments (docs/deploy.md).
      expect(offenders).toEqual(name === 'prod' ? [] : ['team-devops-policy:AdministratorOutsideProd']);
    });

    it(`${name}: never lets a function or tenant role Scan, and scopes the API role to platform keys and outboxes`, () => {
      for (const id of ['api-role-policy', 'relay-role-policy', 'tenant-role-policy']) {
        expect(actions(doc(named(s, 'aws_iam_role_policy', id).policy))).not.toContain('dynamodb:Scan');
      }
      const api = doc(named(s, 'aws_iam_role_policy', 'api-role-policy').policy);
      expect(api.Statement[0]!.Condition!['ForAllValues:StringLike']).toEqual({ 'dynamodb:LeadingKeys': ['PLATFORM#*', 'TENANT#*#OUTBOX'] });
    });
  }
});

describe('prod differs from dev where it should', () => {
  it('protects data, keeps logs longer, reserves more concurrency and throttles higher', () => {
    const dev = stacks.dev;
    const prod = stacks.prod;
    expect(only(dev, 'aws_dynamodb_table').deletion_protection_enabled).toBe(false);
    expect(only(prod, 'aws_dynamodb_table').deletion_protection_enabled).toBe(true);
    expect(only(prod, 'aws_cognito_user_pool').deletion_protection).toBe('ACTIVE');
    expect(named(dev, 'aws_cloudwatch_log_group', 'api-logs').retention_in_days).toBe(7);
    expect(named(prod, 'aws_cloudwatch_log_group', 'api-logs').retention_in_days).toBe(365);
    expect(named(dev, 'aws_lambda_function', 'api-function').reserved_concurrent_executions).toBeLessThan(named(prod, 'aws_lambda_function', 'api-function').reserved_concurrent_executions);
    expect(only(prod, 'aws_apigatewayv2_stage').default_route_settings.throttling_rate_limit).toBeGreaterThan(only(dev, 'aws_apigatewayv2_stage').default_route_settings.throttling_rate_limit);
    expect(only(dev, 'aws_s3_bucket').force_destroy).toBe(true);
    expect(only(prod, 'aws_s3_bucket').force_destroy).toBe(false);
  });

  it('gives store domains a certificate, a mapping and DNS records where the zone is ours', () => {
    expect(Object.keys(stacks.prod.resource.aws_acm_certificate)).toHaveLength(2);
    expect(Object.keys(stacks.prod.resource.aws_apigatewayv2_domain_name)).toHaveLength(2);
    expect(Object.keys(stacks.prod.resource.aws_apigatewayv2_api_mapping)).toHaveLength(2);
    expect(Object.values(stacks.prod.resource.aws_route53_record).filter((r: any) => r.type === 'A').map((r: any) => r.name)).toEqual(['shop.acme.example', 'www.acme.example']);
    expect(stacks.dev.resource.aws_acm_certificate).toBeUndefined();
    expect(storeDomains([{ slug: 'a', name: 'A', domains: ['a.localhost', 'shop.a.example'], tier: 'basic', firstAdmin: { email: 'a@a.io', name: 'A' }, seedProducts: [] }])).toEqual(['shop.a.example']);
  });

  it('uses the S3 backend with locking when remote state is configured, a local file otherwise', () => {
    expect(stacks.dev.terraform.backend).toEqual({ local: { path: 'terraform.dev.tfstate' } });
    const remote = synth({ ...envNamed('staging'), state: { bucket: 'tf-state', key: 'catalog/staging.tfstate', region: 'eu-west-1', dynamodbTable: 'tf-locks' } });
    expect(remote.terraform.backend.s3).toMatchObject({ bucket: 'tf-state', key: 'catalog/staging.tfstate', dynamodb_table: 'tf-locks', encrypt: true });
  });

  it('refuses an invalid environment configuration', () => {
    expect(v.safeParse(EnvironmentSchema, { ...envNamed('dev'), logRetentionDays: 3 }).success).toBe(false);
    expect(v.safeParse(EnvironmentSchema, { ...envNamed('dev'), teamAccountId: 'abc' }).success).toBe(false);
  });
});

describe('team roles', () => {
  const every = ['cto', 'finance', 'devops', 'developer', 'data-engineer', 'security', 'support', 'product'];

  it('exist in every environment, assumable from the organisation account with MFA only', () => {
    for (const s of Object.values(stacks)) {
      for (const role of every) {
        const trust = JSON.parse(named(s, 'aws_iam_role', `team-${role}`).assume_role_policy);
        expect(trust.Statement[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
      }
    }
  });

  const cases: [string, keyof typeof stacks, string[], string[]][] = [
    ['cto', 'prod', ['aws-portal:ViewBilling', 'ce:GetCostAndUsage'], ['aws-portal:ModifyBilling', 'budgets:ModifyBudget', 'dynamodb:GetItem', 'ec2:RunInstances']],
    ['finance', 'prod', ['aws-portal:ViewBilling', 'ce:GetCostAndUsage', 'budgets:ModifyBudget'], ['dynamodb:GetItem', 'lambda:InvokeFunction', 'iam:CreateUser']],
    ['devops', 'dev', ['iam:CreateRole', 'dynamodb:DeleteTable', 'ec2:CreateVpc'], []],
    ['devops', 'prod', ['lambda:UpdateFunctionCode', 'cloudwatch:PutMetricAlarm', 'logs:FilterLogEvents'], ['iam:CreateRole', 'iam:PassRole', 'dynamodb:DeleteTable', 'dynamodb:DeleteItem', 's3:DeleteBucket']],
    ['developer', 'dev', ['lambda:UpdateFunctionCode', 'dynamodb:PutItem', 'apigateway:POST', 'logs:FilterLogEvents'], ['iam:PassRole', 'iam:CreateRole', 'ec2:CreateVpc', 'ec2:AuthorizeSecurityGroupIngress', 'route53:ChangeResourceRecordSets']],
    ['developer', 'prod', ['logs:FilterLogEvents', 'xray:BatchGetTraces', 'cloudwatch:GetMetricData'], ['lambda:UpdateFunctionCode', 'dynamodb:PutItem', 'dynamodb:GetItem', 'iam:CreateRole', 'ec2:CreateVpc', 's3:GetObject']],
    ['data-engineer', 'prod', ['dynamodb:ExportTableToPointInTime', 'athena:StartQueryExecution', 'glue:CreateCrawler', 's3:GetObject'], ['lambda:InvokeFunction', 'ec2:RunInstances', 'dynamodb:PutItem', 's3:PutObject', 'iam:CreateRole']],
    ['security', 'prod', ['iam:CreateRole', 'guardduty:CreateDetector', 'securityhub:GetFindings', 'cloudtrail:LookupEvents'], ['lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'ec2:RunInstances', 'dynamodb:PutItem', 's3:PutObject']],
    ['support', 'prod', ['dynamodb:GetItem', 'dynamodb:Query'], ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'lambda:InvokeFunction', 's3:GetObject']],
    ['product', 'prod', ['cloudwatch:GetMetricData', 'cloudwatch:ListDashboards'], ['cloudwatch:PutMetricAlarm', 'logs:FilterLogEvents', 'dynamodb:GetItem']],
  ];
  for (const [role, env, may, mayNot] of cases) {
    it(`${role} in ${env}: may ${may.join(', ')}${mayNot.length ? `; may not ${mayNot.join(', ')}` : ''}`, () => {
      const d = teamPolicy(stacks[env], role);
      for (const action of may) expect(allows(d, action), action).toBe(true);
      for (const action of mayNot) expect(allows(d, action), action).toBe(false);
    });
  }

  it('developers in prod can only read', () => {
    for (const action of actions(teamPolicy(stacks.prod, 'developer'))) expect(action).toMatch(/:(Get|List|Describe|Filter|BatchGet|StartQuery|StopQuery)/);
  });
});
