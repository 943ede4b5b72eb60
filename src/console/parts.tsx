/** Markup both consoles share: the sign-in section and a table the script fills. */
import { SignInFields } from '../storefront/sign-in-fields';

export function SignInSection(props: { title: string; withNewPassword?: boolean }) {
  return (
    <section id="signin" hidden aria-labelledby="signin-title">
      <h3 id="signin-title">{props.title}</h3>
      <form id="signin-form" class="forms">
        <SignInFields />
        {props.withNewPassword ? (
          <label id="new-password" hidden>
            New password
            <input type="password" name="newPassword" autocomplete="new-password" />
          </label>
        ) : null}
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}

export function DataTable(props: { id: string; columns: string[] }) {
  return (
    <div style="overflow-x:auto">
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
