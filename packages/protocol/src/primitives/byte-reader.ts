import { BufferUnderflowError, CorruptRecordError } from '../errors/tributary-error.js';

const TWO_32 = 0x1_0000_0000;

/**
 * Reads Kafka wire primitives from a Buffer, advancing `pos`. Every read is bounds-checked against
 * `end`: running out throws BufferUnderflowError, impossible lengths or over-long varints throw
 * CorruptRecordError, so malformed input never yields garbage values.
 */
export class ByteReader {
  pos: number;
  readonly buf: Buffer;
  /** Exclusive limit of readable bytes (defaults to the buffer's length). */
  readonly end: number;

  constructor(buf: Buffer, pos = 0, end = buf.length) {
    if (pos < 0 || end > buf.length || pos > end) {
      throw new BufferUnderflowError(Math.max(0, pos), Math.max(0, end - Math.max(0, pos)));
    }
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws unless `n` more bytes are readable; returns the current position. */
  private take(n: number): number {
    const at = this.pos;
    if (at + n > this.end) throw new BufferUnderflowError(n, this.end - at);
    this.pos = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1));
  }

  int16(): number {
    return this.buf.readInt16BE(this.take(2));
  }

  uint16(): number {
    return this.buf.readUInt16BE(this.take(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.take(4));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.take(4));
  }

  /** int64 as a number; values outside the safe-integer range are treated as corruption. */
  int64(): number {
    const at = this.take(8);
    const v = this.buf.readInt32BE(at) * TWO_32 + this.buf.readUInt32BE(at + 4);
    if (!Number.isSafeInteger(v)) {
      throw new CorruptRecordError(`int64 ${this.buf.readBigInt64BE(at)} exceeds the safe integer range`);
    }
    return v;
  }

  int64Big(): bigint {
    return this.buf.readBigInt64BE(this.take(8));
  }

  float64(): number {
    return this.buf.readDoubleBE(this.take(8));
  }

  bool(): boolean {
    return this.buf[this.take(1)] !== 0;
  }

  /** Unsigned LEB128, at most 5 bytes, as a uint32 (Kafka's "unsigned varint"). */
  uvarint(): number {
    const buf = this.buf;
    const end = this.end;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      if (pos >= end) throw new BufferUnderflowError(1, 0);
      const b = buf[pos++]!;
      value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new CorruptRecordError('varint is longer than 5 bytes');
  }

  /** Zigzag int32 varint. */
  varint(): number {
    const u = this.uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** Unsigned LEB128 of up to 10 bytes as a number; beyond 2^53 - 1 is corruption. */
  uvarlong(): number {
    const u = this.readUvarlong();
    if (typeof u === 'number') return u;
    if (u > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptRecordError(`uvarlong ${u} exceeds the safe integer range`);
    return Number(u);
  }

  /** Zigzag int64 varint as a number; outside the safe-integer range is corruption. */
  varlong(): number {
    const u = this.readUvarlong();
    if (typeof u === 'number') return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    const v = (u >> 1n) ^ -(u & 1n);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new CorruptRecordError(`varlong ${v} exceeds the safe integer range`);
    }
    return Number(v);
  }

  /** int16-length UTF-8 string; a null (-1) here is corruption. */
  string(): string {
    const n = this.int16();
    if (n < 0) throw new CorruptRecordError(`invalid string length ${n}`);
    const at = this.take(n);
    return this.buf.toString('utf8', at, at + n);
  }

  nullableString(): string | null {
    const n = this.int16();
    if (n === -1) return null;
    if (n < 0) throw new CorruptRecordError(`invalid string length ${n}`);
    const at = this.take(n);
    return this.buf.toString('utf8', at, at + n);
  }

  compactString(): string {
    const s = this.compactNullableString();
    if (s === null) throw new CorruptRecordError('null compact string where a value is required');
    return s;
  }

  compactNullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const at = this.take(n - 1);
    return this.buf.toString('utf8', at, at + n - 1);
  }

  /** int32-length bytes as a view (no copy). */
  bytes(): Buffer {
    const b = this.nullableBytes();
    if (b === null) throw new CorruptRecordError('null bytes where a value is required');
    return b;
  }

  nullableBytes(): Buffer | null {
    const n = this.int32();
    if (n === -1) return null;
    if (n < 0) throw new CorruptRecordError(`invalid bytes length ${n}`);
    return this.raw(n);
  }

  compactBytes(): Buffer {
    const b = this.compactNullableBytes();
    if (b === null) throw new CorruptRecordError('null compact bytes where a value is required');
    return b;
  }

  compactNullableBytes(): Buffer | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return this.raw(n - 1);
  }

  /** 16 bytes as a canonical lower-case 8-4-4-4-12 hex UUID. */
  uuid(): string {
    const at = this.take(16);
    const h = this.buf.toString('hex', at, at + 16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** The next `n` bytes as a view of the underlying buffer (no copy). */
  raw(n: number): Buffer {
    if (n < 0 || !Number.isInteger(n)) throw new CorruptRecordError(`invalid length ${n}`);
    const at = this.take(n);
    return this.buf.subarray(at, at + n);
  }

  skip(n: number): this {
    if (n < 0 || !Number.isInteger(n)) throw new CorruptRecordError(`invalid skip ${n}`);
    this.take(n);
    return this;
  }

  array<T>(read: (r: ByteReader) => T): T[] {
    const items = this.nullableArray(read);
    if (items === null) throw new CorruptRecordError('null array where a value is required');
    return items;
  }

  nullableArray<T>(read: (r: ByteReader) => T): T[] | null {
    const n = this.int32();
    if (n === -1) return null;
    return this.readItems(n, read);
  }

  compactArray<T>(read: (r: ByteReader) => T): T[] {
    const items = this.compactNullableArray(read);
    if (items === null) throw new CorruptRecordError('null compact array where a value is required');
    return items;
  }

  compactNullableArray<T>(read: (r: ByteReader) => T): T[] | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return this.readItems(n - 1, read);
  }

  private readItems<T>(n: number, read: (r: ByteReader) => T): T[] {
    // Every element takes at least one byte, so a count above the remaining bytes is a lie
    // (and must not drive a huge allocation).
    if (n < 0 || n > this.remaining) throw new CorruptRecordError(`invalid array length ${n}`);
    const items = new Array<T>(n);
    for (let i = 0; i < n; i++) items[i] = read(this);
    return items;
  }

  /** Up to 10 LEB128 bytes: a number while exact (< 2^49), else a bigint. */
  private readUvarlong(): number | bigint {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    let pos = start;
    let value = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (pos >= end) throw new BufferUnderflowError(1, 0);
      const b = buf[pos++]!;
      value += (b & 0x7f) * mul;
      if (b < 0x80) {
        this.pos = pos;
        return value;
      }
      mul *= 128;
    }
    let big = BigInt(value);
    for (let shift = 49n; shift <= 63n; shift += 7n) {
      if (pos >= end) throw new BufferUnderflowError(1, 0);
      const b = buf[pos++]!;
      big |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return big & 0xffff_ffff_ffff_ffffn;
      }
    }
    throw new CorruptRecordError('varlong is longer than 10 bytes');
  }
}
