import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type LocalS3 } from '../../../src/adapters/local/s3rver';

describe('s3rver launcher', () => {
  const bucket = 'media';
  let directory: string;
  let s3: LocalS3;
  let client: S3Client;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 's3rver-test-'));
    s3 = await startS3rver({ directory, buckets: [bucket], corsOrigins: ['http://shop.localhost:*'] });
    // s3rver knows one access key id, S3RVER, and only path-style bucket addressing on 127.0.0.1.
    client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    await s3?.stop(); // twice on purpose: teardown paths overlap
    rmSync(directory, { recursive: true, force: true });
  });

  it('listens on loopback on a port of its own and has the bucket ready', async () => {
    expect(s3.endpoint).toBe(`http://127.0.0.1:${s3.port}`);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'tenants/a/x.txt', Body: 'hello', ContentType: 'text/plain' }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'tenants/a/x.txt' }));
    expect(got.ContentType).toBe('text/plain');
    expect(await got.Body?.transformToString()).toBe('hello');
  });

  it('takes an upload to a presigned PUT URL', async () => {
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: 'tenants/a/photo.png', ContentType: 'image/png' }), { expiresIn: 60 });
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const put = await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': 'image/png', origin: 'http://shop.localhost:3000' } });
    expect(put.status).toBe(200);
    // The bucket's CORS rule answers a browser's origin.
    expect(put.headers.get('access-control-allow-origin')).toBe('http://shop.localhost:3000');
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'tenants/a/photo.png' }));
    expect(new Uint8Array(await got.Body!.transformToByteArray())).toEqual(bytes);
  });

  it("answers a browser's preflight for PUT from an allowed origin, and refuses others", async () => {
    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/${bucket}/tenants/a/photo.png`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://shop.localhost:5173');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    expect((await preflight('http://evil.example')).status).toBe(403);
  });

  it('keeps objects in its directory across a restart on another port', async () => {
    const again = await startS3rver({ directory, buckets: [bucket] });
    try {
      expect(again.port).not.toBe(s3.port);
      const other = new S3Client({
        region: 'us-east-1',
        endpoint: again.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      const got = await other.send(new GetObjectCommand({ Bucket: bucket, Key: 'tenants/a/x.txt' }));
      expect(await got.Body?.transformToString()).toBe('hello');
      other.destroy();
    } finally {
      await again.stop();
    }
  });
});
