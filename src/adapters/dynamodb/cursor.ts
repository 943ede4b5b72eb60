import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BadRequestError } from '../../shared/errors';

/**
 * What a listing's position looks like: the partition it queries (known from the request, so it
 * never travels in the cursor), the sort key it pages over, and for an index the table key of the
 * item a sort value points at (DynamoDB wants both in an index's ExclusiveStartKey).
 */
export type ListingShape = {
  /** Names the listing (and the parts of the query its key condition depends on) in the cursor's authenticated data. */
  listing: string;
  partition: { attribute: string; value: string };
  sort: { attribute: string; prefix?: string };
  tableKey?: (sort: string) => { PK: string; SK: string } | undefined;
};

export type CursorCodec = {
  /** The cursor for "continue after this key", or undefined on the last page. */
  seal(shape: ListingShape, lastKey: Record<string, unknown> | undefined): string | undefined;
  /** The ExclusiveStartKey a cursor stands for; a BadRequestError for anything we did not seal for this very listing. */
  open(shape: ListingShape, cursor: string | undefined): Record<string, string> | undefined;
};

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_SORT_LENGTH = 1024;
export const CURSOR_KEY_BYTES = 32;

/** Ids as the table keys them (product ids, user subs, store slugs): never `#`, never empty. */
const KEY_PART = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** The id after the last `#` of a sort value, when it is one. */
export function trailingId(sort: string): string | undefined {
  const id = sort.slice(sort.lastIndexOf('#') + 1);
  return KEY_PART.test(id) ? id : undefined;
}

/**
 * Cursors are AES-256-GCM over the last sort-key value only, with the listing and its partition
 * (which carries the store) as additional authenticated data: a cursor reveals neither the key
 * layout nor the store, cannot be edited, and opens only for the same store and query. What
 * opens is still checked against the listing's key shape, so a key we once issued under an older
 * layout is a 400 too, never a DynamoDB ValidationException (a 500).
 */
export function createCursorCodec(key: Uint8Array): CursorCodec {
  if (key.length !== CURSOR_KEY_BYTES) throw new Error(`The cursor key must be ${CURSOR_KEY_BYTES} bytes.`);
  const aad = (shape: ListingShape) => Buffer.from(`cursor/v${VERSION}\n${shape.listing}\n${shape.partition.value}`, 'utf8');
  const invalid = () => new BadRequestError('The cursor is invalid for this listing; start again without it.');

  function startKey(shape: ListingShape, sort: string): Record<string, string> | undefined {
    if (sort.length === 0 || sort.length > MAX_SORT_LENGTH) return undefined;
    if (shape.sort.prefix !== undefined && !sort.startsWith(shape.sort.prefix)) return undefined;
    const start: Record<string, string> = { [shape.partition.attribute]: shape.partition.value, [shape.sort.attribute]: sort };
    if (shape.tableKey) {
      const table = shape.tableKey(sort);
      if (!table) return undefined;
      Object.assign(start, table);
    }
    return start;
  }

  return {
    seal(shape, lastKey) {
      if (!lastKey) return undefined;
      const sort = lastKey[shape.sort.attribute];
      if (typeof sort !== 'string' || !startKey(shape, sort)) throw new Error(`Listing ${shape.listing} ended on a key of another shape.`);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(shape));
      const body = Buffer.concat([cipher.update(sort, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]).toString('base64url');
    },

    open(shape, cursor) {
      if (cursor === undefined) return undefined;
      if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length < 1 + IV_BYTES + 1 + TAG_BYTES || raw[0] !== VERSION) throw invalid();
      let sort: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 1 + IV_BYTES));
        decipher.setAAD(aad(shape));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        sort = new TextDecoder('utf-8', { fatal: true }).decode(
          Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]),
        );
      } catch {
        throw invalid();
      }
      const start = startKey(shape, sort);
      if (!start) throw invalid();
      return start;
    },
  };
}

/** A key for `CURSOR_KEY`, or for a process whose cursors never leave it (tests, one-off jobs). */
export const newCursorKey = () => randomBytes(CURSOR_KEY_BYTES);
