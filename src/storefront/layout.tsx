import type { Child } from 'hono/jsx';

/** Small, readable, phone-first styles: one column that becomes a grid, no horizontal scrolling. */
const CSS = `
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#fafafa}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:baseline;justify-content:space-between}
header a{color:inherit}
h1{font-size:1.5rem;margin:0}
a{color:#0b57d0}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;align-items:end;background:#fff;padding:1rem;border:1px solid #ddd;border-radius:.5rem}
label{display:flex;flex-direction:column;font-size:.875rem;gap:.25rem}
label.check{flex-direction:row;align-items:center;gap:.5rem}
input,select,button{font:inherit;padding:.5rem;border:1px solid #bbb;border-radius:.375rem;min-width:0;max-width:100%}
button{background:#0b57d0;color:#fff;border-color:#0b57d0;cursor:pointer}
ul.grid{list-style:none;padding:0;margin:1rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,14rem),1fr));gap:1rem}
.card{background:#fff;border:1px solid #ddd;border-radius:.5rem;overflow:hidden;height:100%}
.card a{display:block;padding:0 1rem 1rem;color:inherit;text-decoration:none}
.card img,.detail img,.placeholder{width:100%;aspect-ratio:4/3;object-fit:cover;background:#eee;display:block}
.price{font-weight:600}
.stock{font-size:.875rem}
.stock.out{color:#b3261e}.stock.low{color:#8a5300}.stock.in{color:#1e6b34}
.detail{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,20rem),1fr))}
.notice{padding:.75rem 1rem;border-radius:.5rem;background:#fdecea;border:1px solid #f5c2c0}
.forms{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,18rem),1fr))}
.forms form{display:grid;gap:.75rem;background:#fff;padding:1rem;border:1px solid #ddd;border-radius:.5rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #ddd;padding:.5rem;text-align:left;vertical-align:top}
td form{display:inline-flex;gap:.25rem;flex-wrap:wrap}.badge{color:#8a5300}section{margin:1.5rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

export function Layout(props: { storeName: string; title: string; children: Child; script?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${props.storeName}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header>
          <h1>
            <a href="/">{props.storeName}</a>
          </h1>
          <nav aria-label="Account">
            <a href="/account" id="account-link">
              Sign in or sign up
            </a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer>
          <small>Prices include VAT where applicable.</small>
        </footer>
        <script dangerouslySetInnerHTML={{ __html: SESSION_SCRIPT + (props.script ?? '') }} />
      </body>
    </html>
  );
}

/** Shows who is signed in (the ID token lives in this store's localStorage only). */
const SESSION_SCRIPT = `
(function(){try{var t=localStorage.getItem('idToken');if(!t)return;var p=JSON.parse(atob(t.split('.')[1].replace(/-/g,'+').replace(/_/g,'/')));
if(p.exp*1000<Date.now()){localStorage.removeItem('idToken');return;}
var a=document.getElementById('account-link');a.textContent='Signed in as '+(p.email||p['cognito:username']);}catch(e){}})();
`;
