import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestIds } from './request-scope';

/**
 * JSON logs everywhere; pretty only for a human at a terminal (and only if pino-pretty is installed).
 * Every line logged while a request runs carries that request's ids (src/shared/request-scope.ts):
 * one object lookup per line, instead of a child logger per request.
 */
export function createLogger(options: { level: string; pretty?: boolean; name?: string; destination?: DestinationStream }): Logger {
  const pretty = options.destination === undefined && (options.pretty ?? process.stdout.isTTY === true);
  const settings: pino.LoggerOptions = {
    level: options.level,
    base: options.name ? { name: options.name } : null,
    mixin: currentRequestIds,
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'refreshToken', '*.refreshToken'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
