import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../support/fake-verifier';
import { client, TEST_MEDIA_BASE_URL, testPlatform, type TestPlatform } from '../../support/platform';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.from('0d0000002f0000000007d0ff', 'hex')]);
const HTML = Buffer.from('<!doctype html><script>alert(document.domain)</script>');

let p: TestPlatform;
let admin: ReturnType<typeof client>;
let productId: string;

/** Posts the presigned form the way a browser does: the fields, then the file last. */
async function upload(target: { url: string; fields: Record<string, string> }, body: Buffer, type: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  form.append('file', new Blob([body], { type }));
  return fetch(target.url, { method: 'POST', body: form });
}

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  productId = (await admin('POST', '/admin/products', { name: 'Pictured', sku: 'IMG-1', price: { amount: 100, currency: 'EUR' }, status: 'active' })).body.id;
});

describe('product images', () => {
  it('uploads through a presigned form to a server-chosen key, then lists the image on the product', async () => {
    const ticket = await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/png', size: PNG.length });
    expect(ticket.status).toBe(201);
    expect(ticket.body.key).toMatch(new RegExp(`^tenants/alpha/products/${productId}/[0-9a-f-]+\\.png$`));

    // The policy pins bucket, key, type and size (S3 enforces it; s3rver does not, so we read it).
    const policy = JSON.parse(Buffer.from(ticket.body.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { bucket: p.media.bucket },
        { key: ticket.body.key },
        ['content-length-range', 1, PNG.length],
        ['eq', '$Content-Type', 'image/png'],
      ]),
    );
    expect(new Date(policy.expiration).getTime()).toBeLessThanOrEqual(Date.now() + 301_000);

    expect((await upload(ticket.body, PNG, 'image/png')).ok).toBe(true);
    const attached = await admin('POST', `/admin/products/${productId}/images`, { key: ticket.body.key });
    expect(attached.status).toBe(201);
    expect(attached.body.images).toHaveLength(1);
    const image = attached.body.images[0];
    // A stable URL: no signature, no expiry, the same for staff and visitors, cacheable anywhere.
    expect(image.url).toBe(`${TEST_MEDIA_BASE_URL}/${ticket.body.key}`);
    const served = await p.app.request(new URL(image.url).pathname, { headers: { host: 'localhost:3000' } });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);

    const shown = await client(p.app, 'alpha.test')('GET', `/products/${productId}`);
    expect(shown.body.images).toEqual([image]);

    const removed = await admin('DELETE', `/admin/products/${productId}/images/${image.id}`);
    expect(removed.body.images).toEqual([]);
    await expect(p.media.s3.send(new HeadObjectCommand({ Bucket: p.media.bucket, Key: ticket.body.key }))).rejects.toThrow();
  });

  it('refuses what is not an acceptable image, deleting what was uploaded anyway', async () => {
    expect((await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/gif', size: 10 })).status).toBe(422);
    expect((await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/png', size: 6 * 1024 * 1024 })).status).toBe(422);

    // s3rver ignores the policy, as a leaked or re-used key might: the server checks again.
    const ticket = await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/png', size: 10 });
    await p.media.s3.send(new PutObjectCommand({ Bucket: p.media.bucket, Key: ticket.body.key, Body: 'not an image', ContentType: 'text/html' }));
    const attached = await admin('POST', `/admin/products/${productId}/images`, { key: ticket.body.key });
    expect(attached.status).toBe(422);
    await expect(p.media.s3.send(new HeadObjectCommand({ Bucket: p.media.bucket, Key: ticket.body.key }))).rejects.toThrow();

    const never = await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/png', size: 10 });
    expect((await admin('POST', `/admin/products/${productId}/images`, { key: never.body.key })).status).toBe(422);
  });

  it("never attaches a key of another product or store, and hides another store's products", async () => {
    const other = (await admin('POST', '/admin/products', { name: 'Other', sku: 'IMG-2', price: { amount: 1, currency: 'EUR' } })).body.id;
    const ticket = await admin('POST', `/admin/products/${other}/images/uploads`, { contentType: 'image/png', size: PNG.length });
    await upload(ticket.body, PNG, 'image/png');
    expect((await admin('POST', `/admin/products/${productId}/images`, { key: ticket.body.key })).status).toBe(422);
    expect((await admin('POST', `/admin/products/${productId}/images`, { key: `tenants/beta/products/${productId}/x.png` })).status).toBe(422);
    expect((await admin('POST', `/admin/products/${productId}/images`, { key: `tenants/alpha/products/${productId}/../../../beta/x.png` })).status).toBe(422);

    const beta = client(p.app, 'beta.test', tokenFor('admin', 'beta'));
    expect((await beta('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/png', size: 10 })).status).toBe(404);
    expect(
      (
        await client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'))('POST', `/admin/products/${productId}/images/uploads`, {
          contentType: 'image/png',
          size: 10,
        })
      ).status,
    ).toBe(403);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses %s as a content type at upload', async (contentType) => {
    const response = await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType, size: 10 });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'contentType' })]);
  });

  /** A ticket for `claimed`, then whatever body and stored type an attacker (or s3rver, ignoring the policy) put there. */
  async function stored(claimed: string, body: Buffer, storedType: string) {
    const ticket = await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType: claimed, size: Math.max(1, body.length) });
    expect(ticket.status).toBe(201);
    await p.media.s3.send(new PutObjectCommand({ Bucket: p.media.bucket, Key: ticket.body.key, Body: body, ContentType: storedType }));
    return ticket.body.key as string;
  }
  const exists = (key: string) =>
    p.media.s3.send(new HeadObjectCommand({ Bucket: p.media.bucket, Key: key })).then(
      () => true,
      () => false,
    );

  it.each([
    ['an HTML page claimed as image/png', 'image/png', HTML, 'image/png'],
    ['an HTML page stored as "constructor"', 'image/png', HTML, 'constructor'],
    ['an HTML page stored as "__proto__"', 'image/png', HTML, '__proto__'],
    ['a real PNG stored as text/html', 'image/png', PNG, 'text/html'],
    ['a PNG on a key issued for a JPEG', 'image/jpeg', PNG, 'image/jpeg'],
    ['a JPEG stored as image/webp on a JPEG key', 'image/jpeg', JPEG, 'image/webp'],
    ['RIFF that is not WebP', 'image/webp', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('AVI LIST')]), 'image/webp'],
    ['an empty file', 'image/png', Buffer.alloc(0), 'image/png'],
  ])('refuses %s at attach, and deletes the object', async (_, claimed, body, storedType) => {
    const key = await stored(claimed, body, storedType);
    const attached = await admin('POST', `/admin/products/${productId}/images`, { key });
    expect(attached.status).toBe(422);
    expect(attached.body.errors).toEqual([expect.objectContaining({ path: 'key' })]);
    expect(await exists(key)).toBe(false);
    expect((await admin('GET', `/admin/products/${productId}`)).body.images.map((i: { url: string }) => i.url)).not.toContain(`${TEST_MEDIA_BASE_URL}/${key}`);
  });

  it.each([
    ['PNG', 'image/png', PNG],
    ['JPEG', 'image/jpeg', JPEG],
    ['WebP', 'image/webp', WEBP],
  ])('accepts a real %s', async (_, type, body) => {
    const product = (await admin('POST', '/admin/products', { name: `Real ${type}`, sku: `REAL-${type.slice(6)}`, price: { amount: 1, currency: 'EUR' } })).body
      .id;
    const ticket = await admin('POST', `/admin/products/${product}/images/uploads`, { contentType: type, size: body.length });
    expect((await upload(ticket.body, body, type)).ok).toBe(true);
    const attached = await admin('POST', `/admin/products/${product}/images`, { key: ticket.body.key });
    expect(attached.status).toBe(201);
    const served = await p.app.request(new URL(attached.body.images[0].url).pathname);
    expect(served.headers.get('content-type')).toBe(type);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(body);
  });
  it('reorders a product’s images with a PATCH naming the same ids in a new order, and refuses anything else', async () => {
    const id = (await admin('POST', '/admin/products', { name: 'Ordered', sku: 'IMG-ORD', price: { amount: 100, currency: 'EUR' }, status: 'active' })).body.id;
    for (const _ of [1, 2, 3]) {
      const ticket = await admin('POST', `/admin/products/${id}/images/uploads`, { contentType: 'image/png', size: PNG.length });
      await upload(ticket.body, PNG, 'image/png');
      expect((await admin('POST', `/admin/products/${id}/images`, { key: ticket.body.key })).status).toBe(201);
    }
    const before = (await admin('GET', `/admin/products/${id}`)).body;
    const [a, b, c] = before.images.map((image: { id: string }) => image.id);
    const reordered = await admin('PATCH', `/admin/products/${id}`, { images: [c, a, b], version: before.version });
    expect(reordered.status).toBe(200);
    expect(reordered.body.images.map((image: { id: string }) => image.id)).toEqual([c, a, b]);
    expect(reordered.body.version).toBe(before.version + 1);
    // Visitors see the new order (the first image is the one lists show).
    expect((await client(p.app, 'alpha.test')('GET', `/products/${id}`)).body.images.map((image: { id: string }) => image.id)).toEqual([c, a, b]);

    for (const images of [
      [c, a],
      [c, a, b, b],
      [c, a, 'not-an-image'],
      [c, a, b, 'extra'],
    ]) {
      const refused = await admin('PATCH', `/admin/products/${id}`, { images });
      expect(refused.status, JSON.stringify(images)).toBe(422);
      expect(refused.body.errors).toEqual([{ path: 'images', message: 'must list each of the product’s image ids exactly once' }]);
    }
    expect((await admin('GET', `/admin/products/${id}`)).body.images.map((image: { id: string }) => image.id)).toEqual([c, a, b]);
  });
});

describe('the /media route (CloudFront locally)', () => {
  const get = (path: string, host = 'localhost:3000') => p.app.request(path, { headers: { host } });

  it('serves what is under a product-image key with nosniff and the type its key names, never the stored one', async () => {
    // Never attached, stored as HTML: the key is public anyway (as on CloudFront), so the headers must hold.
    const key = `tenants/alpha/products/${productId}/0b0e9c3e-6e3c-4c55-9a43-1f4ad6e2a0c1.png`;
    await p.media.s3.send(new PutObjectCommand({ Bucket: p.media.bucket, Key: key, Body: HTML, ContentType: 'text/html' }));
    for (const host of ['localhost:3000', 'alpha.test', 'beta.test']) {
      const served = await get(`/media/${key}`, host);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    expect((await get(`/media/tenants/alpha/products/${productId}/00000000-0000-0000-0000-000000000000.png`)).status).toBe(404);
  });

  it('refuses every key outside tenants/<id>/products/, however it is spelled', async () => {
    const secrets = [
      'tenants/alpha/invoices/2025-001.png',
      'tenants/beta/exports/all.png',
      'tenants/beta/products.png',
      'private/keys.png',
      `tenants/alpha/products/${productId}/deep/x.png`,
      `tenants/alpha/products/${productId}/x.html`,
    ];
    for (const key of secrets) await p.media.s3.send(new PutObjectCommand({ Bucket: p.media.bucket, Key: key, Body: PNG, ContentType: 'image/png' }));
    const attempts = [
      ...secrets.map((key) => `/media/${key}`),
      `/media/tenants/alpha/products/${productId}/../../invoices/2025-001.png`,
      `/media/tenants/alpha/products/%2e%2e/invoices/2025-001.png`,
      `/media/tenants/alpha/products/..%2finvoices/2025-001.png`,
      `/media/tenants/alpha/products/${productId}%2F..%2F..%2Finvoices%2F2025-001.png`,
      `/media/tenants%2Fbeta%2Fexports%2Fall.png`,
      `/media//tenants/alpha/invoices/2025-001.png`,
      '/media/',
      '/media/tenants/alpha/products/',
    ];
    for (const path of attempts) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(Buffer.from(await response.arrayBuffer()).includes(PNG.subarray(0, 8)), path).toBe(false);
    }
  });
});
