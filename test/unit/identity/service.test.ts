import { describe, expect, it, vi } from 'vitest';
import type { UserRecord } from '../../../src/identity/account';
import type { UserDirectory } from '../../../src/identity/directory';
import type { IdentityProvider } from '../../../src/identity/provider';
import type { SessionStore } from '../../../src/identity/sessions';
import { createIdentityService, sessionIdOf } from '../../../src/identity/service';
import { ConflictError } from '../../../src/shared/errors';
import { tenantContext } from '../../../src/tenants/tenant';

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
    deleteUser: vi.fn(async () => undefined),
    findUser: vi.fn(async (): Promise<{ userId: string; confirmed: boolean } | undefined> => undefined),
    forgotPassword: vi.fn(async () => undefined),
    confirmForgotPassword: vi.fn(async () => undefined),
    signOutEverywhere: vi.fn(async () => undefined),
  } satisfies IdentityProvider;
  const directory = {
    get: vi.fn(async () => ({ userId: 'u3', email: 'c@acme.io', name: 'C', role: 'clerk' as const, createdAt: 'x', updatedAt: 'x' })),
    list: vi.fn(),
    create: vi.fn(async () => undefined),
    setRole: vi.fn(async (_t, previous, role) => ({ ...previous, role })),
    remove: vi.fn(async () => undefined),
    discardOnboarding: vi.fn(),
    standing: vi.fn(async (..._args: unknown[]): Promise<{ user: UserRecord | undefined; tokenLive: boolean }> => ({ user: { userId: 'u3', email: 'c@acme.io', name: 'C', role: 'clerk' as const, createdAt: 'x', updatedAt: 'x' }, tokenLive: true })),
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
  return { provider, directory, sessions };
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
    ['a confirmed account', { userId: 'u9', confirmed: true }, undefined],
    ['a sign-up of ours awaiting its code', { userId: 'u9', confirmed: false }, { userId: 'u9', email: 'a@acme.io', name: 'A', role: 'customer' as const, createdAt: 'x', updatedAt: 'x' }],
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
    const actor = { sub: 'admin', username: 'acme:admin', tenantId: 'acme', roles: ['admin' as const], tokenId: 's', expiresAt: 1 };
    await expect(createIdentityService(d).removeUser(acme, actor, 'u3')).rejects.toThrow('pool down');
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
    await createIdentityService(d).logOut(acme, { sub: 'u', username: 'acme:u', tenantId: 'acme', roles: ['customer'], tokenId: 'jti-1', expiresAt: 1234 }, 'refresh-1');
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
    expect((await identity.requireCurrentUser(acme, claims)).role).toBe('clerk');
    d.directory.standing.mockResolvedValueOnce({ user: (await d.directory.standing()).user, tokenLive: false });
    await expect(identity.requireCurrentUser(acme, claims)).rejects.toThrow('signed out');
    d.directory.standing.mockResolvedValueOnce({ user: undefined, tokenLive: true });
    await expect(identity.requireCurrentUser(acme, claims)).rejects.toThrow('no longer exists');
    expect(d.directory.standing).toHaveBeenCalledWith(acme, 'u3', 'jti-3');
    expect(d.directory.get).not.toHaveBeenCalled();
  });
});
