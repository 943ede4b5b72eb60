/**
 * The enrolment panel of the consoles (MfaEnrolmentSection): shown when the API refuses the
 * signed-in admin or operator until they enrol an authenticator app; it fetches a secret, shows it
 * as text and as an otpauth link, and turns the app on with one code.
 */
import { ApiError, MFA_ENROLMENT_REQUIRED } from './api';
import { $, field } from './dom';
import { setUpMfa, verifyMfa } from './session';

export const needsEnrolment = (error: unknown) => error instanceof ApiError && error.status === 403 && error.type === MFA_ENROLMENT_REQUIRED;

let wired = false;

export function offerEnrolment(base: string, say: (text: string) => void) {
  const panel = $('#mfa-enrol');
  panel.hidden = false;
  // Nothing else of the console works until then: show the panel alone rather than empty tables.
  document.querySelectorAll<HTMLElement>('#workspace > section').forEach((section) => {
    if (section !== panel) section.hidden = true;
  });
  say('Set up an authenticator app to use this console.');
  if (wired) return;
  wired = true;
  $('#mfa-start').addEventListener('click', () => {
    setUpMfa(base)
      .then(({ secret, otpauthUri }) => {
        $('#mfa-secret').textContent = secret;
        const link = $<HTMLAnchorElement>('#mfa-link');
        link.href = otpauthUri;
        link.hidden = false;
        $('#mfa-details').hidden = false;
        $<HTMLButtonElement>('#mfa-start').hidden = true;
      })
      .catch((error: unknown) => say(error instanceof Error ? error.message : String(error)));
  });
  const form = $<HTMLFormElement>('#mfa-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    verifyMfa(base, field(form, 'code').value.trim())
      .then(() => location.reload())
      .catch((error: unknown) => say(error instanceof Error ? error.message : String(error)));
  });
}
