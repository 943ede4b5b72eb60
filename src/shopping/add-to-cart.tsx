import { MAX_LINE_QUANTITY } from './limits';

/**
 * The product page's "Add to cart" (and, for a signed-in shopper, "Save to wishlist"): plain forms
 * for the chosen variant, which the product script sends without leaving the page and keeps on the
 * variant the picker shows.
 */
export function AddToCart(props: { productId: string; variantId: string; inStock: boolean; signedIn: boolean }) {
  return (
    <div class="add-to-cart">
      <form id="add-to-cart" method="post" action="/cart">
        <input type="hidden" name="action" value="add" />
        <input type="hidden" name="productId" value={props.productId} />
        <input type="hidden" name="variantId" value={props.variantId} data-variant-field />
        <label>
          Quantity
          <input type="number" name="quantity" value="1" min="1" max={String(MAX_LINE_QUANTITY)} inputmode="numeric" required />
        </label>
        <button type="submit" disabled={!props.inStock} data-testid="add-to-cart">
          Add to cart
        </button>
      </form>
      {props.signedIn ? (
        <form id="save-to-wishlist" method="post" action="/wishlist">
          <input type="hidden" name="action" value="save" />
          <input type="hidden" name="productId" value={props.productId} />
          <input type="hidden" name="variantId" value={props.variantId} data-variant-field />
          <button type="submit" class="secondary-neutral" data-testid="save-to-wishlist">
            Save to wishlist
          </button>
        </form>
      ) : null}
      <p id="add-to-cart-status" role="status" aria-live="polite"></p>
    </div>
  );
}
