/**
 * The tenant role's policy, as synthesized, evaluated by an IAM policy simulator
 * (@cloud-copilot/iam-simulate) against requests a tenant's credentials could make: the literal
 * comparison in iam.test.ts says what the policy is, this says what it lets through.
 *
 * What the simulator is given: the role's identity policy only (no resource policy, SCP or
 * boundary, as the stack has none for the table or these objects), the `aws:PrincipalTag/tenantId`
 * session tag the API sets, and `dynamodb:LeadingKeys` as IAM derives it from the request: the
 * partition key values of every item the request touches, and no key at all for a Scan (or a
 * PartiQL statement). Terraform references in the synthesized JSON are replaced by concrete ARNs.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { paymentKeys, sessionKeys, tenantKeys, platformKeys } from '../../src/adapters/dynamodb/keys';
import { tenantContext, tenantObjectPrefix, type TenantContext } from '../../src/tenants/tenant';
import { tenantDataPolicy, type PolicyDocument } from '../../stacks/policies';
import { envNamed, rolePolicy, synth } from './synth';

const ACCOUNT = '111111111111';
const TABLE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/catalog-dev`;
const BUCKET = 'arn:aws:s3:::catalog-dev-media-abc';
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:catalog-dev-inventory`;
const SENDER = 'notices@dev.catalog.example';
const IDENTITY = `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/${SENDER}`;
const TENANT_ROLE = `arn:aws:iam::${ACCOUNT}:role/catalog-dev-tenant-data`;
const BUS = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/catalog-dev`;
const PUBLISHER_DLQ = `arn:aws:sqs:eu-west-1:${ACCOUNT}:catalog-dev-stream-publisher-dlq`;
const PUBLISHER_LOGS = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/catalog-dev-stream-publisher`;
const REFERENCES: Record<string, string> = {
  '${aws_dynamodb_table.table.arn}': TABLE,
  '${aws_s3_bucket.media.arn}': BUCKET,
  '${aws_sqs_queue.inventory-consumer.arn}': QUEUE,
  '${aws_sesv2_email_identity.email-identity.arn}': IDENTITY,
  '${aws_iam_role.tenant-role.arn}': TENANT_ROLE,
  '${aws_cloudwatch_log_group.inventory-consumer-logs.arn}': `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/catalog-dev-inventory-consumer`,
  '${aws_cloudwatch_event_bus.bus.arn}': BUS,
  '${aws_sqs_queue.stream-publisher-dlq.arn}': PUBLISHER_DLQ,
  '${aws_cloudwatch_log_group.stream-publisher-logs.arn}': PUBLISHER_LOGS,
};

/** What Terraform does at apply time: each `${aws_…}` reference becomes the resource's ARN. */
function resolved(d: PolicyDocument): PolicyDocument {
  let json = JSON.stringify(d);
  for (const [ref, arn] of Object.entries(REFERENCES)) json = json.replaceAll(ref, arn);
  // A reference this test does not know would reach the simulator as text and match nothing.
  expect(json.match(/\$\{aws_[^}]*\}/g) ?? []).toEqual([]);
  return JSON.parse(json);
}

const store = (id: string): TenantContext => tenantContext({ id, name: id, tier: 'basic', status: 'active' });
const acme = store('acme');

type Request = { action: string; resource: string; keys?: string[] };
type Outcome = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** `tag` null: credentials without the session tag. */
async function decide(d: PolicyDocument, r: Request, tag: string | null = acme.id, extra: Record<string, string> = {}): Promise<Outcome> {
  const contextVariables: Record<string, string | string[]> = { ...extra };
  if (tag !== null) contextVariables['aws:PrincipalTag/tenantId'] = tag;
  if (r.keys !== undefined) contextVariables['dynamodb:LeadingKeys'] = r.keys;
  const result = await runSimulation(
    {
      identityPolicies: [{ name: 'tenant-role-policy', policy: d }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: undefined,
      request: {
        action: r.action,
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/catalog-dev-tenant/req-1`,
        resource: { resource: r.resource, accountId: ACCOUNT },
        contextVariables,
      },
    },
    {},
  );
  // A request the simulator cannot read (a wrong context key, an unknown action) must fail the test, not count as denied.
  if (result.resultType === 'error') throw new Error(`simulator refused ${r.action}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Outcome;
}

const pk = (k: { PK: string }) => k.PK;
const own = tenantKeys(acme);
const ownSessions = sessionKeys(acme);
const other = tenantKeys(store('globex'));
const longer = tenantKeys(store('acme2'));
const shorter = tenantKeys(store('acm'));
const hyphened = tenantKeys(store('acme-2'));
const GSI = `${TABLE}/index/GSI1`;
const object = (key: string) => `${BUCKET}/${key}`;

/** Every kind of key the store's own code writes; each must be usable by the store's credentials. */
const ownKeys = [
  pk(own.product('p1')),
  pk(own.sku('sku-1')),
  pk(own.inventoryEntry('p1', 'v1', '2026-01-01T00:00:00.000Z', 'e1')),
  pk(own.handle('trail-runner')),
  own.outboxPartition,
  pk(own.user('u1')),
  own.userList,
  pk(own.userStats),
  pk(own.rateCounter('login', 'h', 0)),
  pk(own.notice('e1', 'u1')),
  // Usage: the meters of the API and of the inventory consumer add into these with the store's credentials.
  pk(own.usageDay('2026-12-06')),
  pk(own.usageTotals),
  own.allProducts,
  own.activeProducts,
  pk(ownSessions.session('s1')),
  pk(ownSessions.token('t1')),
  ownSessions.userSessions('u1'),
];

const ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
const BATCH_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'];

const allowed: [string, Request][] = [
  ...ownKeys.flatMap((key) => ITEM_ACTIONS.map((action): [string, Request] => [`${action} on own ${key}`, { action, resource: TABLE, keys: [key] }])),
  ...BATCH_ACTIONS.map((action): [string, Request] => [`${action} of own keys only`, { action, resource: TABLE, keys: ownKeys }]),
  ['Query on the table, own partition', { action: 'dynamodb:Query', resource: TABLE, keys: [own.allProducts] }],
  ['Query on an index, own partition', { action: 'dynamodb:Query', resource: GSI, keys: [own.userList] }],
  ['Query on another index, own partition', { action: 'dynamodb:Query', resource: `${TABLE}/index/GSI2`, keys: [own.activeProducts] }],
  // An order's payment pointer, written in the order's transaction (its Put only).
  ['PutItem of a payment pointer', { action: 'dynamodb:PutItem', resource: TABLE, keys: [pk(paymentKeys.payment('pay_1'))] }],
  ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map((action): [string, Request] => [
    `${action} under tenants/acme/`,
    { action, resource: object(`${tenantObjectPrefix(acme)}products/p1/i1.png`) },
  ]),
];

const denied: [string, Request][] = [
  // Another store, a store whose id extends this one's, one whose id this one extends.
  ...[other, longer, shorter, hyphened].flatMap((keys) =>
    [...ITEM_ACTIONS, 'dynamodb:Query'].map((action): [string, Request] => [
      `${action} on ${pk(keys.product('p1'))}`,
      { action, resource: TABLE, keys: [pk(keys.product('p1'))] },
    ]),
  ),
  ['GetItem of another store’s outbox', { action: 'dynamodb:GetItem', resource: TABLE, keys: [other.outboxPartition] }],
  ['PutItem of acme2’s notice record', { action: 'dynamodb:PutItem', resource: TABLE, keys: [pk(longer.notice('e1', 'u1'))] }],
  ['Query of acme2’s user list', { action: 'dynamodb:Query', resource: TABLE, keys: [longer.userList] }],
  ['UpdateItem of acme2’s usage day', { action: 'dynamodb:UpdateItem', resource: TABLE, keys: [pk(longer.usageDay('2026-12-06'))] }],
  ['UpdateItem of another store’s usage day', { action: 'dynamodb:UpdateItem', resource: TABLE, keys: [pk(other.usageDay('2026-12-06'))] }],
  ['Query on an index, another store’s partition', { action: 'dynamodb:Query', resource: GSI, keys: [other.userList] }],
  ['Query on an index, acme2’s partition', { action: 'dynamodb:Query', resource: GSI, keys: [longer.activeProducts] }],
  // One foreign key among own keys spoils the whole batch.
  ...BATCH_ACTIONS.map((action): [string, Request] => [
    `${action} with one acme2 key among own keys`,
    { action, resource: TABLE, keys: [...ownKeys, pk(longer.product('p1'))] },
  ]),
  // Keys that are not under the store's prefix, though they start with its id.
  ['GetItem of TENANT#acme (no trailing #)', { action: 'dynamodb:GetItem', resource: TABLE, keys: ['TENANT#acme'] }],
  ['GetItem of TENANT#acme2#… spelled by hand', { action: 'dynamodb:GetItem', resource: TABLE, keys: ['TENANT#acme2#PRODUCT#p1'] }],
  ['GetItem of a lower-case tenant# key', { action: 'dynamodb:GetItem', resource: TABLE, keys: ['tenant#acme#PRODUCT#p1'] }],
  // Platform records: only the API's own role reaches them.
  ...[
    pk(platformKeys.tenant('acme')),
    pk(platformKeys.domain('shop.acme.example')),
    platformKeys.tenantList,
    pk(platformKeys.operator('o1')),
    pk(sessionKeys('platform').session('s1')),
  ].flatMap((key) =>
    ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'].map((action): [string, Request] => [
      `${action} on ${key}`,
      { action, resource: TABLE, keys: [key] },
    ]),
  ),
  ['Query on an index, platform partition', { action: 'dynamodb:Query', resource: GSI, keys: [platformKeys.tenantList] }],
  // A payment pointer can be added, never read, changed or removed with a store's credentials.
  ...['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'].map((action): [string, Request] => [
    `${action} on a payment pointer`,
    { action, resource: TABLE, keys: [pk(paymentKeys.payment('pay_1'))] },
  ]),
  // Requests that carry no leading key at all: ForAllValues alone would let them through.
  ['Scan of the table', { action: 'dynamodb:Scan', resource: TABLE }],
  ['Scan of an index', { action: 'dynamodb:Scan', resource: GSI }],
  ['Query without a leading key', { action: 'dynamodb:Query', resource: TABLE }],
  ['GetItem without a leading key', { action: 'dynamodb:GetItem', resource: TABLE }],
  ['BatchWriteItem without a leading key', { action: 'dynamodb:BatchWriteItem', resource: TABLE }],
  ['PartiQL select', { action: 'dynamodb:PartiQLSelect', resource: TABLE }],
  ['PartiQL select naming own keys', { action: 'dynamodb:PartiQLSelect', resource: TABLE, keys: [own.allProducts] }],
  ['DescribeTable', { action: 'dynamodb:DescribeTable', resource: TABLE }],
  ['DeleteTable', { action: 'dynamodb:DeleteTable', resource: TABLE }],
  // Another table, even with own keys.
  [
    'GetItem on another table',
    { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/catalog-prod`, keys: [pk(own.product('p1'))] },
  ],
  // Objects outside tenants/acme/.
  ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].flatMap((action): [string, Request][] => [
    [`${action} under tenants/globex/`, { action, resource: object(`${tenantObjectPrefix(store('globex'))}products/p1/i1.png`) }],
    [`${action} under tenants/acme2/`, { action, resource: object(`${tenantObjectPrefix(store('acme2'))}products/p1/i1.png`) }],
    [`${action} under tenants/acm/`, { action, resource: object('tenants/acm/products/p1/i1.png') }],
    [`${action} of tenants/acme (no slash)`, { action, resource: object('tenants/acme') }],
    [`${action} of tenants/acme-x.png`, { action, resource: object('tenants/acme-x.png') }],
    [`${action} at the bucket's root`, { action, resource: object('acme/products/p1/i1.png') }],
    [`${action} under platform/`, { action, resource: object('platform/tenants/acme/x.png') }],
    [`${action} in another bucket, same prefix`, { action, resource: `arn:aws:s3:::catalog-prod-media-abc/tenants/acme/x.png` }],
  ]),
  ['ListBucket', { action: 's3:ListBucket', resource: BUCKET }],
];

describe.each(['dev', 'prod'] as const)('the synthesized tenant role policy in %s, evaluated', (env) => {
  const policy = resolved(
    rolePolicy(synth(envNamed(env, env === 'prod' ? { TEAM_PRINCIPAL: 'arn:aws:iam::444444444444:role/sso-engineers' } : {})), 'tenant-role-policy'),
  );

  it.each(allowed)('allows %s', async (_, request) => {
    expect(await decide(policy, request)).toBe('Allowed');
  });

  it.each(denied)('denies %s', async (_, request) => {
    expect(await decide(policy, request)).not.toBe('Allowed');
  });

  it('denies everything to credentials without the tenantId session tag', async () => {
    for (const [name, request] of allowed) expect(await decide(policy, request, null), name).not.toBe('Allowed');
  });

  it('follows the tag: acme2’s credentials reach acme2’s keys and objects, not acme’s', async () => {
    expect(await decide(policy, { action: 'dynamodb:GetItem', resource: TABLE, keys: [pk(longer.product('p1'))] }, 'acme2')).toBe('Allowed');
    expect(await decide(policy, { action: 'dynamodb:GetItem', resource: TABLE, keys: [pk(own.product('p1'))] }, 'acme2')).not.toBe('Allowed');
    expect(await decide(policy, { action: 's3:GetObject', resource: object('tenants/acme2/x.png') }, 'acme2')).toBe('Allowed');
    expect(await decide(policy, { action: 's3:GetObject', resource: object('tenants/acme/x.png') }, 'acme2')).not.toBe('Allowed');
  });
});

describe.each(['dev', 'prod'] as const)('the synthesized stream publisher policy in %s, evaluated', (env) => {
  const policy = resolved(
    rolePolicy(synth(envNamed(env, env === 'prod' ? { TEAM_PRINCIPAL: 'arn:aws:iam::444444444444:role/sso-engineers' } : {})), 'stream-publisher-role-policy'),
  );
  const stream = `${TABLE}/stream/2026-11-25T10:00:00.000`;

  it.each([
    ['GetRecords on the table’s stream', { action: 'dynamodb:GetRecords', resource: stream }],
    ['GetShardIterator on the table’s stream', { action: 'dynamodb:GetShardIterator', resource: stream }],
    ['DescribeStream on the table’s stream', { action: 'dynamodb:DescribeStream', resource: stream }],
    ['PutEvents on the platform’s bus', { action: 'events:PutEvents', resource: BUS }],
    ['SendMessage to its dead-letter queue', { action: 'sqs:SendMessage', resource: PUBLISHER_DLQ }],
    ['PutLogEvents to its own log group', { action: 'logs:PutLogEvents', resource: `${PUBLISHER_LOGS}:log-stream:x` }],
  ] as [string, Request][])('allows %s', async (_, request) => {
    expect(await decide(policy, request, null)).toBe('Allowed');
  });

  it.each([
    [
      'GetRecords on another table’s stream',
      { action: 'dynamodb:GetRecords', resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/catalog-prod/stream/2026-11-25T10:00:00.000` },
    ],
    ['GetItem of an outbox record', { action: 'dynamodb:GetItem', resource: TABLE, keys: [own.outboxPartition] }],
    ['Query of the table', { action: 'dynamodb:Query', resource: TABLE, keys: [own.outboxPartition] }],
    ['Scan of the table', { action: 'dynamodb:Scan', resource: TABLE }],
    ['DeleteItem of an outbox record', { action: 'dynamodb:DeleteItem', resource: TABLE, keys: [own.outboxPartition] }],
    ['PutEvents on the default bus', { action: 'events:PutEvents', resource: `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default` }],
    ['SendMessage to the inventory queue', { action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:catalog-dev-inventory` }],
    ['AssumeRole of the tenant role', { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/catalog-dev-tenant-data` }],
  ] as [string, Request][])('denies %s', async (_, request) => {
    expect(await decide(policy, request, null)).not.toBe('Allowed');
  });
});

/**
 * The inventory consumer's own role: the store's registry record, the tenant role for the rest,
 * its queue, and email from the one verified sender. Everything of a store goes through the
 * tenant role (evaluated above), so this role reaches no store's data itself.
 */
describe.each(['dev', 'prod'] as const)('the synthesized inventory consumer policy in %s, evaluated', (env) => {
  const policy = resolved(
    rolePolicy(synth(envNamed(env, { CATALOG_DEV_EMAIL_FROM: SENDER, CATALOG_PROD_EMAIL_FROM: SENDER })), 'inventory-consumer-role-policy'),
  );
  const as = (r: Request, extra: Record<string, string> = {}) => decide(policy, r, null, extra);
  const send = (from: string, resource = IDENTITY) => as({ action: 'ses:SendEmail', resource }, { 'ses:FromAddress': from });

  it('allows what it needs: a store’s registry record, the tenant role, its queue, SendEmail from the sender', async () => {
    expect(await as({ action: 'dynamodb:GetItem', resource: TABLE, keys: [pk(platformKeys.tenant('acme'))] })).toBe('Allowed');
    expect(await as({ action: 'sts:AssumeRole', resource: TENANT_ROLE })).toBe('Allowed');
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'])
      expect(await as({ action, resource: QUEUE }), action).toBe('Allowed');
    expect(await send(SENDER)).toBe('Allowed');
  });

  it('denies any store’s own items, other platform records, Scan, writes, other queues and other senders', async () => {
    for (const key of [
      pk(own.product('p1')),
      pk(own.user('u1')),
      own.userList,
      pk(own.notice('e1', 'u1')),
      pk(platformKeys.domain('shop.acme.example')),
      pk(platformKeys.operator('o1')),
      platformKeys.tenantList,
    ]) {
      expect(await as({ action: 'dynamodb:GetItem', resource: TABLE, keys: [key] }), key).not.toBe('Allowed');
    }
    for (const action of ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem'])
      expect(await as({ action, resource: TABLE, keys: [pk(platformKeys.tenant('acme'))] }), action).not.toBe('Allowed');
    // The emails it counts are added to the usage day items through the tenant role (allowed there, above), never with its own.
    for (const key of [pk(own.usageDay('2026-12-06')), pk(own.usageTotals)])
      expect(await as({ action: 'dynamodb:UpdateItem', resource: TABLE, keys: [key] }), key).not.toBe('Allowed');
    expect(await as({ action: 'dynamodb:Scan', resource: TABLE })).not.toBe('Allowed');
    expect(await as({ action: 'dynamodb:GetItem', resource: TABLE })).not.toBe('Allowed');
    expect(await as({ action: 'sqs:ReceiveMessage', resource: `${QUEUE}-dlq` })).not.toBe('Allowed');
    expect(await as({ action: 'sqs:SendMessage', resource: QUEUE })).not.toBe('Allowed');
    expect(await send('ceo@dev.catalog.example')).not.toBe('Allowed');
    expect(await send(SENDER, `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/catalog.example`)).not.toBe('Allowed');
    expect(await as({ action: 'ses:SendEmail', resource: IDENTITY })).not.toBe('Allowed');
  });
});

/**
 * The evaluation above proves something only if the simulator evaluates the conditions it is
 * given rather than ignoring them: each of the mistakes the policy guards against, made on
 * purpose, must let a request through that the real policy denies.
 */
describe('the simulator catches the mistakes the policy guards against', () => {
  const real = resolved(JSON.parse(JSON.stringify(tenantDataPolicy('${aws_dynamodb_table.table.arn}', '${aws_s3_bucket.media.arn}')).replaceAll('$${', '${')));
  const mutate = (edit: (json: string) => string): PolicyDocument => JSON.parse(edit(JSON.stringify(real)));

  it('without the Null guard, a Scan passes (ForAllValues of no keys is true)', async () => {
    const scan: Request = { action: 'dynamodb:Query', resource: TABLE };
    const noGuard = JSON.parse(JSON.stringify(real)) as PolicyDocument;
    delete noGuard.Statement[0]!.Condition!.Null;
    expect(await decide(real, scan)).not.toBe('Allowed');
    expect(await decide(noGuard, scan)).toBe('Allowed');
  });

  it('without the # after the tag, acme reaches acme2', async () => {
    const request: Request = { action: 'dynamodb:GetItem', resource: TABLE, keys: [pk(longer.product('p1'))] };
    expect(await decide(real, request)).not.toBe('Allowed');
    expect(
      await decide(
        mutate((j) => j.replace('TENANT#${aws:PrincipalTag/tenantId}#*', 'TENANT#${aws:PrincipalTag/tenantId}*')),
        request,
      ),
    ).toBe('Allowed');
  });

  it('with ForAnyValue instead of ForAllValues, one own key carries a foreign one', async () => {
    const request: Request = { action: 'dynamodb:BatchGetItem', resource: TABLE, keys: [pk(own.product('p1')), pk(other.product('p1'))] };
    expect(await decide(real, request)).not.toBe('Allowed');
    expect(
      await decide(
        mutate((j) => j.replace('ForAllValues:StringLike', 'ForAnyValue:StringLike')),
        request,
      ),
    ).toBe('Allowed');
  });

  it('without the tag in the S3 resource, acme reaches globex’s objects', async () => {
    const request: Request = { action: 's3:GetObject', resource: object('tenants/globex/x.png') };
    expect(await decide(real, request)).not.toBe('Allowed');
    expect(
      await decide(
        mutate((j) => j.replace('/tenants/${aws:PrincipalTag/tenantId}/*', '/tenants/*')),
        request,
      ),
    ).toBe('Allowed');
  });
});
