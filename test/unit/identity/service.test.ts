import { describe, expect, it, vi } from 'vitest';
import type { UserDirectory } from '../../../src/identity/directory';
import type { IdentityProvider } from '../../../src/identity/provider';
import type { RevocationList } from '../../../src/identity/revocation';
import { createIdentityService } from '../../../src/identity/service';
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
  } satisfies IdentityProvider;
  const directory = {
    get: vi.fn(async () => ({ userId: 'u3', email: 'c@acme.io', name: 'C', role: 'clerk' as const, createdAt: 'x', updatedAt: 'x' })),
    list: vi.fn(),
    create: vi.fn(async () => undefined),
    setRole: vi.fn(async (_t, previous, role) => ({ ...previous, role })),
    remove: vi.fn(async () => undefined),
    discardOnboarding: vi.fn(),
  } satisfies UserDirectory;
  const revocations = { revoke: vi.fn(async () => undefined), isRevoked: vi.fn(async () => false) } satisfies RevocationList;
  return { provider, directory, revocations };
}

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
    const actor = { sub: 'admin', username: 'acme:admin', tenantId: 'acme', roles: ['admin' as const], sessionId: 's', expiresAt: 1 };
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

  it('logs out by revoking the refresh token and denying the session until it expires', async () => {
    const d = doubles();
    await createIdentityService(d).logOut({ sub: 'u', username: 'acme:u', tenantId: 'acme', roles: ['customer'], sessionId: 'sess-1', expiresAt: 1234 }, 'refresh-1');
    expect(d.provider.revoke).toHaveBeenCalledWith('refresh-1');
    expect(d.revocations.revoke).toHaveBeenCalledWith('sess-1', 1234);
  });
});
