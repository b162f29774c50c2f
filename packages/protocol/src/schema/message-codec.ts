import { TributaryError } from '../errors/tributary-error.js';
import { ByteReader } from '../primitives/byte-reader.js';
import { ByteWriter } from '../primitives/byte-writer.js';
import { ValueOutOfRangeError } from '../primitives/value-range-error.js';
import { UnsupportedVersionError } from './schema-errors.js';
import type { MessageData, MessageSchema } from './schema-types.js';
import { compileStruct, readStruct, writeStruct, type StructPlan } from './struct-plan.js';
import { inVersionRange, parseVersionRange } from './version-range.js';

export interface DecodeOptions {
  /** Keep tagged fields the schema does not know under `UNKNOWN_TAGGED_FIELDS` (default: skip them). */
  readonly keepUnknownTaggedFields?: boolean;
}

const plans = new WeakMap<MessageSchema, Map<number, StructPlan>>();

/** The compiled plan of `schema` at `version`, built once and cached. */
function planFor(schema: MessageSchema, version: number, keepUnknown: boolean): StructPlan {
  let byVersion = plans.get(schema);
  if (byVersion === undefined) {
    byVersion = new Map();
    plans.set(schema, byVersion);
  }
  const key = version * 2 + (keepUnknown ? 1 : 0);
  let plan = byVersion.get(key);
  if (plan === undefined) {
    if (!isValidVersion(schema, version)) throw new UnsupportedVersionError(schema.apiKey, version);
    const flexible = isFlexibleVersion(schema, version);
    plan = compileStruct(schema.fields, { version, flexible, keepUnknown }, schema.name);
    byVersion.set(key, plan);
  }
  return plan;
}

export function isValidVersion(schema: MessageSchema, version: number): boolean {
  return Number.isInteger(version) && inVersionRange(parseVersionRange(schema.validVersions), version);
}

export function isFlexibleVersion(schema: MessageSchema, version: number): boolean {
  return inVersionRange(parseVersionRange(schema.flexibleVersions), version);
}

/** Reads one message body at the reader's position. Malformed bytes throw CorruptRecordError. */
export function readMessage<M extends MessageSchema>(
  r: ByteReader,
  schema: M,
  version: number,
  options?: DecodeOptions,
): MessageData<M> {
  const plan = planFor(schema, version, options?.keepUnknownTaggedFields === true);
  return readStruct(plan, r) as MessageData<M>;
}

/** Decodes a message body occupying `buf` (trailing bytes are ignored, as Kafka does). */
export function decodeMessage<M extends MessageSchema>(
  schema: M,
  version: number,
  buf: Buffer,
  options?: DecodeOptions,
): MessageData<M> {
  return readMessage(new ByteReader(buf), schema, version, options);
}

/**
 * Appends a message body. Fields absent in `version` are ignored; missing (undefined) fields are
 * written as their defaults. Values that do not fit their wire type throw ValueOutOfRangeError.
 */
export function writeMessage<M extends MessageSchema>(w: ByteWriter, schema: M, version: number, value: MessageData<M>): void {
  const plan = planFor(schema, version, false);
  try {
    writeStruct(plan, w, value, schema.name);
  } catch (err) {
    if (err instanceof TributaryError) throw err;
    // Buffer's own range/type errors (e.g. 2^40 written as int32) become our typed error.
    throw new ValueOutOfRangeError(`${schema.name} v${version}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function encodeMessage<M extends MessageSchema>(schema: M, version: number, value: MessageData<M>): Buffer {
  const w = new ByteWriter(256);
  writeMessage(w, schema, version, value);
  return w.toBuffer();
}
