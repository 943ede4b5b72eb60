import * as v from 'valibot';
import { BadRequestError } from '../../shared/errors';

/**
 * Cursors are DynamoDB's LastEvaluatedKey, base64url-encoded. On the way back in they are
 * checked to be a flat map of strings whose partition key is exactly the one being queried, so a
 * cursor from another tenant's listing (or a forged one) is a 400, never a read elsewhere.
 */
const KeySchema = v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9]+$/)), v.pipe(v.string(), v.maxLength(1024)));

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  if (!lastKey) return undefined;
  return Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  expected: { partitionAttribute: string; partitionValue: string; tenantPrefix: string },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new BadRequestError('The cursor is invalid for this listing; start again without it.');
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = v.safeParse(KeySchema, parsed);
  if (!result.success) throw invalid();
  const key = result.output;
  if (key[expected.partitionAttribute] !== expected.partitionValue) throw invalid();
  for (const [name, value] of Object.entries(key)) {
    if ((name === 'PK' || name.endsWith('PK')) && !value.startsWith(expected.tenantPrefix)) throw invalid();
  }
  return key;
}
