import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CURSOR_KEY_BYTES, newCursorKey } from '../dynamodb/cursor';

/**
 * `npm start`'s cursor key: made on first start and kept beside the data, so cursors handed out
 * before a restart still open after it. Readable by this user only.
 */
export function keptCursorKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'cursor-key');
  try {
    const kept = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (kept.length === CURSOR_KEY_BYTES) return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = newCursorKey();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}
