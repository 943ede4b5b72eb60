/**
 * "Forgot your password?" on the account page and both consoles (PasswordResetSection): the
 * email, then the emailed code with a new password, then back to the sign-in form with the email
 * filled in. The reset section replaces the sign-in while it is open. The API answers 202 whether
 * or not the account exists, so the page never says which emails have one.
 */
import { call } from './api';
import { $, field } from './dom';

type Step = 'request' | 'confirm' | 'done';

const message = (error: unknown) => (error instanceof Error && error.message) || 'Something went wrong.';

/** `signIn`: what the reset section stands in for while open; `signInForm`: where the email goes back. */
export function wirePasswordReset(options: { signIn: HTMLElement; signInForm: HTMLFormElement }) {
  const section = document.querySelector<HTMLElement>('#password-reset');
  if (!section) return;
  const base = section.dataset.base ?? '/auth/password';
  const request = $<HTMLFormElement>('#reset-request-form', section);
  const confirm = $<HTMLFormElement>('#reset-confirm-form', section);
  const done = $('#reset-done', section);
  const say = (text: string) => ($('#reset-status', section).textContent = text);
  let email = '';

  const show = (step: Step) => {
    request.hidden = step !== 'request';
    confirm.hidden = step !== 'confirm';
    done.hidden = step !== 'done';
  };

  const open = () => {
    options.signIn.hidden = true;
    section.hidden = false;
    show('request');
    say('');
    const typed = field(options.signInForm, 'email').value;
    field(request, 'email').value = typed;
    field(request, 'email').focus();
  };

  const close = () => {
    section.hidden = true;
    options.signIn.hidden = false;
    if (email) field(options.signInForm, 'email').value = email;
    field(options.signInForm, email ? 'password' : 'email').focus();
  };

  document.querySelectorAll<HTMLButtonElement>('.forgot-open').forEach((button) => {
    button.addEventListener('click', open);
  });
  $('#reset-cancel', section).addEventListener('click', close);
  $('#reset-sign-in', section).addEventListener('click', close);
  $('#reset-again', section).addEventListener('click', () => {
    show('request');
    say('');
    field(request, 'email').focus();
  });

  request.addEventListener('submit', (event) => {
    event.preventDefault();
    email = field(request, 'email').value.trim();
    call<undefined>('POST', `${base}/forgot`, { email })
      .then(() => {
        show('confirm');
        say(`If ${email} has an account here, we have emailed it a code. Enter the code and choose a new password.`);
        field(confirm, 'code').focus();
      })
      .catch((error: unknown) => say(message(error)));
  });

  confirm.addEventListener('submit', (event) => {
    event.preventDefault();
    call<undefined>('POST', `${base}/reset`, { email, code: field(confirm, 'code').value.trim(), newPassword: field(confirm, 'newPassword').value })
      .then(() => {
        confirm.reset();
        show('done');
        say('Your password has been changed, and any other sessions of this account are signed out. Sign in with your new password.');
        $('#reset-sign-in', section).focus();
      })
      .catch((error: unknown) => say(message(error)));
  });
}
