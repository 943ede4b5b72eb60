import { describe, expect, it, vi } from 'vitest';
import type { UserRecord } from '../../../src/identity/account';
import type { UserDirectory } from '../../../src/identity/directory';
import type { IdentityProvider } from '../../../src/identity/provider';
import type { SessionStore } from '../../../src/identity/sessions';
import { createIdentityService, sessionIdOf } from '../../../src/identity/service';
import { BadRequestError, ConflictError, ForbiddenError } from '../../../src/shared/errors';
import type { OperatorDirectory } from '../../../src/identity/operators';
import { tenantContext } from '../../../src/tenants/tenant';
import { NOTHING_READ_AHEAD, readAheadOf, type ReadAhead } from '../../../src/shared/read-ahead';

const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });

function doubles() {
  const provider = {
    signUp: vi.fn(async () => ({ userId: 'u1' })),
    confirmSignUp: vi.fn(),
    adminConfirm: vi.fn(async () => undefined),
    logIn: vi.fn(),
    completeNewPassword: vi.fn(),
    refresh: vi.fn(),
    revoke: vi.fn(async () => undefined),
    createUser: vi.fn(async () => ({ userId: 'u2', temporaryPassword: 'Temp-Passw0rd' })),
    setRole: vi.fn(async () => undefined),
    setPriceGroup: vi.fn(async () => undefined),
    deleteUser: vi.fn(async () => undefined),
    findUser: vi.fn(async (): Promise<{ userId: string; confirmed: boolean; email?: string } | undefined> => undefined),
    forgotPassword: vi.fn(async () => undefined),
    confirmForgotPassword: vi.fn(async () => undefined),
    signOutEverywhere: vi.fn(async () => undefined),
    answerMfa: vi.fn(),
    associateTotp: vi.fn(async () => 'JBSWY3DPEHPK3PXP'),
    enableTotp: vi.fn(async () => undefined),
  } satisfies IdentityProvider;
  const directory = {
    get: vi.fn(async () => ({ userId: 'u3', email: 'c@acme.io', name: 'C', role: 'clerk' as const, createdAt: 'x', updatedAt: 'x' })),
    list: vi.fn(),
    create: vi.fn(async () => undefined),
    setRole: vi.fn(async (_t, previous, role) => ({ ...previous, role })),
    remove: vi.fn(async () => undefined),
    discardOnboarding: vi.fn(),
    standing: vi.fn(
      async (..._args: unknown[]): Promise<{ user: UserRecord | undefined; tokenLive: boolean; readAhead: ReadAhead }> => ({
        user: { userId: 'u3', email: 'c@acme.io', name: 'C', role: 'clerk' as const, createdAt: 'x', updatedAt: 'x' },
        tokenLive: true,
        readAhead: NOTHING_READ_AHEAD,
      }),
    ),
    markMfaEnrolled: vi.fn(async () => undefined),
    admins: vi.fn(async (): Promise<UserRecord[]> => []),
  } satisfies UserDirectory;
  const sessions = {
    start: vi.fn(async () => undefined),
    link: vi.fn(async () => undefined),
    find: vi.fn(async (..._args: unknown[]): Promise<{ userId: string; ended: boolean } | undefined> => undefined),
    sessionOfToken: vi.fn(async (..._args: unknown[]): Promise<string | undefined> => undefined),
    isTokenLive: vi.fn(async () => true),
    end: vi.fn(async () => undefined),
    endAllOf: vi.fn(async () => undefined),
  } satisfies SessionStore;
  const operators = { isMfaEnrolled: vi.fn(async () => false), markMfaEnrolled: vi.fn(async () => undefined) } satisfies OperatorDirectory;
  // The access token `access:<sub>` is that user's.
  const accessTokens = { verifyAccessToken: vi.fn(async (token: string) => ({ sub: token.replace(/^access:/, '') })) };
  return { provider, directory, sessions, operators, accessTokens };
}

describe('identity service: sign-up over a stray pool user', () => {
  const taken = () => new ConflictError('An account with this email already exists in this store.');

  it('replaces an unconfirmed pool user that has no record in the store (made by calling the pool directly)', async () => {
    const d = doubles();
    d.provider.signUp.mockRejectedValueOnce(taken());
    d.provider.findUser.mockResolvedValueOnce({ userId: 'stray', confirmed: false });
    d.directory.get.mockResolvedValueOnce(undefined as never);
    const result = await createIdentityService(d).signUp(acme, { email: 'a@acme.io', password: 'Passw0rd!' });
    expect(result.userId).toBe('u1');
    expect(d.directory.get).toHaveBeenCalledWith(acme, 'stray');
    expect(d.provider.deleteUser).toHaveBeenCalledWith('acme:a@acme.io');
    expect(d.provider.signUp).toHaveBeenCalledTimes(2);
    expect(d.directory.create).toHaveBeenCalledWith(acme, expect.objectContaining({ userId: 'u1', role: 'customer' }));
  });

  it.each([
    ['a confirmed account', { userId: 'u9', confirmed: true, email: 'a@acme.io' }, undefined],
    [
      'a sign-up of ours awaiting its code',
      { userId: 'u9', confirmed: false, email: 'a@acme.io' },
      { userId: 'u9', email: 'a@acme.io', name: 'A', role: 'customer' as const, createdAt: 'x', updatedAt: 'x' },
    ],
  ])('keeps %s and answers 409', async (_what, existing, record) => {
    const d = doubles();
    d.provider.signUp.mockRejectedValueOnce(taken());
    d.provider.findUser.mockResolvedValueOnce(existing);
    d.directory.get.mockResolvedValueOnce(record as never);
    await expect(createIdentityService(d).signUp(acme, { email: 'a@acme.io', password: 'Passw0rd!' })).rejects.toBeInstanceOf(ConflictError);
    expect(d.provider.deleteUser).not.toHaveBeenCalled();
    expect(d.provider.signUp).toHaveBeenCalledTimes(1);
  });
});

describe('identity service: MFA enrolment', () => {
  const claims = { sub: 'u3', username: 'acme:c@acme.io', tenantId: 'acme', roles: ['admin' as const], tokenId: 's', expiresAt: 0 };

  it('sets up TOTP with the bearer’s own access token and gives an otpauth URI', async () => {
    const d = doubles();
    const result = await createIdentityService(d).setUpMfa(acme, claims, 'access:u3');
    expect(d.provider.associateTotp).toHaveBeenCalledWith('access:u3');
    expect(result).toEqual({ secret: 'JBSWY3DPEHPK3PXP', otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/.*c%40acme\.io\?.*secret=JBSWY3DPEHPK3PXP/) });
  });

  it('refuses another user’s access token, so nobody enrols an app on someone else’s account', async () => {
    const d = doubles();
    const identity = createIdentityService(d);
    await expect(identity.setUpMfa(acme, claims, 'access:someone-else')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(identity.verifyMfa(acme, claims, 'access:someone-else', '123456')).rejects.toBeInstanceOf(ForbiddenError);
    expect(d.provider.associateTotp).not.toHaveBeenCalled();
    expect(d.provider.enableTotp).not.toHaveBeenCalled();
  });

  it('records the enrolment where the per-request check reads it: the store’s user, or the operator’s platform record', async () => {
    const d = doubles();
    const identity = createIdentityService(d);
    await identity.verifyMfa(acme, claims, 'access:u3', '123456');
    expect(d.provider.enableTotp).toHaveBeenCalledWith('access:u3', '123456');
    expect(d.directory.markMfaEnrolled).toHaveBeenCalledWith(acme, 'u3', expect.any(String));
    await identity.verifyMfa(
      'platform',
      { ...claims, sub: 'op1', username: 'platform:op@x.io', tenantId: undefined, roles: ['operator'] },
      'access:op1',
      '123456',
    );
    expect(d.operators.markMfaEnrolled).toHaveBeenCalledWith('op1', 'platform:op@x.io', expect.any(String));
  });

  it('records nothing when the code is wrong', async () => {
    const d = doubles();
    d.provider.enableTotp.mockRejectedValueOnce(new BadRequestError('The code is wrong or has expired.'));
    await expect(createIdentityService(d).verifyMfa(acme, claims, 'access:u3', '000000')).rejects.toBeInstanceOf(BadRequestError);
    expect(d.directory.markMfaEnrolled).not.toHaveBeenCalled();
  });
});

describe('identity service: names held by strays', () => {
  const taken = () => new ConflictError('An account with this email already exists in this store.');
  const record = { userId: 'u9', email: 'a@acme.io', name: 'A', role: 'customer' as const, createdAt: 'x', updatedAt: 'x' };

  it('lets the owner’s sign-up replace a confirmed account whose email attribute is someone else’s', async () => {
    const d = doubles();
    d.provider.signUp.mockRejectedValueOnce(taken());
    d.provider.findUser.mockResolvedValueOnce({ userId: 'squatter', confirmed: true, email: 'attacker@evil.test' });
    d.directory.get.mockResolvedValueOnce(undefined as never);
    await createIdentityService(d).signUp(acme, { email: 'a@acme.io', password: 'Passw0rd!' });
    expect(d.provider.deleteUser).toHaveBeenCalledWith('acme:a@acme.io');
  });

  it.each([
    ['a confirmed account the store does not know', { userId: 'u9', confirmed: true, email: 'a@acme.io' }, undefined],
    ['an unconfirmed sign-up of the store (its record goes too)', { userId: 'u9', confirmed: false, email: 'a@acme.io' }, record],
    ['an account of the store whose email attribute is someone else’s', { userId: 'u9', confirmed: true, email: 'attacker@evil.test' }, record],
  ])('lets an admin adding staff take back %s', async (_what, existing, held) => {
    const d = doubles();
    d.provider.createUser.mockRejectedValueOnce(taken());
    d.provider.findUser.mockResolvedValueOnce(existing);
    d.directory.get.mockResolvedValueOnce(held as never);
    await createIdentityService(d).createUser(acme, { email: 'a@acme.io', name: 'A', role: 'clerk' });
    expect(d.provider.deleteUser).toHaveBeenCalledWith('acme:a@acme.io');
    if (held) expect(d.directory.remove).toHaveBeenCalledWith(acme, held);
    expect(d.provider.createUser).toHaveBeenCalledTimes(2);
  });

  it('keeps a confirmed account of the store from an admin adding staff (409)', async () => {
    const d = doubles();
    d.provider.createUser.mockRejectedValueOnce(taken());
    d.provider.findUser.mockResolvedValueOnce({ userId: 'u9', confirmed: true, email: 'a@acme.io' });
    d.directory.get.mockResolvedValueOnce(record as never);
    await expect(createIdentityService(d).createUser(acme, { email: 'a@acme.io', name: 'A', role: 'clerk' })).rejects.toBeInstanceOf(ConflictError);
    expect(d.provider.deleteUser).not.toHaveBeenCalled();
  });
});

describe('identity service: no half-made accounts', () => {
  it('deletes the pool user when the store record cannot be written after sign-up', async () => {
    const d = doubles();
    d.directory.create.mockRejectedValueOnce(new Error('table unavailable'));
    const identity = createIdentityService(d);
    await expect(identity.signUp(acme, { email: 'a@acme.io', password: 'Passw0rd!' })).rejects.toThrow('table unavailable');
    expect(d.provider.deleteUser).toHaveBeenCalledWith('acme:a@acme.io');
  });

  it('deletes the pool user when joining the role group fails for new staff', async () => {
    const d = doubles();
    d.provider.setRole.mockRejectedValueOnce(new Error('group missing'));
    await expect(createIdentityService(d).createUser(acme, { email: 'b@acme.io', name: 'B', role: 'clerk' })).rejects.toThrow('group missing');
    expect(d.provider.deleteUser).toHaveBeenCalledWith('acme:b@acme.io');
    expect(d.directory.create).not.toHaveBeenCalled();
  });

  it('puts the old role back in the store record when the pool refuses the new one', async () => {
    const d = doubles();
    d.provider.setRole.mockRejectedValueOnce(new Error('pool down'));
    await expect(createIdentityService(d).changeRole(acme, 'u3', 'admin')).rejects.toThrow('pool down');
    expect(d.directory.setRole).toHaveBeenLastCalledWith(acme, expect.objectContaining({ role: 'admin' }), 'clerk', expect.any(String));
  });

  it('restores the store record when the pool user cannot be deleted', async () => {
    const d = doubles();
    d.provider.deleteUser.mockRejectedValueOnce(new Error('pool down'));
    await expect(createIdentityService(d).removeUser(acme, 'u3')).rejects.toThrow('pool down');
    expect(d.directory.create).toHaveBeenCalledWith(acme, expect.objectContaining({ userId: 'u3' }));
  });

  it('confirms sign-ups at once only when told to (local development)', async () => {
    const d = doubles();
    await createIdentityService(d).signUp(acme, { email: 'a@acme.io', password: 'Passw0rd!' });
    expect(d.provider.adminConfirm).not.toHaveBeenCalled();
    await createIdentityService({ ...d, autoConfirmSignUps: true }).signUp(acme, { email: 'b@acme.io', password: 'Passw0rd!' });
    expect(d.provider.adminConfirm).toHaveBeenCalledWith('acme:b@acme.io');
  });

  it('logs a store user out by ending the token’s session and the refresh token’s, and revoking the refresh token', async () => {
    const d = doubles();
    d.sessions.sessionOfToken.mockResolvedValueOnce('sess-1');
    d.sessions.find.mockResolvedValueOnce({ userId: 'u', ended: false });
    await createIdentityService(d).logOut(
      acme,
      { sub: 'u', username: 'acme:u', tenantId: 'acme', roles: ['customer'], tokenId: 'jti-1', expiresAt: 1234 },
      'refresh-1',
    );
    expect(d.sessions.sessionOfToken).toHaveBeenCalledWith(acme, 'jti-1');
    expect(d.sessions.end).toHaveBeenCalledWith(acme, 'sess-1');
    expect(d.sessions.end).toHaveBeenCalledWith(acme, sessionIdOf('refresh-1'));
    expect(d.provider.revoke).toHaveBeenCalledWith('refresh-1');
  });

  it('logs an operator out under the platform’s keys, without a refresh token', async () => {
    const d = doubles();
    d.sessions.sessionOfToken.mockResolvedValueOnce('sess-2');
    await createIdentityService(d).logOut('platform', { sub: 'o', username: 'platform:o', roles: ['operator'], tokenId: 'jti-2', expiresAt: 99 }, undefined);
    expect(d.provider.revoke).not.toHaveBeenCalled();
    expect(d.sessions.end).toHaveBeenCalledWith('platform', 'sess-2');
  });

  it('refuses a request from a signed-out session or a removed user, in one read', async () => {
    const d = doubles();
    const claims = { sub: 'u3', username: 'acme:c@acme.io', tenantId: 'acme', roles: ['clerk' as const], tokenId: 'jti-3', expiresAt: 99 };
    const identity = createIdentityService(d);
    expect((await identity.requireCurrentUser(acme, claims)).user.role).toBe('clerk');
    d.directory.standing.mockResolvedValueOnce({ user: (await d.directory.standing()).user, tokenLive: false, readAhead: NOTHING_READ_AHEAD });
    await expect(identity.requireCurrentUser(acme, claims)).rejects.toThrow('signed out');
    d.directory.standing.mockResolvedValueOnce({ user: undefined, tokenLive: true, readAhead: NOTHING_READ_AHEAD });
    await expect(identity.requireCurrentUser(acme, claims)).rejects.toThrow('no longer exists');
    expect(d.directory.standing).toHaveBeenCalledWith(acme, 'u3', 'jti-3', []);
    expect(d.directory.get).not.toHaveBeenCalled();
  });

  it('hands the route the items it read ahead in that same read, but only to a caller it admits', async () => {
    const d = doubles();
    const claims = { sub: 'u3', username: 'acme:c@acme.io', tenantId: 'acme', roles: ['clerk' as const], tokenId: 'jti-3', expiresAt: 99 };
    const identity = createIdentityService(d);
    const key = { kind: 'product', id: 'p1' } as const;
    const readAhead = readAheadOf('acme', [{ key, item: { id: 'p1' } }]);
    d.directory.standing.mockResolvedValueOnce({ user: (await d.directory.standing()).user, tokenLive: true, readAhead });
    const standing = await identity.requireCurrentUser(acme, claims, [key]);
    expect(d.directory.standing).toHaveBeenLastCalledWith(acme, 'u3', 'jti-3', [key]);
    expect(standing.readAhead.take(acme, key)).toEqual({ item: { id: 'p1' } });
    d.directory.standing.mockResolvedValueOnce({ user: (await d.directory.standing()).user, tokenLive: false, readAhead });
    await expect(identity.requireCurrentUser(acme, claims, [key])).rejects.toThrow('signed out');
  });
});
