import { createHmac } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { describe, expect, it, vi } from 'vitest';
import { createCognitoTokenVerifier, SigningKeysUnavailableError } from '../../../src/adapters/jwt/cognito-verifier';
import { UnauthorizedError } from '../../../src/shared/errors';
import { idTokenClaims, signingKey, unsignedJwt } from '../../support/jwt';

const issuer = 'http://localhost:9229/local_testpool';
const clientId = 'client-1';
const key = signingKey('k1');
const fetchJwks = vi.fn(async () => key.jwks as unknown as Jwks);
const verifier = createCognitoTokenVerifier({ issuer, clientId, jwksUri: `${issuer}/.well-known/jwks.json`, fetchJwks });
const claims = (extra: Record<string, unknown> = {}) => ({
  ...idTokenClaims({ issuer, clientId, tenantId: 'acme', groups: ['admin', 'not-a-role'] }),
  ...extra,
});

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
      tokenId: payload.jti,
      expiresAt: payload.exp,
    });
  });

  it('reads custom:priceGroup for a store’s customers only, and only an id-shaped value', async () => {
    const customer = (extra: Record<string, unknown>) => claims({ 'cognito:groups': ['customer'], ...extra });
    expect((await verifier.verify(key.sign(customer({ 'custom:priceGroup': 'wholesale-1' })))).priceGroup).toBe('wholesale-1');
    expect((await verifier.verify(key.sign(customer({})))).priceGroup).toBeUndefined();
    // Staff have no price group, whatever their token says.
    expect((await verifier.verify(key.sign(claims({ 'custom:priceGroup': 'wholesale-1' })))).priceGroup).toBeUndefined();
    // Not an id: never let into a key.
    for (const bad of ['', 'a#b', 'x'.repeat(65), 'TENANT#beta#GROUP#x'])
      expect((await verifier.verify(key.sign(customer({ 'custom:priceGroup': bad })))).priceGroup, bad).toBeUndefined();
    // An operator's token (no store) carries none either.
    const operator = { ...idTokenClaims({ issuer, clientId, groups: ['operator'], username: 'platform:op@example.com' }) };
    expect((await verifier.verify(key.sign({ ...operator, 'custom:priceGroup': 'wholesale-1' }))).priceGroup).toBeUndefined();
  });

  const attacks: [string, () => string][] = [
    ['expired', () => key.sign(claims({ exp: Math.floor(Date.now() / 1000) - 60 }))],
    [
      'tampered payload',
      () => {
        const [h, , s] = key.sign(claims()).split('.');
        return `${h}.${b64(claims({ 'custom:tenantId': 'other' }))}.${s}`;
      },
    ],
    ['alg none', () => unsignedJwt(claims())],
    [
      'HS256 signed with the public key',
      () => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' })}.${b64(claims())}`;
        const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      },
    ],
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

  it('fetches an http JWKS itself once, not per token', async () => {
    const calls = fetchJwks.mock.calls.length;
    await verifier.verify(key.sign(claims()));
    await verifier.verify(key.sign(claims()));
    expect(fetchJwks.mock.calls.length).toBe(calls);
  });

  it('follows a key rotation: an unknown kid refetches the JWKS, at most once per interval', async () => {
    const old = key;
    const rotated = signingKey('k2');
    let served = old.jwks;
    const fetch = vi.fn(async () => served as unknown as Jwks);
    const rotating = createCognitoTokenVerifier({ issuer, clientId, jwksUri: `${issuer}/.well-known/jwks.json`, fetchJwks: fetch, refetchAfterMs: 0 });
    await rotating.verify(old.sign(claims()));
    served = { keys: [...old.jwks.keys, ...rotated.jwks.keys] };
    await expect(rotating.verify(rotated.sign(claims()))).resolves.toMatchObject({ tenantId: 'acme' });
    expect(fetch).toHaveBeenCalledTimes(2);

    const limited = createCognitoTokenVerifier({ issuer, clientId, jwksUri: `${issuer}/.well-known/jwks.json`, fetchJwks: fetch, refetchAfterMs: 60_000 });
    fetch.mockClear();
    await limited.verify(old.sign(claims()));
    for (const kid of ['x1', 'x2', 'x3']) await expect(limited.verify(old.sign(claims(), { kid }))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reports unreachable signing keys as an outage, not as a bad token, and recovers', async () => {
    const fetch = vi
      .fn<() => Promise<Jwks>>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValue(key.jwks as unknown as Jwks);
    const flaky = createCognitoTokenVerifier({ issuer, clientId, jwksUri: `${issuer}/.well-known/jwks.json`, fetchJwks: fetch });
    const error = await flaky.verify(key.sign(claims())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningKeysUnavailableError);
    // A 503 with Retry-After (issue 13), the log naming the key set: not a 401, not a 500.
    expect(error).toMatchObject({ status: 503, code: 'dependency-unavailable', dependency: 'jwks' });
    expect((error as Error).message).not.toMatch(/key|jwks|pool/i);
    await expect(flaky.verify(key.sign(claims()))).resolves.toMatchObject({ tenantId: 'acme' });
  });

  it('knows each token by its own jti (not origin_jti), and a token without one by an id no session links', async () => {
    const { origin_jti: _o, ...localStyle } = claims();
    expect((await verifier.verify(key.sign(localStyle))).tokenId).toBe(localStyle.jti);
    const { jti: _j, ...bare } = localStyle;
    const token = key.sign(bare);
    const first = await verifier.verify(token);
    expect(first.tokenId).toMatch(/^unlinked-[\w-]{43}$/);
    expect((await verifier.verify(token)).tokenId).toBe(first.tokenId);
  });

  describe('identity shape (the app client is public: anyone can call SignUp on the pool)', () => {
    const refused: [string, Record<string, unknown>][] = [
      ['a store user whose username names another store', { 'cognito:username': 'beta:someone@example.com' }],
      ['a store user whose username has no store prefix', { 'cognito:username': 'someone@example.com' }],
      ['a tenant called platform', { 'custom:tenantId': 'platform', 'cognito:username': 'platform:someone@example.com' }],
      ['a user without a tenant outside the platform space', { 'custom:tenantId': undefined, 'cognito:username': 'acme:someone@example.com' }],
      ['no username at all', { 'cognito:username': undefined }],
      ['no subject', { sub: undefined }],
    ];
    for (const [name, extra] of refused) {
      it(`refuses ${name}`, async () => {
        const payload = Object.fromEntries(Object.entries(claims(extra)).filter(([, value]) => value !== undefined));
        await expect(verifier.verify(key.sign(payload))).rejects.toBeInstanceOf(UnauthorizedError);
      });
    }

    it('gives a store user store roles only, and an operator only the operator role', async () => {
      expect((await verifier.verify(key.sign(claims({ 'cognito:groups': ['operator', 'clerk'] })))).roles).toEqual(['clerk']);
      const { 'custom:tenantId': _t, ...platform } = claims({ 'cognito:username': 'platform:ops@example.com', 'cognito:groups': ['admin', 'operator'] });
      expect(await verifier.verify(key.sign(platform))).toMatchObject({ tenantId: undefined, roles: ['operator'], username: 'platform:ops@example.com' });
    });
  });
});
