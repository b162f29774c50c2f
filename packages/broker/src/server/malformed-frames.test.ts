import { connect } from 'node:net';
import { encodeRecordBatch, encodeRequest } from '@tributary/protocol';
import fc from 'fast-check';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { recordingLogger, startLogBroker } from '../testing/test-broker.test-helper.js';

let broker: Awaited<ReturnType<typeof startLogBroker>>;
const logger = recordingLogger();

beforeAll(async () => {
  broker = await startLogBroker({ socketRequestMaxBytes: 64 * 1024 }, { logger });
  const admin = await RawClient.connect(broker.port);
  await admin.request(19, 4, { topics: [{ name: 'fuzz', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
  admin.close();
});
afterAll(async () => {
  await broker.close();
});

/** Writes bytes on a fresh connection, half-closes, resolves once the broker has closed it. */
function throwAway(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port: broker.port }, () => {
      s.write(bytes);
      s.end();
    });
    s.on('data', () => {});
    s.on('error', () => resolve());
    s.on('close', () => resolve());
  });
}

const validFrames: Buffer[] = [
  encodeRequest({ apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'f' }, { clientSoftwareName: 'x', clientSoftwareVersion: '1' }),
  encodeRequest({ apiKey: 3, apiVersion: 8, correlationId: 2, clientId: 'f' }, {
    topics: [{ name: 'fuzz' }],
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  } as never),
  encodeRequest({ apiKey: 0, apiVersion: 8, correlationId: 3, clientId: 'f' }, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 1000,
    topicData: [{ name: 'fuzz', partitionData: [{ index: 0, records: encodeRecordBatch([{ key: null, value: Buffer.from('v') }]) }] }],
  }),
];

const framePrefix = (body: Uint8Array, size = body.length): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(size, 0);
  return Buffer.concat([b, body]);
};

const malformed = fc.oneof(
  // random bytes
  fc.uint8Array({ maxLength: 300 }),
  // random body behind an honest prefix
  fc.uint8Array({ maxLength: 300 }).map((b) => framePrefix(b)),
  // valid frame truncated (prefix now lies)
  fc.tuple(fc.constantFrom(...validFrames), fc.nat()).map(([f, n]) => f.subarray(0, n % f.length)),
  // valid frame with random byte flips after the header
  fc.tuple(fc.constantFrom(...validFrames), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 })).map(([f, flips]) => {
    const b = Buffer.from(f);
    for (const [at, x] of flips) b[12 + (at % (b.length - 12))]! ^= x;
    return b;
  }),
  // lying length prefix: too large / negative / huge
  fc.tuple(fc.constantFrom(...validFrames), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })).map(([f, size]) => {
    const b = Buffer.from(f);
    b.writeInt32BE(size, 0);
    return b;
  }),
  // unknown API keys and versions
  fc.tuple(fc.integer({ min: -32768, max: 32767 }), fc.integer({ min: -32768, max: 32767 })).map(([k, v]) => {
    const b = Buffer.from(validFrames[1]!);
    b.writeInt16BE(k, 4);
    b.writeInt16BE(v, 6);
    return b;
  }),
  // flexible request with an over-long varint
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((tail) => {
    const head = Buffer.from(validFrames[0]!.subarray(4, 14));
    const body = Buffer.concat([head, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), tail]);
    return framePrefix(body);
  }),
);

describe('malformed frames', () => {
  it('never crash the broker; a kafkajs client and a raw client keep being served (oracle: every frame ends in a response or a closed connection)', async () => {
    const kafka = new Kafka({ clientId: 'good', brokers: [`127.0.0.1:${broker.port}`], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const good = await RawClient.connect(broker.port);
    let sent = 0;
    let stop = false;
    const background = (async () => {
      while (!stop) {
        await producer.send({ topic: 'fuzz', messages: [{ value: `m${sent}` }] });
        sent++;
      }
    })();

    await fc.assert(
      fc.asyncProperty(malformed, async (bytes) => {
        await throwAway(bytes);
        const res = await good.request(18, 2, {});
        expect(res.errorCode).toBe(0);
      }),
      { numRuns: 250 },
    );
    stop = true;
    await background;
    expect(sent).toBeGreaterThan(0);
    const meta = await good.request(3, 8, { topics: [{ name: 'fuzz' } as never], allowAutoTopicCreation: false });
    expect(meta.topics[0]!.errorCode).toBe(0);
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    good.close();
    await producer.disconnect();
  });

  it('any bit flip in the CRC-covered part of a produced batch is refused with CORRUPT_MESSAGE (oracle: CRC-32C mismatch; Kafka answers 53 first when the flip sets the transactional bit without a transactional id)', async () => {
    const good = await RawClient.connect(broker.port);
    const batch = encodeRecordBatch([{ key: Buffer.from('k'), value: Buffer.from('some value bytes') }]);
    const before = (await good.request(2, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'fuzz', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }] })).topics[0]!.partitions[0]!.offset;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 21, max: batch.length - 1 }), fc.integer({ min: 0, max: 7 }), async (at, bit) => {
        const bad = Buffer.from(batch);
        bad[at]! ^= 1 << bit;
        const res = await good.request(0, 8, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: 'fuzz', partitionData: [{ index: 0, records: bad }] }] });
        const setsTransactional = at === 22 && bit === 4;
        expect(res.responses[0]!.partitionResponses[0]!.errorCode).toBe(setsTransactional ? 53 : 2);
      }),
      { numRuns: 60, examples: [[22, 4], [22, 5]] },
    );
    const after = (await good.request(2, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'fuzz', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }] })).topics[0]!.partitions[0]!.offset;
    expect(after).toBe(before);
    good.close();
  });
});
