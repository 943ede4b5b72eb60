import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './env';

/** Anonymous callers' Idempotency-Key space: their address, hashed (keys carry no personal data). */
export const anonymousCaller = (c: Context<AppEnv>) =>
  `anon-${createHash('sha256')
    .update(c.get('clientAddress') ?? 'unknown')
    .digest('base64url')
    .slice(0, 22)}`;
