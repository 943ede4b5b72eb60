import { marshall } from '@aws-sdk/util-dynamodb';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { streamHandler, type DynamoDBStreamEvent } from '../../../src/adapters/aws/stream-handler';
import { domainEvent } from '../../../src/events/event';
import type { EventPublisher } from '../../../src/events/publisher';

const meta = { tenantId: 'acme', actor: 'acme:admin@example.com', occurredAt: '2026-11-25T10:00:00.000Z' };

/** A Lambda DynamoDB stream event as the event source mapping delivers it (attribute-value JSON). */
const lambdaEvent = (items: Record<string, unknown>[]): DynamoDBStreamEvent => ({
  Records: items.map((item, i) => ({
    eventName: 'INSERT',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:111111111111:table/catalog-dev/stream/2026',
    dynamodb: { SequenceNumber: String(100 + i), NewImage: marshall(item, { removeUndefinedValues: true }) as never },
  })),
});

describe('the stream publisher function', () => {
  it('unmarshalls the new images, publishes their events, answers the partial batch failure and writes one EMF line', async () => {
    const events = [0, 1, 2].map((i) =>
      domainEvent('catalog.inventory', 'InventoryChanged', meta, { productId: `p${i}`, previous: i, current: i + 1, delta: 1 }),
    );
    const seen: unknown[] = [];
    const publisher: EventPublisher = {
      async publish(batch) {
        seen.push(...batch);
        return { failed: [{ eventId: events[1]!.detail.eventId, reason: 'InternalFailure' }] };
      },
    };
    const lines: string[] = [];
    const handler = streamHandler({ publisher, logger: pino({ level: 'silent' }), stage: 'dev', write: (line) => lines.push(line) });

    const response = await handler(lambdaEvent(events.map((event, i) => ({ PK: 'TENANT#acme#OUTBOX', SK: `k${i}`, type: 'outbox', event, expiresAt: 1 }))));

    expect(seen).toEqual(events);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0]!);
    expect(emf._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'catalog/events',
        Dimensions: [['Stage']],
        Metrics: [
          { Name: 'EventsPublished', Unit: 'Count' },
          { Name: 'EventsFailed', Unit: 'Count' },
        ],
      },
    ]);
    expect(emf).toMatchObject({ Stage: 'dev', EventsPublished: 2, EventsFailed: 1 });
    expect(typeof emf._aws.Timestamp).toBe('number');
  });
});
