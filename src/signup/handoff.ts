import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import type { SessionTokens } from '../http/session-cookie';

/**
 * The owner confirms their sign-up on the platform's host, but the console's session cookies are
 * `__Host-` cookies of the store's own host, which the platform's host cannot set. So the
 * confirmation signs them in and leaves the session sealed on the slug's claim; the browser
 * carries a random code to the store's host (in the URL's fragment, which no server or log sees),
 * where the console redeems it once for its cookies.
 *
 * The code is the only key: the record holds the tokens encrypted (AES-256-GCM) under a key
 * derived from it and is found by another hash of it, so whoever reads the table can neither use
 * the tokens nor find the code.
 */
export const HANDOFF_TTL_SECONDS = 120;

const derive = (purpose: string, code: string) => createHash('sha256').update(`handoff-${purpose}\n${code}`).digest();

export const HandoffCodeSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, 'must be the code the sign-up answered'));

/** The lookup id of a code (never the code itself). */
export const handoffId = (code: string) => derive('id', code).toString('base64url');

export function sealHandoff(tokens: SessionTokens, now: Date) {
  const code = randomBytes(32).toString('base64url');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive('key', code), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
  const sealed = [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
  return { code, record: { id: handoffId(code), sealed, expiresAt: new Date(now.getTime() + HANDOFF_TTL_SECONDS * 1000).toISOString() } };
}

const TokensSchema = v.object({ idToken: v.string(), accessToken: v.optional(v.string()), refreshToken: v.optional(v.string()), expiresIn: v.number() });

/** The tokens sealed with `code`, or undefined when they were not (a forged or corrupted record). */
export function openHandoff(code: string, sealed: string): SessionTokens | undefined {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derive('key', code), iv);
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    const parsed = v.safeParse(TokensSchema, JSON.parse(text));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}
