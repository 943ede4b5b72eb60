/**
 * X-Ray tracing of the AWS SDK clients, on Lambda only. Its own chunk (aws-xray-sdk-core is large):
 * the entry point loads it only when tracing is wanted (`tracingWanted`), before it makes its
 * first client, so that every client is captured.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { instrumentClients } from './client-settings';

export function startTracing(serviceName: string): Tracer | undefined {
  const tracer = new Tracer({ serviceName });
  if (!tracer.isTracingEnabled()) return undefined;
  // Each SDK call becomes a subsegment of the invocation's segment (Lambda's active tracing makes
  // that one), with the service, operation, table or bucket, retries and errors.
  instrumentClients((client) => void tracer.captureAWSv3Client(client as never));
  return tracer;
}
