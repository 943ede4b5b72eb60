import { describe, expect, it } from 'vitest';
import { preSignUp } from '../../../src/identity/pre-sign-up';
import { checkSignUpTicket, issueSignUpTicket, TICKET_TTL_SECONDS } from '../../../src/identity/sign-up-ticket';

const secret = 'a-test-secret-of-at-least-32-characters!';
const subject = { username: 'alpha:jo@example.com', email: 'jo@example.com' };
const at = new Date('2026-01-01T00:00:00Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('sign-up tickets', () => {
  it('hold for their username and email until they expire', () => {
    const ticket = issueSignUpTicket(secret, subject, at);
    expect(checkSignUpTicket(secret, ticket, subject, at)).toEqual({ ok: true });
    expect(checkSignUpTicket(secret, ticket, { username: 'ALPHA:Jo@Example.com', email: 'JO@example.com' }, later(TICKET_TTL_SECONDS))).toEqual({ ok: true });
    expect(checkSignUpTicket(secret, ticket, subject, later(TICKET_TTL_SECONDS + 1))).toEqual({ ok: false, reason: 'expired' });
  });

  it('are refused for another username, another email, another secret', () => {
    const ticket = issueSignUpTicket(secret, subject, at);
    expect(checkSignUpTicket(secret, ticket, { ...subject, username: 'beta:jo@example.com' }, at)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(checkSignUpTicket(secret, ticket, { ...subject, email: 'eve@example.com' }, at)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(checkSignUpTicket(`${secret}x`, ticket, subject, at)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('are refused when tampered with', () => {
    const ticket = issueSignUpTicket(secret, subject, at);
    const [version, expiry, mac] = ticket.split('.') as [string, string, string];
    // A later expiry under the same signature.
    expect(checkSignUpTicket(secret, `${version}.${Number(expiry) + 60}.${mac}`, subject, at)).toEqual({ ok: false, reason: 'bad-signature' });
    const flipped = `${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`;
    expect(checkSignUpTicket(secret, `${version}.${expiry}.${flipped}`, subject, at)).toEqual({ ok: false, reason: 'bad-signature' });
    for (const bad of ['', 'v1', `v2.${expiry}.${mac}`, `${version}.${expiry}.${mac}=`, `${version}.-1.${mac}`, `${version}.${expiry}`]) {
      expect(checkSignUpTicket(secret, bad, subject, at).ok).toBe(false);
    }
    expect(checkSignUpTicket(secret, undefined, subject, at)).toEqual({ ok: false, reason: 'missing' });
  });

  it('are refused when they would live longer than a ticket does (not made by this code)', () => {
    const long = issueSignUpTicket(secret, subject, at, 24 * 3600);
    expect(checkSignUpTicket(secret, long, subject, at)).toEqual({ ok: false, reason: 'expired' });
  });

  it('need a secret long enough not to be guessed', () => {
    expect(() => issueSignUpTicket('short', subject, at)).toThrow(/32 characters/);
  });
});

describe('the pre-sign-up trigger', () => {
  const event = (overrides: { userName?: string; email?: string; tenantId?: string | null; ticket?: string | null; source?: string } = {}) => ({
    version: '1',
    triggerSource: overrides.source ?? 'PreSignUp_SignUp',
    userName: overrides.userName ?? subject.username,
    request: {
      userAttributes: { email: overrides.email ?? subject.email, ...(overrides.tenantId === null ? {} : { 'custom:tenantId': overrides.tenantId ?? 'alpha' }) },
      clientMetadata: overrides.ticket === null ? undefined : { signUpTicket: overrides.ticket ?? issueSignUpTicket(secret, subject, at) },
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });

  it('passes the event back unchanged for a sign-up the API asked for, by SignUp or AdminCreateUser', () => {
    expect(preSignUp(event(), { secret, now: at })).toEqual(event());
    expect(preSignUp(event({ source: 'PreSignUp_AdminCreateUser' }), { secret, now: at }).response).toEqual({
      autoConfirmUser: false,
      autoVerifyEmail: false,
      autoVerifyPhone: false,
    });
    const operator = { username: 'platform:op@example.com', email: 'op@example.com' };
    expect(() =>
      preSignUp(event({ userName: operator.username, email: operator.email, tenantId: null, ticket: issueSignUpTicket(secret, operator, at) }), {
        secret,
        now: at,
      }),
    ).not.toThrow();
  });

  it('refuses what the API did not ask for', () => {
    const refuse = (e: unknown, message: RegExp) => expect(() => preSignUp(e, { secret, now: at })).toThrow(message);
    refuse(event({ ticket: null }), /ticket missing/);
    refuse(event({ email: 'attacker@evil.test' }), /email attribute/);
    refuse(event({ tenantId: 'beta' }), /store attribute/);
    refuse(event({ tenantId: null }), /store attribute/);
    refuse(event({ userName: 'no-separator' }), /username/);
    refuse(event({ source: 'PreSignUp_ExternalProvider' }), /not accepted/);
    refuse({ nonsense: true }, /Not a pre-sign-up event/);
    expect(() => preSignUp(event(), { secret, now: later(TICKET_TTL_SECONDS + 1) })).toThrow(/ticket expired/);
  });
});
