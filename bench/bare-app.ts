import { Hono } from 'hono';

/** The same JSON a catalog page and a product read return, from a bare Hono route. */
export function bareApp(page: unknown, product: unknown, store: unknown) {
  const app = new Hono();
  app.get('/store', (c) => c.json(store as object));
  app.get('/products', (c) => c.json(page as object));
  app.get('/products/:id', (c) => c.json(product as object));
  return app;
}
