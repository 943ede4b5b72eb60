import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { environments, EnvironmentSchema } from '../../stacks/config';
import { domainId } from '../../stacks/domains';
import { readManifests, storeDomains, zoneFor } from '../../stacks/tenants';
import { envNamed, MANIFESTS, named, synth } from './synth';

describe('environment configuration', () => {
  it('has dev, staging and prod, valid with no variables set (a clean clone synthesizes)', () => {
    expect(environments({}).map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    for (const env of environments({})) expect(env.state).toBeUndefined();
  });

  it('refuses an invalid configuration, naming the environment and the field', () => {
    expect(v.safeParse(EnvironmentSchema, { ...envNamed('dev'), logRetentionDays: 3 }).success).toBe(false);
    expect(v.safeParse(EnvironmentSchema, { ...envNamed('dev'), reservedConcurrency: 0 }).success).toBe(false);
    expect(v.safeParse(EnvironmentSchema, { ...envNamed('dev'), unknownSetting: true }).success).toBe(false);
    expect(() => environments({ CATALOG_PROD_ACCOUNT_ID: 'abc' })).toThrow(/environment prod: accountId/);
    expect(() => environments({ CATALOG_PROD_HOSTED_ZONES: 'acme.example=not-a-zone' })).toThrow(/environment prod: hostedZones/);
    expect(() => environments({ TEAM_PRINCIPAL: 'someone' })).toThrow(/teamPrincipal/);
  });

  it('reads accounts, zones, platform domain, team principal and alarm e-mail per environment', () => {
    const prod = envNamed('prod', {
      CATALOG_PROD_ACCOUNT_ID: '222222222222',
      CATALOG_PROD_HOSTED_ZONES: 'acme.example=Z0ACME, example.org=Z0ORG',
      CATALOG_PROD_PLATFORM_DOMAIN: 'shops.example.com=Z0SHOPS',
      CATALOG_PROD_ALARM_EMAIL: 'oncall@example.com',
      TEAM_PRINCIPAL: '333333333333',
    });
    expect(prod).toMatchObject({
      accountId: '222222222222',
      hostedZones: [
        { name: 'acme.example', id: 'Z0ACME' },
        { name: 'example.org', id: 'Z0ORG' },
      ],
      platformDomain: { name: 'shops.example.com', zoneId: 'Z0SHOPS' },
      alarmEmail: 'oncall@example.com',
      teamPrincipal: '333333333333',
    });
    expect(envNamed('dev', { CATALOG_PROD_ACCOUNT_ID: '222222222222' }).accountId).toBeUndefined();
  });
});

describe('remote state', () => {
  it('uses S3 with a lock file per environment when TF_STATE_BUCKET is set', () => {
    const s = synth(envNamed('staging', { TF_STATE_BUCKET: 'acme-tf-state' }), []);
    expect(s.terraform.backend).toEqual({
      s3: { bucket: 'acme-tf-state', key: 'catalog-platform/staging.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  it('locks with a DynamoDB table instead when TF_STATE_LOCK_TABLE is set', () => {
    const s = synth(envNamed('prod', { TF_STATE_BUCKET: 'acme-tf-state', TF_STATE_REGION: 'us-east-1', TF_STATE_LOCK_TABLE: 'tf-locks' }), []);
    expect(s.terraform.backend.s3).toEqual({
      bucket: 'acme-tf-state',
      key: 'catalog-platform/prod.tfstate',
      region: 'us-east-1',
      encrypt: true,
      dynamodb_table: 'tf-locks',
    });
  });

  it('pins the account when one is configured', () => {
    const s = synth(envNamed('prod', { CATALOG_PROD_ACCOUNT_ID: '222222222222' }), []);
    expect(Object.values(JSON.parse(s.json).provider.aws)[0]).toMatchObject({ allowed_account_ids: ['222222222222'], region: 'eu-west-1' });
  });
});

describe('store domains', () => {
  const prod = synth(envNamed('prod', { CATALOG_PROD_HOSTED_ZONES: 'acme.example=Z0ACME' }));
  const resource = (type: string) => prod.resource[type] ?? {};

  it('reads tenants/*.json with the app loader, and no directory as no stores', async () => {
    const manifests = await readManifests(path.resolve(import.meta.dirname, '../../tenants'));
    expect(manifests.map((m) => m.slug)).toContain('demo-shoes');
    expect(await readManifests(path.join(os.tmpdir(), 'no-such-tenants-dir'))).toEqual([]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tenants-'));
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ slug: 'Bad Slug', name: 'x', domains: [], tier: 'basic', firstAdmin: { email: 'a@b.example', name: 'A' } }),
    );
    await expect(readManifests(dir)).rejects.toThrow(/bad\.json/);
  });

  it('skips *.localhost, and serves nothing where the environment serves no manifests', () => {
    expect(storeDomains(MANIFESTS, { storeDomains: 'manifests', platformDomain: undefined })).toEqual([
      'globex-store.example',
      'shop.acme.example',
      'www.acme.example',
    ]);
    expect(storeDomains(MANIFESTS, { storeDomains: 'none', platformDomain: undefined })).toEqual([]);
    // One level under the platform's wildcard is already served by it.
    expect(
      storeDomains([{ slug: 'a', domains: ['a.shops.example.com', 'x.a.shops.example.com'] }], {
        storeDomains: 'manifests',
        platformDomain: { name: 'shops.example.com', zoneId: 'Z1' },
      }),
    ).toEqual(['x.a.shops.example.com']);
  });

  it('finds the most specific zone of ours for a domain', () => {
    const zones = [
      { name: 'example.com', id: 'Z1' },
      { name: 'shop.example.com', id: 'Z2' },
    ];
    expect(zoneFor('www.shop.example.com', zones)).toBe('Z2');
    expect(zoneFor('example.com', zones)).toBe('Z1');
    expect(zoneFor('notexample.com', zones)).toBeUndefined();
  });

  it('gives each real domain a certificate, a custom domain and a mapping, named after the domain', () => {
    for (const domain of ['shop.acme.example', 'www.acme.example', 'globex-store.example']) {
      const id = domainId(domain);
      expect(named(prod, 'aws_acm_certificate', `cert-${id}`)).toMatchObject({ domain_name: domain, validation_method: 'DNS' });
      expect(named(prod, 'aws_apigatewayv2_domain_name', `domain-${id}`)).toMatchObject({
        domain_name: domain,
        domain_name_configuration: {
          certificate_arn: `\${aws_acm_certificate_validation.cert-validation-${id}.certificate_arn}`,
          endpoint_type: 'REGIONAL',
          security_policy: 'TLS_1_2',
        },
      });
      expect(named(prod, 'aws_apigatewayv2_api_mapping', `mapping-${id}`)).toMatchObject({
        api_id: '${aws_apigatewayv2_api.http-api.id}',
        stage: '${aws_apigatewayv2_stage.http-stage.id}',
      });
    }
    expect(Object.keys(resource('aws_acm_certificate'))).toHaveLength(3);
  });

  it('creates validation and alias records where the zone is ours, and tells the owner what to create elsewhere', () => {
    const records = Object.values(resource('aws_route53_record'));
    expect(records.filter((r) => r.type === 'A').map((r) => [r.name, r.zone_id])).toEqual([
      ['shop.acme.example', 'Z0ACME'],
      ['www.acme.example', 'Z0ACME'],
    ]);
    expect(named(prod, 'aws_acm_certificate_validation', `cert-validation-${domainId('shop.acme.example')}`).validation_record_fqdns).toEqual([
      `\${aws_route53_record.cert-record-${domainId('shop.acme.example')}.fqdn}`,
    ]);
    // Not our zone: the apply waits for the owner's CNAME, shown in an output.
    expect(named(prod, 'aws_acm_certificate_validation', 'cert-validation-globex-store-example').validation_record_fqdns).toBeUndefined();
    expect(prod.output.dns_globex_store_example!.value).toEqual({
      validation: '${tolist(aws_acm_certificate.cert-globex-store-example.domain_validation_options)}',
      target: '${aws_apigatewayv2_domain_name.domain-globex-store-example.domain_name_configuration[0].target_domain_name}',
    });
    expect(prod.output.dns_shop_acme_example).toBeUndefined();
  });

  it('keeps every other store’s resources when a store is removed', () => {
    const without = synth(
      envNamed('prod', { CATALOG_PROD_HOSTED_ZONES: 'acme.example=Z0ACME' }),
      MANIFESTS.filter((m) => m.slug !== 'acme'),
    );
    expect(Object.keys(without.resource.aws_apigatewayv2_domain_name!)).toEqual(['domain-globex-store-example']);
    expect(without.resource.aws_acm_certificate!['cert-globex-store-example']).toEqual(resource('aws_acm_certificate')['cert-globex-store-example']);
  });

  it('serves every store at <slug>.<platform domain> through one wildcard domain on the edge, in any environment', () => {
    const staging = synth(envNamed('staging', { CATALOG_STAGING_PLATFORM_DOMAIN: 'staging.shops.example.com=Z0SHOPS' }));
    // CloudFront's certificate, so in us-east-1; the DNS points at the distribution (stacks/edge.ts).
    expect(named(staging, 'aws_acm_certificate', 'edge-cert')).toMatchObject({ domain_name: '*.staging.shops.example.com', provider: 'aws.us_east_1' });
    expect(named(staging, 'aws_route53_record', 'edge-alias-a')).toMatchObject({
      name: '*.staging.shops.example.com',
      type: 'A',
      zone_id: 'Z0SHOPS',
      alias: { name: '${aws_cloudfront_distribution.api-edge.domain_name}', zone_id: '${aws_cloudfront_distribution.api-edge.hosted_zone_id}' },
    });
    expect(named(staging, 'aws_route53_record', 'edge-alias-aaaa')).toMatchObject({ name: '*.staging.shops.example.com', type: 'AAAA' });
    expect(named(staging, 'aws_cloudfront_distribution', 'api-edge')).toMatchObject({
      aliases: ['*.staging.shops.example.com'],
      viewer_certificate: {
        acm_certificate_arn: '${aws_acm_certificate_validation.edge-cert-validation.certificate_arn}',
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      },
    });
    // No longer an API Gateway domain: the wildcard's DNS name can point at one target only.
    expect(staging.resource.aws_apigatewayv2_domain_name).toBeUndefined();
    expect(named(synth(envNamed('staging')), 'aws_cloudfront_distribution', 'api-edge')).toMatchObject({
      viewer_certificate: { cloudfront_default_certificate: true },
    });
    expect(staging.resource.aws_s3_bucket_cors_configuration!['media-cors'].cors_rule[0].allowed_origins).toEqual([
      'https://staging.shops.example.com',
      'https://*.staging.shops.example.com',
    ]);
  });
});

describe('platform hosts', () => {
  it('come from CATALOG_<ENV>_PLATFORM_HOSTS, none by default, and must be domains', () => {
    const prod = (vars: Record<string, string>) => environments(vars).find((e) => e.name === 'prod')!;
    expect(prod({}).platformHosts).toEqual([]);
    expect(prod({ CATALOG_PROD_PLATFORM_HOSTS: 'console.example.com, ops.example.com' }).platformHosts).toEqual(['console.example.com', 'ops.example.com']);
    expect(() => environments({ CATALOG_PROD_PLATFORM_HOSTS: 'not a host' })).toThrow(/platformHosts/);
  });
});
