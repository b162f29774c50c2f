import type { ByteReader } from '../primitives/byte-reader.js';
import type { ByteWriter } from '../primitives/byte-writer.js';
import { ValueOutOfRangeError } from '../primitives/value-range-error.js';
import type { PrimitiveType } from './schema-types.js';

export interface ValueCodec {
  readonly read: (r: ByteReader) => unknown;
  readonly write: (w: ByteWriter, v: unknown) => void;
}

const fixed: Record<'int8' | 'int16' | 'int32' | 'int64' | 'uint16' | 'uint32' | 'float64' | 'bool' | 'uuid', ValueCodec> = {
  int8: { read: (r) => r.int8(), write: (w, v) => w.int8(v as number) },
  int16: { read: (r) => r.int16(), write: (w, v) => w.int16(v as number) },
  int32: { read: (r) => r.int32(), write: (w, v) => w.int32(v as number) },
  int64: { read: (r) => r.int64(), write: (w, v) => w.int64(v as number) },
  uint16: { read: (r) => r.uint16(), write: (w, v) => w.uint16(v as number) },
  uint32: { read: (r) => r.uint32(), write: (w, v) => w.uint32(v as number) },
  float64: { read: (r) => r.float64(), write: (w, v) => w.float64(v as number) },
  bool: {
    read: (r) => r.bool(),
    write: (w, v) => {
      if (typeof v !== 'boolean') throw new ValueOutOfRangeError(`expected a boolean, got ${typeof v}`);
      w.bool(v);
    },
  },
  uuid: { read: (r) => r.uuid(), write: (w, v) => w.uuid(v as string) },
};

const strings = {
  classic: { read: (r: ByteReader) => r.string(), write: (w: ByteWriter, v: unknown) => w.string(str(v)) },
  classicNullable: {
    read: (r: ByteReader) => r.nullableString(),
    write: (w: ByteWriter, v: unknown) => w.nullableString(v === null ? null : str(v)),
  },
  compact: { read: (r: ByteReader) => r.compactString(), write: (w: ByteWriter, v: unknown) => w.compactString(str(v)) },
  compactNullable: {
    read: (r: ByteReader) => r.compactNullableString(),
    write: (w: ByteWriter, v: unknown) => w.compactNullableString(v === null ? null : str(v)),
  },
} satisfies Record<string, ValueCodec>;

const bytes = {
  classic: { read: (r: ByteReader) => r.bytes(), write: (w: ByteWriter, v: unknown) => w.bytes(buf(v)) },
  classicNullable: {
    read: (r: ByteReader) => r.nullableBytes(),
    write: (w: ByteWriter, v: unknown) => w.nullableBytes(v === null ? null : buf(v)),
  },
  compact: { read: (r: ByteReader) => r.compactBytes(), write: (w: ByteWriter, v: unknown) => w.compactBytes(buf(v)) },
  compactNullable: {
    read: (r: ByteReader) => r.compactNullableBytes(),
    write: (w: ByteWriter, v: unknown) => w.compactNullableBytes(v === null ? null : buf(v)),
  },
} satisfies Record<string, ValueCodec>;

/** Reader/writer pair of one primitive type; strings and bytes switch to compact forms in flexible versions. */
export function primitiveCodec(type: PrimitiveType, flexible: boolean, nullable: boolean): ValueCodec {
  if (type === 'string' || type === 'bytes' || type === 'records') {
    const family = type === 'string' ? strings : bytes;
    if (flexible) return nullable ? family.compactNullable : family.compact;
    return nullable ? family.classicNullable : family.classic;
  }
  return fixed[type];
}

function str(v: unknown): string {
  if (typeof v !== 'string') throw new ValueOutOfRangeError(`expected a string, got ${typeof v}`);
  return v;
}

function buf(v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new ValueOutOfRangeError(`expected a Buffer, got ${typeof v}`);
  return v;
}
