import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PlatformFiles } from '../../tenants/offboarding/files';

/** The only prefixes the platform's files reach: its exports, and a purged store's own prefix. */
const EXPORT_KEY = /^platform\/offboarding\/[a-z0-9-]+\/[A-Za-z0-9-]+\/[a-z0-9.-]+$/;
const STORE_PREFIX = /^tenants\/[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?\/$/;

function checked(key: string, pattern: RegExp): string {
  if (!pattern.test(key) || key.includes('..')) throw new Error(`platform files: key outside its prefixes: ${key}`);
  return key;
}

/**
 * The platform's files in the media bucket, with the platform's client (on AWS the offboarding
 * function's role: PutObject under `platform/offboarding/`, List and Delete under `tenants/`).
 */
export function s3PlatformFiles(options: { client: S3Client; bucket: string; now?: () => number }): PlatformFiles {
  const { client, bucket } = options;
  const now = options.now ?? Date.now;
  return {
    async put(key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: checked(key, EXPORT_KEY), Body: body, ContentType: contentType }));
    },

    async presign(key, seconds) {
      const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: checked(key, EXPORT_KEY) }), { expiresIn: seconds });
      return { url, expiresAt: new Date(now() + seconds * 1000).toISOString() };
    },

    async removePrefix(prefix) {
      checked(prefix, STORE_PREFIX);
      let removed = 0;
      // Always the first page: what was listed is deleted before the next listing.
      for (;;) {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000 }));
        const keys = (page.Contents ?? []).map((o) => o.Key!).filter((key) => key.startsWith(prefix));
        if (keys.length === 0) return removed;
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
        removed += keys.length;
      }
    },
  };
}
