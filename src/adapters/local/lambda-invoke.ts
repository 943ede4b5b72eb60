import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export type LocalFunction = (event: unknown) => Promise<unknown> | unknown;
export type LocalLambda = { endpoint: string; stop(): Promise<void> };

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/<name>/invocations`) for the functions given,
 * on a free loopback port: cognito-local calls its triggers this way (its `LambdaClient` points
 * here), so locally the pool runs the very trigger code AWS runs. As Lambda does, a function that
 * throws answers 200 with `X-Amz-Function-Error: Unhandled` and `{errorMessage, errorType}`,
 * which cognito-local turns into UserLambdaValidationException.
 */
export async function startLocalLambda(functions: Record<string, LocalFunction>): Promise<LocalLambda> {
  const app = new Hono();
  app.post('/2015-03-31/functions/:name/invocations', async (c) => {
    const fn = Object.hasOwn(functions, c.req.param('name')) ? functions[c.req.param('name')] : undefined;
    if (!fn) return c.json({ Type: 'User', message: `Function not found: ${c.req.param('name')}` }, 404, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    let event: unknown;
    try {
      event = await c.req.json();
    } catch {
      return c.json({ errorMessage: 'The payload is not JSON.', errorType: 'InvalidRequestContentException' }, 400);
    }
    try {
      return c.json((await fn(event)) ?? null, 200);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return c.json({ errorMessage: failure.message, errorType: failure.name }, 200, { 'x-amz-function-error': 'Unhandled' });
    }
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
