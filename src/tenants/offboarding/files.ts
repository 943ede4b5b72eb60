import type { PresignedDownload } from '../../catalog/media';

/**
 * Objects the platform itself owns or erases, with the platform's credentials: the offboarding
 * exports under `platform/offboarding/`, and a purged store's whole `tenants/<id>/` prefix
 * (src/adapters/s3/platform-files.ts). The tenant-scoped MediaStore can do neither, on purpose.
 */
export interface PlatformFiles {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** A presigned GET, signed with the platform role: the export outlives the store's credentials. */
  presign(key: string, seconds: number): Promise<PresignedDownload>;
  /** Deletes every object under `prefix` (a page at a time); answers how many. */
  removePrefix(prefix: string): Promise<number>;
}
