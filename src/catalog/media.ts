import * as v from 'valibot';
import type { TenantContext } from '../tenants/tenant';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/**
 * The accepted image types, their key extension and how their bytes begin. A Map, never an
 * object literal looked up with `in` or `[]`: those also answer for `constructor`, `toString` or
 * `__proto__`, which once let an HTML upload through as an "image".
 */
export const IMAGE_TYPES: ReadonlyMap<ImageType, { extension: 'jpg' | 'png' | 'webp'; matches: (head: Uint8Array) => boolean }> = new Map([
  ['image/jpeg', { extension: 'jpg', matches: (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]) }],
  ['image/png', { extension: 'png', matches: (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) }],
  // RIFF, four bytes of length, WEBP.
  ['image/webp', { extension: 'webp', matches: (b: Uint8Array) => startsWith(b, [...ascii('RIFF')]) && startsWith(b.subarray(8), [...ascii('WEBP')]) }],
] as const);

/** How many bytes of an object `IMAGE_TYPES[…].matches` needs to see. */
export const IMAGE_SIGNATURE_BYTES = 12;

function ascii(text: string): number[] {
  return [...text].map((ch) => ch.charCodeAt(0));
}
function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** The accepted type named `name`, if it is one: own entries of the Map only. */
export function imageType(name: string): ImageType | undefined {
  return IMAGE_TYPES.has(name as ImageType) ? (name as ImageType) : undefined;
}

/** The type a product image key's extension stands for (the type claimed when it was uploaded). */
export function imageTypeOfKey(key: string): ImageType | undefined {
  const extension = key.slice(key.lastIndexOf('.') + 1);
  for (const [type, info] of IMAGE_TYPES) if (info.extension === extension) return type;
  return undefined;
}

/**
 * A product image's key and nothing else: `tenants/<tenantId>/products/<productId>/<uuid>.<ext>`,
 * each part from a closed alphabet, so no `..`, no `/` inside a part, no other store prefix.
 * The only keys that are public (CloudFront on AWS, the `/media` route locally).
 */
export const PRODUCT_IMAGE_KEY = /^tenants\/[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?\/products\/[A-Za-z0-9-]{1,64}\/[a-z0-9-]{1,64}\.(?:jpg|png|webp)$/;

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES_PER_PRODUCT = 10;

/** Body of POST /admin/products/:id/images/uploads: what the browser is about to send. */
export const ImageUploadSchema = v.strictObject({
  contentType: v.pipe(
    v.string(),
    v.check((name) => imageType(name) !== undefined, 'must be image/jpeg, image/png or image/webp'),
    v.transform((name) => name as ImageType),
  ),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_IMAGE_BYTES, `must be at most ${MAX_IMAGE_BYTES} bytes`)),
});

/** Body of POST /admin/products/:id/images: the key the upload went to. */
export const ImageAttachSchema = v.strictObject({ key: v.pipe(v.string(), v.maxLength(512)) });

export type ImageUpload = v.InferOutput<typeof ImageUploadSchema>;

/** A browser form upload: POST `fields` plus the file (last) to `url`. */
export const PresignedUploadSchema = v.strictObject({ url: v.string(), fields: v.record(v.string(), v.string()), expiresAt: v.string() });
export type PresignedUpload = v.InferOutput<typeof PresignedUploadSchema>;

/** Answer of POST /admin/products/:id/images/uploads: where the upload goes, and the key to attach after. */
export const ImageUploadTicketSchema = v.strictObject({ key: v.string(), ...PresignedUploadSchema.entries });

/** A private object's temporary URL; it dies with the credentials that signed it, and never later than `expiresAt`. */
export type PresignedDownload = { url: string; expiresAt: string };

/** A presigned PUT: send the file as the body, with exactly these headers, before `expiresAt`. */
export const PresignedPutSchema = v.strictObject({ url: v.string(), headers: v.record(v.string(), v.string()), expiresAt: v.string() });
export type PresignedPut = v.InferOutput<typeof PresignedPutSchema>;

/**
 * A store's private files (CSV imports and exports, under `tenants/<id>/imports/` and
 * `…/exports/`): never public, uploaded and downloaded only through short presigned URLs.
 */
export interface PrivateFiles {
  /** A PUT signed for this key, type and exact length (S3 refuses another length; s3rver checks nothing). */
  presignPut(tenant: TenantContext, key: string, file: { contentType: string; size: number }): Promise<PresignedPut>;
  /** The object's bytes; undefined when missing; `tooLarge` when over `maxBytes` (nothing more is read). */
  readPrivate(tenant: TenantContext, key: string, maxBytes: number): Promise<Uint8Array | 'tooLarge' | undefined>;
  putPrivate(tenant: TenantContext, key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** As MediaStore's: a presigned GET that ends before its signer's credentials. */
  presignPrivate(tenant: TenantContext, key: string, seconds: number): Promise<PresignedDownload>;
}

/** A public object as read for the local `/media` route. */
export type MediaObject = { body: Uint8Array; contentType: string; etag?: string | undefined };

/**
 * Object storage for tenants' media, always under `tenants/<tenantId>/`. Keys are chosen by the
 * server; upload policies fix the key, type and size range, signed with the tenant's credentials.
 * Product images are public at stable URLs (`publicUrl`); anything else stays private and is only
 * ever handed out presigned, briefly (`presignPrivate`).
 */
export interface MediaStore extends PrivateFiles {
  presignUpload(tenant: TenantContext, key: string, upload: ImageUpload): Promise<PresignedUpload>;
  head(tenant: TenantContext, key: string): Promise<{ size: number; contentType: string } | undefined>;
  /** The object's first `bytes` bytes (fewer if it is shorter), for checking what it really is. */
  readStart(tenant: TenantContext, key: string, bytes: number): Promise<Uint8Array>;
  remove(tenant: TenantContext, key: string): Promise<void>;
  /** Stores an object the server made itself (the demo stores' pictures); visitors' files arrive by `presignUpload`. */
  put(tenant: TenantContext, key: string, body: Uint8Array, contentType: ImageType): Promise<void>;
  /** The stable, cacheable URL of a product image (`<MEDIA_BASE_URL>/<key>`): no signature, no expiry. */
  publicUrl(key: string): string;
  /**
   * A presigned GET for a private object (an invoice, an export), never a product image. Lives
   * at most `seconds` and always ends before the signing credentials do.
   */
  presignPrivate(tenant: TenantContext, key: string, seconds: number): Promise<PresignedDownload>;
}

/**
 * What the local `/media` route reads: product images only (`PRODUCT_IMAGE_KEY`), as CloudFront
 * reads them on AWS with a bucket policy that admits nothing else. Undefined: no such object.
 */
export interface PublicMediaReader {
  readProductImage(key: string): Promise<MediaObject | undefined>;
}
