/**
 * The job runner on AWS (docs/jobs.md): an EventBridge rule puts every `JobRequested` event on the
 * job queue; this function runs one job per message with the API's own platform (the same catalog,
 * limits and tenant-scoped clients), and names the message back when the run failed, so SQS
 * delivers it again and the job resumes from its checkpoint. A duplicate delivery finds the job
 * held or finished and ends at once.
 */
import { consumeEventBatch, type SqsEvent } from '../adapters/sqs/event-batch';
import { logger, platform } from './lambda';

export const handler = async (event: SqsEvent) => {
  try {
    return await consumeEventBatch(event, platform.jobConsumer.handle, logger);
  } finally {
    // The run's metered usage, written before the container may be frozen.
    await platform.meter.flush();
  }
};
