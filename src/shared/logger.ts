import pino, { type Logger } from 'pino';

/** JSON logs everywhere; pretty only for a human at a terminal (and only if pino-pretty is installed). */
export function createLogger(options: { level: string; pretty?: boolean; name?: string }): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    level: options.level,
    base: options.name ? { name: options.name } : null,
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'refreshToken', '*.refreshToken'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  });
}
