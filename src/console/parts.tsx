/** Markup both consoles share: the sign-in section and a table the script fills. */
import { ForgotPasswordLink, PasswordResetSection, SignInChallengeFields, SignInFields } from '../storefront/sign-in-fields';

/**
 * Shown when nobody (or nobody allowed here) is signed in; `refresh`: a refresh cookie may bring
 * the session back; `resetBase`: where "Forgot your password?" asks (store staff or operators).
 */
export function SignInSection(props: {
  title: string;
  withNewPassword?: boolean;
  hidden: boolean;
  refresh: boolean;
  resetBase: '/auth/password' | '/platform/auth/password';
}) {
  return (
    <section id="signin" hidden={props.hidden} data-refresh={props.refresh ? '' : undefined} aria-labelledby="signin-title">
      <h3 id="signin-title">{props.title}</h3>
      <form id="signin-form" class="forms">
        <SignInFields />
        <SignInChallengeFields withNewPassword={props.withNewPassword} />
        <button type="submit">Sign in</button>
        <ForgotPasswordLink />
      </form>
      <PasswordResetSection base={props.resetBase} />
    </section>
  );
}

export function DataTable(props: { id: string; columns: string[] }) {
  return (
    <div class="table-scroll">
      <table id={props.id}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody></tbody>
      </table>
    </div>
  );
}
