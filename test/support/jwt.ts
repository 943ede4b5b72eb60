import { createServer } from 'node:http';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A local RSA signing key with its JWKS, to mint tokens the way Cognito would (and ways it would not). */
export function signingKey(kid = 'test-key') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    privateKey,
    publicKey,
    jwks: { keys: [jwk] },
    sign(payload: Record<string, unknown>, header: Record<string, unknown> = {}) {
      return signJwt({ alg: 'RS256', typ: 'JWT', kid, ...header }, payload, privateKey);
    },
  };
}

export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

export const unsignedJwt = (payload: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;

/** Serves a JWKS over plain http on a free loopback port, as cognito-local does. */
export async function serveJwks(jwks: unknown) {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { uri: `http://127.0.0.1:${port}/.well-known/jwks.json`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Claims of a Cognito ID token for a user of `tenantId` in `groups`. */
export function idTokenClaims(options: { issuer: string; clientId: string; tenantId?: string; groups?: string[]; username?: string; expiresIn?: number }) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: crypto.randomUUID(),
    aud: options.clientId,
    iss: options.issuer,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + (options.expiresIn ?? 900),
    jti: crypto.randomUUID(),
    origin_jti: crypto.randomUUID(),
    'cognito:username': options.username ?? `${options.tenantId ?? 'platform'}:someone@example.com`,
    ...(options.tenantId ? { 'custom:tenantId': options.tenantId } : {}),
    ...(options.groups ? { 'cognito:groups': options.groups } : {}),
  };
}
