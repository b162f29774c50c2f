import { encodeRecordBatch } from '@tributary/protocol';

/** The deterministic batch writer `id` sends as its `seq`-th append in a round starting at `start`. */
export function crashBatch(id: number, seq: number, start: number): Buffer {
  const records = Array.from({ length: 1 + ((id + seq) % 7) }, (_, i) => ({
    key: Buffer.from(`w${id}-${start}`),
    value: Buffer.from(`${seq}:${i}:`.padEnd(50 + ((seq * 31 + i) % 400), 'x')),
    timestamp: 1_700_000_000_000 + seq,
  }));
  return encodeRecordBatch(records);
}
