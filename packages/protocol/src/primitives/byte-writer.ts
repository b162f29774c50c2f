import { ValueOutOfRangeError } from './value-range-error.js';

const TWO_32 = 0x1_0000_0000;
// Below 2^52 zigzag (2v or -2v-1) stays exact in float arithmetic.
const VARLONG_FAST_LIMIT = 2 ** 52;
const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/**
 * Appends Kafka wire primitives (big-endian ints, zigzag varints, unsigned varints, classic and
 * compact strings/bytes/arrays) straight into one growable Buffer.
 */
export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.pos;
  }

  /** Makes room for `n` more bytes, doubling the buffer as needed. */
  ensure(n: number): this {
    const need = this.pos + n;
    if (need > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < need) cap *= 2;
      const next = Buffer.allocUnsafe(cap);
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    return this;
  }

  int8(v: number): this {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
    return this;
  }

  uint16(v: number): this {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
    return this;
  }

  uint32(v: number): this {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
    return this;
  }

  /** int64 from a safe integer number or any bigint in int64 range. */
  int64(v: number | bigint): this {
    this.ensure(8);
    if (typeof v === 'bigint') {
      this.pos = this.buf.writeBigInt64BE(v, this.pos);
      return this;
    }
    if (!Number.isSafeInteger(v)) throw new ValueOutOfRangeError(`int64 value ${v} is not a safe integer`);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 4);
    this.pos += 8;
    return this;
  }

  float64(v: number): this {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  /** Unsigned LEB128 of a uint32 (Kafka's "unsigned varint"). */
  uvarint(v: number): this {
    if (!(v >= 0 && v < TWO_32) || !Number.isInteger(v)) {
      throw new ValueOutOfRangeError(`uvarint value ${v} is not a uint32`);
    }
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
    return this;
  }

  /** Zigzag varint of an int32. */
  varint(v: number): this {
    if ((v | 0) !== v) throw new ValueOutOfRangeError(`varint value ${v} is not an int32`);
    return this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** Unsigned LEB128 of up to 64 bits (safe-integer number or bigint). */
  uvarlong(v: number | bigint): this {
    if (typeof v === 'bigint') {
      if (v < 0n || v > 0xffff_ffff_ffff_ffffn) throw new ValueOutOfRangeError(`uvarlong value ${v} out of range`);
      this.ensure(10);
      while (v >= 0x80n) {
        this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
        v >>= 7n;
      }
      this.buf[this.pos++] = Number(v);
      return this;
    }
    if (!Number.isSafeInteger(v) || v < 0) throw new ValueOutOfRangeError(`uvarlong value ${v} out of range`);
    if (v < TWO_32) return this.uvarint(v);
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (v >= 0x80) {
      buf[pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[pos++] = v;
    this.pos = pos;
    return this;
  }

  /** Zigzag varlong of a safe integer; numbers stay in float arithmetic below 2^52. */
  varlong(v: number): this {
    if (!Number.isSafeInteger(v)) throw new ValueOutOfRangeError(`varlong value ${v} is not a safe integer`);
    if (v >= -0x4000_0000 && v < 0x4000_0000) return this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
    if (v > -VARLONG_FAST_LIMIT && v < VARLONG_FAST_LIMIT) return this.uvarlong(v >= 0 ? v * 2 : -v * 2 - 1);
    const b = BigInt(v);
    return this.uvarlong((b << 1n) ^ (b >> 63n));
  }

  /** int16-length UTF-8 string. */
  string(s: string): this {
    this.ensure(2 + s.length * 3);
    const n = this.buf.write(s, this.pos + 2, 'utf8');
    if (n > 0x7fff) throw new ValueOutOfRangeError(`string of ${n} bytes exceeds int16 length`);
    this.buf.writeInt16BE(n, this.pos);
    this.pos += 2 + n;
    return this;
  }

  nullableString(s: string | null): this {
    return s === null ? this.int16(-1) : this.string(s);
  }

  /** uvarint(N+1)-length UTF-8 string (flexible versions). */
  compactString(s: string): this {
    if (s.length * 3 < 0x7f) {
      // Length prefix certainly fits in one byte: encode in place and patch it.
      this.ensure(1 + s.length * 3);
      const n = this.buf.write(s, this.pos + 1, 'utf8');
      this.buf[this.pos] = n + 1;
      this.pos += 1 + n;
      return this;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.uvarint(n + 1);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    return this;
  }

  compactNullableString(s: string | null): this {
    return s === null ? this.uvarint(0) : this.compactString(s);
  }

  /** int32-length bytes. */
  bytes(b: Uint8Array): this {
    this.int32(b.length);
    return this.raw(b);
  }

  nullableBytes(b: Uint8Array | null): this {
    return b === null ? this.int32(-1) : this.bytes(b);
  }

  compactBytes(b: Uint8Array): this {
    this.uvarint(b.length + 1);
    return this.raw(b);
  }

  compactNullableBytes(b: Uint8Array | null): this {
    return b === null ? this.uvarint(0) : this.compactBytes(b);
  }

  /** 16 raw bytes from a canonical (or dashless) hex UUID. */
  uuid(s: string): this {
    if (!UUID_RE.test(s)) throw new ValueOutOfRangeError(`not a UUID: ${JSON.stringify(s)}`);
    this.ensure(16);
    this.pos += this.buf.write(s.replace(/-/g, ''), this.pos, 'hex');
    return this;
  }

  /** UTF-8 bytes of `s` with no length prefix (the caller wrote one). */
  utf8(s: string): this {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    return this;
  }

  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  array<T>(items: readonly T[], write: (w: ByteWriter, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, write: (w: ByteWriter, item: T) => void): this {
    return items === null ? this.int32(-1) : this.array(items, write);
  }

  compactArray<T>(items: readonly T[], write: (w: ByteWriter, item: T) => void): this {
    this.uvarint(items.length + 1);
    for (const item of items) write(this, item);
    return this;
  }

  compactNullableArray<T>(items: readonly T[] | null, write: (w: ByteWriter, item: T) => void): this {
    return items === null ? this.uvarint(0) : this.compactArray(items, write);
  }

  /** Skips `n` zeroed bytes and returns their position, to be patched later (lengths, CRCs). */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.buf.fill(0, at, at + n);
    this.pos += n;
    return at;
  }

  patchInt32(pos: number, v: number): this {
    this.checkPatch(pos, 4);
    this.buf.writeInt32BE(v, pos);
    return this;
  }

  patchUint32(pos: number, v: number): this {
    this.checkPatch(pos, 4);
    this.buf.writeUInt32BE(v, pos);
    return this;
  }

  patchInt16(pos: number, v: number): this {
    this.checkPatch(pos, 2);
    this.buf.writeInt16BE(v, pos);
    return this;
  }

  /**
   * The written bytes as a view of the internal buffer (no copy). Later patches show through it;
   * later appends do not.
   */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private checkPatch(pos: number, n: number): void {
    if (pos < 0 || pos + n > this.pos) throw new ValueOutOfRangeError(`patch at ${pos} outside written bytes`);
  }
}
