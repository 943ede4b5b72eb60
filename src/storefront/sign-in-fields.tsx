/** Email and current password, labelled so browsers and password managers fill them in. */
export function SignInFields() {
  return (
    <>
      <label>
        Email
        <input type="email" name="email" autocomplete="username" required />
      </label>
      <label>
        Password
        <input type="password" name="password" autocomplete="current-password" required />
      </label>
    </>
  );
}

/**
 * The steps a sign-in may ask for after the password, hidden until the API asks: a new password
 * (after a temporary one) and the authenticator app's code (accounts with MFA).
 */
export function SignInChallengeFields(props: { withNewPassword?: boolean }) {
  return (
    <>
      {props.withNewPassword ? (
        <label id="new-password" hidden>
          New password
          <input type="password" name="newPassword" autocomplete="new-password" minlength={12} />
        </label>
      ) : null}
      <label id="mfa-code" hidden>
        Code from your authenticator app
        <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} />
      </label>
    </>
  );
}

/**
 * Enrolling an authenticator app, shown by the console's script when the API says the signed-in
 * admin or operator must (403 mfa-enrolment-required): the secret to type or the otpauth link to
 * open in the app, then one code to turn it on.
 */
export function MfaEnrolmentSection() {
  return (
    <section id="mfa-enrol" hidden aria-labelledby="mfa-enrol-title" class="notice-panel">
      <h3 id="mfa-enrol-title">Protect this account with an authenticator app</h3>
      <p>
        Store admins and platform operators need a second step at sign-in. Add this account to an authenticator app (1Password, Google Authenticator, Authy…),
        then enter the code it shows.
      </p>
      <button type="button" id="mfa-start">
        Set up an authenticator app
      </button>
      <div id="mfa-details" hidden>
        <p>
          Secret key: <code id="mfa-secret"></code>
        </p>
        <p>
          {/* biome-ignore lint/a11y/useValidAnchor: the script gives it the otpauth: link, and shows it, once the secret exists */}
          <a id="mfa-link" hidden>
            Open in an authenticator app on this device
          </a>
        </p>
        <form id="mfa-form" class="inline">
          <label>
            Code from the app
            <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
          </label>
          <button type="submit">Turn on</button>
        </form>
      </div>
    </section>
  );
}

/** Under a sign-in form: opens the password reset (PasswordResetSection) in its place. */
export function ForgotPasswordLink() {
  return (
    <button type="button" class="link forgot-open" aria-controls="password-reset">
      Forgot your password?
    </button>
  );
}

/**
 * "Forgot your password?", hidden until asked for (lib/password-reset.ts runs it): the email, then
 * the emailed code with a new password, then a way back to sign-in. `base`: `/auth/password` on a
 * store (customers and staff), `/platform/auth/password` for operators.
 */
export function PasswordResetSection(props: { base: '/auth/password' | '/platform/auth/password' }) {
  return (
    <section id="password-reset" class="panel" hidden data-base={props.base} aria-labelledby="reset-title">
      <h3 id="reset-title" tabindex={-1}>
        Reset your password
      </h3>
      <p id="reset-status" role="status" aria-live="polite"></p>
      <form id="reset-request-form" class="stack">
        <p>Enter the email you sign in with. We will email you a code to set a new password.</p>
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required />
        </label>
        <button type="submit">Email me a code</button>
      </form>
      <form id="reset-confirm-form" class="stack" hidden>
        <label>
          Code from the email
          <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
        </label>
        <label>
          New password (at least 12 characters, upper and lower case, a digit)
          <input type="password" name="newPassword" autocomplete="new-password" minlength={12} required />
        </label>
        <button type="submit">Set the new password</button>
        <button type="button" class="link" id="reset-again">
          No code? Send another
        </button>
      </form>
      <div id="reset-done" hidden>
        <button type="button" id="reset-sign-in">
          Sign in
        </button>
      </div>
      <p>
        <button type="button" class="link" id="reset-cancel">
          Back to sign-in
        </button>
      </p>
    </section>
  );
}
