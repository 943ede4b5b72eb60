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
