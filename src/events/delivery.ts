import type { Logger } from 'pino';
import type { TenantContext } from '../tenants/tenant';
import type { DomainEvent } from './event';
import type { OutboxStore } from './outbox';
import type { EventPublisher } from './publisher';

export type EventDelivery = {
  /** Right after a commit: publish, then clear what the bus accepted. Never throws. */
  deliver(tenant: TenantContext, events: readonly DomainEvent[]): Promise<{ delivered: number; failed: number }>;
  /** Re-sends whatever is still in the given tenants' outboxes. */
  relay(tenants: AsyncIterable<TenantContext> | Iterable<TenantContext>, batchSize?: number): Promise<{ delivered: number; failed: number }>;
};

export function createEventDelivery(deps: { publisher: EventPublisher; outbox: OutboxStore; logger: Logger }): EventDelivery {
  const { publisher, outbox, logger } = deps;

  async function deliver(tenant: TenantContext, events: readonly DomainEvent[]) {
    if (events.length === 0) return { delivered: 0, failed: 0 };
    let failedIds: Set<string>;
    try {
      const result = await publisher.publish(events);
      failedIds = new Set(result.failed.map((f) => f.eventId));
      for (const failure of result.failed) {
        logger.warn({ tenantId: tenant.id, eventId: failure.eventId, reason: failure.reason }, 'event publish failed; left in outbox for the relay');
      }
    } catch (error) {
      // A publisher should report failures, not throw; if one does, the outbox still has everything.
      logger.warn({ err: error, tenantId: tenant.id }, 'publisher threw; events left in outbox for the relay');
      return { delivered: 0, failed: events.length };
    }
    const published = events.filter((event) => !failedIds.has(event.detail.eventId));
    try {
      await outbox.remove(tenant, published);
    } catch (error) {
      // Harmless: the relay will send these again and consumers dedupe on eventId.
      logger.warn({ err: error, tenantId: tenant.id }, 'could not clear delivered events from the outbox');
    }
    return { delivered: published.length, failed: failedIds.size };
  }

  async function relay(tenants: AsyncIterable<TenantContext> | Iterable<TenantContext>, batchSize = 100) {
    let delivered = 0;
    let failed = 0;
    for await (const tenant of tenants) {
      // Drain the tenant's outbox page by page; stop when a page makes no progress (the bus is down).
      for (;;) {
        const pending = await outbox.pending(tenant, batchSize);
        if (pending.length === 0) break;
        const result = await deliver(tenant, pending);
        delivered += result.delivered;
        failed += result.failed;
        if (result.delivered === 0 || pending.length < batchSize) break;
      }
    }
    return { delivered, failed };
  }

  return { deliver, relay };
}
