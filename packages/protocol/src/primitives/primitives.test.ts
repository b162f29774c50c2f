import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { sizeOfUvarint, sizeOfUvarlong, sizeOfVarint, sizeOfVarlong } from './varint-size.js';
import { BufferUnderflowError, CorruptRecordError } from '../errors/tributary-error.js';

const RUNS = { numRuns: 200 };

interface Codec<T> {
  arb: fc.Arbitrary<T>;
  write: (w: ByteWriter, v: T) => unknown;
  read: (r: ByteReader) => T;
}

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const safe = fc.maxSafeInteger().chain((v) => fc.constantFrom(v, Math.floor(v / 2 ** 30), v % 1000));
const bytes = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
const uuidArb = fc.uuid();
const elem = (w: ByteWriter, v: number): unknown => w.varint(v);
const readElem = (r: ByteReader): number => r.varint();

const codecs: Record<string, Codec<unknown>> = {
  int8: { arb: fc.integer({ min: -128, max: 127 }), write: (w, v) => w.int8(v as number), read: (r) => r.int8() },
  int16: { arb: fc.integer({ min: -32768, max: 32767 }), write: (w, v) => w.int16(v as number), read: (r) => r.int16() },
  uint16: { arb: fc.integer({ min: 0, max: 65535 }), write: (w, v) => w.uint16(v as number), read: (r) => r.uint16() },
  int32: { arb: fc.integer(), write: (w, v) => w.int32(v as number), read: (r) => r.int32() },
  uint32: { arb: fc.nat({ max: 0xffffffff }), write: (w, v) => w.uint32(v as number), read: (r) => r.uint32() },
  int64: { arb: safe, write: (w, v) => w.int64(v as number), read: (r) => r.int64() },
  int64Big: { arb: int64, write: (w, v) => w.int64(v as bigint), read: (r) => r.int64Big() },
  float64: { arb: fc.double({ noNaN: true }), write: (w, v) => w.float64(v as number), read: (r) => r.float64() },
  bool: { arb: fc.boolean(), write: (w, v) => w.bool(v as boolean), read: (r) => r.bool() },
  varint: { arb: fc.integer(), write: (w, v) => w.varint(v as number), read: (r) => r.varint() },
  varlong: { arb: safe, write: (w, v) => w.varlong(v as number), read: (r) => r.varlong() },
  uvarint: { arb: fc.nat({ max: 0xffffffff }), write: (w, v) => w.uvarint(v as number), read: (r) => r.uvarint() },
  uvarlong: { arb: fc.maxSafeNat(), write: (w, v) => w.uvarlong(v as number), read: (r) => r.uvarlong() },
  string: { arb: fc.string({ unit: 'grapheme', maxLength: 50 }), write: (w, v) => w.string(v as string), read: (r) => r.string() },
  nullableString: {
    arb: fc.option(fc.string({ unit: 'grapheme', maxLength: 50 })),
    write: (w, v) => w.nullableString(v as string | null),
    read: (r) => r.nullableString(),
  },
  compactString: {
    arb: fc.string({ unit: 'grapheme', maxLength: 80 }),
    write: (w, v) => w.compactString(v as string),
    read: (r) => r.compactString(),
  },
  compactNullableString: {
    arb: fc.option(fc.string({ unit: 'grapheme', maxLength: 80 })),
    write: (w, v) => w.compactNullableString(v as string | null),
    read: (r) => r.compactNullableString(),
  },
  bytes: { arb: bytes, write: (w, v) => w.bytes(v as Buffer), read: (r) => r.bytes() },
  nullableBytes: { arb: fc.option(bytes), write: (w, v) => w.nullableBytes(v as Buffer | null), read: (r) => r.nullableBytes() },
  compactBytes: { arb: bytes, write: (w, v) => w.compactBytes(v as Buffer), read: (r) => r.compactBytes() },
  compactNullableBytes: {
    arb: fc.option(bytes),
    write: (w, v) => w.compactNullableBytes(v as Buffer | null),
    read: (r) => r.compactNullableBytes(),
  },
  uuid: { arb: uuidArb, write: (w, v) => w.uuid(v as string), read: (r) => r.uuid() },
  array: {
    arb: fc.array(fc.integer(), { maxLength: 20 }),
    write: (w, v) => w.array(v as number[], elem),
    read: (r) => r.array(readElem),
  },
  nullableArray: {
    arb: fc.option(fc.array(fc.integer(), { maxLength: 20 })),
    write: (w, v) => w.nullableArray(v as number[] | null, elem),
    read: (r) => r.nullableArray(readElem),
  },
  compactArray: {
    arb: fc.array(fc.integer(), { maxLength: 20 }),
    write: (w, v) => w.compactArray(v as number[], elem),
    read: (r) => r.compactArray(readElem),
  },
  compactNullableArray: {
    arb: fc.option(fc.array(fc.integer(), { maxLength: 20 })),
    write: (w, v) => w.compactNullableArray(v as number[] | null, elem),
    read: (r) => r.compactNullableArray(readElem),
  },
};

function encode<T>(c: Codec<T>, v: T, capacity = 16): Buffer {
  const w = new ByteWriter(capacity);
  c.write(w, v);
  return w.toBuffer();
}

describe('primitive round-trips', () => {
  for (const [name, c] of Object.entries(codecs)) {
    it(`${name}: read(write(v)) equals v and ends at the writer length (oracle: identity)`, () => {
      fc.assert(
        fc.property(c.arb, (v) => {
          const buf = encode(c, v);
          const r = new ByteReader(buf);
          expect(c.read(r)).toEqual(v);
          expect(r.pos).toBe(buf.length);
          expect(r.remaining).toBe(0);
        }),
        RUNS,
      );
    });

    it(`${name}: every strict prefix throws BufferUnderflowError/CorruptRecordError (oracle: none may decode)`, () => {
      fc.assert(
        fc.property(c.arb, (v) => {
          const buf = encode(c, v);
          for (let cut = 0; cut < buf.length; cut++) {
            const r = new ByteReader(buf.subarray(0, cut));
            expect(() => c.read(r)).toThrow(CorruptRecordError);
          }
        }),
        { numRuns: 40 },
      );
    });
  }
});

const hex = (b: Buffer): string => b.toString('hex');
const w = (): ByteWriter => new ByteWriter(4);

describe('golden encodings', () => {
  it('zigzag varints match Kafka', () => {
    const cases: [number, string][] = [
      [0, '00'], [-1, '01'], [1, '02'], [-2, '03'], [2, '04'], [63, '7e'], [-64, '7f'], [64, '8001'],
      [300, 'd804'], [-300, 'd704'], [2147483647, 'feffffff0f'], [-2147483648, 'ffffffff0f'],
    ];
    for (const [v, h] of cases) {
      expect(hex(w().varint(v).toBuffer()), `varint ${v}`).toBe(h);
      expect(hex(w().varlong(v).toBuffer()), `varlong ${v}`).toBe(h);
      expect(new ByteReader(Buffer.from(h, 'hex')).varint()).toBe(v);
      expect(sizeOfVarint(v)).toBe(h.length / 2);
      expect(sizeOfVarlong(v)).toBe(h.length / 2);
    }
  });

  it('unsigned varints are plain LEB128', () => {
    const cases: [number, string][] = [[0, '00'], [1, '01'], [127, '7f'], [128, '8001'], [300, 'ac02'], [0xffffffff, 'ffffffff0f']];
    for (const [v, h] of cases) {
      expect(hex(w().uvarint(v).toBuffer())).toBe(h);
      expect(new ByteReader(Buffer.from(h, 'hex')).uvarint()).toBe(v);
      expect(sizeOfUvarint(v)).toBe(h.length / 2);
      expect(sizeOfUvarlong(v)).toBe(h.length / 2);
    }
  });

  it('varlong extremes: 8 bytes for ±MAX_SAFE_INTEGER, 10 for int64 min', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(hex(w().varlong(max).toBuffer())).toBe('feffffffffffff1f');
    expect(hex(w().varlong(-max).toBuffer())).toBe('fdffffffffffff1f');
    expect(new ByteReader(Buffer.from('feffffffffffff1f', 'hex')).varlong()).toBe(max);
    // int64 min: zigzag 2^64-1 → ten bytes; as a number it is out of range
    const minLong = Buffer.from('ffffffffffffffffff01', 'hex');
    expect(() => new ByteReader(minLong).varlong()).toThrow(CorruptRecordError);
    expect(hex(w().uvarlong(2n ** 64n - 1n).toBuffer())).toBe('ffffffffffffffffff01');
  });

  it('strings, bytes, arrays and uuids', () => {
    expect(hex(w().string('ab').toBuffer())).toBe('00026162');
    expect(hex(w().nullableString(null).toBuffer())).toBe('ffff');
    expect(hex(w().compactString('ab').toBuffer())).toBe('036162');
    expect(hex(w().compactNullableString(null).toBuffer())).toBe('00');
    expect(hex(w().nullableBytes(null).toBuffer())).toBe('ffffffff');
    expect(hex(w().compactBytes(Buffer.from([9])).toBuffer())).toBe('0209');
    expect(hex(w().array([1], elem).toBuffer())).toBe('0000000102');
    expect(hex(w().compactNullableArray(null, elem).toBuffer())).toBe('00');
    const id = '0123abcd-4567-89ef-0123-456789abcdef';
    expect(hex(w().uuid(id).toBuffer())).toBe(id.replace(/-/g, ''));
    expect(hex(w().int64(-2).toBuffer())).toBe('fffffffffffffffe');
    expect(hex(w().int64(2 ** 40 + 5).toBuffer())).toBe('0000010000000005');
    // a long compact string takes the multi-byte length path
    const long = 'x'.repeat(200);
    const enc = w().compactString(long).toBuffer();
    expect(hex(enc.subarray(0, 2))).toBe('c901');
    expect(new ByteReader(enc).compactString()).toBe(long);
  });

  it('reserve + patchInt32 fills in a length later and chaining grows the buffer', () => {
    const wr = new ByteWriter(1);
    const at = wr.reserve(4);
    wr.raw(Buffer.alloc(1000, 7)).patchInt32(at, 1000);
    const buf = wr.toBuffer();
    expect(buf.length).toBe(1004);
    expect(new ByteReader(buf).bytes().equals(Buffer.alloc(1000, 7))).toBe(true);
  });
});

describe('malformed input', () => {
  const read = (h: string): ByteReader => new ByteReader(Buffer.from(h, 'hex'));

  it('rejects over-long varints', () => {
    expect(() => read('8080808080').uvarint()).toThrow(CorruptRecordError);
    expect(() => read('808080808080808080808001').varlong()).toThrow(CorruptRecordError);
  });

  it('rejects null and negative lengths where a value is required', () => {
    expect(() => read('ffff').string()).toThrow(CorruptRecordError);
    expect(() => read('fffe').nullableString()).toThrow(CorruptRecordError);
    expect(() => read('ffffffff').bytes()).toThrow(CorruptRecordError);
    expect(() => read('fffffffe').nullableBytes()).toThrow(CorruptRecordError);
    expect(() => read('00').compactString()).toThrow(CorruptRecordError);
    expect(() => read('ffffffff').array(readElem)).toThrow(CorruptRecordError);
    expect(() => read('00').compactArray(readElem)).toThrow(CorruptRecordError);
  });

  it('rejects huge lengths without allocating', () => {
    expect(() => read('7fffffff00').bytes()).toThrow(BufferUnderflowError);
    expect(() => read('7fffffff00').array(readElem)).toThrow(CorruptRecordError);
    expect(() => read('ffffffff0f').compactArray(readElem)).toThrow(CorruptRecordError);
  });

  it('int64 beyond the safe range is corruption, int64Big reads it', () => {
    expect(() => read('0020000000000000').int64()).toThrow(CorruptRecordError);
    expect(read('0020000000000000').int64Big()).toBe(2n ** 53n);
    expect(read('001fffffffffffff').int64()).toBe(Number.MAX_SAFE_INTEGER);
    expect(read('ffe0000000000001').int64()).toBe(Number.MIN_SAFE_INTEGER);
    expect(() => read('ffe0000000000000').int64()).toThrow(CorruptRecordError);
  });

  it('honours an explicit end bound and raw() returns a view', () => {
    const buf = Buffer.from('01020304', 'hex');
    const r = new ByteReader(buf, 1, 3);
    const view = r.raw(2);
    expect(hex(view)).toBe('0203');
    view[0] = 9;
    expect(buf[1]).toBe(9);
    expect(() => r.int8()).toThrow(BufferUnderflowError);
  });

  it('writers reject values that do not fit', () => {
    expect(() => w().varint(2 ** 31)).toThrow(/int32/);
    expect(() => w().uvarint(-1)).toThrow(/uint32/);
    expect(() => w().int64(2 ** 53)).toThrow(/safe/);
    expect(() => w().uuid('nope')).toThrow(/UUID/);
  });
});
