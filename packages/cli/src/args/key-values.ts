import { CliUsageError } from '../errors/cli-usage-error.js';

/** Commander collector for repeatable `k=v` flags (`--config a=1 --config b=2`). */
export function collectKeyValue(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** Turns repeated `k=v` strings into a record; the last one of a key wins, like Kafka's tools. */
export function parseKeyValues(entries: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const i = entry.indexOf('=');
    if (i <= 0) throw new CliUsageError(`${flag} expects key=value, got "${entry}"`);
    out[entry.slice(0, i).trim()] = entry.slice(i + 1);
  }
  return out;
}

/** A whole number within bounds, or a usage error naming the flag. */
export function parseIntFlag(value: string | undefined, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!/^-?\d+$/.test(text)) throw new CliUsageError(`${flag} expects a whole number, got "${value}"`);
  const n = Number(text);
  if (n < min || n > max) throw new CliUsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** `true`/`false` as Kafka's console properties spell them. */
export function parseBooleanProperty(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new CliUsageError(`property ${name} expects true or false, got "${value}"`);
}

/** Kafka's console tools take separators with Java escapes (`\t`, `\n`); a shell passes them literally. */
export function unescapeSeparator(value: string): string {
  return value.replace(/\\([tnr\\])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}
