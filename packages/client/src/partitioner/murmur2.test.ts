import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import kafkajs from 'kafkajs';
import { murmur2, murmur2Partition } from './murmur2.js';
import { defaultPartitioner } from './partitioner.js';

const { Partitioners } = kafkajs;
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('murmur2', () => {
  it.each([
    ['kafka', 0xd067cf64 | 0],
    ['giberish123456789', 0x8f552b0c | 0],
    ['1234', 0x9fc97b14 | 0],
    ['', 0x106e08d9],
    ['0', 971027396],
    ['1', -1993445489],
    ['128', -326012175],
  ])('hashes %j like Java (librdkafka and kafkajs vectors)', (input, expected) => {
    expect(murmur2(bytes(input))).toBe(expected);
  });

  it('places keys at (murmur2 & 0x7fffffff) % n', () => {
    expect(murmur2Partition(bytes('kafka'), 6)).toBe((0xd067cf64 & 0x7fffffff) % 6);
    expect(murmur2Partition(bytes('1'), 3)).toBe((-1993445489 & 0x7fffffff) % 3);
  });
});

describe('defaultPartitioner', () => {
  const kafkajsDefault = Partitioners.DefaultPartitioner();

  it('agrees with kafkajs DefaultPartitioner (oracle: kafkajs Java-compatible partitioner) for random keys', () => {
    const ours = defaultPartitioner();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 64 }), (key, n) => {
        const partitionMetadata = Array.from({ length: n }, (_, partitionId) => ({
          partitionId,
          leader: 0,
          partitionErrorCode: 0,
          replicas: [0],
          isr: [0],
        }));
        const buffer = Buffer.from(key);
        const expected = kafkajsDefault({ topic: 't', partitionMetadata, message: { key: buffer, value: null } });
        expect(ours.partition('t', buffer, n)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('spreads null keys over every partition', () => {
    const ours = defaultPartitioner();
    const seen = new Set<number>();
    for (let i = 0; i < 8; i++) seen.add(ours.partition('t', null, 4));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });
});
