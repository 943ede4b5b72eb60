import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { consumeSearchBatch, searchEventFrom } from '../../../src/adapters/sqs/search-batch';
import type { DomainEvent } from '../../../src/events/event';

const envelope = (tenantId: string, productId: string) =>
  JSON.stringify({
    source: 'catalog.products',
    'detail-type': 'ProductUpdated',
    detail: { eventId: `${tenantId}-${productId}`, tenantId, occurredAt: '2026-01-01T00:00:00Z', actor: 'x', productId },
  });
const silent = pino({ level: 'silent' });

describe('search queue batch', () => {
  it('reads the rule’s envelope and the pipe’s wrapped record alike', () => {
    expect(searchEventFrom(envelope('alpha', 'p1')).detail).toMatchObject({ tenantId: 'alpha', productId: 'p1' });
    expect(searchEventFrom(JSON.stringify({ messageId: 'm', body: envelope('beta', 'p2') })).detail).toMatchObject({ tenantId: 'beta' });
  });

  it('hands each store its events together, and reports only the failed store’s messages and the malformed one', async () => {
    const seen: string[][] = [];
    const answer = await consumeSearchBatch(
      {
        Records: [
          { messageId: 'a1', body: envelope('alpha', 'p1') },
          { messageId: 'b1', body: envelope('beta', 'p2') },
          { messageId: 'a2', body: envelope('alpha', 'p3') },
          { messageId: 'x', body: 'not json' },
        ],
      },
      async (events: readonly DomainEvent[]) => {
        seen.push(events.map((e) => String(e.detail.productId)));
        if (events[0]!.detail.tenantId === 'beta') throw new Error('S3 down');
      },
      silent,
    );
    expect(seen).toEqual([['p1', 'p3'], ['p2']]);
    expect(answer.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['b1', 'x']);
  });
});
