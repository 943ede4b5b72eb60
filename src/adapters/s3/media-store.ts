import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NotFound, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PRODUCT_IMAGE_KEY, type MediaStore, type PublicMediaReader } from '../../catalog/media';
import { tenantObjectPrefix, type TenantContext } from '../../tenants/tenant';
import { clientSettings, namedDependency, type TimeBudget } from '../aws/client-settings';

/**
 * An S3 client and, when its credentials are temporary, when they end. Presigned URLs die with
 * the credentials that signed them, so whoever presigns must know.
 */
export type ScopedS3Client = { client: S3Client; expiresAt?: Date | undefined };

/** The S3 client for a tenant: on AWS signed with the tenant-scoped role, so a URL can only reach its prefix. */
export type S3ClientProvider = (tenant: TenantContext) => ScopedS3Client | Promise<ScopedS3Client>;

export function createS3Client(options: { region: string; endpoint?: string | undefined; budget?: Partial<TimeBudget> }) {
  const client = new S3Client({
    region: options.region,
    ...clientSettings('s3', options.budget),
    // s3rver knows one access key, S3RVER; it checks the key id but not the signature.
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
  return namedDependency(client, 's3');
}

/** Keys are the server's own; one outside the tenant's prefix here is a bug, never a request. */
function owned(tenant: TenantContext, key: string): string {
  if (!key.startsWith(tenantObjectPrefix(tenant)) || key.includes('..')) throw new Error(`media key outside tenant ${tenant.id}: ${key}`);
  return key;
}

/** Without s3:ListBucket (the tenant role has none), S3 answers a missing key with 403, not 404. */
function isMissing(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    error instanceof NotFound ||
    error instanceof NoSuchKey ||
    (error instanceof Error && ['NotFound', 'NoSuchKey', 'Forbidden', 'AccessDenied'].includes(error.name)) ||
    status === 403 ||
    status === 404
  );
}

/** A presigned private URL ends this long before its credentials at the latest. */
export const PRESIGN_MARGIN_SECONDS = 60;

/**
 * How long a private URL may live: what was asked, but never past the signing credentials'
 * end (less a margin for clock skew and the time the URL takes to reach its user). Credentials
 * without an end (local s3rver, long-term keys) leave the request as it is.
 */
export function presignLifetime(requestedSeconds: number, expiresAt: Date | undefined, now: number): number {
  const requested = Math.floor(requestedSeconds);
  if (!expiresAt) return requested;
  const left = Math.floor((expiresAt.getTime() - now) / 1000) - PRESIGN_MARGIN_SECONDS;
  if (left < 1) throw new Error('signing credentials expire too soon to presign anything');
  return Math.min(requested, left);
}

export type S3MediaStoreOptions = {
  clients: S3ClientProvider;
  bucket: string;
  /** Where product images are public: CloudFront's domain on AWS, the app's `/media` route locally. */
  publicBaseUrl: string;
  uploadTtlSeconds?: number;
  now?: () => number;
};

export function s3MediaStore(options: S3MediaStoreOptions): MediaStore {
  const { clients, bucket } = options;
  const uploadTtl = options.uploadTtlSeconds ?? 300;
  const now = options.now ?? Date.now;
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const client = async (tenant: TenantContext) => (await clients(tenant)).client;
  return {
    async presignUpload(tenant, key, upload) {
      const post = await createPresignedPost(await client(tenant), {
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
      return { url: post.url, fields: post.fields, expiresAt: new Date(now() + uploadTtl * 1000).toISOString() };
    },

    async head(tenant, key) {
      try {
        const result = await (await client(tenant)).send(new HeadObjectCommand({ Bucket: bucket, Key: owned(tenant, key) }));
        return { size: result.ContentLength ?? 0, contentType: result.ContentType ?? '' };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async readStart(tenant, key, bytes) {
      try {
        const result = await (await client(tenant)).send(new GetObjectCommand({ Bucket: bucket, Key: owned(tenant, key), Range: `bytes=0-${bytes - 1}` }));
        const body = result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
        // A server that ignores Range sends it all: only the start counts.
        return body.subarray(0, bytes);
      } catch (error) {
        if (isMissing(error)) return new Uint8Array();
        // An empty object has no byte 0: S3 answers 416.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416 || (error as Error).name === 'InvalidRange')
          return new Uint8Array();
        throw error;
      }
    },

    async remove(tenant, key) {
      await (await client(tenant)).send(new DeleteObjectCommand({ Bucket: bucket, Key: owned(tenant, key) }));
    },

    async put(tenant, key, body, contentType) {
      await (await client(tenant)).send(new PutObjectCommand({ Bucket: bucket, Key: owned(tenant, key), Body: body, ContentType: contentType }));
    },

    publicUrl(key) {
      if (!PRODUCT_IMAGE_KEY.test(key)) throw new Error(`not a product image key: ${key}`);
      return `${base}/${key}`;
    },

    async presignPut(tenant, key, file) {
      if (PRODUCT_IMAGE_KEY.test(key)) throw new Error(`product images are uploaded by form, not PUT: ${key}`);
      const signer = await clients(tenant);
      const at = now();
      const expiresIn = presignLifetime(uploadTtl, signer.expiresAt, at);
      // Type and length are signed headers: S3 refuses a PUT that sends others.
      const url = await getSignedUrl(
        signer.client,
        new PutObjectCommand({ Bucket: bucket, Key: owned(tenant, key), ContentType: file.contentType, ContentLength: file.size }),
        { expiresIn, signingDate: new Date(at), signableHeaders: new Set(['content-type', 'content-length']) },
      );
      return { url, headers: { 'content-type': file.contentType }, expiresAt: new Date(at + expiresIn * 1000).toISOString() };
    },

    async readPrivate(tenant, key, maxBytes) {
      try {
        const result = await (await client(tenant)).send(new GetObjectCommand({ Bucket: bucket, Key: owned(tenant, key) }));
        if ((result.ContentLength ?? 0) > maxBytes) {
          await result.Body?.transformToWebStream().cancel();
          return 'tooLarge';
        }
        return result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async putPrivate(tenant, key, body, contentType) {
      if (PRODUCT_IMAGE_KEY.test(key)) throw new Error(`product images are public: ${key}`);
      await (await client(tenant)).send(new PutObjectCommand({ Bucket: bucket, Key: owned(tenant, key), Body: body, ContentType: contentType }));
    },

    async presignPrivate(tenant, key, seconds) {
      if (PRODUCT_IMAGE_KEY.test(key)) throw new Error(`product images are public, not presigned: ${key}`);
      const signer = await clients(tenant);
      const at = now();
      const expiresIn = presignLifetime(seconds, signer.expiresAt, at);
      const url = await getSignedUrl(signer.client, new GetObjectCommand({ Bucket: bucket, Key: owned(tenant, key) }), {
        expiresIn,
        signingDate: new Date(at),
      });
      return { url, expiresAt: new Date(at + expiresIn * 1000).toISOString() };
    },
  };
}

/**
 * Product images read with the platform's own client, for the local `/media` route: the stand-in
 * for CloudFront, whose bucket policy admits `tenants/*\/products/*` only. Any other key is
 * "not found" without S3 ever being asked.
 */
export function s3PublicMediaReader(options: { client: S3Client; bucket: string }): PublicMediaReader {
  return {
    async readProductImage(key) {
      if (!PRODUCT_IMAGE_KEY.test(key)) return undefined;
      try {
        const result = await options.client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
        if (!result.Body) return undefined;
        return { body: await result.Body.transformToByteArray(), contentType: result.ContentType ?? '', etag: result.ETag };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}
