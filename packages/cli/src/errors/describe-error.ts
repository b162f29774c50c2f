import { TributaryError } from '@tributary/protocol';

/**
 * One line for a person: the message and, for Tributary's typed errors, the stable code.
 * With `debug` the stack (and causes) follow on further lines.
 */
export function describeError(error: unknown, debug = false): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
  const code = error instanceof TributaryError ? ` [${error.code}]` : '';
  let text = `tributary: error: ${oneLine}${code}\n`;
  if (debug) {
    let current: unknown = error;
    for (let depth = 0; current instanceof Error && depth < 5; depth++) {
      text += `${depth === 0 ? '' : 'caused by: '}${current.stack ?? current.message}\n`;
      current = current.cause;
    }
  }
  return text;
}
