import { decodeResponse, encodeRecordBatch, encodeRequest } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startLogBroker } from '../testing/test-broker.test-helper.js';

let broker: Awaited<ReturnType<typeof startLogBroker>> | undefined;
let c: RawClient | undefined;
afterEach(async () => {
  c?.close();
  await broker?.close();
  broker = undefined;
});

describe('pipelined Produce requests on one connection', () => {
  it('are answered in request order with the offsets and sequence verdicts serial handling gives (oracle: serial replay)', async () => {
    broker = await startLogBroker();
    c = await RawClient.connect(broker.port);
    await c.request(19, 4, { topics: [{ name: 'pipe', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
    const { producerId } = await c.request(22, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
    // Sequences 0..5 in order, then a gap (7), then the in-order 6: serially that is ok×6, 45, ok.
    const seqs = [0, 1, 2, 3, 4, 5, 7, 6];
    const frames: Buffer[] = [];
    seqs.forEach((seq, i) => {
      const records = encodeRecordBatch(
        Array.from({ length: 10 }, (_, j) => ({ key: null, value: Buffer.from(`s${seq}-${j}`) })),
        { producerId, producerEpoch: 0, baseSequence: seq * 10 },
      );
      frames.push(encodeRequest({ apiKey: 0, apiVersion: 8, correlationId: 100 + i, clientId: 'pipe' }, {
        transactionalId: null, acks: i % 2 === 0 ? -1 : 1, timeoutMs: 5_000, topicData: [{ name: 'pipe', partitionData: [{ index: 0, records }] }],
      } as never));
    });
    // A Metadata request in the middle must wait its turn, too.
    frames.splice(4, 0, encodeRequest({ apiKey: 3, apiVersion: 8, correlationId: 99, clientId: 'pipe' }, { topics: [{ name: 'pipe' }], allowAutoTopicCreation: false } as never));
    const pending = frames.map(() => new Promise<Buffer>((resolve, reject) => (c as unknown as { pending: unknown[] }).pending.push({ resolve, reject })));
    c.write(Buffer.concat(frames));
    const responses = await Promise.all(pending);
    const correlations = responses.map((r) => r.readInt32BE(4));
    expect(correlations).toEqual([100, 101, 102, 103, 99, 104, 105, 106, 107]);
    const produced = responses.filter((r) => r.readInt32BE(4) !== 99).map((r) => decodeResponse(0, 8, r).body.responses[0]!.partitionResponses[0]!);
    expect(produced.map((p) => [p.errorCode, p.baseOffset])).toEqual([
      [0, 0], [0, 10], [0, 20], [0, 30], [0, 40], [0, 50], [45, -1], [0, 60],
    ]);
  });
});
