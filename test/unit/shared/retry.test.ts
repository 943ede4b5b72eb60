import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { StaleWriteError } from '../../../src/catalog/repository';
import { errorHandler } from '../../../src/http/app';
import { drainUnprocessed, retrying } from '../../../src/shared/retry';

describe('one retry helper', () => {
  it('drains what a batch call hands back, backing off, and stops once nothing is left', async () => {
    const sent: number[][] = [];
    await drainUnprocessed(
      [1, 2, 3],
      async (left) => {
        sent.push(left);
        return left.length > 1 ? left.slice(1) : undefined;
      },
      { what: 'a test batch', baseMs: 1, capMs: 2 },
    );
    expect(sent).toEqual([[1, 2, 3], [2, 3], [3]]);
  });

  it('gives up with an error naming what was left, never silently', async () => {
    let calls = 0;
    const forever = drainUnprocessed(
      ['x'],
      async (left) => {
        calls++;
        return left;
      },
      { what: 'a stubborn batch', rounds: 3, baseMs: 1, capMs: 2 },
    );
    await expect(forever).rejects.toThrow('DynamoDB left part of a stubborn batch unprocessed after 3 rounds');
    expect(calls).toBe(3);
  });

  it('retries only what it is told is retryable, up to its attempts', async () => {
    let calls = 0;
    const stale = retrying(
      async () => {
        calls++;
        throw new StaleWriteError('p1');
      },
      { retryable: (e) => e instanceof StaleWriteError, attempts: 4, baseMs: 1, capMs: 2 },
    );
    await expect(stale).rejects.toBeInstanceOf(StaleWriteError);
    expect(calls).toBe(4);
  });
});

describe('exhausted optimistic retries', () => {
  it('answer 409 with Retry-After, a conflict the client may retry, not a 500', async () => {
    const app = new Hono();
    app.onError(errorHandler(pino({ level: 'silent' })));
    app.post('/x', () => {
      throw new StaleWriteError('p1');
    });
    const response = await app.request('/x', { method: 'POST' });
    expect(response.status).toBe(409);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ type: '/problems/write-conflict', status: 409 });
  });
});
