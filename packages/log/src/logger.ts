/** The pino-compatible subset the log calls. */
export interface LogLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function noop(): void {}

export const silentLogger: LogLogger = { debug: noop, info: noop, warn: noop, error: noop };
