/**
 * The storefront's account page: sign-in and sign-up as JSON calls to the API; a successful
 * sign-in leaves the session in this store's HttpOnly cookies (set by the server) and goes home,
 * where the header, rendered by the server, shows who is signed in.
 */
import { call } from './lib/api';
import { $, say as sayIn } from './lib/dom';
import { resumeSession, signIn, signOut } from './lib/session';
import { wirePasswordReset } from './lib/password-reset';
import { wireSignInForm } from './lib/sign-in-form';

const SESSION = '/auth/session';
const say = (text: string) => sayIn(text, '#account-status');
const message = (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'Something went wrong.';

/** The form's non-empty fields. */
function values(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string' && value !== '') out[key] = value;
  });
  return out;
}

// The forms are there when nobody is signed in, the sign-out button when someone is.
const loginForm = document.querySelector<HTMLFormElement>('#login-form');
if (loginForm) {
  wireSignInForm(loginForm, { base: SESSION, say, onSignedIn: () => (location.href = '/') });
  // The reset stands in for both forms (sign-in and sign-up) while it is open.
  wirePasswordReset({ signIn: $('#account-forms'), signInForm: loginForm });
}

async function signInAndGoHome(email: string, password: string) {
  const result = await signIn(SESSION, email, password);
  if ('challenge' in result) {
    say('Signed up; now sign in with your new account.');
    return;
  }
  location.href = '/';
}

const signUpForm = document.querySelector<HTMLFormElement>('#signup-form');
signUpForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const v = values(signUpForm);
  call<{ confirmed: boolean }>('POST', '/auth/signup', v)
    .then(async (created) => {
      if (!created.confirmed) {
        say('Account created. Enter the code we e-mailed to confirm it, then sign in.');
        return;
      }
      say('Account created; signing you in…');
      await signInAndGoHome(v.email ?? '', v.password ?? '');
    })
    .catch((error: unknown) => say(message(error)));
});

const out = $<HTMLButtonElement>('#sign-out');
out.addEventListener('click', () => {
  signOut(SESSION)
    .catch(() => undefined)
    .then(() => {
      location.href = '/';
    });
});

// "Your data" (src/storefront/your-data-section.tsx): the download through the API client, which
// renews an expired session first; the deletion with the password, then home, signed out.
const sayData = (text: string) => sayIn(text, '#your-data-status');
const download = document.querySelector<HTMLAnchorElement>('#download-data');
download?.addEventListener('click', (event) => {
  event.preventDefault();
  download.setAttribute('aria-disabled', 'true');
  call<unknown>('GET', '/me/data')
    .then((data) => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: 'my-data.json' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      sayData('Your data is downloaded.');
    })
    .catch((error: unknown) => sayData(message(error)))
    .finally(() => download.removeAttribute('aria-disabled'));
});

const deleteForm = document.querySelector<HTMLFormElement>('#delete-account-form');
deleteForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const button = deleteForm.querySelector<HTMLButtonElement>('button[type=submit]');
  if (button) button.disabled = true;
  call<void>('POST', '/me/delete', { password: values(deleteForm).password ?? '' })
    .then(() => {
      location.href = '/';
    })
    .catch((error: unknown) => {
      sayData(message(error));
      if (button) button.disabled = false;
    });
});

const main = $('#account');
if (main.dataset.refresh !== undefined) void resumeSession(SESSION, main);
