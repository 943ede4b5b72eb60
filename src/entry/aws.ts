import { createDocumentClient } from '../adapters/dynamodb/client';
import { createEventBridgeClient, eventBridgePublisher } from '../adapters/eventbridge/publisher';
import type { Config } from '../config';

/** The AWS clients both Lambda entry points share; created once per container, at module scope. */
export function awsClients(config: Config) {
  const platformClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  const eventBridge = createEventBridgeClient({ region: config.AWS_REGION, endpoint: config.EVENTBRIDGE_ENDPOINT });
  const publisher = eventBridgePublisher({ client: eventBridge, busName: config.EVENT_BUS_NAME });
  return { platformClient, publisher };
}
