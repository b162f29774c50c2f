import type { LogEntry, logCreator } from 'kafkajs';
import type { Logger } from '../logger.js';

// kafkajs numeric levels: 1 error, 2 warn, 4 info, 5 debug.
const ERROR = 1;
const WARN = 2;
const INFO = 4;

/** Routes kafkajs log entries to our pino-shaped logger as `(fields, message)`. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...fields } = log;
      const obj = { ...fields, namespace: `kafkajs.${namespace}` };
      if (level === ERROR) logger.error(obj, message);
      else if (level === WARN) logger.warn(obj, message);
      else if (level === INFO) logger.info(obj, message);
      else logger.debug(obj, message);
    };
}
