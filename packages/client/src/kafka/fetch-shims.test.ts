import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '@tributary/protocol';
import { installFetchShims } from './fetch-shims.js';

const require = createRequire(import.meta.url);

interface KafkajsMessage {
  readonly offset: string;
  readonly isControlRecord: boolean;
  readonly value: Buffer | null;
}
type Decode = (decoder: unknown) => Promise<KafkajsMessage[]>;
type KafkajsBatch = { isEmpty(): boolean; isEmptyDueToFiltering(): boolean; lastOffset(): string; messages: KafkajsMessage[] };

/** A partition's record set as a Fetch response carries it: int32 size, then the batches. */
function recordSet(...batches: Buffer[]): unknown {
  const body = Buffer.concat(batches);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
  return new Decoder(Buffer.concat([size, body]));
}

/** What the log cleaner leaves of an aborted transaction's batch: its header, no records. */
function cleanedBatch(baseOffset: number, lastOffsetDelta: number): Buffer {
  const b = encodeRecordBatch([], { baseOffset, transactional: true, producerId: 7, producerEpoch: 0 });
  b.writeInt32BE(lastOffsetDelta, 23); // kafkajs does not check the CRC
  return b;
}

describe('kafkajs empty-batch shim', () => {
  const installed = installFetchShims();
  const decode = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js') as Decode;
  const Batch = require('kafkajs/src/consumer/batch.js') as new (topic: string, fetchedOffset: string, data: object) => KafkajsBatch;

  it('installs before any fetch response decoder is loaded', () => {
    expect(installed).toEqual({ emptyBatches: true, abortedTransactions: true });
    expect(installFetchShims()).toBe(installed);
  });

  it('stands in for a batch without records with a control record at its last offset; other records pass unchanged', async () => {
    const data = encodeRecordBatch([{ key: null, value: Buffer.from('a') }, { key: null, value: Buffer.from('b') }], { baseOffset: 50 });
    const messages = await decode(recordSet(cleanedBatch(0, 49), data));
    expect(messages.map((m) => [m.offset, m.isControlRecord, m.value?.toString() ?? null])).toEqual([
      ['49', true, null],
      ['50', false, 'a'],
      ['51', false, 'b'],
    ]);
  });

  it('lets kafkajs move past a fetch of only cleaned batches, as it does past transaction markers', async () => {
    const messages = await decode(recordSet(cleanedBatch(0, 49)));
    const batch = new Batch('t', '0', { partition: 0, highWatermark: '60', messages, abortedTransactions: [] });
    // The runner resolves lastOffset for such a batch (and emits START_BATCH_PROCESS with batchSize 0).
    expect(batch.isEmpty()).toBe(true);
    expect(batch.isEmptyDueToFiltering()).toBe(true);
    expect(batch.lastOffset()).toBe('49');
  });
});
