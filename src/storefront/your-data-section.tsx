/**
 * The account page's "Your data" (docs/privacy.md), for a signed-in customer: the download of
 * everything the store holds of them, and the deletion of their account, confirmed with the
 * password and a checkbox. Without script the download link still works (the session cookie);
 * the deletion needs the page's script (src/web/browser/account.ts).
 */
export function YourDataSection(props: { storeName: string }) {
  return (
    <section id="your-data" aria-labelledby="your-data-title">
      <h3 id="your-data-title">Your data</h3>
      <p>
        <a href="/me/data" download="my-data.json" id="download-data">
          Download my data
        </a>{' '}
        — your account, addresses, orders, wishlist and cart, as one JSON file.
      </p>
      <p id="your-data-status" role="status" aria-live="polite" />
      <form id="delete-account-form" class="notice-panel stack" aria-labelledby="delete-account-title">
        <h3 id="delete-account-title">Delete my account</h3>
        <p>
          This deletes your account, your wishlist and your cart, and signs you out. Your orders stay with {props.storeName} for its records, as shops must keep
          them, without your name, email or address.
        </p>
        <label>
          Your password
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <label class="check">
          <input type="checkbox" name="confirm" required /> I understand that this cannot be undone
        </label>
        <button type="submit">Delete my account</button>
      </form>
    </section>
  );
}
