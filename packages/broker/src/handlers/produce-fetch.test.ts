import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startLogBroker, startTestBroker } from '../testing/test-broker.test-helper.js';
import { waitFor } from '../../../../test/helpers/wait-for.js';

let broker: { port: number; close(): Promise<void> } | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

const batch = (values: string[]): Buffer =>
  encodeRecordBatch(values.map((v) => ({ key: Buffer.from(`k-${v}`), value: Buffer.from(v) })));

async function createTopic(c: RawClient, name: string, numPartitions: number): Promise<void> {
  const res = await c.request(19, 4, {
    topics: [{ name, numPartitions, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 1000,
    validateOnly: false,
  });
  expect(res.topics[0]!.errorCode).toBe(0);
}

async function offsetsOf(c: RawClient, topic: string): Promise<number> {
  const res = await c.request(2, 5, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 } as never] }],
  });
  return res.topics[0]!.partitions[0]!.offset;
}

function produceBody(topic: string, partition: number, records: Buffer | null, acks = -1) {
  return { transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] };
}

function fetchBody(topic: string, partitions: Array<[number, number]>, opts: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; partitionMaxBytes?: number } = {}) {
  return {
    replicaId: -1,
    maxWaitMs: opts.maxWaitMs ?? 0,
    minBytes: opts.minBytes ?? 1,
    maxBytes: opts.maxBytes ?? 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: partitions.map(([partition, fetchOffset]) => ({ partition, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1, partitionMaxBytes: opts.partitionMaxBytes ?? 1 << 20 })) }],
    forgottenTopicsData: [],
    rackId: '',
  };
}

describe('Produce and Fetch', () => {
  it('appends batches with increasing base offsets and fetches them back byte-identical except baseOffset', async () => {
    broker = await startLogBroker();
    const c = await RawClient.connect(broker.port);
    await createTopic(c, 't', 2);
    const b1 = batch(['a', 'b', 'c']);
    const r1 = await c.request(0, 8, produceBody('t', 0, b1));
    const r2 = await c.request(0, 7, produceBody('t', 0, batch(['d'])));
    expect(r1.responses[0]!.partitionResponses[0]).toMatchObject({ index: 0, errorCode: 0, baseOffset: 0 });
    expect(r2.responses[0]!.partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 3 });
    const f = await c.request(1, 11, fetchBody('t', [[0, 1], [1, 0]]));
    const [p0, p1] = f.responses[0]!.partitions;
    expect(f.sessionId).toBe(0);
    expect(p0).toMatchObject({ partitionIndex: 0, errorCode: 0, highWatermark: 4, lastStableOffset: 4 });
    expect(p1).toMatchObject({ partitionIndex: 1, errorCode: 0, highWatermark: 0 });
    expect(p1!.records?.length ?? 0).toBe(0);
    // The batch containing offset 1 starts at 0: returned whole.
    const batches = [...iterateBatches(p0!.records!)];
    expect(batches.map((b) => b.header.baseOffset)).toEqual([0, 3]);
    expect(p0!.records!.subarray(8, b1.length).equals(b1.subarray(8))).toBe(true);
    expect(decodeRecordBatch(p0!.records!, 0).records.map((r) => r.value!.toString())).toEqual(['a', 'b', 'c']);
    c.close();
  });

  it('maps bad input to Kafka errors: CRC, unknown topic, acks, too large', async () => {
    broker = await startLogBroker({ messageMaxBytes: 200 });
    const c = await RawClient.connect(broker.port);
    await createTopic(c, 't', 1);
    const bad = batch(['x']);
    bad[bad.length - 1]! ^= 0xff;
    const code = async (body: ReturnType<typeof produceBody>) =>
      (await c.request(0, 8, body)).responses[0]!.partitionResponses[0]!.errorCode;
    expect(await code(produceBody('t', 0, bad))).toBe(2);
    expect(await code(produceBody('nope', 0, batch(['x'])))).toBe(3);
    expect(await code(produceBody('t', 5, batch(['x'])))).toBe(3);
    expect(await code(produceBody('t', 0, batch(['x']), 2))).toBe(21);
    expect(await code(produceBody('t', 0, batch(['x'.repeat(300)])))).toBe(10);
    expect(await code(produceBody('t', 0, Buffer.concat([batch(['a']), batch(['b'])])))).toBe(87);
    expect(await code(produceBody('__consumer_offsets', 0, batch(['x'])))).toBe(17);
    // Record sets shorter than a batch header (found by the malformed-frames fuzz) are answered, never crash.
    const whole = batch(['x']);
    for (let n = 1; n < 61; n++) expect(await code(produceBody('t', 0, whole.subarray(0, n)))).toBe(2);
    c.close();
  });

  it('acks=0 produces without a response; the next request is answered in order', async () => {
    broker = await startLogBroker();
    const c = await RawClient.connect(broker.port);
    await createTopic(c, 't', 1);
    const { encodeRequest } = await import('@tributary/protocol');
    c.write(encodeRequest({ apiKey: 0, apiVersion: 8, correlationId: 99, clientId: 'x' }, produceBody('t', 0, batch(['a']), 0) as never));
    const meta = await c.request(3, 8, { topics: [{ name: 't' } as never], allowAutoTopicCreation: false });
    expect(meta.topics[0]!.name).toBe('t');
    expect(await offsetsOf(c, 't')).toBe(1);
    c.close();
  });

  it('long-polls until an append arrives (woken by the append, not the timeout)', async () => {
    const b = await startTestBroker();
    broker = b;
    await b.backend.createTopic('t', 1, {}, false);
    const consumer = await RawClient.connect(broker.port);
    const producer = await RawClient.connect(broker.port);
    const t0 = Date.now();
    const pending = consumer.request(1, 11, fetchBody('t', [[0, 0]], { maxWaitMs: 10_000 }));
    await waitFor(() => b.backend.topicsByName.get('t')!.partitions[0]!.waiters.size === 1);
    await producer.request(0, 8, produceBody('t', 0, batch(['late'])));
    const f = await pending;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(decodeRecordBatch(f.responses[0]!.partitions[0]!.records!, 0).records[0]!.value!.toString()).toBe('late');
    consumer.close();
    producer.close();
  });

  it('returns an empty answer after maxWaitMs when nothing arrives, and always the first batch even above limits', async () => {
    broker = await startLogBroker();
    const c = await RawClient.connect(broker.port);
    await createTopic(c, 't', 1);
    const immediate = Date.now();
    await c.request(1, 11, fetchBody('t', [[0, 0]], { maxWaitMs: 10_000, minBytes: 0 }));
    expect(Date.now() - immediate).toBeLessThan(5_000);
    const t0 = Date.now();
    const empty = await c.request(1, 11, fetchBody('t', [[0, 0]], { maxWaitMs: 150 }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(empty.responses[0]!.partitions[0]!.records?.length ?? 0).toBe(0);
    await c.request(0, 8, produceBody('t', 0, batch(['x'.repeat(500)])));
    await c.request(0, 8, produceBody('t', 0, batch(['y'])));
    const f = await c.request(1, 11, fetchBody('t', [[0, 0]], { maxBytes: 10, partitionMaxBytes: 10 }));
    expect([...iterateBatches(f.responses[0]!.partitions[0]!.records!)].length).toBe(1);
    const out = await c.request(1, 11, fetchBody('t', [[0, 99]]));
    expect(out.responses[0]!.partitions[0]!.errorCode).toBe(1);
    c.close();
  });

  it('graceful close answers a parked long-poll fetch promptly instead of waiting out maxWaitMs', async () => {
    const b = await startTestBroker();
    broker = b;
    await b.backend.createTopic('t', 1, {}, false);
    const c = await RawClient.connect(b.port);
    const parked = c.request(1, 11, fetchBody('t', [[0, 0]], { maxWaitMs: 30_000 }));
    await waitFor(() => b.backend.topicsByName.get('t')!.partitions[0]!.waiters.size === 1);
    const t0 = Date.now();
    await b.close();
    broker = undefined;
    const res = await parked;
    expect(res.responses[0]!.partitions[0]!.errorCode).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await c.closed;
  });

  it('idempotent retries: a duplicate batch answers its original offset, a sequence gap is OUT_OF_ORDER_SEQUENCE_NUMBER', async () => {
    broker = await startLogBroker();
    const c = await RawClient.connect(broker.port);
    await createTopic(c, 't', 1);
    const { producerId, producerEpoch } = await c.request(22, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
    const idem = (baseSequence: number, values: string[]) =>
      encodeRecordBatch(values.map((v) => ({ key: null, value: Buffer.from(v) })), { producerId, producerEpoch, baseSequence });
    const send = async (records: Buffer) => (await c.request(0, 8, produceBody('t', 0, records))).responses[0]!.partitionResponses[0]!;
    expect(await send(idem(0, ['a', 'b']))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(await send(idem(2, ['c']))).toMatchObject({ errorCode: 0, baseOffset: 2 });
    expect(await send(idem(0, ['a', 'b']))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect((await send(idem(7, ['z']))).errorCode).toBe(45);
    expect(await offsetsOf(c, 't')).toBe(3);
    c.close();
  });
});
