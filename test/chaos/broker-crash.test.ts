import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchAttributes, decodeRecordBatch, iterateBatches } from '@tributary/protocol';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { RawClient } from '../../packages/broker/src/testing/raw-client.test-helper.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';
import { BrokerProcess, seededRandom } from './broker-process.js';

/**
 * kill -9 of Tributary's broker (a child process on disk) at seeded random moments while an
 * idempotent producer (acks=all), a consumer group and transactional producers run; the broker
 * restarts on the same data dir each time. Oracles: the producer's acknowledgements (every acked
 * record present exactly once), the committed offsets read before each kill (never go back), and
 * per-transaction all-or-nothing visibility under read_committed.
 */
const SEED = Number(process.env.CRASH_SEED ?? 20_261_123);
const ROUNDS = 4;
const DATA = 'crash-data';
const TXNS = 'crash-txns';
const GROUP = 'crash-g';
const TXN_TIMEOUT_MS = 3_000;

let broker: BrokerProcess | undefined;
let dir: string | undefined;
afterAll(async () => {
  await broker?.kill9();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function client(port: number, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 10_000,
    retry: { retries: 60, initialRetryTime: 100, maxRetryTime: 500 },
  });
}

/** Every record value of a partition at read_uncommitted, in offset order (control batches skipped). */
async function readPartition(port: number, topic: string, partition: number): Promise<string[]> {
  const c = await RawClient.connect(port);
  try {
    const values: string[] = [];
    let offset = 0;
    for (;;) {
      const res = await c.request(1, 11, {
        replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 8 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
        topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1, partitionMaxBytes: 8 << 20 }] }],
        forgottenTopicsData: [], rackId: '',
      });
      const p = res.responses[0]!.partitions[0]!;
      if (p.errorCode !== 0) throw new Error(`fetch ${topic}/${partition}@${offset}: error ${p.errorCode}`);
      const records = p.records as Buffer | null;
      if (!records || records.length === 0) return values;
      for (const { pos, header } of iterateBatches(records)) {
        offset = header.baseOffset + header.lastOffsetDelta + 1;
        if ((header.attributes & BatchAttributes.control) !== 0) continue;
        for (const r of decodeRecordBatch(records, pos).records) if (r.offset >= 0) values.push(r.value!.toString());
      }
      if (offset >= p.highWatermark) return values;
    }
  } finally {
    c.close();
  }
}

/**
 * What a read_committed consumer returns (Kafka's consumer algorithm): Fetch at isolation 1, then
 * drop a producer's transactional batches from each listed aborted transaction's first offset
 * until that producer's ABORT marker.
 */
async function readCommitted(port: number, topic: string, partition: number): Promise<string[]> {
  const c = await RawClient.connect(port);
  try {
    const values: string[] = [];
    let offset = 0;
    for (;;) {
      const res = await c.request(1, 11, {
        replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 8 << 20, isolationLevel: 1, sessionId: 0, sessionEpoch: -1,
        topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1, partitionMaxBytes: 8 << 20 }] }],
        forgottenTopicsData: [], rackId: '',
      });
      const p = res.responses[0]!.partitions[0]!;
      if (p.errorCode !== 0) throw new Error(`fetch ${topic}/${partition}@${offset}: error ${p.errorCode}`);
      const records = p.records as Buffer | null;
      if (!records || records.length === 0) return values;
      const aborted = [...(p.abortedTransactions ?? [])].sort((a, b) => a.firstOffset - b.firstOffset);
      const abortedProducers = new Set<number>();
      for (const { pos, header } of iterateBatches(records)) {
        offset = header.baseOffset + header.lastOffsetDelta + 1;
        while (aborted.length > 0 && aborted[0]!.firstOffset <= header.baseOffset + header.lastOffsetDelta) {
          abortedProducers.add(aborted.shift()!.producerId);
        }
        const decoded = decodeRecordBatch(records, pos);
        if ((header.attributes & BatchAttributes.control) !== 0) {
          const type = decoded.records[0]?.key?.readInt16BE(2);
          if (type === 0) abortedProducers.delete(header.producerId);
          continue;
        }
        if ((header.attributes & BatchAttributes.transactional) !== 0 && abortedProducers.has(header.producerId)) continue;
        for (const r of decoded.records) values.push(r.value!.toString());
      }
      if (offset >= p.lastStableOffset) return values;
    }
  } finally {
    c.close();
  }
}

async function listOffset(port: number, topic: string, partition: number, isolationLevel: number): Promise<number> {
  const c = await RawClient.connect(port);
  try {
    const res = await c.request(2, 5, { replicaId: -1, isolationLevel, topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -1 }] }] });
    return res.topics[0]!.partitions[0]!.offset;
  } finally {
    c.close();
  }
}

async function committedOffsets(port: number): Promise<number[]> {
  const admin = client(port, 'crash-admin').admin();
  await admin.connect();
  try {
    const res = await admin.fetchOffsets({ groupId: GROUP, topics: [DATA] });
    return res[0]!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  } finally {
    await admin.disconnect();
  }
}

describe('broker crash (kill -9) during produce, group commits and transactions', () => {
  it(`acked records survive exactly once, offsets never go back, transactions are all-or-nothing (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    dir = await mkdtemp(join(tmpdir(), 'trib-crash-'));
    const port = await freePort();
    broker = new BrokerProcess(dir, port, [
      'group.initial.rebalance.delay.ms=0',
      'transaction.abort.timed.out.transaction.cleanup.interval.ms=250',
      'num.partitions=4',
    ]);
    await broker.start();
    const setupAdmin = client(port, 'crash-setup').admin();
    await setupAdmin.connect();
    await setupAdmin.createTopics({ topics: [{ topic: DATA, numPartitions: 4 }, { topic: TXNS, numPartitions: 2 }] });
    await setupAdmin.disconnect();

    let stopping = false;
    const acked = new Set<string>();
    const unacked = new Set<string>();

    // Idempotent producer, acks=all: a batch retried after a reconnect must not be duplicated.
    const produceLoop = (async () => {
      let seq = 0;
      let producer: Producer | undefined;
      while (!stopping) {
        producer ??= client(port, 'crash-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
        const values = Array.from({ length: 25 }, () => `v${seq++}`);
        try {
          await producer.connect();
          await producer.send({ topic: DATA, acks: -1, messages: values.map((value, i) => ({ key: `k${(seq + i) % 17}`, value })) });
          for (const v of values) acked.add(v);
        } catch {
          // Not acknowledged: may or may not be stored, but never twice. A fresh producer id avoids reusing sequences.
          for (const v of values) unacked.add(v);
          await producer.disconnect().catch(() => {});
          producer = undefined;
        }
      }
      await producer?.disconnect().catch(() => {});
    })();

    // A consumer group committing as it goes (at-least-once across crashes).
    const consumed = new Set<string>();
    const consumer: Consumer = client(port, 'crash-consumer').consumer({
      groupId: GROUP, sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: DATA, fromBeginning: true });
    await consumer.run({ autoCommitInterval: 200, eachMessage: async ({ message }) => void consumed.add(message.value!.toString()) });

    // Transactions across both partitions of TXNS, committed in a loop; an error makes the outcome uncertain.
    const committedTxns = new Set<string>();
    const uncertainTxns = new Set<string>();
    const txnLoop = (async () => {
      let n = 0;
      let producer: Producer | undefined;
      while (!stopping) {
        producer ??= client(port, 'crash-tx').producer({ transactionalId: 'crash-tx', idempotent: true, maxInFlightRequests: 1, transactionTimeout: 10_000 });
        const id = `t${n++}`;
        try {
          await producer.connect();
          const txn = await producer.transaction();
          try {
            await txn.send({ topic: TXNS, messages: Array.from({ length: 6 }, (_, j) => ({ key: `${j}`, value: `${id}:${j}`, partition: j % 2 })) });
            await txn.commit();
            committedTxns.add(id);
          } catch (err) {
            uncertainTxns.add(id);
            await txn.abort().catch(() => {});
            throw err;
          }
        } catch {
          await producer.disconnect().catch(() => {});
          producer = undefined;
        }
      }
      await producer?.disconnect().catch(() => {});
    })();

    const openTxns: string[] = [];
    const openProducers: Producer[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const before = acked.size;
        await waitFor(() => acked.size > before + 200, { timeoutMs: 20_000, message: `round ${round}: produce progress` });
        await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 1_500))); // the seeded kill moment
        const snapshot = await committedOffsets(port);
        // A transaction left open at the crash: never committed, so it must end up aborted (by timeout).
        const open = client(port, `crash-open-${round}`).producer({ transactionalId: `crash-open-${round}`, idempotent: true, maxInFlightRequests: 1, transactionTimeout: TXN_TIMEOUT_MS });
        openProducers.push(open);
        await open.connect();
        const txn = await open.transaction();
        await txn.send({ topic: TXNS, messages: [{ value: `open${round}:0`, partition: 0 }, { value: `open${round}:1`, partition: 1 }] });
        openTxns.push(`open${round}`);

        await broker.kill9();
        await broker.start();
        const after = await committedOffsets(port);
        for (let p = 0; p < snapshot.length; p++) expect(after[p], `round ${round} partition ${p}: committed offset went back`).toBeGreaterThanOrEqual(snapshot[p]!);
      }
    } finally {
      stopping = true;
      await Promise.all([produceLoop, txnLoop]);
      for (const p of openProducers) await p.disconnect().catch(() => {});
    }

    // Acknowledged records: present exactly once; unacknowledged: at most once.
    const stored: string[] = [];
    for (let p = 0; p < 4; p++) stored.push(...(await readPartition(port, DATA, p)));
    const counts = new Map<string, number>();
    for (const v of stored) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1), 'duplicated records').toEqual([]);
    expect([...acked].filter((v) => !counts.has(v)), 'acknowledged records lost').toEqual([]);
    expect(acked.size).toBeGreaterThan(ROUNDS * 200);
    if (process.env.CRASH_STATS) process.stderr.write(`acked=${acked.size} unacked=${unacked.size} stored=${stored.length} consumed=${consumed.size} txns=${committedTxns.size} uncertain=${uncertainTxns.size}\n`);

    // The group resumes from its committed offsets and reaches every acknowledged record.
    await waitFor(() => [...acked].every((v) => consumed.has(v)), { timeoutMs: 30_000, message: 'group consumed every acked record' });
    await consumer.disconnect();

    // Open transactions time out and are aborted: the LSO catches up with the high watermark.
    for (const p of [0, 1]) {
      await waitFor(async () => (await listOffset(port, TXNS, p, 1)) === (await listOffset(port, TXNS, p, 0)), {
        timeoutMs: TXN_TIMEOUT_MS + 10_000,
        message: `LSO of ${TXNS}/${p} reaches the high watermark`,
      });
    }
    // read_committed: each transaction is all-or-nothing; committed ones complete; open ones absent.
    const visible = [...(await readCommitted(port, TXNS, 0)), ...(await readCommitted(port, TXNS, 1))];
    const perTxn = new Map<string, number>();
    for (const v of visible) perTxn.set(v.split(':')[0]!, (perTxn.get(v.split(':')[0]!) ?? 0) + 1);
    expect([...perTxn].filter(([, n]) => n !== 6), 'partially visible or duplicated transactions').toEqual([]);
    expect([...committedTxns].filter((id) => !perTxn.has(id)), 'committed transactions missing').toEqual([]);
    expect(openTxns.filter((id) => perTxn.has(id)), 'open transactions became visible').toEqual([]);
    expect([...perTxn.keys()].filter((id) => !committedTxns.has(id) && !uncertainTxns.has(id)), 'unknown transactions').toEqual([]);
    await broker.stop();
  }, 120_000);
});
