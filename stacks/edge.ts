import { readFileSync } from 'node:fs';
import { DataResource, Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { CACHE_CLASSES, CACHED_METHODS, EDGE_CACHE_KEY, EDGE_CACHE_RULES, type CacheClassName } from '../src/http/edge/cache-rules';
import { ORIGIN_VERIFY_HEADER } from '../src/http/edge/origin';
import type { Environment } from './config';

/**
 * CloudFront's managed policies (the same ids in every account): nothing cached, and every viewer
 * header, cookie and query string forwarded except Host, which must stay API Gateway's own.
 * With caching disabled, that policy forwards Authorization too (AWS: "CloudFront authorization
 * header", knowledge center).
 */
export const MANAGED_CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
export const MANAGED_ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** The viewer-request function, read as written (test/unit/http/edge-cache-rules.test.ts runs the same file). */
export const VIEWER_REQUEST_CODE = readFileSync(new URL('./edge-viewer-request.js', import.meta.url), 'utf8');

const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];

/**
 * AWS managed rule groups on the edge, and why each. Block unless said: their false positives
 * are rare on a JSON API. Two of Common's rules count instead: the body-size one blocks bodies
 * over 8 KiB, and the API takes up to MAX_BODY_BYTES (64 KiB) on purpose (the app answers 413 past
 * that); the no-User-Agent one would refuse stores' own scripts and integrations, which are API
 * clients, not browsers.
 */
export const MANAGED_RULE_GROUPS = [
  // OWASP-style generic protections (bad bots' user agents, path traversal, XSS in query strings …).
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY', 'NoUserAgent_HEADER'] },
  // Request patterns of known exploits (Log4j, Java deserialisation, localhost Host headers …).
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: [] },
  // Addresses Amazon's threat intelligence lists as bots and attackers: cheap to refuse early.
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: [] },
] as const;

/** What WAF answers a rate-limited request with: the app's own 429 shape (problem details, Retry-After). */
export const RATE_LIMITED_BODY_KEY = 'rate-limited';
const RATE_LIMITED_BODY = JSON.stringify({
  type: 'https://catalog.example/problems/rate-limited',
  title: 'Too many requests',
  status: 429,
  detail: 'Too many requests to this store or from this address; try again in a minute.',
});
const rateLimited = {
  block: { customResponse: { responseCode: 429, customResponseBodyKey: RATE_LIMITED_BODY_KEY, responseHeader: [{ name: 'retry-after', value: '60' }] } },
};

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

/**
 * The WAF rules, in priority order: managed groups first (a known attack is refused before it is
 * counted against anyone's rate), then a rate per Host (one store's domain: a flood on one store
 * stops before it eats the shared stage throttle and reserved concurrency), then a rate per
 * client address. Statements are in Terraform's block shape (the provider leaves them untyped).
 */
export function wafRules(prefix: string, limits: Environment['edgeLimits']): Wafv2WebAclRule[] {
  const managed = MANAGED_RULE_GROUPS.map(
    (group, i): Wafv2WebAclRule => ({
      name: group.name,
      priority: i,
      overrideAction: { none: {} },
      statement: {
        managed_rule_group_statement: {
          vendor_name: 'AWS',
          name: group.name,
          rule_action_override: group.countOnly.map((name) => ({ name, action_to_use: { count: {} } })),
        },
      },
      visibilityConfig: visibility(`${prefix}-${group.name}`),
    }),
  );
  return [
    ...managed,
    {
      name: 'per-store-rate',
      priority: managed.length,
      action: rateLimited,
      statement: {
        rate_based_statement: {
          limit: limits.perStorePerMinute,
          evaluation_window_sec: 60,
          aggregate_key_type: 'CUSTOM_KEYS',
          // The viewer's Host, as the app resolves the store from it (lower case, as DNS names are).
          custom_key: [{ header: { name: 'host', text_transformation: [{ priority: 0, type: 'LOWERCASE' }] } }],
        },
      },
      visibilityConfig: visibility(`${prefix}-per-store-rate`),
    },
    {
      name: 'per-address-rate',
      priority: managed.length + 1,
      action: rateLimited,
      statement: { rate_based_statement: { limit: limits.perAddressPerMinute, evaluation_window_sec: 60, aggregate_key_type: 'IP' } },
      visibilityConfig: visibility(`${prefix}-per-address-rate`),
    },
  ];
}

/**
 * CloudFront in front of the HTTP API (docs/architecture.md, "The edge"): public catalog reads
 * cached per store for a short time by the behaviours EDGE_CACHE_RULES lists (the app's
 * Cache-Control comes from the same table), everything else passed through uncached; the
 * viewer's Host forwarded as X-Forwarded-Host, believed by the app only with the origin-verify
 * secret this distribution adds; WAF (scope CLOUDFRONT, so in us-east-1) in front of it all.
 */
export function apiEdge(scope: Construct, props: { env: Environment; prefix: string; apiId: string; priceClass: string }) {
  const { env, prefix } = props;

  // WAF for CloudFront lives in us-east-1 whatever the stack's region.
  const usEast1 = new AwsProvider(scope, 'aws-us-east-1', {
    alias: 'us_east_1',
    region: 'us-east-1',
    ...(env.accountId ? { allowedAccountIds: [env.accountId] } : {}),
    defaultTags: [{ tags: { project: 'catalog-platform', environment: env.name } }],
  });

  // Random from AWS at the first apply, then kept (its input is ignored afterwards), like the cursor
  // key: in the encrypted state, the distribution's origin and the function's configuration only.
  const seed = new DataAwsSecretsmanagerRandomPassword(scope, 'origin-verify-seed', { passwordLength: 48, excludePunctuation: true });
  const kept = new DataResource(scope, 'origin-verify', { input: { secret: seed.randomPassword }, lifecycle: { ignoreChanges: ['input'] } });
  const originVerifySecret = Fn.lookup(kept.output, 'secret');

  const viewerRequest = new CloudfrontFunction(scope, 'edge-viewer-request', {
    name: `${prefix}-edge-viewer-request`,
    comment: "Copies the viewer's Host and address for the origin; page or JSON for the cache key",
    runtime: 'cloudfront-js-2.0',
    publish: true,
    code: VIEWER_REQUEST_CODE,
  });

  const policies = new Map<CacheClassName, CloudfrontCachePolicy>();
  for (const [name, cacheClass] of Object.entries(CACHE_CLASSES) as [CacheClassName, (typeof CACHE_CLASSES)[CacheClassName]][]) {
    policies.set(
      name,
      new CloudfrontCachePolicy(scope, `edge-cache-${name}`, {
        name: `${prefix}-edge-${name}`,
        comment: cacheClass.comment,
        // The app's Cache-Control decides within [0, max]; without one, nothing is kept.
        minTtl: 0,
        defaultTtl: 0,
        maxTtl: cacheClass.sMaxAge,
        parametersInCacheKeyAndForwardedToOrigin: {
          headersConfig: { headerBehavior: 'whitelist', headers: { items: [...EDGE_CACHE_KEY.headers] } },
          cookiesConfig: { cookieBehavior: 'whitelist', cookies: { items: [...EDGE_CACHE_KEY.cookies] } },
          queryStringsConfig: { queryStringBehavior: EDGE_CACHE_KEY.queryStrings },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      }),
    );
  }

  const acl = new Wafv2WebAcl(scope, 'edge-waf', {
    provider: usEast1,
    name: `${prefix}-edge`,
    description: `Managed rules and per-store and per-address rates in front of ${prefix}`,
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    customResponseBody: [{ key: RATE_LIMITED_BODY_KEY, content: RATE_LIMITED_BODY, contentType: 'APPLICATION_JSON' }],
    rule: wafRules(prefix, env.edgeLimits),
    visibilityConfig: visibility(`${prefix}-edge`),
  });
  // Only what WAF blocked or counted is logged: a few lines a day unless under attack (CloudWatch
  // Logs ingestion is the cost). The group's name must begin with aws-waf-logs-.
  const wafLogs = new CloudwatchLogGroup(scope, 'edge-waf-logs', {
    provider: usEast1,
    name: `aws-waf-logs-${prefix}`,
    retentionInDays: env.logRetentionDays,
  });
  new Wafv2WebAclLoggingConfiguration(scope, 'edge-waf-logging', {
    provider: usEast1,
    resourceArn: acl.arn,
    logDestinationConfigs: [wafLogs.arn],
    loggingFilter: {
      defaultBehavior: 'DROP',
      filter: [
        {
          behavior: 'KEEP',
          requirement: 'MEETS_ANY',
          condition: [{ actionCondition: { action: 'BLOCK' } }, { actionCondition: { action: 'COUNT' } }],
        },
      ],
    },
  });

  // The platform's wildcard store domain, `<slug>.<platform domain>`, is served here: its
  // certificate must be in us-east-1 for CloudFront, and its DNS points at the distribution.
  const wildcard = env.platformDomain ? `*.${env.platformDomain.name}` : undefined;
  let viewerCertificate: { cloudfrontDefaultCertificate: true } | { acmCertificateArn: string; sslSupportMethod: string; minimumProtocolVersion: string } = {
    cloudfrontDefaultCertificate: true,
  };
  if (env.platformDomain && wildcard) {
    const certificate = new AcmCertificate(scope, 'edge-cert', {
      provider: usEast1,
      domainName: wildcard,
      validationMethod: 'DNS',
      lifecycle: { createBeforeDestroy: true },
    });
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(scope, 'edge-cert-record', {
      zoneId: env.platformDomain.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(scope, 'edge-cert-validation', {
      provider: usEast1,
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
    });
    viewerCertificate = { acmCertificateArn: validation.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' };
  }

  const originId = 'api';
  const behaviour = (cachePolicyId: string) => ({
    targetOriginId: originId,
    viewerProtocolPolicy: 'redirect-to-https',
    // Writes pass through every behaviour; only GET and HEAD answers are ever kept.
    allowedMethods: ALL_METHODS,
    cachedMethods: [...CACHED_METHODS],
    compress: true,
    cachePolicyId,
    originRequestPolicyId: MANAGED_ALL_VIEWER_EXCEPT_HOST,
    functionAssociation: [{ eventType: 'viewer-request', functionArn: viewerRequest.arn }],
  });
  const distribution = new CloudfrontDistribution(scope, 'api-edge', {
    enabled: true,
    comment: `${prefix} API and storefronts`,
    httpVersion: 'http2and3',
    isIpv6Enabled: true,
    priceClass: props.priceClass,
    webAclId: acl.arn,
    origin: [
      {
        originId,
        // The API's own host: API Gateway routes on it, which is why the viewer's Host travels as a copy.
        domainName: `${props.apiId}.execute-api.${env.region}.amazonaws.com`,
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'], originReadTimeout: 30 },
        customHeader: [{ name: ORIGIN_VERIFY_HEADER, value: originVerifySecret }],
      },
    ],
    // Default deny: whatever no row of the allow list names is never cached.
    defaultCacheBehavior: behaviour(MANAGED_CACHING_DISABLED),
    orderedCacheBehavior: EDGE_CACHE_RULES.map((rule) => ({ pathPattern: rule.pattern, ...behaviour(policies.get(rule.cacheClass)!.id) })),
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    ...(wildcard ? { aliases: [wildcard] } : {}),
    viewerCertificate,
  });
  if (env.platformDomain && wildcard) {
    for (const type of ['A', 'AAAA']) {
      new Route53Record(scope, `edge-alias-${type.toLowerCase()}`, {
        zoneId: env.platformDomain.zoneId,
        name: wildcard,
        type,
        alias: { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
      });
    }
  }

  return { distribution, originVerifySecret, url: `https://${distribution.domainName}` };
}
