import { describe, expect, it } from 'vitest';
import { domainEvent, type EventType } from '../../../src/events/event';
import { createLocalEventBus, type FailedDelivery } from '../../../src/adapters/local/event-bus';

const event = (type: EventType) =>
  domainEvent('catalog.inventory', type, { tenantId: 'alpha', actor: 'test', occurredAt: new Date(0).toISOString() }, { productId: 'p1' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('local event bus', () => {
  it('hands each event to the subscribers whose pattern matches', async () => {
    const bus = createLocalEventBus();
    const seen: string[] = [];
    bus.subscribe({ detailType: 'LowStock' }, (e) => void seen.push(`low:${e.detailType}`));
    bus.subscribe({ source: 'catalog.inventory' }, (e) => void seen.push(`all:${e.detailType}`));
    bus.subscribe({ source: 'catalog.products' }, (e) => void seen.push(`products:${e.detailType}`));
    await bus.publisher.publish([event('InventoryChanged'), event('LowStock')]);
    await settle();
    expect(seen.sort()).toEqual(['all:InventoryChanged', 'all:LowStock', 'low:LowStock']);
    expect(bus.delivered).toHaveLength(2);
  });

  it('keeps a failing subscriber’s events as dead letters, whether it throws or rejects, without failing the publisher', async () => {
    const reported: FailedDelivery[] = [];
    const bus = createLocalEventBus({ onDeadLetter: (failure) => reported.push(failure) });
    const healthy: string[] = [];
    bus.subscribe({}, () => {
      throw new Error('sync failure');
    });
    bus.subscribe({}, async () => Promise.reject(new Error('async failure')));
    bus.subscribe({}, (e) => void healthy.push(e.detail.eventId));
    const published = event('InventoryChanged');
    expect(await bus.publisher.publish([published])).toEqual({ failed: [] });
    await settle();
    expect(healthy).toEqual([published.detail.eventId]);
    expect(bus.deadLetters.map((d) => (d.error as Error).message).sort()).toEqual(['async failure', 'sync failure']);
    expect(reported).toHaveLength(2);
    expect(reported.every((d) => d.event === published)).toBe(true);
  });
});
