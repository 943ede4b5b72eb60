// The yardstick: a bare Hono Lambda answering the same JSON, nothing else.
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const app = new Hono();
app.get('/products', (c) => c.json({ items: [{ id: '1', name: 'Trail Runner', price: { amount: 8999, currency: 'EUR' } }], nextCursor: null }));
export const handler = handle(app);
