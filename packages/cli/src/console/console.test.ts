import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsumedRecord, ProducerRecord } from '@tributary/client';
import { InvalidInputError } from '../errors/cli-usage-error.js';
import { lineFormatFrom, lineToRecord } from './line-parser.js';
import { RecordBatcher } from './record-batcher.js';
import { formatRecord, recordFormatFrom } from './record-format.js';

const record = (over: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  offset: 5,
  timestamp: 1700000000000,
  key: Buffer.from('k'),
  value: Buffer.from('v'),
  headers: [],
  ...over,
});

describe('console consumer formatting', () => {
  it('prints only the value by default', () => {
    expect(formatRecord(record(), 0, recordFormatFrom({}))).toBe('v\n');
  });

  it('prints the enabled columns in Kafka order with the key separator', () => {
    const f = recordFormatFrom({ 'print.key': 'true', 'print.offset': 'true', 'key.separator': ':' }, { printTimestamp: true, printPartition: true });
    expect(formatRecord(record(), 2, f)).toBe('CreateTime:1700000000000:Partition:2:Offset:5:k:v\n');
    const h = recordFormatFrom({ 'print.headers': 'true', 'print.value': 'false', 'print.key': 'true' });
    expect(formatRecord(record({ key: null, headers: [{ key: 'a', value: Buffer.from('1') }, { key: 'b', value: null }] }), 0, h)).toBe(
      'a:1,b:null\tnull\n',
    );
    expect(formatRecord(record(), 0, h)).toBe('NO_HEADERS\tk\n');
  });

  it('flags win over properties, and unknown properties are refused', () => {
    expect(recordFormatFrom({ 'key.separator': ':' }, { keySeparator: '\\t' }).keySeparator).toBe('\t');
    expect(() => recordFormatFrom({ 'print.keys': 'true' })).toThrow(/unknown consumer --property print.keys/);
  });
});

describe('console producer line parsing', () => {
  it('sends the whole line as the value unless parse.key is on', () => {
    const r = lineToRecord('a:b', 1, lineFormatFrom({}));
    expect(r.key).toBeNull();
    expect(r.value?.toString()).toBe('a:b');
  });

  it('splits at the first separator with parse.key (property or --key-separator)', () => {
    const f = lineFormatFrom({ 'parse.key': 'true', 'key.separator': ':' });
    const r = lineToRecord('user-1:{"a":1}:x', 1, f);
    expect([r.key?.toString(), r.value?.toString()]).toEqual(['user-1', '{"a":1}:x']);
    expect(lineFormatFrom({}, { keySeparator: '::' })).toMatchObject({ parseKey: true, keySeparator: '::' });
    expect(lineFormatFrom({ 'parse.key': 'true' }).keySeparator).toBe('\t');
  });

  it('names the line number of input without the separator, unless ignore.error', () => {
    const f = lineFormatFrom({ 'parse.key': 'true', 'key.separator': ':' });
    expect(() => lineToRecord('nokey', 7, f)).toThrow(InvalidInputError);
    expect(() => lineToRecord('nokey', 7, f)).toThrow(/line number 7/);
    const lenient = lineFormatFrom({ 'parse.key': 'true', 'key.separator': ':', 'ignore.error': 'true' });
    expect(lineToRecord('nokey', 7, lenient).value?.toString()).toBe('nokey');
  });

  it('turns the null marker into null keys and values (tombstones)', () => {
    const f = lineFormatFrom({ 'parse.key': 'true', 'key.separator': ':', 'null.marker': 'NULL' });
    const r = lineToRecord('k1:NULL', 1, f);
    expect(r.key?.toString()).toBe('k1');
    expect(r.value).toBeNull();
  });

  it('round-trips key and value through print.key formatting (oracle: the original line)', () => {
    const parse = lineFormatFrom({ 'parse.key': 'true', 'key.separator': '\t' });
    const print = recordFormatFrom({ 'print.key': 'true' });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !/[\t\r\n]/.test(s)), fc.string({ unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s)), (k, v) => {
        const line = `${k}\t${v}`;
        const r = lineToRecord(line, 1, parse);
        expect(formatRecord({ offset: 0, timestamp: 0, key: r.key, value: r.value, headers: [] }, 0, print)).toBe(`${line}\n`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('RecordBatcher', () => {
  const rec = (i: number): ProducerRecord => ({ key: null, value: Buffer.from(String(i)) });

  it('sends full batches in order and the remainder on flush (oracle: the input sequence)', async () => {
    const sent: string[][] = [];
    const b = new RecordBatcher({ send: async (rs) => void sent.push(rs.map((r) => r.value!.toString())), maxRecords: 3, maxBytes: 1e9, lingerMs: 60_000 });
    for (let i = 0; i < 7; i++) await b.add(rec(i));
    await b.flush();
    expect(sent).toEqual([['0', '1', '2'], ['3', '4', '5'], ['6']]);
    expect(b.sent).toBe(7);
  });

  it('sends a partial batch after the linger time', async () => {
    let resolveSent: (n: number) => void = () => {};
    const sent = new Promise<number>((r) => (resolveSent = r));
    const b = new RecordBatcher({ send: async (rs) => resolveSent(rs.length), maxRecords: 100, maxBytes: 1e9, lingerMs: 5 });
    expect(b.add(rec(1))).toBeUndefined();
    expect(await sent).toBe(1);
  });

  it('surfaces a failed send on the next flush and stops sending', async () => {
    let calls = 0;
    const b = new RecordBatcher({
      send: async () => {
        calls++;
        throw new Error('broker said no');
      },
      maxRecords: 1,
      maxBytes: 1e9,
      lingerMs: 60_000,
    });
    await expect(b.add(rec(1))).rejects.toThrow('broker said no');
    expect(() => b.add(rec(2))).toThrow('broker said no');
    expect(calls).toBe(1);
  });
});
