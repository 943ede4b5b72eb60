import { call, PAGE_HEADERS } from './api';

/**
 * Sign-in, the new-password step, refresh and sign-out against the cookie endpoints under
 * `base` (`/auth/session` for a store, `/platform/auth/session` for operators). The tokens never
 * reach this code: the server sets them as HttpOnly cookies.
 */
export type SignInAnswer = { signedIn: true } | { challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA'; session: string };

export const signIn = (base: string, email: string, password: string) => call<SignInAnswer>('POST', base, { email, password });

export const completeNewPassword = (base: string, email: string, session: string, newPassword: string) =>
  call<SignInAnswer>('POST', `${base}/new-password`, { email, session, newPassword });

/** The authenticator app's code, when the sign-in asked for it. */
export const answerMfa = (base: string, email: string, session: string, code: string) => call<SignInAnswer>('POST', `${base}/mfa`, { email, session, code });

/** A new authenticator secret for the signed-in account (the server reads the access token from its cookie). */
export const setUpMfa = (base: string) => call<{ secret: string; otpauthUri: string }>('POST', `${base}/mfa/setup`);

/** Turns the authenticator on with one code from it. */
export const verifyMfa = (base: string, code: string) => call<undefined>('POST', `${base}/mfa/verify`, { code });

/** Ends the session at the server (which revokes the refresh token) and drops both cookies. */
export const signOut = (base: string) => call<undefined>('POST', `${base}/logout`);

/** A new ID token cookie from the refresh cookie; false when there is none or it is no longer good. */
export async function refresh(base: string): Promise<boolean> {
  const response = await fetch(`${base}/refresh`, { method: 'POST', credentials: 'same-origin', headers: PAGE_HEADERS });
  return response.ok;
}

/**
 * The server renders `data-refresh` on the sign-in section when the ID token cookie has expired
 * but a refresh cookie is there: try it once and show the page signed in.
 */
export async function resumeSession(base: string, section: HTMLElement): Promise<void> {
  if (section.dataset.refresh === undefined) return;
  if (await refresh(base)) location.reload();
}
