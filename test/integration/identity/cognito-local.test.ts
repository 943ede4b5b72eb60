import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AdminListGroupsForUserCommand,
  AdminUserGlobalSignOutCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureUserPool, type UserPoolInfo } from '../../../src/adapters/cognito/bootstrap';
import { createCognitoClient } from '../../../src/adapters/cognito/client';
import { cognitoIdentityProvider, isUnsupportedByStandIn } from '../../../src/adapters/cognito/identity-provider';
import { createCognitoTokenVerifier } from '../../../src/adapters/jwt/cognito-verifier';
import { startCognitoLocal, type CognitoLocal } from '../../../src/adapters/local/cognito-local';
import { PasswordSchema, type Tokens } from '../../../src/identity/account';
import type { TokenVerifier } from '../../../src/identity/claims';
import { usernameFor, type IdentityProvider } from '../../../src/identity/provider';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../../../src/shared/errors';
import { tenantContext } from '../../../src/tenants/tenant';

/**
 * The identity building blocks against a cognito-local of their own (started here, so the
 * launcher and a restart on kept data are tested too): provider, bootstrap and the real verifier
 * fetching the JWKS over http. The HTTP flow on top is in flow.test.ts.
 */
const alpha = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active' });
const beta = tenantContext({ id: 'beta', name: 'Beta', tier: 'basic', status: 'active' });
const PASSWORD = 'Sh0pping-Time';

let dataDir: string;
let local: CognitoLocal;
let client: CognitoIdentityProviderClient;
let pool: UserPoolInfo;
let provider: IdentityProvider;
let verifier: TokenVerifier;
const warn = vi.fn();

async function connect() {
  client = createCognitoClient({ region: 'us-east-1', endpoint: local.endpoint });
  pool = await ensureUserPool(client, { poolName: 'catalog-it', clientName: 'web', issuerBase: local.endpoint });
  provider = cognitoIdentityProvider({ client, userPoolId: pool.userPoolId, clientId: pool.clientId, warn });
  verifier = createCognitoTokenVerifier({ issuer: pool.issuer, clientId: pool.clientId, jwksUri: pool.jwksUri });
}

/** A confirmed customer of `tenant`, as the identity service makes one. */
async function customer(tenant: typeof alpha, email: string, password = PASSWORD) {
  const username = usernameFor(tenant, email);
  const { userId } = await provider.signUp({ username, email, password, tenantId: tenant.id });
  await provider.setRole(username, 'customer');
  await provider.adminConfirm(username);
  return { username, userId };
}

async function tokensOf(username: string, password = PASSWORD): Promise<Tokens> {
  const result = await provider.logIn(username, password);
  if (result.kind !== 'tokens') throw new Error(`unexpected challenge for ${username}`);
  return result;
}

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cognito-it-'));
  local = await startCognitoLocal({ dataDir });
  await connect();
});

afterAll(async () => {
  await local?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('identity on cognito-local', () => {
  it('signs up, confirms, logs in, verifies, refreshes and logs out a store customer', async () => {
    const { username, userId } = await customer(alpha, 'shopper@example.com');
    expect(username).toBe('alpha:shopper@example.com');

    const tokens = await tokensOf(username);
    const claims = await verifier.verify(tokens.idToken);
    expect(claims).toMatchObject({ sub: userId, username, tenantId: 'alpha', roles: ['customer'] });
    // Each ID token is known by its own jti (cognito-local has no origin_jti).
    expect(claims.tokenId).toBe(payloadOf(tokens.idToken).jti);
    await expect(verifier.verify(tokens.accessToken)).rejects.toBeInstanceOf(UnauthorizedError);

    const refreshed = await provider.refresh(tokens.refreshToken!);
    expect(await verifier.verify(refreshed.idToken)).toMatchObject({ sub: userId, tenantId: 'alpha' });

    await provider.revoke(tokens.refreshToken!);
    await expect(provider.refresh(tokens.refreshToken!)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses clearly: unconfirmed 403, wrong password 401, unknown user 401, duplicate 409, bad code 400', async () => {
    const username = usernameFor(alpha, 'waiting@example.com');
    await provider.signUp({ username, email: 'waiting@example.com', password: PASSWORD, tenantId: 'alpha' });
    const early = await provider.logIn(username, PASSWORD).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ForbiddenError);
    expect((early as Error).message).toMatch(/confirm/i);

    await expect(provider.confirmSignUp(username, '000000')).rejects.toBeInstanceOf(BadRequestError);
    const unknownConfirm = await provider.confirmSignUp(usernameFor(alpha, 'nobody@example.com'), '000000').catch((e: unknown) => e);
    expect(unknownConfirm).toBeInstanceOf(BadRequestError);

    await expect(provider.signUp({ username, email: 'waiting@example.com', password: PASSWORD, tenantId: 'alpha' })).rejects.toBeInstanceOf(ConflictError);
    await provider.adminConfirm(username);
    const wrong = await provider.logIn(username, 'Wrong-passw0rd').catch((e: unknown) => e);
    const nobody = await provider.logIn(usernameFor(alpha, 'nobody@example.com'), 'Wrong-passw0rd').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(UnauthorizedError);
    expect(nobody).toBeInstanceOf(UnauthorizedError);
    // The same answer whether the account exists or not.
    expect((wrong as Error).message).toBe((nobody as Error).message);
  });

  it('keeps one email apart in two stores: separate accounts, passwords and tenants', async () => {
    const a = await customer(alpha, 'twice@example.com', 'Alpha-Passw0rd');
    const b = await customer(beta, 'twice@example.com', 'Beta-Passw0rd');
    expect(a.userId).not.toBe(b.userId);
    await expect(provider.logIn(b.username, 'Alpha-Passw0rd')).rejects.toBeInstanceOf(UnauthorizedError);
    expect((await verifier.verify((await tokensOf(b.username, 'Beta-Passw0rd')).idToken)).tenantId).toBe('beta');
  });

  it('a role change reaches the next token, and leaves exactly one role group', async () => {
    const { username } = await customer(alpha, 'future-clerk@example.com');
    const before = await tokensOf(username);
    await provider.setRole(username, 'clerk');
    expect((await verifier.verify(before.idToken)).roles).toEqual(['customer']);
    expect((await verifier.verify((await tokensOf(username)).idToken)).roles).toEqual(['clerk']);
    const groups = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.userPoolId, Username: username }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['clerk']);
  });

  it('creates staff with a temporary password that must be replaced at first sign-in', async () => {
    const username = usernameFor(alpha, 'new-admin@example.com');
    const created = await provider.createUser({ username, email: 'new-admin@example.com', name: 'New Admin', tenantId: 'alpha' });
    await provider.setRole(username, 'admin');
    expect(v.is(PasswordSchema, created.temporaryPassword)).toBe(true);
    const first = await provider.logIn(username, created.temporaryPassword!);
    expect(first.kind).toBe('new-password-required');
    if (first.kind !== 'new-password-required') return;
    const tokens = await provider.completeNewPassword(username, first.session, 'Adm1n-for-real');
    expect(await verifier.verify(tokens.idToken)).toMatchObject({ sub: created.userId, tenantId: 'alpha', roles: ['admin'] });
  });

  it('gives an operator a platform token: no tenant, operator role only', async () => {
    const username = usernameFor('platform', 'ops@platform.example');
    await provider.createUser({ username, email: 'ops@platform.example', name: 'Ops', password: 'Operat0r-pw' });
    await provider.setRole(username, 'operator');
    const claims = await verifier.verify((await tokensOf(username, 'Operat0r-pw')).idToken);
    expect(claims).toMatchObject({ username: 'platform:ops@platform.example', tenantId: undefined, roles: ['operator'] });
  });

  it('removes a user: sessions end (refresh refused), sign-in refused, a second removal is 404', async () => {
    const { username } = await customer(alpha, 'leaving@example.com');
    const tokens = await tokensOf(username);
    await provider.deleteUser(username);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/AdminUserGlobalSignOut/));
    await expect(provider.refresh(tokens.refreshToken!)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(provider.logIn(username, PASSWORD)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(provider.deleteUser(username)).rejects.toBeInstanceOf(NotFoundError);
    await expect(provider.setRole(username, 'clerk')).rejects.toBeInstanceOf(NotFoundError);
  });
});

/** What the stand-in does and does not do; the code relies on or works around each of these. */
describe('cognito-local as found', () => {
  it('issues http://<HOST>:<port>/<poolId> as issuer and serves the JWKS beneath it', async () => {
    expect(pool.issuer).toBe(`${local.endpoint}/${pool.userPoolId}`);
    expect(pool.userPoolId).toMatch(/^local_/);
    const jwks = (await (await fetch(pool.jwksUri)).json()) as { keys: { kid: string; alg: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: 'CognitoLocal', alg: 'RS256' })]);
  });

  it('puts custom:tenantId and groups in the ID token only, and jti but no origin_jti', async () => {
    const { username } = await customer(alpha, 'claims@example.com');
    const tokens = await tokensOf(username);
    const id = payloadOf(tokens.idToken);
    const access = payloadOf(tokens.accessToken);
    expect(id).toMatchObject({ token_use: 'id', 'custom:tenantId': 'alpha', 'cognito:groups': ['customer'], 'cognito:username': username, aud: pool.clientId });
    expect(id).toHaveProperty('jti');
    expect(id).not.toHaveProperty('origin_jti');
    expect(access).toMatchObject({ token_use: 'access', client_id: pool.clientId });
    expect(access).not.toHaveProperty('custom:tenantId');
    expect(access).not.toHaveProperty('aud');
  });

  it('does not enforce the pool password policy (so the API checks PasswordSchema itself)', async () => {
    expect(v.is(PasswordSchema, 'password')).toBe(false);
    await expect(
      provider.signUp({ username: usernameFor(alpha, 'weak@example.com'), email: 'weak@example.com', password: 'password', tenantId: 'alpha' }),
    ).resolves.toHaveProperty('userId');
  });

  it('lacks AdminUserGlobalSignOut', async () => {
    const { username } = await customer(alpha, 'global@example.com');
    const error = await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.userPoolId, Username: username })).catch((e: unknown) => e);
    expect(isUnsupportedByStandIn(error)).toBe(true);
  });

  it('filters ListUsers by username prefix but not by custom attribute, and does not paginate', async () => {
    const listed = await client.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: 'username ^= "beta:"', Limit: 1 }));
    expect(listed.Users?.map((u) => u.Username)).toEqual(['beta:twice@example.com']);
    const all = await client.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: 'username ^= "alpha:"', Limit: 1 }));
    expect(all.Users!.length).toBeGreaterThan(1);
    expect(all.PaginationToken).toBeUndefined();
    await expect(client.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: 'custom:tenantId = "alpha"' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('keeps its pools across a restart on the same data directory, so bootstrap finds rather than duplicates', async () => {
    const before = pool;
    const { port } = local;
    await local.stop();
    local = await startCognitoLocal({ dataDir, port });
    await connect();
    expect(pool).toEqual(before);
    expect((await verifier.verify((await tokensOf('alpha:shopper@example.com')).idToken)).tenantId).toBe('alpha');
  });
});
