import { AdminCreateUserCommand, AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueSignUpTicket, TICKET_METADATA_KEY } from '../../../src/identity/sign-up-ticket';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * The pool's pre-sign-up trigger, run by cognito-local through the local Lambda Invoke endpoint
 * exactly as Cognito runs it on AWS. What an attacker holding the public client id can try.
 */
let p: TestPlatform;
const api = (host: string, token?: string) => client(p.app, host, token);

/** SignUp straight at the pool with the public client id, as anyone can. */
const directSignUp = (username: string, email: string, metadata?: Record<string, string>) =>
  p.cognito.client.send(
    new SignUpCommand({
      ClientId: p.cognito.pool.clientId,
      Username: username,
      Password: 'Squatter-Passw0rd',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'custom:tenantId', Value: username.split(':')[0]! },
      ],
      ...(metadata ? { ClientMetadata: metadata } : {}),
    }),
  );
const ticket = (username: string, email: string) => ({ [TICKET_METADATA_KEY]: issueSignUpTicket(p.cognito.signUpTicketSecret, { username, email }) });
const exists = (username: string) =>
  p.cognito.client.send(new AdminGetUserCommand({ UserPoolId: p.cognito.pool.userPoolId, Username: username })).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  p = await testPlatform();
});

describe('sign-ups straight at the pool', () => {
  it('are refused without a ticket', async () => {
    const refused = await directSignUp('alpha:victim1@example.com', 'attacker@evil.test').catch((e: Error) => e);
    expect((refused as Error).name).toBe('UserLambdaValidationException');
    expect((refused as Error).message).toMatch(/ticket missing|email attribute/);
    await expect(directSignUp('alpha:victim1@example.com', 'victim1@example.com')).rejects.toThrow(/ticket missing/);
    expect(await exists('alpha:victim1@example.com')).toBe(false);
  });

  it('are refused with a ticket for another username', async () => {
    await expect(
      directSignUp('alpha:victim2@example.com', 'victim2@example.com', ticket('alpha:someone-else@example.com', 'someone-else@example.com')),
    ).rejects.toThrow(/bad-signature/);
    await expect(directSignUp('beta:victim2@example.com', 'victim2@example.com', ticket('alpha:victim2@example.com', 'victim2@example.com'))).rejects.toThrow(
      /bad-signature/,
    );
    expect(await exists('alpha:victim2@example.com')).toBe(false);
  });

  it('are refused with an email attribute that is not the username’s, even with a good ticket', async () => {
    const username = 'alpha:victim3@example.com';
    await expect(directSignUp(username, 'attacker@evil.test', ticket(username, 'victim3@example.com'))).rejects.toThrow(/email attribute/);
    expect(await exists(username)).toBe(false);
  });

  it('are refused with a store attribute that is not the username’s', async () => {
    const username = 'alpha:victim4@example.com';
    const refused = await p.cognito.client
      .send(
        new SignUpCommand({
          ClientId: p.cognito.pool.clientId,
          Username: username,
          Password: 'Squatter-Passw0rd',
          UserAttributes: [
            { Name: 'email', Value: 'victim4@example.com' },
            { Name: 'custom:tenantId', Value: 'beta' },
          ],
          ClientMetadata: ticket(username, 'victim4@example.com'),
        }),
      )
      .catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/store attribute/);
  });

  it('pass with the ticket the API signs, so the API’s own sign-up works', async () => {
    const signUp = await api('alpha.test')('POST', '/auth/signup', { email: 'Real.Customer@example.com', password: 'Real-Customer-1' });
    expect(signUp.status, JSON.stringify(signUp.body)).toBe(201);
    expect((await api('alpha.test')('POST', '/auth/login', { email: 'real.customer@example.com', password: 'Real-Customer-1' })).status).toBe(200);
  });
});

describe('a name held by a stray account', () => {
  it('does not block staff creation: an unconfirmed sign-up the store does not know is taken back', async () => {
    // Made with a valid ticket, as the API's own sign-up would, but with no record in the store.
    await directSignUp('alpha:new-clerk@example.com', 'new-clerk@example.com', ticket('alpha:new-clerk@example.com', 'new-clerk@example.com'));
    const created = await api('alpha.test', tokenFor('admin', 'alpha'))('POST', '/admin/users', {
      email: 'new-clerk@example.com',
      name: 'New Clerk',
      role: 'clerk',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const first = await api('alpha.test')('POST', '/auth/login', { email: 'new-clerk@example.com', password: created.body.temporaryPassword });
    expect(first.body.challenge).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('does not block staff creation: an account whose email attribute is someone else’s is taken back', async () => {
    // cognito-local runs no trigger for AdminCreateUser: the stand-in for an account made before the trigger existed.
    await p.cognito.client.send(
      new AdminCreateUserCommand({
        UserPoolId: p.cognito.pool.userPoolId,
        Username: 'alpha:foreign@example.com',
        TemporaryPassword: 'Squatter-Passw0rd',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'attacker@evil.test' },
          { Name: 'custom:tenantId', Value: 'alpha' },
        ],
      }),
    );
    const created = await api('alpha.test', tokenFor('admin', 'alpha'))('POST', '/admin/users', {
      email: 'foreign@example.com',
      name: 'Foreign',
      role: 'admin',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('takes back an unconfirmed customer sign-up when an admin adds the address as staff', async () => {
    const p2 = await testPlatform({ autoConfirm: false });
    const signUp = await client(p2.app, 'alpha.test')('POST', '/auth/signup', { email: 'pending@example.com', password: 'Pending-Passw0rd' });
    expect(signUp.body.confirmed).toBe(false);
    const created = await client(p2.app, 'alpha.test', tokenFor('admin', 'alpha'))('POST', '/admin/users', {
      email: 'pending@example.com',
      name: 'Pending',
      role: 'clerk',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const users = (await client(p2.app, 'alpha.test', tokenFor('admin', 'alpha'))('GET', '/admin/users?limit=100')).body.items as {
      email: string;
      role: string;
    }[];
    expect(users.filter((u) => u.email === 'pending@example.com')).toEqual([expect.objectContaining({ role: 'clerk' })]);
  });

  it('still refuses to replace a confirmed account of the store', async () => {
    expect((await api('alpha.test')('POST', '/auth/signup', { email: 'kept@example.com', password: 'Kept-Passw0rd-1' })).status).toBe(201);
    expect((await api('alpha.test', tokenFor('admin', 'alpha'))('POST', '/admin/users', { email: 'kept@example.com', name: 'K', role: 'clerk' })).status).toBe(
      409,
    );
    expect((await api('alpha.test')('POST', '/auth/login', { email: 'kept@example.com', password: 'Kept-Passw0rd-1' })).status).toBe(200);
  });

  it('does not block onboarding: a squatter on the new store’s first admin is taken back', async () => {
    await directSignUp('omega:owner@omega.test', 'owner@omega.test', ticket('omega:owner@omega.test', 'owner@omega.test'));
    const onboarded = await api('platform.test', tokenFor('operator'))('POST', '/platform/tenants', {
      slug: 'omega',
      name: 'Omega',
      domains: ['omega.test'],
      tier: 'basic',
      firstAdmin: { email: 'owner@omega.test', name: 'Owner' },
    });
    expect(onboarded.status, JSON.stringify(onboarded.body)).toBe(201);
    const first = await api('omega.test')('POST', '/auth/login', { email: 'owner@omega.test', password: onboarded.body.firstAdmin.temporaryPassword });
    expect(first.body.challenge).toBe('NEW_PASSWORD_REQUIRED');
  });
});
