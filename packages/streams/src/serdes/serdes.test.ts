import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerializationError } from '../errors/streams-errors.js';
import { changeSerde } from './change-serde.js';
import { Serdes } from './serdes.js';

describe('Serdes', () => {
  it('fixed-width numbers are big-endian like Kafka', () => {
    expect(Serdes.Integer().serialize('t', 1)).toEqual(Buffer.from([0, 0, 0, 1]));
    expect(Serdes.Long().serialize('t', 258)).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 1, 2]));
    expect(Serdes.Double().serialize('t', 1)).toEqual(Buffer.from([0x3f, 0xf0, 0, 0, 0, 0, 0, 0]));
    expect(() => Serdes.Integer().serialize('t', 2 ** 31)).toThrow(SerializationError);
    expect(() => Serdes.Long().deserialize('t', Buffer.alloc(4))).toThrow(SerializationError);
  });

  it('round-trips: decode(encode(x)) === x (identity oracle)', () => {
    fc.assert(fc.property(fc.string(), (s) => Serdes.String().deserialize('t', Serdes.String().serialize('t', s)) === s), { numRuns: 100 });
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => Serdes.Integer().deserialize('t', Serdes.Integer().serialize('t', n)) === n), { numRuns: 100 });
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => Serdes.Long().deserialize('t', Serdes.Long().serialize('t', n)) === n), { numRuns: 100 });
    fc.assert(fc.property(fc.double({ noNaN: true }), (n) => Object.is(Serdes.Number().deserialize('t', Serdes.Number().serialize('t', n)), n)), { numRuns: 100 });
  });

  it('null is a tombstone in every serde; Void rejects bytes', () => {
    for (const s of [Serdes.String(), Serdes.Integer(), Serdes.Long(), Serdes.Double(), Serdes.Bytes(), Serdes.Json()]) {
      expect(s.serialize('t', null)).toBeNull();
      expect(s.deserialize('t', null)).toBeNull();
    }
    expect(() => Serdes.Void().deserialize('t', Buffer.from('x'))).toThrow(SerializationError);
  });

  it('JSON with a type guard validates decoded values', () => {
    const isPoint = (v: unknown): v is { x: number } => typeof v === 'object' && v !== null && typeof (v as { x: unknown }).x === 'number';
    const serde = Serdes.Json({ validate: isPoint });
    expect(serde.deserialize('t', Buffer.from('{"x":1}'))).toEqual({ x: 1 });
    expect(() => serde.deserialize('t', Buffer.from('{"y":1}'))).toThrow(SerializationError);
    expect(() => serde.deserialize('t', Buffer.from('{'))).toThrow(SerializationError);
  });

  it('changeSerde carries new and old values', () => {
    const s = changeSerde(Serdes.String());
    for (const c of [{ newValue: 'n', oldValue: 'o' }, { newValue: null, oldValue: 'o' }, { newValue: 'n', oldValue: null }, { newValue: '', oldValue: '' }]) {
      expect(s.deserialize('t', s.serialize('t', c))).toEqual(c);
    }
  });
});
