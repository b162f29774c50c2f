import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { settleAbortedTransactions, type KafkajsFetchedRecord } from './aborted-transactions.js';

const require = createRequire(import.meta.url);
type KafkajsBatch = { messages: (KafkajsFetchedRecord & { value: Buffer | null })[] };
const Batch = require('kafkajs/src/consumer/batch.js') as new (topic: string, fetchedOffset: string, data: object) => KafkajsBatch;

/** One record per batch, as kafkajs decodes it. */
const data = (offset: number, producerId: number, inTransaction = true) => ({
  offset: String(offset),
  key: Buffer.from('k'),
  value: Buffer.from(`v${offset}`),
  isControlRecord: false,
  batchContext: { firstOffset: String(offset), lastOffsetDelta: 0, producerId: String(producerId), inTransaction },
});
const marker = (offset: number, producerId: number, type: 'ABORT' | 'COMMIT') => ({
  ...data(offset, producerId),
  key: Buffer.from([0, 0, 0, type === 'ABORT' ? 0 : 1]),
  value: Buffer.from([0, 0, 0, 0, 0, 0]),
  isControlRecord: true,
});

const delivered = (messages: object[], aborted: object[]) =>
  new Batch('t', '10', { partition: 0, highWatermark: '99', messages, abortedTransactions: aborted }).messages.map((m) => Number(m.offset));

describe('settleAbortedTransactions (Java read_committed filter over kafkajs records)', () => {
  // Producers 1 and 2 each had a transaction aborted at once (a crash); both began before the
  // fetched range (offset 10); producer 2 then commits one.
  const fetched = [data(10, 2), data(11, 1), data(12, 2), marker(13, 1, 'ABORT'), marker(14, 2, 'ABORT'), data(15, 2), data(16, 3, false), marker(17, 2, 'COMMIT')];
  const aborted = [{ producerId: '1', firstOffset: '5' }, { producerId: '2', firstOffset: '6' }];

  it('kafkajs alone delivers the first record of the second aborted transaction (the bug)', () => {
    expect(delivered(fetched, aborted)).toContain(10);
  });

  it('delivers exactly the committed and non-transactional records, whatever the order of the aborted list', () => {
    expect(delivered(settleAbortedTransactions(fetched, aborted), aborted)).toEqual([15, 16]);
    expect(delivered(settleAbortedTransactions(fetched, [...aborted].reverse()), aborted)).toEqual([15, 16]);
  });

  it('keeps every offset (aborted records become control records), so kafkajs still moves past them', () => {
    const settled = settleAbortedTransactions(fetched, aborted);
    expect(settled.map((r) => Number(r.offset))).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect(settled.filter((r) => r.isControlRecord).map((r) => Number(r.offset))).toEqual([10, 11, 12, 13, 14, 17]);
  });

  it('changes nothing without aborted transactions (read_uncommitted fetches carry none)', () => {
    expect(settleAbortedTransactions(fetched, null)).toEqual(fetched);
    expect(settleAbortedTransactions(fetched, [])).toEqual(fetched);
  });
});
