import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { embedded, type Cluster, type ConsumedRecord } from '@tributary/client';
import {
  Consumed,
  DroppedRecords,
  DROPPED_RECORD_HEADERS,
  DroppedRecordsHandlers,
  Grouped,
  keyValue,
  Materialized,
  Named,
  Produced,
  StreamsBuilder,
  TimeWindows,
  TributaryStreams,
  type ProcessingGuarantee,
  type Topology,
} from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { S, createTopics, tempDir, testLogger, unique, waitForCommitted, waitForState } from './harness.js';

// docs/windows.md: a record later than window end + grace is dropped, counted per task in
// tributary_streams_dropped_records_total{reason="late"} and, with droppedRecordsHandler,
// dead-lettered raw with __streams.dropped.* headers.
const SIZE = 10_000;
const GRACE = 5_000;
const PROCESSOR = 'late-count';

/** Windowed count per key, emitted as `key@windowStart` → count. */
function windowedCount(input: string, output: string, windows = TimeWindows.ofSizeAndGrace(SIZE, GRACE)): Topology {
  const b = new StreamsBuilder();
  b.stream(input, Consumed.with(S, S))
    .groupByKey(Grouped.with(S, S))
    .windowedBy(windows)
    .count(Named.as(PROCESSOR), Materialized.as<string, number>('late-counts'))
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}`, String(n)))
    .to(output, Produced.with(S, S));
  return b.build();
}

type In = readonly [key: string | null, value: string, ts: number];

// Stream time → close time (stream time − grace); a window [s, s+10000) is closed once its end <= close time.
const APP_A_INPUT: readonly In[] = [
  ['a', 'a1', 1_000], // in order
  ['b', 'b1', 2_000],
  ['a', 'a2', 12_000], // close time 7000
  ['b', 'b2', 8_000], // out of order, within grace: [0,10000) ends after 7000
  ['a', 'a3', 16_000], // close time 11000: [0,10000) is closed
  ['b', 'late1', 3_000], // too late
  ['a', 'late2', 9_000], // too late
  ['b', 'b3', 20_500], // close time 15500
  ['a', 'a4', 11_000], // out of order, within grace: [10000,20000)
  ['a', 'late3', 500], // too late
];
const APP_A_LATE = [{ key: 'b', value: 'late1', ts: 3_000, offset: 5 }, { key: 'a', value: 'late2', ts: 9_000, offset: 6 }, { key: 'a', value: 'late3', ts: 500, offset: 9 }];
const APP_A_FINAL = new Map([['a@0', '1'], ['b@0', '2'], ['a@10000', '3'], ['b@20000', '1']]);

// A second app in the same process: one late record and one null key of its own.
const APP_B_INPUT: readonly In[] = [['x', 'x1', 1_000], ['x', 'x2', 20_000], ['x', 'late', 2_000], [null, 'no-key', 20_001]];

async function produce(cluster: Cluster, topic: string, records: readonly In[]): Promise<void> {
  const producer = cluster.producer();
  await producer.connect();
  try {
    await producer.send(topic, records.map(([k, v, ts]) => ({ key: k === null ? null : Buffer.from(k), value: Buffer.from(v), timestamp: ts })));
  } finally {
    await producer.disconnect();
  }
}

/** Reads `topic` from the start (committed records only) until `done` holds. */
async function readCommitted(cluster: Cluster, topic: string, done: (rs: ConsumedRecord[]) => boolean): Promise<ConsumedRecord[]> {
  const consumer = cluster.consumer({ groupId: unique('reader'), autoOffsetReset: 'earliest', isolationLevel: 'read_committed' });
  await consumer.connect();
  await consumer.subscribe([topic]);
  const out: ConsumedRecord[] = [];
  try {
    await waitFor(async () => {
      for (const b of await consumer.poll(200)) out.push(...b.records);
      return done(out);
    }, { timeoutMs: 30_000, intervalMs: 1, message: `records on ${topic}` });
    return out;
  } finally {
    await consumer.disconnect();
  }
}

/** The value of `tributary_streams_dropped_records_total` per `reason`, for one task, from the text exposition. */
function droppedByReason(text: string, task: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^tributary_streams_dropped_records_total\{([^}]*)\} (\d+)$/.exec(line);
    if (match === null || !match[1]!.includes(`task="${task}"`)) continue;
    m.set(/reason="([^"]+)"/.exec(match[1]!)![1]!, Number(match[2]));
  }
  return m;
}

describe('operator drops on the runtime', () => {
  let cluster: Cluster;
  const dir = tempDir('dropped-records');
  // Each app subscribes to the process-wide DroppedRecords on start and must unsubscribe on close.
  let subscribed = 0;
  let unsubscribed = 0;
  const addListener = DroppedRecords.addListener.bind(DroppedRecords);
  beforeAll(async () => {
    vi.spyOn(DroppedRecords, 'addListener').mockImplementation((listener) => {
      subscribed++;
      const remove = addListener(listener);
      return () => {
        unsubscribed++;
        remove();
      };
    });
    cluster = embedded({ dir: dir.path, cleanerIntervalMs: 0 }, { clientId: 'dropped-records' });
    await cluster.connect();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await cluster?.disconnect();
    dir.remove();
  });

  for (const processingGuarantee of ['at_least_once', 'exactly_once_v2'] as const satisfies readonly ProcessingGuarantee[]) {
    it(`counts late drops per task and app, and dead-letters exactly the late records raw (${processingGuarantee})`, async () => {
      const [inA, outA, dlq, inB, outB] = ['late-in', 'late-out', 'late-dlq', 'other-in', 'other-out'].map(unique) as [string, string, string, string, string];
      await createTopics(cluster, [inA, outA, dlq, inB, outB].map((name) => ({ name, partitions: 1 })));
      const appIdA = unique('late-a');
      const appIdB = unique('late-b');
      const common = { cluster, stateDir: dir.path, commitIntervalMs: 50, cacheMaxBytes: 0, processingGuarantee, logger: testLogger };
      const appA = new TributaryStreams(windowedCount(inA, outA), { ...common, applicationId: appIdA, droppedRecordsHandler: DroppedRecordsHandlers.deadLetter(dlq) });
      const appB = new TributaryStreams(windowedCount(inB, outB), { ...common, applicationId: appIdB });
      const listeners = subscribed - unsubscribed;
      try {
        await Promise.all([appA.start(), appB.start()]);
        await Promise.all([waitForState(appA, 'RUNNING'), waitForState(appB, 'RUNNING')]);
        await Promise.all([produce(cluster, inA, APP_A_INPUT), produce(cluster, inB, APP_B_INPUT)]);
        await Promise.all([waitForCommitted(cluster, appIdA, [inA]), waitForCommitted(cluster, appIdB, [inB])]);

        // Results: the within-grace out-of-order records counted, the late ones not.
        const latest = (rs: readonly ConsumedRecord[]) => new Map(rs.map((r) => [r.key!.toString(), r.value!.toString()]));
        const out = await readCommitted(cluster, outA, (rs) => latest(rs).get('a@10000') === '3' && latest(rs).get('b@20000') === '1');
        expect(latest(out)).toEqual(APP_A_FINAL);

        // Metrics: every input offset is committed, so every drop has been counted.
        expect(droppedByReason(await appA.metrics(), '0_0')).toEqual(new Map([['late', 3]]));
        expect(droppedByReason(await appB.metrics(), '0_0')).toEqual(new Map([['late', 1], ['null-key', 1]]));
        expect(await appA.metrics()).toMatch(new RegExp(`tributary_streams_dead_lettered_records_total\\{topic="${dlq}"[^}]*\\} 3`));

        // The dead-letter topic: exactly the late records, raw, with where, why and by whom.
        const dead = await readCommitted(cluster, dlq, (rs) => rs.length >= 3);
        const [end] = await cluster.admin.listOffsets([{ topic: dlq, partition: 0, spec: 'latest' }], { isolationLevel: 'read_committed' });
        const header = (r: ConsumedRecord, key: string): string | undefined => r.headers.find((h) => h.key === key)?.value?.toString();
        expect(dead.map((r) => ({ key: r.key!.toString(), value: r.value!.toString(), ts: r.timestamp, offset: Number(header(r, DROPPED_RECORD_HEADERS.offset)) }))).toEqual(APP_A_LATE);
        for (const r of dead) {
          expect(header(r, DROPPED_RECORD_HEADERS.reason)).toBe('late');
          expect(header(r, DROPPED_RECORD_HEADERS.processor)).toBe(PROCESSOR);
          expect(header(r, DROPPED_RECORD_HEADERS.timestamp)).toBe(String(r.timestamp));
          expect(header(r, DROPPED_RECORD_HEADERS.topic)).toBe(inA);
          expect(header(r, DROPPED_RECORD_HEADERS.partition)).toBe('0');
        }
        if (processingGuarantee === 'at_least_once') {
          expect(end!.offset).toBe(3);
        } else {
          // Written by the task's transactional producer: commit markers take offsets after the records.
          expect(end!.offset).toBeGreaterThan(3);
        }
        expect(subscribed - unsubscribed).toBe(listeners + 2);
      } finally {
        expect(await appA.close({ timeoutMs: 30_000 })).toBe(true);
        expect(await appB.close({ timeoutMs: 30_000 })).toBe(true);
      }
      expect(subscribed - unsubscribed).toBe(listeners);
    });
  }

  it('counts a record late for several hopping windows per window and dead-letters it once', async () => {
    const [input, output, dlq] = ['hop-in', 'hop-out', 'hop-dlq'].map(unique) as [string, string, string];
    await createTopics(cluster, [input, output, dlq].map((name) => ({ name, partitions: 1 })));
    const applicationId = unique('hop');
    const app = new TributaryStreams(windowedCount(input, output, TimeWindows.ofSizeWithNoGrace(SIZE).advanceBy(SIZE / 2)), {
      applicationId,
      cluster,
      stateDir: dir.path,
      commitIntervalMs: 50,
      droppedRecordsHandler: DroppedRecordsHandlers.deadLetter(dlq),
      logger: testLogger,
    });
    try {
      await app.start();
      // 6000 is late for [0,10000) only (still counted in [5000,15000)); 7000 for [0,10000) and [5000,15000).
      await produce(cluster, input, [['k', 'v1', 12_000], ['k', 'partly-late', 6_000], ['k', 'v2', 25_000], ['k', 'late-twice', 7_000]]);
      // Offsets commit after the output (dead letters included) is flushed.
      await waitForCommitted(cluster, applicationId, [input]);
      expect(droppedByReason(await app.metrics(), '0_0')).toEqual(new Map([['late', 3]]));
      const dead = await readCommitted(cluster, dlq, (rs) => rs.length >= 2);
      const [end] = await cluster.admin.listOffsets([{ topic: dlq, partition: 0, spec: 'latest' }]);
      expect(end!.offset).toBe(2);
      expect(dead.map((r) => r.value!.toString())).toEqual(['partly-late', 'late-twice']);
    } finally {
      expect(await app.close({ timeoutMs: 30_000 })).toBe(true);
    }
  });
});
