import type { Child } from 'hono/jsx';
import type { WebEntry } from '../web/assets';
import { FAVICON_PATH } from '../web/favicon';
import { CategoryMenu, type StoreMenu } from './category-menu';
import { CurrencySwitcher, type CurrencyChoice } from './currency-switcher';

/** URLs of the bundled browser files (`/assets/<name>-<hash>.js|css`), by entry. */
export type PageAssets = Readonly<Record<WebEntry, string>>;

/**
 * Who a page is for; its header and footer follow. Shoppers get the store's name, their account
 * link and the VAT line; a store's staff the store's name, "Store console" and a way back to the
 * storefront (no shopper sign-up link); operators the platform's name and nothing of any store.
 * The consoles say who is signed in next to their sign-out button, not in the header.
 */
export type Audience = 'storefront' | 'store-console' | 'operator';

/** The operator console's name for the platform; stores never show it. */
export const PLATFORM_NAME = 'Catalog platform';

function Header(props: {
  audience: Audience;
  siteName: string;
  signedInAs?: string | undefined;
  menu?: StoreMenu | undefined;
  cartCount?: number | undefined;
  searchQuery?: string | undefined;
  currency?: CurrencyChoice | undefined;
}) {
  if (props.audience === 'storefront') {
    return (
      <header>
        <h1>
          <a href="/">{props.siteName}</a>
        </h1>
        {props.menu ? <CategoryMenu menu={props.menu} /> : null}
        <SearchBox query={props.searchQuery} />
        <CurrencySwitcher choice={props.currency} />
        <nav aria-label="Account">
          {props.signedInAs ? (
            <a href="/wishlist" id="wishlist-link">
              Wishlist
            </a>
          ) : null}
          {/* The mini cart: pages are shared by every visitor (the edge keeps them), so its number arrives from the minicart script. */}
          <a href="/cart" id="cart-link" data-testid="mini-cart">
            Cart{' '}
            <span class="cart-count" data-cart-count>
              {props.cartCount ? String(props.cartCount) : ''}
            </span>
          </a>
          <a href="/account" id="account-link">
            {props.signedInAs ? `Signed in as ${props.signedInAs}` : 'Sign in or sign up'}
          </a>
        </nav>
      </header>
    );
  }
  const home = props.audience === 'store-console' ? '/admin' : '/platform';
  return (
    <header>
      <h1>
        <a href={home}>{props.siteName}</a> <span class="subtitle">{props.audience === 'store-console' ? 'Store console' : 'Operator console'}</span>
      </h1>
      {props.audience === 'store-console' ? (
        <nav aria-label="Store">
          <a href="/" id="storefront-link">
            View the storefront
          </a>
        </nav>
      ) : null}
    </header>
  );
}

/**
 * The storefront's search box: a plain GET form to the results page (works without script); the
 * search module (src/web/browser/search.ts) adds suggestions as the visitor types.
 */
function SearchBox(props: { query?: string | undefined }) {
  return (
    <search class="search-box">
      <form method="get" action="/find" data-suggest="/search/suggest">
        <label for="site-search" class="visually-hidden">
          Search the store
        </label>
        <input id="site-search" type="search" name="q" value={props.query ?? ''} placeholder="Search products" autocomplete="off" maxlength={200} />
        <button type="submit">Search</button>
        <ul class="suggestions" aria-label="Suggestions" hidden></ul>
      </form>
    </search>
  );
}

const FOOTERS: Record<Audience, (siteName: string) => string> = {
  storefront: () => 'Prices include VAT where applicable.',
  'store-console': (siteName) => `For ${siteName}'s staff. What you change here shows on the storefront at once.`,
  operator: () => 'For the platform’s operators.',
};

/**
 * Every page's frame. No inline script or style: the stylesheet and the page's script are files
 * from /assets (the content security policy allows nothing else). Who is signed in comes from the
 * session cookie's verified claims, rendered here on the server. `siteName`: the store's name, or
 * the platform's on the operator console.
 */
export function Layout(props: {
  audience: Audience;
  siteName: string;
  title: string;
  children: Child;
  assets: PageAssets;
  script?: Exclude<WebEntry, 'style'>;
  signedInAs?: string | undefined;
  /** What search results show under the title. */
  description?: string | undefined;
  /** The page's one absolute URL on the store's primary domain (src/storefront/seo.ts). */
  canonical?: string | undefined;
  /** Pages that are nobody's search result (accounts, not-found, filtered listings); their links are still followed. */
  noindex?: boolean;
  /** The storefront's category menu (src/storefront/category-menu.tsx); none when absent. */
  menu?: StoreMenu | undefined;
  /** Structured data (JSON-LD), already made safe by `jsonLdText`. A data block, not a script: the CSP does not apply to it. */
  jsonLd?: string | undefined;
  /** The storefront's mini cart, when the page knows it (the cart page); others fill it in the browser. */
  cartCount?: number | undefined;
  /** The words in the header's search box (the results page shows them there again). */
  searchQuery?: string | undefined;
  /** The header's currency switcher (stores selling in several currencies; src/storefront/currency-switcher.tsx). */
  currency?: CurrencyChoice | undefined;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${props.siteName}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.noindex ? <meta name="robots" content="noindex, follow" /> : null}
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        <link rel="icon" type="image/svg+xml" href={FAVICON_PATH} />
        <link rel="stylesheet" href={props.assets.style} />
        {props.script ? <script type="module" src={props.assets[props.script]}></script> : null}
        {props.audience === 'storefront' ? <script type="module" src={props.assets.minicart}></script> : null}
        {props.audience === 'storefront' ? <script type="module" src={props.assets.search}></script> : null}
        {props.jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: props.jsonLd }}></script> : null}
      </head>
      <body class={props.audience}>
        <Header
          audience={props.audience}
          siteName={props.siteName}
          signedInAs={props.signedInAs}
          menu={props.menu}
          cartCount={props.cartCount}
          searchQuery={props.searchQuery}
          currency={props.currency}
        />
        <main id="main">{props.children}</main>
        <footer>
          <small>{FOOTERS[props.audience](props.siteName)}</small>
        </footer>
      </body>
    </html>
  );
}
