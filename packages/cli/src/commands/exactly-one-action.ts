import { CliUsageError } from '../errors/cli-usage-error.js';

/** Kafka's admin scripts take their action as a flag; exactly one must be given. */
export function exactlyOneAction<A extends string>(flags: object, actions: readonly A[], command: string): A {
  const given = actions.filter((a) => (flags as Record<string, unknown>)[camel(a)] === true);
  if (given.length !== 1) {
    const list = actions.map((a) => `--${a}`).join(', ');
    throw new CliUsageError(
      given.length === 0
        ? `${command} needs one of ${list}`
        : `${command} takes only one of ${list}, got ${given.map((a) => `--${a}`).join(' ')}`,
    );
  }
  return given[0]!;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}
