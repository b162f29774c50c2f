import { TributaryError } from '../errors/tributary-error.js';

/** Kafka's version-range notation: `'3+'`, `'0-2'`, `'5'`, or `'none'`. */
export type VersionRangeText = string;

/** Inclusive range; `min > max` means empty. */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

const OPEN_MAX = 0x7fff;
const EMPTY: VersionRange = { min: 1, max: 0 };

/** A schema that cannot be compiled: always a programming error in a message definition. */
export class SchemaDefinitionError extends TributaryError {
  constructor(message: string) {
    super('SCHEMA_DEFINITION', message);
  }
}

export function parseVersionRange(text: VersionRangeText): VersionRange {
  if (text === 'none') return EMPTY;
  const plus = /^(\d+)\+$/.exec(text);
  if (plus) return { min: Number(plus[1]), max: OPEN_MAX };
  const span = /^(\d+)-(\d+)$/.exec(text);
  if (span) return { min: Number(span[1]), max: Number(span[2]) };
  if (/^\d+$/.test(text)) return { min: Number(text), max: Number(text) };
  throw new SchemaDefinitionError(`invalid version range ${JSON.stringify(text)}`);
}

export function inVersionRange(range: VersionRange, version: number): boolean {
  return version >= range.min && version <= range.max;
}
