import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { tenantListings } from '../../../src/adapters/dynamodb/keys';
import { loadConfig } from '../../../src/config';
import { BadRequestError } from '../../../src/shared/errors';
import { tenantContext } from '../../../src/tenants/tenant';

const key = newCursorKey();
const codec = createCursorCodec(key);
const alpha = tenantListings(tenantContext({ id: 'alpha', name: 'A', tier: 'basic', status: 'active' }));

/** A cursor sealed with the real key (as a key leak or an older layout would give): the shape check is what stops it. */
function sealedWith(listing: string, partition: string, plaintext: Buffer) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`cursor/v1\n${listing}\n${partition}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(1), iv, body, cipher.getAuthTag()]).toString('base64url');
}

describe('cursor codec', () => {
  it('opens what it sealed to the full start key, partition from the query', () => {
    const shape = alpha.products('active');
    const cursor = codec.seal(shape, { PK: 'TENANT#alpha#PRODUCT#p-1', SK: '#PRODUCT', GSI2PK: 'TENANT#alpha#ACTIVE', GSI2SK: '2026-01-01T00:00:00.000Z#p-1' });
    expect(codec.open(shape, cursor)).toEqual({
      PK: 'TENANT#alpha#PRODUCT#p-1',
      SK: '#PRODUCT',
      GSI2PK: 'TENANT#alpha#ACTIVE',
      GSI2SK: '2026-01-01T00:00:00.000Z#p-1',
    });
    expect(codec.seal(shape, undefined)).toBeUndefined();
  });

  it('refuses a value that decrypts but does not fit the listing: outside the prefix, no id, not UTF-8, empty', () => {
    const history = alpha.inventoryHistory('p-1', 'v-1');
    const cases = [
      [history, Buffer.from('#PRODUCT')],
      [history, Buffer.from('')],
      [alpha.products('active'), Buffer.from('2026-01-01T00:00:00.000Z#')],
      [alpha.products('active'), Buffer.from('no id#with space')],
      [alpha.users, Buffer.from([0xff, 0xfe, 0x23, 0x61])],
    ] as const;
    for (const [shape, plaintext] of cases) {
      expect(() => codec.open(shape, sealedWith(shape.listing, shape.partition.value, plaintext)), plaintext.toString()).toThrow(BadRequestError);
    }
    // The same construction with a fitting value opens: the refusals above are the shape check's.
    expect(codec.open(history, sealedWith(history.listing, history.partition.value, Buffer.from('INV#v-1#2026#e')))).toEqual({
      PK: 'TENANT#alpha#PRODUCT#p-1',
      SK: 'INV#v-1#2026#e',
    });
  });

  it('opens only with the key that sealed it', () => {
    const shape = alpha.users;
    const cursor = codec.seal(shape, { GSI1SK: 'a@b.c#u-1' });
    expect(() => createCursorCodec(newCursorKey()).open(shape, cursor)).toThrow(BadRequestError);
  });

  it('reads CURSOR_KEY as 32 bytes of base64, and refuses anything else at start-up', () => {
    const b64 = key.toString('base64');
    expect(loadConfig({ CURSOR_KEY: b64 }).CURSOR_KEY).toEqual(key);
    expect(loadConfig({ CURSOR_KEY: key.toString('base64url') }).CURSOR_KEY).toEqual(key);
    expect(() => loadConfig({ CURSOR_KEY: randomBytes(16).toString('base64') })).toThrow(/CURSOR_KEY/);
    expect(() => loadConfig({ CURSOR_KEY: 'not a key' })).toThrow(/CURSOR_KEY/);
  });
});
