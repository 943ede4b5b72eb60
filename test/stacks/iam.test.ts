import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_STAR_RESOURCE_GRANTS, ITEM_ACTIONS, type PolicyDocument, type Statement } from '../../stacks/policies';
import { STAR_RESOURCE_GRANTS } from '../../stacks/team-roles';
import { allows, doc, envNamed, list, named, rolePolicy, synth, teamPolicy, type Synth } from './synth';

const stacks: Record<'dev' | 'staging' | 'prod', Synth> = {
  dev: synth(envNamed('dev')),
  staging: synth(envNamed('staging')),
  prod: synth(envNamed('prod', { TEAM_PRINCIPAL: 'arn:aws:iam::444444444444:role/sso-engineers' })),
};
const TEAM = ['cto', 'finance', 'devops', 'developer', 'data-engineer', 'security', 'support', 'product'];
const deployDoc = readFileSync(path.resolve(import.meta.dirname, '../../docs/deploy.md'), 'utf8');

/** Every IAM document in a stack: role policies, trust policies, bucket and queue policies. */
function allPolicies(s: Synth): [string, PolicyDocument][] {
  const found: [string, PolicyDocument][] = [];
  for (const [id, p] of Object.entries(s.resource.aws_iam_role_policy ?? {})) found.push([`aws_iam_role_policy.${id}`, doc(p.policy)]);
  for (const [id, r] of Object.entries(s.resource.aws_iam_role ?? {})) found.push([`aws_iam_role.${id}`, doc(r.assume_role_policy)]);
  for (const [id, p] of Object.entries(s.resource.aws_s3_bucket_policy ?? {})) found.push([`aws_s3_bucket_policy.${id}`, doc(p.policy)]);
  for (const [id, p] of Object.entries(s.resource.aws_sqs_queue_policy ?? {})) found.push([`aws_sqs_queue_policy.${id}`, doc(p.policy)]);
  return found;
}

describe.each(Object.entries(stacks))('%s', (name, s) => {
  const tenant = rolePolicy(s, 'tenant-role-policy');

  it('confines the tenant role to keys starting TENANT#<its tag>#, with the Null guard against Scan', () => {
    const items = tenant.Statement.find((st) => st.Sid === 'TenantItemsOnly')!;
    expect(items.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#${aws:PrincipalTag/tenantId}#*'] },
      Null: { 'dynamodb:LeadingKeys': 'false' },
    });
    expect(items.Resource).toEqual(['${aws_dynamodb_table.table.arn}', '${aws_dynamodb_table.table.arn}/index/*']);
    expect(list(items.Action).sort()).toEqual([...ITEM_ACTIONS].sort());
    // Every DynamoDB grant of the role carries the condition, but the payment pointers' Put; nothing reaches Scan or PartiQL.
    const grants = tenant.Statement.filter((x) => list(x.Action).some((a) => a.startsWith('dynamodb:')));
    expect(grants.map((st) => st.Sid)).toEqual(['TenantItemsOnly', 'PaymentPointersOnly']);
    expect(grants[1]).toMatchObject({
      Action: ['dynamodb:PutItem'],
      Resource: '${aws_dynamodb_table.table.arn}',
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PLATFORM#PAYMENT#*'] },
        Null: { 'dynamodb:LeadingKeys': 'false', 'aws:PrincipalTag/tenantId': 'false' },
      },
    });
    for (const action of ['dynamodb:Scan', 'dynamodb:PartiQLSelect', 'dynamodb:ExecuteStatement', 'dynamodb:DeleteTable'])
      expect(list(items.Action)).not.toContain(action);
  });

  it('confines the tenant role to objects under tenants/<its tag>/', () => {
    const objects = tenant.Statement.find((st) => st.Sid === 'TenantObjectsOnly')!;
    expect(objects).toMatchObject({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: '${aws_s3_bucket.media.arn}/tenants/${aws:PrincipalTag/tenantId}/*',
    });
    expect(tenant.Statement).toHaveLength(3);
  });

  it('escapes the policy variables for Terraform: $${aws:...} in the JSON, never a bare ${aws:...}', () => {
    const raw = named(s, 'aws_iam_role_policy', 'tenant-role-policy').policy as string;
    expect(raw).toContain('TENANT#$${aws:PrincipalTag/tenantId}#*');
    expect(raw).toContain('/tenants/$${aws:PrincipalTag/tenantId}/*');
    // Terraform would try (and fail) to interpolate an unescaped one anywhere in the stack.
    expect(s.json).not.toMatch(/(?<!\$)\$\{aws:/);
  });

  it('lets only the API, the consumers and the job runner assume the tenant role, only with a single tenantId session tag', () => {
    const trust = doc(named(s, 'aws_iam_role', 'tenant-role').assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: {
          AWS: [
            '${aws_iam_role.api-role.arn}',
            '${aws_iam_role.inventory-consumer-role.arn}',
            '${aws_iam_role.listing-consumer-role.arn}',
            '${aws_iam_role.job-runner-role.arn}',
            '${aws_iam_role.search-indexer-role.arn}',
            '${aws_iam_role.reservation-sweeper-role.arn}',
            // The offboarding purge reads a closed store's users, domains and export job as that store.
            '${aws_iam_role.offboarding-purge-role.arn}',
          ],
        },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringLike: { 'aws:RequestTag/tenantId': '?*' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenantId'] } },
      },
    ]);
    expect(named(s, 'aws_iam_role', 'tenant-role').max_session_duration).toBe(3600);
  });

  it('scopes the functions’ own roles to platform keys and outboxes, never Scan, and lets only the API and the inventory consumer assume the tenant role', () => {
    const api = rolePolicy(s, 'api-role-policy');
    const publisher = rolePolicy(s, 'stream-publisher-role-policy');
    const table = api.Statement.find((st) => list(st.Action).some((a) => a.startsWith('dynamodb:')))!;
    expect(table.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PLATFORM#*', 'TENANT#*#OUTBOX', 'TENANT#*#DOMAINS'] },
      Null: { 'dynamodb:LeadingKeys': 'false' },
    });
    expect(api.Statement.filter((st) => list(st.Action).some((a) => a.startsWith('dynamodb:')))).toHaveLength(1);
    expect(allows(api, 'dynamodb:Scan')).toBe(false);
    expect(api.Statement.find((st) => st.Sid === 'AssumeTenantRole')).toMatchObject({
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: '${aws_iam_role.tenant-role.arn}',
    });
    // The consumer reads store records with its own role; everything of a store goes through the tenant role.
    const consumer = rolePolicy(s, 'inventory-consumer-role-policy');
    const consumerTable = consumer.Statement.filter((st) => list(st.Action).some((a) => a.startsWith('dynamodb:')));
    expect(consumerTable).toEqual([
      {
        Sid: 'StoreRecords',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: '${aws_dynamodb_table.table.arn}',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PLATFORM#TENANT#*'] }, Null: { 'dynamodb:LeadingKeys': 'false' } },
      },
    ]);
    expect(consumer.Statement.find((st) => st.Sid === 'AssumeTenantRole')).toMatchObject({
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: '${aws_iam_role.tenant-role.arn}',
    });
    // The API publishes nothing: the table's stream does.
    expect(allows(api, 'events:PutEvents')).toBe(false);
    // The stream publisher: this table's stream, the bus, its DLQ and its own logs; no item of the table.
    expect(publisher.Statement.map((st) => st.Sid)).toEqual(['ReadTableStream', 'PublishEvents', 'DeadLetters', 'OwnLogGroup', 'Traces']);
    expect(publisher.Statement.find((st) => st.Sid === 'ReadTableStream')).toMatchObject({
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
      Resource: '${aws_dynamodb_table.table.arn}/stream/*',
    });
    expect(publisher.Statement.find((st) => st.Sid === 'PublishEvents')).toMatchObject({
      Action: 'events:PutEvents',
      Resource: '${aws_cloudwatch_event_bus.bus.arn}',
    });
    expect(publisher.Statement.find((st) => st.Sid === 'DeadLetters')).toMatchObject({
      Action: 'sqs:SendMessage',
      Resource: '${aws_sqs_queue.stream-publisher-dlq.arn}',
    });
    expect(publisher.Statement.find((st) => st.Sid === 'OwnLogGroup')!.Resource).toBe('${aws_cloudwatch_log_group.stream-publisher-logs.arn}:*');
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'sts:AssumeRole'])
      expect(allows(publisher, action), action).toBe(false);
    // Exactly the admin calls the Cognito adapter makes: a new one without its grant fails here, not in production.
    const adapter = readFileSync(path.resolve(import.meta.dirname, '../../src/adapters/cognito/identity-provider.ts'), 'utf8');
    const adminCalls = [...new Set([...adapter.matchAll(/new (Admin\w+)Command\(/g)].map((m) => `cognito-idp:${m[1]}`))].sort();
    expect(list(api.Statement.find((st) => st.Sid === 'ManageUsers')!.Action).sort()).toEqual(adminCalls);
    expect(api.Statement.find((st) => st.Sid === 'OwnLogGroup')!.Resource).toBe('${aws_cloudwatch_log_group.api-logs.arn}:*');
    for (const id of ['api-role', 'stream-publisher-role', 'pre-sign-up-role', 'inventory-consumer-role', 'listing-consumer-role'])
      expect(JSON.parse(named(s, 'aws_iam_role', id).assume_role_policy).Statement[0].Principal).toEqual({ Service: 'lambda.amazonaws.com' });
  });

  it('grants "*" actions on "*" resources nowhere (DevOps outside prod administers named infrastructure services)', () => {
    const offenders = allPolicies(s).flatMap(([id, d]) =>
      (d.Statement as Statement[])
        .filter((st) => st.Effect === 'Allow' && list(st.Action).includes('*') && list(st.Resource ?? []).includes('*'))
        .map((st) => `${id}:${st.Sid}`),
    );
    expect(offenders).toEqual([]);
  });

  it('names a "*" resource in an Allow only where docs/deploy.md says why', () => {
    const written = { ...STAR_RESOURCE_GRANTS, ...FUNCTION_STAR_RESOURCE_GRANTS };
    for (const [id, d] of allPolicies(s)) {
      for (const st of d.Statement.filter((x) => x.Effect === 'Allow' && list(x.Resource ?? []).includes('*'))) {
        expect(Object.keys(written), `${id}:${st.Sid}`).toContain(st.Sid);
        expect(deployDoc, `docs/deploy.md explains ${st.Sid}`).toContain(`\`${st.Sid}\``);
      }
    }
  });

  it('lets the team assume each team role only with MFA, or through Identity Center (which enforces MFA at sign-in)', () => {
    const account = '${data.aws_caller_identity.caller.account_id}';
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const action = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
    for (const role of TEAM) {
      const trust = doc(named(s, 'aws_iam_role', `team-${role}`).assume_role_policy);
      expect(trust.Statement).toEqual(
        name === 'prod'
          ? [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444444444444:role/sso-engineers' }, Action: action, Condition: mfa }]
          : [
              { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: action, Condition: mfa },
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${account}:root` },
                Action: action,
                Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/*` } },
              },
            ],
      );
    }
  });
});

describe('team roles', () => {
  // [role, environment, may, must not]
  const cases: [string, keyof typeof stacks, string[], string[]][] = [
    [
      'cto',
      'prod',
      ['aws-portal:ViewBilling', 'ce:GetCostAndUsage', 'budgets:ViewBudget', 'billing:GetBillingData'],
      ['aws-portal:ModifyBilling', 'budgets:ModifyBudget', 'ce:CreateAnomalyMonitor', 'dynamodb:GetItem', 'ec2:RunInstances', 'iam:ListRoles'],
    ],
    [
      'finance',
      'prod',
      ['aws-portal:ViewBilling', 'ce:GetCostAndUsage', 'ce:CreateAnomalyMonitor', 'budgets:ModifyBudget', 'cur:PutReportDefinition'],
      ['dynamodb:GetItem', 'lambda:InvokeFunction', 'iam:CreateUser', 'iam:PassRole', 'aws-portal:ModifyAccount', 'ec2:DescribeInstances'],
    ],
    [
      'devops',
      'dev',
      [
        'iam:CreateRole',
        'dynamodb:DeleteTable',
        'ec2:CreateVpc',
        'lambda:UpdateFunctionCode',
        'rds:CreateDBInstance',
        'eks:CreateCluster',
        'ecs:CreateService',
        'cloudformation:CreateStack',
      ],
      ['ce:GetCostAndUsage', 'budgets:ModifyBudget', 'athena:StartQueryExecution'],
    ],
    ['devops', 'staging', ['iam:CreateRole', 'route53:ChangeResourceRecordSets'], []],
    [
      'devops',
      'prod',
      [
        'lambda:UpdateFunctionCode',
        'cloudwatch:PutMetricAlarm',
        'logs:FilterLogEvents',
        'sqs:StartMessageMoveTask',
        'events:DisableRule',
        'dynamodb:DescribeTable',
      ],
      [
        'iam:CreateRole',
        'iam:PassRole',
        'iam:PutRolePolicy',
        'dynamodb:DeleteTable',
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:Scan',
        's3:DeleteBucket',
        's3:PutObject',
        'lambda:InvokeFunction',
        'ec2:CreateVpc',
      ],
    ],
    [
      'developer',
      'dev',
      [
        'lambda:UpdateFunctionCode',
        'dynamodb:PutItem',
        'apigateway:POST',
        'events:PutRule',
        'sqs:SendMessage',
        'cognito-idp:AdminCreateUser',
        's3:PutObject',
        'logs:FilterLogEvents',
        'xray:BatchGetTraces',
      ],
      [
        'iam:PassRole',
        'iam:CreateRole',
        'ec2:CreateVpc',
        'ec2:CreateSecurityGroup',
        'ec2:AuthorizeSecurityGroupIngress',
        'route53:ChangeResourceRecordSets',
        'acm:RequestCertificate',
        'organizations:ListAccounts',
      ],
    ],
    ['developer', 'staging', ['lambda:UpdateFunctionCode', 'dynamodb:Query'], ['iam:CreateRole', 'ec2:CreateVpc', 'ec2:ModifyVpcAttribute']],
    [
      'developer',
      'prod',
      ['logs:FilterLogEvents', 'logs:GetLogEvents', 'xray:BatchGetTraces', 'xray:GetTraceSummaries', 'cloudwatch:GetMetricData'],
      [
        'lambda:UpdateFunctionCode',
        'dynamodb:PutItem',
        'dynamodb:GetItem',
        'iam:CreateRole',
        'iam:ListRoles',
        'ec2:CreateVpc',
        'ec2:DescribeVpcs',
        's3:GetObject',
        'logs:PutRetentionPolicy',
        'logs:DeleteLogGroup',
      ],
    ],
    [
      'data-engineer',
      'prod',
      [
        'dynamodb:ExportTableToPointInTime',
        'dynamodb:Query',
        'athena:StartQueryExecution',
        'glue:CreateCrawler',
        's3:GetObject',
        'redshift-data:ExecuteStatement',
        'rds-data:ExecuteStatement',
        'lambda:CreateFunction',
      ],
      ['ec2:RunInstances', 'ec2:CreateVpc', 'ecs:RunTask', 'dynamodb:PutItem', 'dynamodb:DeleteTable', 'iam:CreateRole', 'iam:PassRole'],
    ],
    [
      'security',
      'prod',
      [
        'iam:GetRole',
        'iam:ListPolicies',
        'iam:GenerateCredentialReport',
        'access-analyzer:ListFindings',
        'guardduty:GetFindings',
        'securityhub:GetFindings',
        'macie2:GetFindings',
        'cloudtrail:LookupEvents',
        'logs:FilterLogEvents',
      ],
      [
        'lambda:InvokeFunction',
        'lambda:UpdateFunctionCode',
        'ec2:RunInstances',
        'ecs:RunTask',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteTable',
        's3:PutObject',
        's3:DeleteBucket',
        'rds:DeleteDBInstance',
        'iam:PassRole',
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'cloudtrail:CreateTrail',
        'guardduty:DeleteDetector',
        'guardduty:CreateDetector',
      ],
    ],
    // Support's item reads are conditioned on customer and order keys: team-roles-evaluated.test.ts evaluates them.
    [
      'support',
      'prod',
      ['dynamodb:DescribeTable'],
      [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Scan',
        'dynamodb:ExportTableToPointInTime',
        'lambda:InvokeFunction',
        's3:GetObject',
        'logs:FilterLogEvents',
      ],
    ],
    [
      'product',
      'prod',
      [
        'cloudwatch:GetMetricData',
        'cloudwatch:ListDashboards',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:GetDashboard',
        'logs:FilterLogEvents',
        'logs:GetLogEvents',
      ],
      [
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteDashboards',
        'logs:PutRetentionPolicy',
        'logs:DeleteLogGroup',
        'dynamodb:GetItem',
        's3:GetObject',
        'iam:ListRoles',
        'lambda:UpdateFunctionCode',
      ],
    ],
  ];
  it.each(cases)('%s in %s: may and must not', (role, env, may, mayNot) => {
    const d = teamPolicy(stacks[env], role);
    for (const action of may) expect(allows(d, action), `may ${action}`).toBe(true);
    for (const action of mayNot) expect(allows(d, action), `must not ${action}`).toBe(false);
  });

  it('developers in prod can only read, and only logs, traces and metrics', () => {
    const d = teamPolicy(stacks.prod, 'developer');
    const allowed = d.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) => list(st.Action));
    for (const action of allowed) expect(action).toMatch(/^(logs|xray|cloudwatch):(Get|List|Describe|Filter|BatchGet|StartQuery|StopQuery)/);
  });

  it('developers outside prod deploy only this environment’s resources', () => {
    const d = teamPolicy(stacks.dev, 'developer');
    expect(allows(d, 'lambda:UpdateFunctionCode', 'arn:aws:lambda:eu-west-1:1:function:catalog-dev-api')).toBe(true);
    expect(allows(d, 'lambda:UpdateFunctionCode', 'arn:aws:lambda:eu-west-1:1:function:catalog-prod-api')).toBe(false);
    expect(allows(d, 'apigateway:PATCH', 'arn:aws:apigateway:eu-west-1::/apis/${aws_apigatewayv2_api.http-api.id}/stages/$default')).toBe(true);
    expect(allows(d, 'apigateway:POST', 'arn:aws:apigateway:eu-west-1::/domainnames')).toBe(false);
    expect(allows(d, 'cognito-idp:AdminCreateUser', 'arn:aws:cognito-idp:eu-west-1:1:userpool/eu-west-1_other')).toBe(false);
  });

  it('DevOps administers dev but cannot touch prod resources from the dev role (shared account guard)', () => {
    const d = teamPolicy(stacks.dev, 'devops');
    expect(allows(d, 'dynamodb:DeleteTable', 'arn:aws:dynamodb:eu-west-1:1:table/catalog-dev')).toBe(true);
    expect(allows(d, 'dynamodb:DeleteTable', 'arn:aws:dynamodb:eu-west-1:1:table/catalog-prod')).toBe(false);
    expect(allows(d, 's3:DeleteObject', 'arn:aws:s3:::catalog-staging-media-abc/tenants/x/y')).toBe(false);
    expect(d.Statement.find((st) => st.Sid === 'NotOtherEnvironmentsByTag')!.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/environment': ['staging', 'prod'] },
    });
  });

  it('security writes IAM freely only under /security-managed/; elsewhere it quarantines with AWSDenyAll and disables credentials', () => {
    const d = teamPolicy(stacks.prod, 'security');
    const quarantine = d.Statement.filter((st) => st.Effect === 'Allow' && list(st.Action).some((a) => a.startsWith('iam:Attach')));
    expect(quarantine).toEqual([
      expect.objectContaining({ Effect: 'Allow', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSDenyAll' } } }),
    ]);
    const writesEverywhere = d.Statement.filter(
      (st) =>
        st.Effect === 'Allow' &&
        !st.Condition &&
        list(st.Resource).some(
          (r) =>
            !r.includes(':role/security-managed/') &&
            !r.includes(':user/security-managed/') &&
            !r.includes(':policy/security-managed/') &&
            !r.includes(':group/security-managed/') &&
            !r.includes(':instance-profile/security-managed/'),
        ),
    )
      .flatMap((st) => list(st.Action))
      .filter((a) => a.startsWith('iam:') && !/^iam:(Get|List|Generate|Simulate)/.test(a));
    expect(writesEverywhere.sort()).toEqual(['iam:DeleteAccessKey', 'iam:DeleteLoginProfile', 'iam:UpdateAccessKey']);
  });

  it('writes every "*"-resource grant down in docs/deploy.md, and the team table too', () => {
    for (const sid of Object.keys({ ...STAR_RESOURCE_GRANTS, ...FUNCTION_STAR_RESOURCE_GRANTS })) expect(deployDoc).toContain(`\`${sid}\``);
    for (const heading of ['CTO', 'Finance', 'DevOps', 'Developers', 'Data engineers', 'Security', 'Support', 'Product managers'])
      expect(deployDoc).toMatch(new RegExp(`\\| ${heading} \\|`));
  });
});
