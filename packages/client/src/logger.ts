/**
 * The logging shape the client accepts: a subset of pino's, so a pino logger (or anything with
 * these four methods) plugs in directly. Library code logs only through this.
 */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

const ignore = (): void => {};

/** Default logger: silent, because library code must never decide what a person sees. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
