import { Writable } from 'node:stream';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../src/platform';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
const lines: Record<string, unknown>[] = [];
let app: TestPlatform['app'];

beforeAll(async () => {
  p = await testPlatform();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  const media = { ...p.options.media, presignUpload: async () => Promise.reject(new Error('signer exploded')) };
  app = createPlatform({ ...p.options, media, logger: pino({ level: 'info' }, sink) }).app;
});

describe('request logging', () => {
  it('writes one access line per request with its id, store, route, status and time', async () => {
    const response = await client(app, 'alpha.test')('GET', '/products?limit=1');
    expect(response.status).toBe(200);
    const id = response.headers.get('x-request-id');
    const access = lines.filter((l) => l.requestId === id);
    expect(access).toEqual([
      expect.objectContaining({ msg: 'request', tenantId: 'alpha', method: 'GET', route: '/products', path: '/products', status: 200, ms: expect.any(Number) }),
    ]);
  });

  it('logs an unexpected failure with the request id and answers a bare 500 problem', async () => {
    const admin = client(app, 'alpha.test', tokenFor('admin', 'alpha'));
    const created = await admin('POST', '/admin/products', {
      name: 'Log Boot',
      sku: 'LOG-1',
      price: { amount: 100, currency: 'EUR' },
      status: 'active',
      stock: 1,
    });
    const failed = await admin('POST', `/admin/products/${created.body.id}/images/uploads`, { contentType: 'image/png', size: 100 });
    expect(failed.status).toBe(500);
    const id = failed.headers.get('x-request-id');
    expect(failed.body).toMatchObject({ type: '/problems/internal', status: 500 });
    expect(JSON.stringify(failed.body)).not.toContain('signer exploded');
    const error = lines.find((l) => l.msg === 'unhandled error');
    expect(error).toMatchObject({ requestId: id, err: expect.objectContaining({ message: 'signer exploded' }) });
    expect(lines.filter((l) => l.requestId === id && l.msg === 'request')).toEqual([expect.objectContaining({ status: 500 })]);
  });
});
