import { describe, expect, it } from 'vitest';
import { envNamed, MANIFESTS, named, only, synth, type Synth } from './synth';

const stacks: Record<'dev' | 'staging' | 'prod', Synth> = {
  dev: synth(envNamed('dev')),
  staging: synth(envNamed('staging')),
  prod: synth(envNamed('prod')),
};
const withPlatformDomain = (['dev', 'staging', 'prod'] as const).map((name) =>
  synth(envNamed(name, { [`CATALOG_${name.toUpperCase()}_PLATFORM_DOMAIN`]: `${name}.shops.example.com=Z0123456789ABC` })),
);

const BUCKET = '${aws_s3_bucket.media.arn}';
const DISTRIBUTION = '${aws_cloudfront_distribution.media-cdn.arn}';
type BucketStatement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
};

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
const list = (value: string | string[]) => [value].flat();

/**
 * Whether the media bucket's policy lets a principal GET a key, as S3 decides: some Allow for the
 * principal matches (its conditions met by `context`) and no Deny does. In an S3 ARN `*` matches `/` too.
 */
function bucketAllows(statements: BucketStatement[], principal: unknown, key: string, context: Record<string, string>) {
  const resource = `${BUCKET}/${key}`;
  const applies = (st: BucketStatement) =>
    (st.Principal === '*' || JSON.stringify(st.Principal) === JSON.stringify(principal)) &&
    list(st.Action).some((a) => glob(a).test('s3:GetObject')) &&
    list(st.Resource).some((r) => glob(r).test(resource));
  const met = (st: BucketStatement) =>
    Object.entries(st.Condition ?? {}).every(([operator, pairs]) =>
      Object.entries(pairs).every(([name, value]) =>
        operator === 'StringEquals' ? context[name] === value : operator === 'Bool' ? context[name] === value : false,
      ),
    );
  return statements.some((st) => st.Effect === 'Allow' && applies(st) && met(st)) && !statements.some((st) => st.Effect === 'Deny' && applies(st) && met(st));
}

describe.each(Object.entries(stacks))('%s: product images through CloudFront', (name, s) => {
  const policy = (): BucketStatement[] => JSON.parse(named(s, 'aws_s3_bucket_policy', 'media-policy').policy).Statement;
  const cloudfront = { Service: 'cloudfront.amazonaws.com' };
  const viaOurDistribution = { 'AWS:SourceArn': DISTRIBUTION, 'aws:SecureTransport': 'true' };

  it('reads the bucket with origin access control (SigV4), not an origin access identity', () => {
    const distribution = named(s, 'aws_cloudfront_distribution', 'media-cdn');
    expect(distribution.origin).toEqual([
      expect.objectContaining({
        domain_name: '${aws_s3_bucket.media.bucket_regional_domain_name}',
        origin_access_control_id: '${aws_cloudfront_origin_access_control.media-oac.id}',
      }),
    ]);
    expect(distribution.origin[0].s3_origin_config).toBeUndefined();
    expect(s.resource.aws_cloudfront_origin_access_identity).toBeUndefined();
    expect(only(s, 'aws_cloudfront_origin_access_control')).toMatchObject({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
  });

  it('answers with nosniff and a locked-down CSP, over HTTPS only, caching by path alone', () => {
    const behavior = named(s, 'aws_cloudfront_distribution', 'media-cdn').default_cache_behavior;
    expect(behavior).toMatchObject({
      viewer_protocol_policy: 'redirect-to-https',
      allowed_methods: ['GET', 'HEAD'],
      response_headers_policy_id: '${aws_cloudfront_response_headers_policy.media-headers-policy.id}',
      cache_policy_id: '${aws_cloudfront_cache_policy.media-cache-policy.id}',
    });
    const headers = only(s, 'aws_cloudfront_response_headers_policy').security_headers_config;
    expect(headers.content_type_options).toEqual({ override: true });
    expect(headers.content_security_policy).toEqual({ content_security_policy: "default-src 'none'; sandbox", override: true });
    const cache = named(s, 'aws_cloudfront_cache_policy', 'media-cache-policy');
    expect(cache.default_ttl).toBeGreaterThan(0);
    expect(cache.parameters_in_cache_key_and_forwarded_to_origin).toMatchObject({
      cookies_config: { cookie_behavior: 'none' },
      headers_config: { header_behavior: 'none' },
      query_strings_config: { query_string_behavior: 'none' },
    });
  });

  it('lets the distribution read product images and nothing else, and no one else read anything', () => {
    const statements = policy();
    const grants = statements.filter((st) => st.Effect === 'Allow');
    expect(grants).toEqual([
      {
        Sid: 'CloudFrontReadsProductImages',
        Effect: 'Allow',
        Principal: cloudfront,
        Action: 's3:GetObject',
        Resource: `${BUCKET}/tenants/*/products/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': DISTRIBUTION } },
      },
    ]);
    expect(bucketAllows(statements, cloudfront, 'tenants/acme/products/0b0e9c3e/4f7a.png', viaOurDistribution)).toBe(true);
    for (const key of [
      'tenants/acme/invoices/2025-001.pdf',
      'tenants/acme/exports/products/all.csv',
      'tenants/acme/imports/x/products/y.csv',
      'tenants/acme/products.csv',
      'private/tenants/acme/products/p/i.png',
      'other/acme/products/p/i.png',
    ]) {
      expect(bucketAllows(statements, cloudfront, key, viaOurDistribution), key).toBe(false);
    }
    // Another distribution (someone else's account, same service principal) gets nothing.
    expect(
      bucketAllows(statements, cloudfront, 'tenants/acme/products/p/i.png', {
        'AWS:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/EOTHER',
        'aws:SecureTransport': 'true',
      }),
    ).toBe(false);
    expect(bucketAllows(statements, '*', 'tenants/acme/products/p/i.png', viaOurDistribution)).toBe(false);
    // The public access block stays fully on: the grant is to a service with a fixed SourceArn, not public.
    expect(named(s, 'aws_s3_bucket_public_access_block', 'media-public-access')).toMatchObject({ block_public_policy: true, restrict_public_buckets: true });
  });

  it('tells the API where images are: MEDIA_BASE_URL is the distribution', () => {
    expect(named(s, 'aws_lambda_function', 'api-function').environment.variables.MEDIA_BASE_URL).toBe(
      'https://${aws_cloudfront_distribution.media-cdn.domain_name}',
    );
    expect(s.output.media_base_url!.value).toBe('https://${aws_cloudfront_distribution.media-cdn.domain_name}');
    expect(name).toBeTruthy();
  });

  it("lets the pages' CSP reach the bucket that presigned uploads go to", () => {
    const variables = named(s, 'aws_lambda_function', 'api-function').environment.variables;
    expect(variables.MEDIA_ORIGINS).toMatch(/^https:\/\/\$\{aws_s3_bucket\.[\w-]+\.bucket\}\.s3\.[a-z0-9-]+\.amazonaws\.com$/);
  });
});

describe('media bucket CORS', () => {
  const origins = (s: Synth): string[] =>
    Object.values(s.resource.aws_s3_bucket_cors_configuration ?? {}).flatMap((c) =>
      c.cors_rule.flatMap((r: { allowed_origins: string[] }) => r.allowed_origins),
    );

  it('never allows any origin, in any environment, with or without a platform domain', () => {
    for (const s of [...Object.values(stacks), ...withPlatformDomain]) {
      for (const origin of origins(s)) {
        expect(origin).not.toBe('*');
        expect(origin).not.toBe('https://*');
        expect(origin).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      }
    }
  });

  it('allows the stores’ domains, the platform domain and its wildcard store domain, and nothing without them', () => {
    expect(origins(stacks.dev)).toEqual([]);
    expect(origins(stacks.prod).sort()).toEqual(
      MANIFESTS.flatMap((m) => m.domains)
        .filter((d) => !d.endsWith('.localhost'))
        .map((d) => `https://${d}`)
        .sort(),
    );
    const [dev, , prod] = withPlatformDomain;
    expect(origins(dev!)).toEqual(['https://dev.shops.example.com', 'https://*.dev.shops.example.com']);
    expect(origins(prod!)).toEqual(expect.arrayContaining(['https://prod.shops.example.com', 'https://*.prod.shops.example.com', 'https://shop.acme.example']));
    const rule = only(prod!, 'aws_s3_bucket_cors_configuration').cors_rule[0];
    expect(rule.allowed_methods).toEqual(expect.arrayContaining(['POST', 'GET']));
  });
});
