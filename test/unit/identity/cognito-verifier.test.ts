import { createHmac } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { describe, expect, it, vi } from 'vitest';
import { createCognitoTokenVerifier } from '../../../src/adapters/jwt/cognito-verifier';
import { UnauthorizedError } from '../../../src/shared/errors';
import { idTokenClaims, signingKey, unsignedJwt } from '../../support/jwt';

const issuer = 'http://localhost:9229/local_testpool';
const clientId = 'client-1';
const key = signingKey('k1');
const fetchJwks = vi.fn(async () => key.jwks as unknown as Jwks);
const verifier = createCognitoTokenVerifier({ issuer, clientId, jwksUri: `${issuer}/.well-known/jwks.json`, fetchJwks });
const claims = (extra: Record<string, unknown> = {}) => ({ ...idTokenClaims({ issuer, clientId, tenantId: 'acme', groups: ['admin', 'not-a-role'] }), ...extra });

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('Cognito ID token verifier', () => {
  it('accepts a valid ID token and maps its claims', async () => {
    const payload = claims();
    const verified = await verifier.verify(key.sign(payload));
    expect(verified).toEqual({
      sub: payload.sub,
      username: 'acme:someone@example.com',
      tenantId: 'acme',
      roles: ['admin'],
      sessionId: payload.origin_jti,
      expiresAt: payload.exp,
    });
  });

  const attacks: [string, () => string][] = [
    ['expired', () => key.sign(claims({ exp: Math.floor(Date.now() / 1000) - 60 }))],
    ['tampered payload', () => {
      const [h, , s] = key.sign(claims()).split('.');
      return `${h}.${b64(claims({ 'custom:tenantId': 'other' }))}.${s}`;
    }],
    ['alg none', () => unsignedJwt(claims())],
    ['HS256 signed with the public key', () => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' })}.${b64(claims())}`;
      const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }],
    ['wrong issuer', () => key.sign(claims({ iss: 'http://localhost:9229/local_otherpool' }))],
    ['wrong audience', () => key.sign(claims({ aud: 'another-client' }))],
    ['access token instead of ID token', () => key.sign(claims({ token_use: 'access' }))],
    ['signed by a key not in the JWKS', () => signingKey('k1').sign(claims())],
    ['unknown key id', () => signingKey('k9').sign(claims())],
    ['not a JWT at all', () => 'hello'],
    ['empty segments', () => '..'],
  ];

  for (const [name, token] of attacks) {
    it(`refuses a token: ${name}`, async () => {
      await expect(verifier.verify(token())).rejects.toBeInstanceOf(UnauthorizedError);
    });
  }

  it('says when a token expired, so clients know to refresh', async () => {
    await expect(verifier.verify(key.sign(claims({ exp: Math.floor(Date.now() / 1000) - 60 })))).rejects.toThrow(/expired/);
  });

  it('fetches an http JWKS itself once, and again (rate-limited) on an unknown key id', async () => {
    const calls = fetchJwks.mock.calls.length;
    await verifier.verify(key.sign(claims()));
    await verifier.verify(key.sign(claims()));
    expect(fetchJwks.mock.calls.length).toBe(calls);
    await expect(verifier.verify(signingKey('k7').sign(claims()))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(verifier.verify(signingKey('k8').sign(claims()))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(fetchJwks.mock.calls.length).toBeLessThanOrEqual(calls + 1);
  });
});
