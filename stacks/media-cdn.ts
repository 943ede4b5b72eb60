import type { Construct } from 'constructs';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';

/** Product images only: the one part of the media bucket that is public. */
export const PUBLIC_MEDIA_PATTERN = 'tenants/*/products/*';

/** How long CloudFront and browsers keep an image when S3 says nothing: keys are never reused. */
export const MEDIA_CACHE_SECONDS = { default: 86_400, max: 31_536_000 } as const;

/**
 * Bucket policy statements that let this distribution, and only it, read product images. `*` in
 * an S3 ARN also matches `/`, so `tenants/*\/products/*` alone would let through a later private
 * key such as `tenants/acme/exports/products/all.csv`; the Deny refuses any key whose `products`
 * segment is not the third (product image keys are `tenants/<id>/products/<productId>/<file>`,
 * ids without `/`).
 */
export function mediaReadStatements(bucketArn: string, distributionArn: string) {
  const cloudfront = { Service: 'cloudfront.amazonaws.com' };
  return [
    {
      Sid: 'CloudFrontReadsProductImages',
      Effect: 'Allow',
      Principal: cloudfront,
      Action: 's3:GetObject',
      Resource: `${bucketArn}/${PUBLIC_MEDIA_PATTERN}`,
      Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
    },
    {
      Sid: 'CloudFrontNothingDeeper',
      Effect: 'Deny',
      Principal: cloudfront,
      Action: 's3:GetObject',
      Resource: `${bucketArn}/tenants/*/*/products/*`,
    },
  ];
}

/**
 * Product images on stable, cacheable URLs: a CloudFront distribution in front of the private
 * media bucket, reading it with origin access control (SigV4 signed by CloudFront, no OAI, no
 * public bucket). Its response-headers policy adds what S3 cannot: `nosniff`, and a CSP that
 * leaves an image opened on its own unable to run anything.
 */
export function mediaCdn(scope: Construct, props: { prefix: string; bucket: S3Bucket; priceClass: string }) {
  const { prefix, bucket } = props;
  const oac = new CloudfrontOriginAccessControl(scope, 'media-oac', {
    name: `${prefix}-media`,
    description: 'CloudFront reads product images from the media bucket (SigV4)',
    originAccessControlOriginType: 's3',
    signingBehavior: 'always',
    signingProtocol: 'sigv4',
  });
  const cache = new CloudfrontCachePolicy(scope, 'media-cache-policy', {
    name: `${prefix}-media`,
    comment: 'Product images: keyed by path alone (no cookies, headers or query strings)',
    minTtl: 0,
    defaultTtl: MEDIA_CACHE_SECONDS.default,
    maxTtl: MEDIA_CACHE_SECONDS.max,
    parametersInCacheKeyAndForwardedToOrigin: {
      cookiesConfig: { cookieBehavior: 'none' },
      headersConfig: { headerBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: 'none' },
      // JPEG, PNG and WebP are compressed already.
      enableAcceptEncodingBrotli: false,
      enableAcceptEncodingGzip: false,
    },
  });
  const headers = new CloudfrontResponseHeadersPolicy(scope, 'media-headers-policy', {
    name: `${prefix}-media`,
    comment: 'nosniff and a locked-down CSP on every product image',
    securityHeadersConfig: {
      contentTypeOptions: { override: true },
      contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; sandbox", override: true },
      strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, includeSubdomains: false, override: true },
      referrerPolicy: { referrerPolicy: 'no-referrer', override: true },
    },
    customHeadersConfig: { items: [{ header: 'Cache-Control', value: `public, max-age=${MEDIA_CACHE_SECONDS.default}`, override: false }] },
  });
  const originId = 'media-bucket';
  const distribution = new CloudfrontDistribution(scope, 'media-cdn', {
    enabled: true,
    comment: `${prefix} product images`,
    httpVersion: 'http2and3',
    isIpv6Enabled: true,
    priceClass: props.priceClass,
    origin: [{ originId, domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
    defaultCacheBehavior: {
      targetOriginId: originId,
      // HTTPS end to end: the bucket's TLS-only policy refuses anything else anyway.
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      compress: false,
      cachePolicyId: cache.id,
      responseHeadersPolicyId: headers.id,
    },
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });
  return { distribution, baseUrl: `https://${distribution.domainName}` };
}
