import type { Child } from 'hono/jsx';
import type { WebEntry } from '../web/assets';

/** URLs of the bundled browser files (`/assets/<name>-<hash>.js|css`), by entry. */
export type PageAssets = Readonly<Record<WebEntry, string>>;

/**
 * Every page's frame. No inline script or style: the stylesheet and the page's script are files
 * from /assets (the content security policy allows nothing else). Who is signed in comes from the
 * session cookie's verified claims, rendered here on the server.
 */
export function Layout(props: { storeName: string; title: string; children: Child; assets: PageAssets; script?: Exclude<WebEntry, 'style'>; signedInAs?: string | undefined }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${props.storeName}`}</title>
        <link rel="stylesheet" href={props.assets.style} />
        {props.script ? <script type="module" src={props.assets[props.script]}></script> : null}
      </head>
      <body>
        <header>
          <h1>
            <a href="/">{props.storeName}</a>
          </h1>
          <nav aria-label="Account">
            <a href="/account" id="account-link">
              {props.signedInAs ? `Signed in as ${props.signedInAs}` : 'Sign in or sign up'}
            </a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer>
          <small>Prices include VAT where applicable.</small>
        </footer>
      </body>
    </html>
  );
}
