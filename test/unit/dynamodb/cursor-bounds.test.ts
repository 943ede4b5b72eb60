/**
 * The cursor codec's bounds, each codec made inside its test (mutation testing attributes a codec
 * made at a file's top level to no test): key size, sort-value size, cursor size and alphabet,
 * the version byte, and what seal refuses to issue.
 */
import { describe, expect, it } from 'vitest';
import { createCursorCodec, newCursorKey, type ListingShape } from '../../../src/adapters/dynamodb/cursor';
import { BadRequestError } from '../../../src/shared/errors';

const plain: ListingShape = { listing: 'plain', partition: { attribute: 'PK', value: 'TENANT#alpha#X' }, sort: { attribute: 'SK' } };
const INVALID = 'The cursor is invalid for this listing; start again without it.';

describe('cursor codec bounds', () => {
  it('wants a 32-byte key', () => {
    expect(() => createCursorCodec(new Uint8Array(16))).toThrow('The cursor key must be 32 bytes.');
    expect(() => createCursorCodec(newCursorKey())).not.toThrow();
  });

  it('seals and opens the shortest and the longest sort value, and refuses to seal an empty, longer or non-string one', () => {
    const codec = createCursorCodec(newCursorKey());
    for (const sort of ['a', 'x'.repeat(1024)]) expect(codec.open(plain, codec.seal(plain, { PK: 'p', SK: sort }))).toEqual({ PK: 'TENANT#alpha#X', SK: sort });
    for (const sort of ['', 'x'.repeat(1025), 42, undefined])
      expect(() => codec.seal(plain, { PK: 'p', SK: sort })).toThrow('Listing plain ended on a key of another shape.');
  });

  it('binds a cursor to the listing and the partition it was sealed for, with a 400 that says so', () => {
    const codec = createCursorCodec(newCursorKey());
    const cursor = codec.seal(plain, { SK: 'a' })!;
    expect(() => codec.open({ ...plain, listing: 'other' }, cursor)).toThrow(new BadRequestError(INVALID));
    expect(() => codec.open({ ...plain, partition: { attribute: 'PK', value: 'TENANT#beta#X' } }, cursor)).toThrow(INVALID);
  });

  it('refuses a sealed cursor with a character outside base64url before or after it (the decoder would skip it)', () => {
    const codec = createCursorCodec(newCursorKey());
    const cursor = codec.seal(plain, { SK: 'a' })!;
    for (const bad of [`${cursor}.`, `.${cursor}`, `${cursor}=`, `${cursor.slice(0, 10)} ${cursor.slice(10)}`])
      expect(() => codec.open(plain, bad), bad).toThrow(INVALID);
  });

  it('opens a cursor of exactly 2048 characters and refuses a longer one, even one it sealed', () => {
    const codec = createCursorCodec(newCursorKey());
    // 1 + 12 + 1507 + 16 bytes = 2048 base64url characters; '€' is three bytes in UTF-8.
    const longest = codec.seal(plain, { SK: `${'€'.repeat(502)}a` })!;
    expect(longest).toHaveLength(2048);
    expect(codec.open(plain, longest)).toMatchObject({ SK: `${'€'.repeat(502)}a` });
    const longer = codec.seal(plain, { SK: `${'€'.repeat(503)}` })!;
    expect(longer.length).toBeGreaterThan(2048);
    expect(() => codec.open(plain, longer)).toThrow(INVALID);
  });

  it('refuses a cursor whose version byte is not 1, though the rest is intact', () => {
    const codec = createCursorCodec(newCursorKey());
    const raw = Buffer.from(codec.seal(plain, { SK: 'a' })!, 'base64url');
    expect(raw[0]).toBe(1);
    raw[0] = 2;
    expect(() => codec.open(plain, raw.toString('base64url'))).toThrow(INVALID);
  });

  it('refuses a cursor too short to hold a version, an IV, a byte and a tag', () => {
    const codec = createCursorCodec(newCursorKey());
    const raw = Buffer.from(codec.seal(plain, { SK: 'a' })!, 'base64url');
    expect(raw).toHaveLength(30);
    for (let n = 0; n < 30; n++) expect(() => codec.open(plain, raw.subarray(0, n).toString('base64url') || 'A')).toThrow(INVALID);
    expect(codec.open(plain, undefined)).toBeUndefined();
    expect(codec.seal(plain, undefined)).toBeUndefined();
  });
});
