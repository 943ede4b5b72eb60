import { saleText } from '../pricing/sale';

/**
 * The "Sale −25 %" badge beside a price on sale (src/pricing/sale.ts decides what is one).
 * `always`: rendered hidden when not on sale, so the variant picker's script can show it for
 * another variant (src/web/browser/product.ts) without building markup.
 */
export function SaleMark(props: { price: number; compareAt: number | null | undefined; always?: boolean }) {
  const text = saleText(props.price, props.compareAt);
  if (!text && !props.always) return null;
  return (
    <span class="sale-badge" data-testid="sale-badge" hidden={!text}>
      {text ?? ''}
    </span>
  );
}
