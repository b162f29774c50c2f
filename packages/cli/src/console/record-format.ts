import type { ConsumedRecord } from '@tributary/client';
import { parseBooleanProperty, unescapeSeparator } from '../args/key-values.js';
import { CliUsageError } from '../errors/cli-usage-error.js';

/** What the console consumer prints per record, from Kafka's formatter properties. */
export interface RecordFormat {
  readonly printTimestamp: boolean;
  readonly printPartition: boolean;
  readonly printOffset: boolean;
  readonly printHeaders: boolean;
  readonly printKey: boolean;
  readonly printValue: boolean;
  /** Between columns (Kafka: key.separator, default tab). */
  readonly keySeparator: string;
  readonly lineSeparator: string;
  readonly headersSeparator: string;
  readonly nullLiteral: string;
}

const KNOWN = new Set([
  'print.timestamp',
  'print.partition',
  'print.offset',
  'print.headers',
  'print.key',
  'print.value',
  'key.separator',
  'line.separator',
  'headers.separator',
  'null.literal',
]);

/** Shortcut flags the CLI adds on top of Kafka's `--property` names; flags win. */
export interface RecordFormatFlags {
  readonly printKey?: boolean;
  readonly printTimestamp?: boolean;
  readonly printPartition?: boolean;
  readonly printOffset?: boolean;
  readonly printHeaders?: boolean;
  readonly keySeparator?: string;
}

/** Builds the format from `--property` values (Kafka's DefaultMessageFormatter names) and flags. */
export function recordFormatFrom(props: Readonly<Record<string, string>>, flags: RecordFormatFlags = {}): RecordFormat {
  for (const name of Object.keys(props)) {
    if (!KNOWN.has(name)) throw new CliUsageError(`unknown consumer --property ${name} (known: ${[...KNOWN].join(', ')})`);
  }
  const bool = (name: string): boolean | undefined => parseBooleanProperty(props[name], name);
  const sep = (name: string): string | undefined => (props[name] === undefined ? undefined : unescapeSeparator(props[name]));
  return {
    printTimestamp: flags.printTimestamp ?? bool('print.timestamp') ?? false,
    printPartition: flags.printPartition ?? bool('print.partition') ?? false,
    printOffset: flags.printOffset ?? bool('print.offset') ?? false,
    printHeaders: flags.printHeaders ?? bool('print.headers') ?? false,
    printKey: flags.printKey ?? bool('print.key') ?? false,
    printValue: bool('print.value') ?? true,
    keySeparator: (flags.keySeparator === undefined ? undefined : unescapeSeparator(flags.keySeparator)) ?? sep('key.separator') ?? '\t',
    lineSeparator: sep('line.separator') ?? '\n',
    headersSeparator: sep('headers.separator') ?? ',',
    nullLiteral: props['null.literal'] ?? 'null',
  };
}

const text = (b: Buffer | null, nullLiteral: string): string => (b === null ? nullLiteral : b.toString('utf8'));

/**
 * One record as Kafka's console consumer prints it: the enabled columns in Kafka's order
 * (timestamp, partition, offset, headers, key, value), then the line separator.
 */
export function formatRecord(record: ConsumedRecord, partition: number, f: RecordFormat): string {
  let out = '';
  if (f.printTimestamp) out += (record.timestamp < 0 ? 'NO_TIMESTAMP' : `CreateTime:${record.timestamp}`) + f.keySeparator;
  if (f.printPartition) out += `Partition:${partition}` + f.keySeparator;
  if (f.printOffset) out += `Offset:${record.offset}` + f.keySeparator;
  if (f.printHeaders) {
    out +=
      (record.headers.length === 0
        ? 'NO_HEADERS'
        : record.headers.map((h) => `${h.key}:${text(h.value, f.nullLiteral)}`).join(f.headersSeparator)) + f.keySeparator;
  }
  if (f.printKey) out += text(record.key, f.nullLiteral) + (f.printValue ? f.keySeparator : '');
  if (f.printValue) out += text(record.value, f.nullLiteral);
  return out + f.lineSeparator;
}
