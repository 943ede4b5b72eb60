import * as v from 'valibot';
import type { TenantContext } from '../tenants/tenant';

export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES_PER_PRODUCT = 10;

/** Body of POST /admin/products/:id/images/uploads: what the browser is about to send. */
export const ImageUploadSchema = v.strictObject({
  contentType: v.picklist(Object.keys(IMAGE_TYPES) as (keyof typeof IMAGE_TYPES)[], 'must be image/jpeg, image/png or image/webp'),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_IMAGE_BYTES, `must be at most ${MAX_IMAGE_BYTES} bytes`)),
});

/** Body of POST /admin/products/:id/images: the key the upload went to. */
export const ImageAttachSchema = v.strictObject({ key: v.pipe(v.string(), v.maxLength(512)) });

export type ImageUpload = v.InferOutput<typeof ImageUploadSchema>;

/** A browser form upload: POST `fields` plus the file (last) to `url`. */
export type PresignedUpload = { url: string; fields: Record<string, string>; expiresAt: string };

/**
 * Object storage for product media, always under `tenants/<tenantId>/`. Keys are chosen by the
 * server; upload policies fix the key, type and size range, signed with the tenant's credentials.
 */
export interface MediaStore {
  presignUpload(tenant: TenantContext, key: string, upload: ImageUpload): Promise<PresignedUpload>;
  head(tenant: TenantContext, key: string): Promise<{ size: number; contentType: string } | undefined>;
  remove(tenant: TenantContext, key: string): Promise<void>;
  /** A URL a browser can load the image from for a while. */
  url(tenant: TenantContext, key: string): Promise<string>;
}
