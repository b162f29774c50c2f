import type { ProducerRecord } from '@tributary/client';
import { parseBooleanProperty, unescapeSeparator } from '../args/key-values.js';
import { CliUsageError, InvalidInputError } from '../errors/cli-usage-error.js';

/** How the console producer turns a line into a record (Kafka's LineMessageReader properties). */
export interface LineFormat {
  readonly parseKey: boolean;
  readonly keySeparator: string;
  /** Skip lines without the separator (key becomes null) instead of failing. */
  readonly ignoreError: boolean;
  /** A key or value equal to this is sent as null (a tombstone, for values). */
  readonly nullMarker: string | null;
}

const KNOWN = new Set(['parse.key', 'key.separator', 'ignore.error', 'null.marker']);

/** From `--property` values; `--key-separator` sets the separator and turns key parsing on. */
export function lineFormatFrom(
  props: Readonly<Record<string, string>>,
  flags: { readonly parseKey?: boolean; readonly keySeparator?: string } = {},
): LineFormat {
  for (const name of Object.keys(props)) {
    if (!KNOWN.has(name)) throw new CliUsageError(`unknown producer --property ${name} (known: ${[...KNOWN].join(', ')})`);
  }
  const keySeparator =
    flags.keySeparator !== undefined
      ? unescapeSeparator(flags.keySeparator)
      : props['key.separator'] !== undefined
        ? unescapeSeparator(props['key.separator'])
        : '\t';
  if (keySeparator === '') throw new CliUsageError('the key separator must not be empty');
  return {
    parseKey: flags.parseKey ?? (flags.keySeparator !== undefined ? true : undefined) ?? parseBooleanProperty(props['parse.key'], 'parse.key') ?? false,
    keySeparator,
    ignoreError: parseBooleanProperty(props['ignore.error'], 'ignore.error') ?? false,
    nullMarker: props['null.marker'] ?? null,
  };
}

/** One input line (without its newline) as a record; `lineNumber` (1-based) names bad input. */
export function lineToRecord(line: string, lineNumber: number, f: LineFormat): ProducerRecord {
  const bytes = (s: string): Buffer | null => (f.nullMarker !== null && s === f.nullMarker ? null : Buffer.from(s, 'utf8'));
  if (!f.parseKey) return { key: null, value: bytes(line) };
  const at = line.indexOf(f.keySeparator);
  if (at === -1) {
    if (f.ignoreError) return { key: null, value: bytes(line) };
    throw new InvalidInputError(`no key separator ${JSON.stringify(f.keySeparator)} found on line number ${lineNumber}: "${line}"`);
  }
  return { key: bytes(line.slice(0, at)), value: bytes(line.slice(at + f.keySeparator.length)) };
}
