import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compressSync as snappyRaw } from 'snappy';
import { CorruptRecordError } from '../errors/tributary-error.js';
import { compress, decompress, initCompression, isCompressionReady } from './compression-codecs.js';
import { Compression, compressionTypeOf, type CompressionType } from './compression-type.js';

const TYPES: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
// Compressible-ish payloads: random bytes, repeated runs, and a large one spanning several blocks.
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  fc.tuple(fc.string({ maxLength: 20 }), fc.nat({ max: 5000 })).map(([s, n]) => Buffer.from(s.repeat(n))),
);

beforeAll(async () => {
  await initCompression();
});

describe('compression codecs', () => {
  it('initCompression is idempotent and makes every codec ready', async () => {
    await initCompression();
    expect(isCompressionReady()).toBe(true);
  });

  for (const type of TYPES) {
    it(`${type}: decompress(compress(x)) equals x (oracle: identity)`, () => {
      fc.assert(
        fc.property(payload, (data) => {
          expect(decompress(Compression[type], compress(type, data)).equals(data)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('large inputs cross block boundaries', () => {
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 251;
    for (const type of TYPES) expect(decompress(Compression[type], compress(type, big)).equals(big), type).toBe(true);
  });

  it('writes the framings Kafka expects', () => {
    const data = Buffer.from('hello kafka '.repeat(10));
    expect(compress('gzip', data).subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(compress('lz4', data).subarray(0, 4).toString('hex')).toBe('04224d18');
    expect(compress('lz4', data)[4]).toBe(0x60); // FLG: version 1, independent blocks, no checksums
    expect(compress('zstd', data).subarray(0, 4).toString('hex')).toBe('28b52ffd');
    const sn = compress('snappy', data);
    expect(sn.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
    expect(sn.readInt32BE(16)).toBe(sn.length - 20); // one block: int32 length + raw snappy
  });

  it('snappy reads raw (librdkafka) and multi-block xerial input', () => {
    const data = Buffer.from('abc'.repeat(30000));
    expect(decompress(Compression.snappy, snappyRaw(data)).equals(data)).toBe(true);
    const framed = compress('snappy', data);
    expect(framed.length).toBeGreaterThan(20);
    expect(decompress(Compression.snappy, framed).equals(data)).toBe(true);
  });

  it('garbage or truncated payloads throw CorruptRecordError', () => {
    const data = Buffer.from('some records '.repeat(50));
    for (const type of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
      const c = compress(type, data);
      expect(() => decompress(Compression[type], Buffer.from('garbage!garbage!garbage!')), type).toThrow(CorruptRecordError);
      expect(() => decompress(Compression[type], c.subarray(0, c.length >> 1)), type).toThrow(CorruptRecordError);
    }
    const gz = gzipSync(data);
    expect(() => decompress(Compression.gzip, gz.subarray(0, 5))).toThrow(CorruptRecordError);
  });

  it('a zstd frame declaring a huge content size is rejected before allocation', () => {
    // magic, FHD = FCS flag 3 (8 bytes) + single segment, content size 2^40
    const lying = Buffer.from('28b52ffde0' + '0000000000010000' + '00', 'hex');
    expect(() => decompress(Compression.zstd, lying)).toThrow(/declares/);
  });

  it('zstd frames without a declared content size (streaming encoders) still decompress', () => {
    const big = Buffer.alloc(3_000_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 251;
    const c = compress('zstd', big);
    expect(c.subarray(4, 6).toString('hex')).toBe('8058'); // FCS flag 2 (4 bytes), window descriptor
    // Same frame with FHD = 0 (no content size): drop the 4 FCS bytes.
    const noSize = Buffer.concat([c.subarray(0, 4), Buffer.from([0]), c.subarray(5, 6), c.subarray(10)]);
    expect(decompress(Compression.zstd, noSize).equals(big)).toBe(true);
  });

  it('a snappy block declaring a huge length is rejected before allocation', () => {
    expect(() => decompress(Compression.snappy, Buffer.from('ffffffff0f00', 'hex'))).toThrow(/declares/);
  });

  it('codec ids 5–7 are corruption', () => {
    expect(compressionTypeOf(4)).toBe('zstd');
    for (const id of [5, 6, 7]) expect(() => decompress(id, Buffer.alloc(4))).toThrow(CorruptRecordError);
  });
});
