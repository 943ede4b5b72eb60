import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MediaStore } from '../../catalog/media';
import { tenantObjectPrefix, type TenantContext } from '../../tenants/tenant';

/** The S3 client for a tenant: on AWS signed with the tenant-scoped role, so a URL can only reach its prefix. */
export type S3ClientProvider = (tenant: TenantContext) => S3Client | Promise<S3Client>;

export function createS3Client(options: { region: string; endpoint?: string | undefined }) {
  return new S3Client({
    region: options.region,
    // s3rver knows one access key, S3RVER; it checks the key id but not the signature.
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
}

/** Keys are the server's own; one outside the tenant's prefix here is a bug, never a request. */
function owned(tenant: TenantContext, key: string): string {
  if (!key.startsWith(tenantObjectPrefix(tenant)) || key.includes('..')) throw new Error(`media key outside tenant ${tenant.id}: ${key}`);
  return key;
}

export function s3MediaStore(options: { clients: S3ClientProvider; bucket: string; uploadTtlSeconds?: number; urlTtlSeconds?: number }): MediaStore {
  const { clients, bucket } = options;
  const uploadTtl = options.uploadTtlSeconds ?? 300;
  return {
    async presignUpload(tenant, key, upload) {
      const client = await clients(tenant);
      const post = await createPresignedPost(client, {
        Bucket: bucket,
        Key: owned(tenant, key),
        // The policy pins the key, the type and the size the browser declared: S3 refuses anything else.
        Conditions: [
          ['content-length-range', 1, upload.size],
          ['eq', '$Content-Type', upload.contentType],
        ],
        Fields: { 'Content-Type': upload.contentType },
        Expires: uploadTtl,
      });
      return { url: post.url, fields: post.fields, expiresAt: new Date(Date.now() + uploadTtl * 1000).toISOString() };
    },

    async head(tenant, key) {
      const client = await clients(tenant);
      try {
        const result = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: owned(tenant, key) }));
        return { size: result.ContentLength ?? 0, contentType: result.ContentType ?? '' };
      } catch (error) {
        // Without s3:ListBucket (the tenant role has none: it could not be confined to a prefix),
        // S3 answers a missing key with 403, not 404. On our own, server-chosen key both mean "not there".
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (error instanceof NotFound || (error instanceof Error && ['NotFound', 'Forbidden', 'AccessDenied'].includes(error.name)) || status === 403 || status === 404) return undefined;
        throw error;
      }
    },

    async remove(tenant, key) {
      const client = await clients(tenant);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: owned(tenant, key) }));
    },

    async url(tenant, key) {
      const client = await clients(tenant);
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: owned(tenant, key) }), { expiresIn: options.urlTtlSeconds ?? 3600 });
    },
  };
}
