import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Logger } from 'pino';
import type { EventPublisher } from '../../events/publisher';
import { publishStreamChanges, type StreamChange } from '../../events/stream-publishing';
import { emfLine } from './emf';

/** The part of Lambda's DynamoDB stream event this handler reads (the shape of @types/aws-lambda's). */
export type DynamoDBStreamEvent = {
  Records: {
    eventName?: string;
    eventSourceARN?: string;
    dynamodb?: { SequenceNumber?: string; NewImage?: Parameters<typeof unmarshall>[0] };
  }[];
};

/** Lambda's partial batch response (ReportBatchItemFailures on the event source mapping). */
export type StreamBatchResponse = { batchItemFailures: { itemIdentifier: string }[] };

export const METRICS_NAMESPACE = 'catalog/events';

/**
 * The stream-triggered function: records → publishing module → partial batch response, one EMF
 * line with `EventsPublished` and `EventsFailed`. A failed record is reported, not thrown, so
 * Lambda retries from it (bounded, bisecting) and then sends the batch's description to the DLQ.
 */
export function streamHandler(deps: { publisher: EventPublisher; logger: Logger; stage: string; write?: (line: string) => void }) {
  const write = deps.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  return async (event: DynamoDBStreamEvent): Promise<StreamBatchResponse> => {
    const changes: StreamChange[] = event.Records.map((record) => ({
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      eventName: record.eventName ?? '',
      newImage: record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : undefined,
    }));
    const outcome = await publishStreamChanges(changes, deps.publisher);
    for (const failure of outcome.failures) deps.logger.warn(failure, 'event not published; the batch is retried from its first failure');
    write(
      emfLine({
        namespace: METRICS_NAMESPACE,
        dimensions: { Stage: deps.stage },
        metrics: { EventsPublished: outcome.published, EventsFailed: outcome.failed },
      }),
    );
    return { batchItemFailures: outcome.batchItemFailures };
  };
}
