/**
 * What an environment costs per month when nobody uses it, from its synthesized Terraform JSON
 * and the list prices of docs/prices.json (src/costs/prices.ts). Every resource type the stacks
 * can synthesize is classified here: priced at idle (with how many units it bills), or free at
 * idle (and why). test/stacks/idle-cost.test.ts fails on a type missing here and on a doc whose
 * figures differ from the computation (docs/deploy.md, "What it costs at idle").
 */
import { costOf, type PriceName } from '../src/costs/prices';

type Resource = Record<string, unknown>;
/** The synthesized stack: resources by type, then by id. */
export type SynthesizedResources = Record<string, Record<string, Resource>>;

/**
 * What cannot be read from the JSON: how much the account's own activity bills the services
 * that charge per event even with no customer. Stated in the doc beside the figures.
 */
export const IDLE_ASSUMPTIONS = {
  /** An idle account still records management events: AWS's own service calls, the pipeline's plans and applies. */
  managementEventsPerMonth: 100_000,
  /** Security Hub's default standards re-check each resource about daily: roughly 150 resources × 2 standards × 30 days. */
  securityHubChecksPerMonth: 10_000,
  /** A Lambda SQS event source mapping long-polls an empty queue with 5 pollers, one 20 s receive each at a time. */
  sqsPollersPerMapping: 5,
  /** An EventBridge Pipe with an SQS source long-polls it too; one poller while the queue is empty. */
  sqsPollersPerPipe: 1,
  sqsLongPollSeconds: 20,
  /** A scheduled function's run with nothing to do (the reservation sweeper over idle stores): its billed time and memory. */
  scheduledRunSeconds: 0.2,
  scheduledRunMemoryGb: 0.25,
} as const;

const SECONDS_PER_MONTH = 30 * 24 * 3600;

/** How often a month's schedule fires: `rate(N minute[s]|hour[s]|day[s])`; rules without a schedule fire only on events. */
function runsPerMonth(rules: Record<string, Resource>): number {
  const seconds = { minute: 60, hour: 3600, day: 86_400 } as const;
  let runs = 0;
  for (const rule of Object.values(rules)) {
    const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(String(rule.schedule_expression ?? ''));
    if (rate) runs += SECONDS_PER_MONTH / (Number(rate[1]) * seconds[rate[2] as keyof typeof seconds]);
    else if (rule.schedule_expression !== undefined) throw new Error(`no idle cost for the schedule ${String(rule.schedule_expression)}`);
  }
  return runs;
}

export type IdleRule = { item: string; price: PriceName; units: (resources: Record<string, Resource>) => number } | { free: string };

const count = (resources: Record<string, Resource>) => Object.keys(resources).length;
/** A web ACL's rules, written as blocks (`rule`) or as one JSON document (`rule_json`). */
const rulesOf = (acl: Resource) => (typeof acl.rule_json === 'string' ? (JSON.parse(acl.rule_json) as unknown[]).length : [acl.rule ?? []].flat().length);

/** Every resource type of the stacks, priced at idle or free at idle (and why). */
export const IDLE_RULES: Record<string, IdleRule> = {
  aws_cloudwatch_metric_alarm: { item: 'CloudWatch alarms', price: 'cloudwatch.alarm', units: count },
  aws_cloudwatch_dashboard: { item: 'CloudWatch dashboards', price: 'cloudwatch.dashboard', units: count },
  aws_kms_key: { item: 'KMS customer managed keys', price: 'kms.key', units: count },
  aws_secretsmanager_secret: { item: 'Secrets Manager secrets', price: 'secretsmanager.secret', units: count },
  aws_route53_zone: { item: 'Route 53 hosted zones', price: 'route53.zone', units: count },
  aws_wafv2_web_acl: { item: 'WAF web ACLs', price: 'waf.webAcl', units: count },
  // Each rule of a web ACL bills as one (a managed rule group counts as one rule).
  'aws_wafv2_web_acl#rules': {
    item: 'WAF rules',
    price: 'waf.rule',
    units: (acls) => Object.values(acls).reduce((n, acl) => n + rulesOf(acl), 0),
  },
  // Scheduled rules invoke their function whether anyone shops or not.
  'aws_cloudwatch_event_rule#schedule-requests': { item: 'Lambda requests of scheduled functions', price: 'lambda.requests', units: runsPerMonth },
  'aws_cloudwatch_event_rule#schedule-compute': {
    item: 'Lambda compute of scheduled functions (arm64)',
    price: 'lambda.arm64.gbSecond',
    units: (rules) => runsPerMonth(rules) * IDLE_ASSUMPTIONS.scheduledRunSeconds * IDLE_ASSUMPTIONS.scheduledRunMemoryGb,
  },
  aws_lambda_event_source_mapping: {
    item: 'SQS receives of the idle queue’s Lambda pollers',
    price: 'sqs.requests',
    // Only SQS mappings poll at a cost: Lambda reads DynamoDB streams for free.
    units: (mappings) =>
      Object.values(mappings).filter((m) => String(m.event_source_arn).includes('aws_sqs_queue.')).length *
      IDLE_ASSUMPTIONS.sqsPollersPerMapping *
      (SECONDS_PER_MONTH / IDLE_ASSUMPTIONS.sqsLongPollSeconds),
  },
  aws_pipes_pipe: {
    item: 'SQS receives of the idle inbox’s pipe poller',
    price: 'sqs.requests',
    units: (pipes) =>
      Object.values(pipes).filter((p) => String(p.source).includes('aws_sqs_queue.')).length *
      IDLE_ASSUMPTIONS.sqsPollersPerPipe *
      (SECONDS_PER_MONTH / IDLE_ASSUMPTIONS.sqsLongPollSeconds),
  },
  aws_guardduty_detector: {
    item: 'GuardDuty (CloudTrail management events analysed)',
    price: 'guardduty.cloudtrail.events',
    units: (detectors) => (count(detectors) > 0 ? IDLE_ASSUMPTIONS.managementEventsPerMonth : 0),
  },
  aws_securityhub_account: {
    item: 'Security Hub security checks',
    price: 'securityhub.checks',
    units: (hubs) => (count(hubs) > 0 ? IDLE_ASSUMPTIONS.securityHubChecksPerMonth : 0),
  },
  aws_wafv2_web_acl_logging_configuration: { free: 'WAF logs are billed per GB delivered: none at idle' },
  aws_wafv2_web_acl_association: { free: 'configuration' },
  aws_wafv2_ip_set: { free: 'IP sets are free; the rule that uses one is billed with its web ACL' },
  aws_wafv2_rule_group: { free: 'billed as one rule of the web ACL that uses it' },
  aws_secretsmanager_secret_version: { free: 'billed with its secret' },
  aws_ssm_parameter: { free: 'standard parameters are free' },
  aws_cloudtrail: { free: 'the first copy of management events is free; its bucket holds kilobytes a day at idle' },
  aws_acm_certificate: { free: 'public certificates used by API Gateway or CloudFront are free' },
  aws_acm_certificate_validation: { free: 'no resource of its own' },
  aws_apigatewayv2_api: { free: 'billed per request' },
  aws_apigatewayv2_api_mapping: { free: 'part of the custom domain' },
  aws_apigatewayv2_domain_name: { free: 'custom domains of an HTTP API are free; requests are billed' },
  aws_apigatewayv2_integration: { free: 'billed per request' },
  aws_apigatewayv2_route: { free: 'billed per request' },
  aws_apigatewayv2_stage: { free: 'billed per request; its access logs only when there are requests' },
  aws_cloudfront_cache_policy: { free: 'configuration' },
  aws_cloudfront_distribution: { free: 'billed per request and byte out' },
  aws_cloudfront_function: { free: 'billed per invocation' },
  aws_cloudfront_origin_access_control: { free: 'configuration' },
  aws_cloudfront_origin_request_policy: { free: 'configuration' },
  aws_cloudfront_response_headers_policy: { free: 'configuration' },
  aws_cloudwatch_event_archive: { free: 'billed per GB of events archived and stored: none at idle' },
  aws_cloudwatch_event_bus: { free: 'billed per event published' },
  aws_cloudwatch_event_rule: { free: 'rules are free; events on the custom bus are billed per use, and scheduled runs above' },
  aws_cloudwatch_event_target: { free: 'configuration' },
  aws_cloudwatch_log_group: { free: 'billed per GB ingested and stored: nothing writes at idle (no scheduled function)' },
  aws_cloudwatch_log_metric_filter: { free: 'its metric is published only when log lines arrive' },
  aws_codedeploy_app: { free: 'CodeDeploy to Lambda is free' },
  aws_codedeploy_deployment_group: { free: 'CodeDeploy to Lambda is free' },
  aws_cognito_user_group: { free: 'configuration' },
  aws_cognito_user_pool: { free: 'billed per monthly active user (threat protection too): none at idle' },
  aws_cognito_user_pool_client: { free: 'configuration' },
  aws_dynamodb_table: { free: 'on demand: billed per request; storage and backups grow with data (first 25 GB stored free)' },
  aws_iam_role: { free: 'IAM is free' },
  aws_iam_role_policy: { free: 'IAM is free' },
  aws_iam_policy: { free: 'IAM is free' },
  aws_lambda_alias: { free: 'configuration' },
  aws_lambda_function: { free: 'billed per request and GB-second; no provisioned concurrency' },
  aws_lambda_function_event_invoke_config: { free: 'configuration' },
  aws_lambda_permission: { free: 'configuration' },
  aws_route53_record: { free: 'records in zones the account already has; alias queries to AWS resources are free' },
  aws_s3_bucket: { free: 'billed per GB stored and request: empty at idle' },
  aws_s3_bucket_cors_configuration: { free: 'configuration' },
  aws_s3_bucket_lifecycle_configuration: { free: 'configuration' },
  aws_s3_bucket_policy: { free: 'configuration' },
  aws_s3_bucket_public_access_block: { free: 'configuration' },
  aws_s3_bucket_server_side_encryption_configuration: { free: 'SSE-S3 is free' },
  aws_s3_bucket_versioning: { free: 'old versions are billed as storage: none at idle' },
  aws_sesv2_email_identity: { free: 'billed per email sent' },
  aws_sns_topic: { free: 'billed per notification: none while no alarm changes state' },
  aws_sns_topic_subscription: { free: 'billed per notification' },
  aws_sqs_queue: { free: 'billed per request: the pollers are counted with their event source mapping' },
  aws_sqs_queue_policy: { free: 'configuration' },
  aws_ssoadmin_permission_set: { free: 'IAM Identity Center is free' },
  aws_ssoadmin_permission_set_inline_policy: { free: 'IAM Identity Center is free' },
  terraform_data: { free: 'Terraform’s own, no AWS resource' },
};

export type IdleLine = { item: string; price: PriceName; units: number; usd: number };

/** The types of a stack that no rule classifies (each must get one before it can be costed). */
export function unclassified(resources: SynthesizedResources): string[] {
  return Object.keys(resources).filter((type) => !(type in IDLE_RULES));
}

/** The billed lines at idle, every priced rule included (zero where the stack has none), and their total. */
export function idleCost(resources: SynthesizedResources): { lines: IdleLine[]; total: number } {
  const missing = unclassified(resources);
  if (missing.length > 0) throw new Error(`no idle cost rule for ${missing.join(', ')} in stacks/idle-cost.ts`);
  const lines: IdleLine[] = [];
  for (const [key, rule] of Object.entries(IDLE_RULES)) {
    if ('free' in rule) continue;
    const type = key.split('#')[0]!;
    const units = rule.units(resources[type] ?? {});
    lines.push({ item: rule.item, price: rule.price, units, usd: costOf(rule.price, units) });
  }
  return { lines, total: lines.reduce((sum, l) => sum + l.usd, 0) };
}
