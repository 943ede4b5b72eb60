import { describe, expect, it } from 'vitest';
import { CACHE_CLASSES, CACHED_METHODS, EDGE_CACHE_KEY, EDGE_CACHE_RULES, edgeCacheDecision, matchesPathPattern } from '../../src/http/edge/cache-rules';
import { ORIGIN_VERIFY_HEADER } from '../../src/http/edge/origin';
import { MANAGED_ALL_VIEWER_EXCEPT_HOST, MANAGED_CACHING_DISABLED, MANAGED_RULE_GROUPS, VIEWER_REQUEST_CODE } from '../../stacks/edge';
import { envNamed, named, synth, type Synth } from './synth';

const stacks = (['dev', 'staging', 'prod'] as const).map((name) => [name, synth(envNamed(name))] as const);
const SECRET_REF = '${terraform_data.origin-verify.output.secret}';

/** The cache policy a behaviour names, or undefined for the managed CachingDisabled. */
function policyOf(s: Synth, behaviour: { cache_policy_id: string }) {
  if (behaviour.cache_policy_id === MANAGED_CACHING_DISABLED) return undefined;
  const id = /^\$\{aws_cloudfront_cache_policy\.([\w-]+)\.id\}$/.exec(behaviour.cache_policy_id)?.[1];
  return named(s, 'aws_cloudfront_cache_policy', id!);
}

/** What the synthesized distribution does with a GET of `path`, as CloudFront picks behaviours: the first pattern that matches, else the default. */
function synthesizedDecision(s: Synth, path: string) {
  const d = named(s, 'aws_cloudfront_distribution', 'api-edge');
  const behaviour = d.ordered_cache_behavior.find((b: { path_pattern: string }) => matchesPathPattern(b.path_pattern, path)) ?? d.default_cache_behavior;
  const policy = policyOf(s, behaviour);
  return policy ? { cache: true, ttl: policy.max_ttl } : { cache: false, ttl: 0 };
}

describe.each(stacks)('%s: CloudFront in front of the API', (name, s) => {
  const distribution = () => named(s, 'aws_cloudfront_distribution', 'api-edge');

  it('reaches the API on its own host over HTTPS, adding the origin-verify secret the function gets too', () => {
    const [origin] = distribution().origin;
    expect(distribution().origin).toHaveLength(1);
    expect(origin.domain_name).toBe('${aws_apigatewayv2_api.http-api.id}.execute-api.eu-west-1.amazonaws.com');
    expect(origin.custom_origin_config).toMatchObject({ origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] });
    expect(origin.custom_header).toEqual([{ name: ORIGIN_VERIFY_HEADER, value: SECRET_REF }]);
    expect(named(s, 'aws_lambda_function', 'api-function').environment.variables.ORIGIN_VERIFY_SECRET).toBe(SECRET_REF);
    // A random secret from AWS, kept across applies; never a literal in the JSON, never an output.
    expect(named(s, 'terraform_data', 'origin-verify')).toMatchObject({ lifecycle: { ignore_changes: ['input'] } });
    expect(JSON.stringify(s.output)).not.toContain('origin-verify');
    expect(name).toBeTruthy();
  });

  it('runs the viewer-request function on every behaviour, and never sends the viewer’s Host to API Gateway', () => {
    const fn = named(s, 'aws_cloudfront_function', 'edge-viewer-request');
    expect(fn).toMatchObject({ runtime: 'cloudfront-js-2.0', publish: true, code: VIEWER_REQUEST_CODE });
    for (const b of [distribution().default_cache_behavior, ...distribution().ordered_cache_behavior]) {
      expect(b.function_association).toEqual([{ event_type: 'viewer-request', function_arn: '${aws_cloudfront_function.edge-viewer-request.arn}' }]);
      expect(b.origin_request_policy_id).toBe(MANAGED_ALL_VIEWER_EXCEPT_HOST);
      expect(b.viewer_protocol_policy).toBe('redirect-to-https');
      expect(b.cached_methods).toEqual([...CACHED_METHODS]);
      expect(b.allowed_methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    }
  });

  it('has one cache behaviour per allow-list row, in order, and caches nothing by default', () => {
    const ordered = distribution().ordered_cache_behavior;
    expect(ordered.map((b: { path_pattern: string }) => b.path_pattern)).toEqual(EDGE_CACHE_RULES.map((r) => r.pattern));
    ordered.forEach((b: { cache_policy_id: string }, i: number) => {
      expect(b.cache_policy_id).toBe(`\${aws_cloudfront_cache_policy.edge-cache-${EDGE_CACHE_RULES[i]!.cacheClass}.id}`);
    });
    expect(distribution().default_cache_behavior.cache_policy_id).toBe(MANAGED_CACHING_DISABLED);
  });

  it('keys every cached answer on the Host copy, page-or-JSON, credentials, currency and the query; keeps at most the class’s TTL; nothing without Cache-Control', () => {
    for (const [className, cacheClass] of Object.entries(CACHE_CLASSES)) {
      const policy = named(s, 'aws_cloudfront_cache_policy', `edge-cache-${className}`);
      expect(policy).toMatchObject({ min_ttl: 0, default_ttl: 0, max_ttl: cacheClass.sMaxAge });
      const key = policy.parameters_in_cache_key_and_forwarded_to_origin;
      expect(key.headers_config).toEqual({ header_behavior: 'whitelist', headers: { items: [...EDGE_CACHE_KEY.headers] } });
      expect(key.headers_config.headers.items).toEqual(expect.arrayContaining(['x-forwarded-host', 'authorization']));
      expect(key.cookies_config).toEqual({ cookie_behavior: 'whitelist', cookies: { items: [...EDGE_CACHE_KEY.cookies] } });
      expect(key.cookies_config.cookies.items).toEqual(expect.arrayContaining(['currency', '__Host-session']));
      expect(key.query_strings_config).toEqual({ query_string_behavior: 'all' });
    }
  });

  it('decides as the local stand-in does, path by path', () => {
    const paths = [
      '/',
      '/p/abc',
      '/products',
      '/products/abc',
      '/categories',
      '/categories/a/b',
      '/collections/x',
      '/store',
      '/sitemap.xml',
      '/robots.txt',
      '/favicon.svg',
      '/assets/admin-1.js',
      '/admin',
      '/admin/products',
      '/platform/tenants',
      '/account',
      '/auth/session',
      '/cart',
      '/checkout',
      '/wishlist',
      '/orders/1',
      '/health',
      '/openapi.json',
      '/media/tenants/a/products/p/i.png',
      '/storefront',
    ];
    for (const path of paths) {
      const local = edgeCacheDecision({ method: 'GET', path, headers: { host: 'alpha.test' } });
      expect(synthesizedDecision(s, path), path).toEqual({ cache: local.cache, ttl: local.ttl });
    }
  });
});

describe.each(stacks)('%s: WAF in front of the edge', (name, s) => {
  const acl = () => named(s, 'aws_wafv2_web_acl', 'edge-waf');
  const rule = (ruleName: string) => acl().rule.find((r: { name: string }) => r.name === ruleName);
  const env = envNamed(name);

  it('is a CLOUDFRONT web ACL in us-east-1 (a provider alias), attached to the distribution', () => {
    expect(acl()).toMatchObject({ scope: 'CLOUDFRONT', provider: 'aws.us_east_1', default_action: { allow: {} } });
    expect(JSON.parse(s.json).provider.aws).toEqual(expect.arrayContaining([expect.objectContaining({ alias: 'us_east_1', region: 'us-east-1' })]));
    expect(named(s, 'aws_cloudfront_distribution', 'api-edge').web_acl_id).toBe('${aws_wafv2_web_acl.edge-waf.arn}');
  });

  it('runs the managed groups first, blocking, with only the body-size and no-User-Agent rules counted', () => {
    MANAGED_RULE_GROUPS.forEach((group, i) => {
      expect(rule(group.name)).toMatchObject({
        priority: i,
        override_action: { none: {} },
        statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: group.name } },
      });
    });
    expect(rule('AWSManagedRulesCommonRuleSet').statement.managed_rule_group_statement.rule_action_override).toEqual([
      { name: 'SizeRestrictions_BODY', action_to_use: { count: {} } },
      { name: 'NoUserAgent_HEADER', action_to_use: { count: {} } },
    ]);
  });

  it('caps each store by its Host and each client by its address, per minute, from the configuration, with a 429', () => {
    expect(rule('per-store-rate')).toMatchObject({
      priority: MANAGED_RULE_GROUPS.length,
      action: { block: { custom_response: { response_code: 429, response_header: [{ name: 'retry-after', value: '60' }] } } },
      statement: {
        rate_based_statement: {
          limit: env.edgeLimits.perStorePerMinute,
          evaluation_window_sec: 60,
          aggregate_key_type: 'CUSTOM_KEYS',
          custom_key: [{ header: { name: 'host', text_transformation: [{ priority: 0, type: 'LOWERCASE' }] } }],
        },
      },
    });
    expect(rule('per-address-rate')).toMatchObject({
      action: { block: { custom_response: { response_code: 429 } } },
      statement: { rate_based_statement: { limit: env.edgeLimits.perAddressPerMinute, evaluation_window_sec: 60, aggregate_key_type: 'IP' } },
    });
    const body = JSON.parse(acl().custom_response_body[0].content);
    expect(body).toMatchObject({ status: 429, title: expect.any(String) });
  });

  it('logs only what it blocked or counted, to an aws-waf-logs- group in us-east-1', () => {
    const logs = named(s, 'aws_cloudwatch_log_group', 'edge-waf-logs');
    expect(logs).toMatchObject({ provider: 'aws.us_east_1', retention_in_days: env.logRetentionDays });
    expect(logs.name).toMatch(/^aws-waf-logs-/);
    const logging = named(s, 'aws_wafv2_web_acl_logging_configuration', 'edge-waf-logging');
    expect(logging).toMatchObject({ provider: 'aws.us_east_1', resource_arn: '${aws_wafv2_web_acl.edge-waf.arn}' });
    expect(logging.logging_filter.default_behavior).toBe('DROP');
    expect(logging.logging_filter.filter[0].condition).toEqual([{ action_condition: { action: 'BLOCK' } }, { action_condition: { action: 'COUNT' } }]);
  });
});
