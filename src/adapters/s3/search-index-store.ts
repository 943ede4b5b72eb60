import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SearchIndexStore } from '../../search/index-store';
import { tenantObjectPrefix, type TenantContext } from '../../tenants/tenant';
import type { S3ClientProvider } from './media-store';

/**
 * The store's search index object: under its own prefix, beside its media but outside
 * `products/`, so the CDN (which serves `tenants/*\/products/*` only) never serves it. Made from
 * the tenant context alone.
 */
export const searchIndexKey = (tenant: TenantContext) => `${tenantObjectPrefix(tenant)}search/index.json.gz`;

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Without s3:ListBucket (the tenant role has none) a missing key answers 403, not 404. */
const isMissing = (error: unknown) =>
  (error instanceof Error && ['NoSuchKey', 'NotFound', 'AccessDenied', 'Forbidden'].includes(error.name)) || statusOf(error) === 404 || statusOf(error) === 403;

/** Search indexes in S3, read and written with the tenant's own (IAM-confined) client. */
export function s3SearchIndexStore(options: { clients: S3ClientProvider; bucket: string }): SearchIndexStore {
  const client = async (tenant: TenantContext) => (await options.clients(tenant)).client;
  return {
    async read(tenant, ifNoneMatch) {
      try {
        const answer = await (await client(tenant)).send(
          new GetObjectCommand({ Bucket: options.bucket, Key: searchIndexKey(tenant), ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}) }),
        );
        const bytes = answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
        return { bytes, etag: answer.ETag ?? '' };
      } catch (error) {
        if (statusOf(error) === 304 || (error instanceof Error && error.name === 'NotModified')) return 'unchanged';
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async write(tenant, bytes) {
      const answer = await (await client(tenant)).send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: searchIndexKey(tenant),
          Body: bytes,
          // Not Content-Encoding: the SDK would hand back the gzip as it is anyway, and a proxy might not.
          ContentType: 'application/gzip',
        }),
      );
      return answer.ETag ?? '';
    },
  };
}
