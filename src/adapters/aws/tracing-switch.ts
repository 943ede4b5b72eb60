/**
 * Whether to load the tracer at all: on Lambda (AWS_EXECUTION_ENV is set there) unless
 * POWERTOOLS_TRACE_ENABLED=false, the rule Powertools' Tracer applies itself. Off everywhere
 * else (`npm start`, tests, the bench): no daemon to send to, and the X-Ray SDK costs a cold start.
 */
export const tracingWanted = (env: Record<string, string | undefined> = process.env): boolean =>
  Boolean(env.AWS_EXECUTION_ENV) && env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false' && !env.AWS_SAM_LOCAL;
