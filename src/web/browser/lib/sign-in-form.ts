/**
 * A sign-in form (consoles, account page): the password first, then whatever step the API asks
 * for — a new password after a temporary one, or the authenticator app's code — in the same form,
 * with the challenge's session kept on the form until the step is done.
 */
import { $, field } from './dom';
import { answerMfa, completeNewPassword, signIn, type SignInAnswer } from './session';

type Step = 'password' | 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA';

const PROMPTS: Record<Exclude<Step, 'password'>, { shown: string; field: string; say: string }> = {
  NEW_PASSWORD_REQUIRED: { shown: '#new-password', field: 'newPassword', say: 'Choose a new password (at least 12 characters) to finish signing in.' },
  SOFTWARE_TOKEN_MFA: { shown: '#mfa-code', field: 'code', say: 'Enter the 6-digit code from your authenticator app.' },
};

export function wireSignInForm(form: HTMLFormElement, options: { base: string; say: (text: string) => void; onSignedIn: () => void }) {
  let step: Step = 'password';
  const email = () => field(form, 'email').value;

  function send(): Promise<SignInAnswer> {
    const session = form.dataset.session ?? '';
    if (step === 'NEW_PASSWORD_REQUIRED') return completeNewPassword(options.base, email(), session, field(form, 'newPassword').value);
    if (step === 'SOFTWARE_TOKEN_MFA') return answerMfa(options.base, email(), session, field(form, 'code').value.trim());
    return signIn(options.base, email(), field(form, 'password').value);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send()
      .then((answer) => {
        if (!('challenge' in answer)) return options.onSignedIn();
        // Each step hides the one before; a new password may be followed by the code.
        for (const prompt of Object.values(PROMPTS)) $(prompt.shown, form).hidden = true;
        step = answer.challenge;
        form.dataset.session = answer.session;
        const prompt = PROMPTS[answer.challenge];
        $(prompt.shown, form).hidden = false;
        const input = field(form, prompt.field);
        input.required = true;
        input.focus();
        options.say(prompt.say);
      })
      .catch((error: unknown) => options.say((error instanceof Error && error.message) || 'Sign-in failed.'));
  });
}
