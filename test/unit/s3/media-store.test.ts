import { GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { presignLifetime, s3MediaStore, s3PublicMediaReader } from '../../../src/adapters/s3/media-store';
import { tenantContext } from '../../../src/tenants/tenant';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret', sessionToken: 'token' } });
const store = s3MediaStore({ clients: () => ({ client }), bucket: 'media', publicBaseUrl: 'https://d1.cloudfront.net/' });
/** A response body as the SDK hands it over, reduced to what the store calls. */
const body = (bytes: number[]) => ({ transformToByteArray: async () => new Uint8Array(bytes) }) as never;
const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
const key = 'tenants/acme/products/p1/i1.png';
const s3Error = (name: string, status: number) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

describe('S3 media store', () => {
  beforeEach(() => s3.reset());

  it('reads size and type of an uploaded object on the tenant key', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 42, ContentType: 'image/png' });
    await expect(store.head(acme, key)).resolves.toEqual({ size: 42, contentType: 'image/png' });
    expect(s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'media', Key: key });
  });

  it('takes 404, and the 403 S3 gives without ListBucket, as "not uploaded"', async () => {
    s3.on(HeadObjectCommand).rejectsOnce(s3Error('NotFound', 404)).rejectsOnce(s3Error('Forbidden', 403));
    await expect(store.head(acme, key)).resolves.toBeUndefined();
    await expect(store.head(acme, key)).resolves.toBeUndefined();
  });

  it('lets other failures through, and never touches a key outside the tenant', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('InternalError', 500));
    await expect(store.head(acme, key)).rejects.toThrow('InternalError');
    await expect(store.head(acme, 'tenants/other/products/p1/i1.png')).rejects.toThrow(/outside tenant acme/);
    await expect(store.remove(acme, 'tenants/acme/../other/x.png')).rejects.toThrow(/outside tenant acme/);
  });

  it('reads only the first bytes of an object, with a ranged GET', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]) });
    // A server that ignores Range sends everything: only the asked-for start comes back.
    expect([...(await store.readStart(acme, key, 12))]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'media', Key: key, Range: 'bytes=0-11' });
    s3.on(GetObjectCommand).rejects(s3Error('InvalidRange', 416));
    expect(await store.readStart(acme, key, 12)).toHaveLength(0);
  });

  it('gives product images a stable URL under the public base, and nothing else', () => {
    expect(store.publicUrl(key)).toBe(`https://d1.cloudfront.net/${key}`);
    expect(() => store.publicUrl('tenants/acme/invoices/i1.pdf')).toThrow(/not a product image/);
  });
});

describe('presigned private URLs', () => {
  const invoice = 'tenants/acme/invoices/2025-001.pdf';
  const start = Date.parse('2025-06-01T12:00:00Z');
  const expiresParam = (url: string) => Number(new URL(url).searchParams.get('X-Amz-Expires'));

  it('never outlive the credentials that sign them', () => {
    const inTenMinutes = new Date(start + 10 * 60_000);
    expect(presignLifetime(300, inTenMinutes, start)).toBe(300);
    // Asked for an hour with ten minutes of credentials left: ten minutes less the margin.
    expect(presignLifetime(3600, inTenMinutes, start)).toBe(540);
    expect(() => presignLifetime(300, new Date(start + 30_000), start)).toThrow(/expire too soon/);
    // Long-term or local credentials have no end: the request stands.
    expect(presignLifetime(900, undefined, start)).toBe(900);
  });

  it('sign with the tenant credentials for at most their remaining life', async () => {
    const signer = s3MediaStore({
      clients: () => ({ client, expiresAt: new Date(start + 6 * 60_000) }),
      bucket: 'media',
      publicBaseUrl: 'https://d1.cloudfront.net',
      now: () => start,
    });
    const long = await signer.presignPrivate(acme, invoice, 3600);
    expect(expiresParam(long.url)).toBe(300);
    expect(long.expiresAt).toBe(new Date(start + 300_000).toISOString());
    expect(new URL(long.url).searchParams.get('X-Amz-Security-Token')).toBe('token');
    expect(expiresParam((await signer.presignPrivate(acme, invoice, 120)).url)).toBe(120);
  });

  it("are not for product images (public) or another tenant's objects", async () => {
    await expect(store.presignPrivate(acme, key, 60)).rejects.toThrow(/public, not presigned/);
    await expect(store.presignPrivate(acme, 'tenants/other/invoices/x.pdf', 60)).rejects.toThrow(/outside tenant acme/);
  });
});

describe('public media reader', () => {
  it('reads product image keys only, never asking S3 for anything else', async () => {
    s3.reset();
    s3.on(GetObjectCommand).resolves({ Body: body([0x89, 0x50]), ContentType: 'image/png', ETag: '"e"' });
    const reader = s3PublicMediaReader({ client, bucket: 'media' });
    for (const other of [
      'tenants/acme/invoices/i1.pdf',
      'tenants/acme/products/p1/../../invoices/i.png',
      'tenants/acme/products/p1/i1.html',
      'tenants/Acme/products/p1/i1.png',
      'other/acme/products/p1/i1.png',
      'tenants/acme/products/p1/sub/i1.png',
    ]) {
      expect(await reader.readProductImage(other), other).toBeUndefined();
    }
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(await reader.readProductImage(key)).toEqual({ body: new Uint8Array([0x89, 0x50]), contentType: 'image/png', etag: '"e"' });
  });
});
