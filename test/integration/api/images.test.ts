import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

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
      expect.arrayContaining([{ bucket: p.media.bucket }, { key: ticket.body.key }, ['content-length-range', 1, PNG.length], ['eq', '$Content-Type', 'image/png']]),
    );
    expect(new Date(policy.expiration).getTime()).toBeLessThanOrEqual(Date.now() + 301_000);

    expect((await upload(ticket.body, PNG, 'image/png')).ok).toBe(true);
    const attached = await admin('POST', `/admin/products/${productId}/images`, { key: ticket.body.key });
    expect(attached.status).toBe(201);
    expect(attached.body.images).toHaveLength(1);
    const image = attached.body.images[0];
    expect(Buffer.from(await (await fetch(image.url)).arrayBuffer())).toEqual(PNG);

    const shown = await client(p.app, 'alpha.test')('GET', `/products/${productId}`);
    expect(shown.body.images.map((i: { id: string }) => i.id)).toEqual([image.id]);

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
    expect((await client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'))('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/png', size: 10 })).status).toBe(403);
  });
});
