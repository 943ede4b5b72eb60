/**
 * The only publisher of domain events on AWS: triggered by the table's stream, filtered to
 * outbox inserts by its event source mapping (stacks/platform-stack.ts). Clients are made once
 * per container.
 */
import { streamHandler } from '../adapters/aws/stream-handler';
import { createEventBridgeClient, eventBridgePublisher } from '../adapters/eventbridge/publisher';
import { loadConfig } from '../config';
import { createLogger } from '../shared/logger';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'stream-publisher' });
const publisher = eventBridgePublisher({
  client: createEventBridgeClient({ region: config.AWS_REGION, endpoint: config.EVENTBRIDGE_ENDPOINT }),
  busName: config.EVENT_BUS_NAME,
});

export const handler = streamHandler({ publisher, logger, stage: config.STAGE });
