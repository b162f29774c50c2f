import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embedded, type Cluster, type ConsumedRecord } from '@tributary/client';
import {
  Consumed,
  JoinWindows,
  Produced,
  StreamJoined,
  StreamsBuilder,
  TimeWindows,
  TributaryStreams,
  keyValue,
  type ProcessingGuarantee,
  type Topology,
} from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { L, S, createTopics, tempDir, unique } from './harness.js';

// An output record keeps its input's timestamp (max of the inputs for windows and joins), under
// both guarantees: Kafka's record-e2e latency and every downstream windowing depend on it.
// Input timestamps are years in the past so a wall-clock stamp would be obvious.
const T0 = 1_699_999_980_000; // a multiple of the 1-minute window size

async function produce(cluster: Cluster, topic: string, records: readonly { key: string; value: string; timestamp: number }[]): Promise<void> {
  const p = cluster.producer();
  await p.connect();
  try {
    await p.send(topic, records.map((r) => ({ key: Buffer.from(r.key), value: Buffer.from(r.value), timestamp: r.timestamp })));
  } finally {
    await p.disconnect();
  }
}

async function readUntil(cluster: Cluster, topic: string, done: (rs: readonly ConsumedRecord[]) => boolean): Promise<ConsumedRecord[]> {
  const c = cluster.consumer({ groupId: unique('reader'), autoOffsetReset: 'earliest', isolationLevel: 'read_committed', maxWaitMs: 20 });
  await c.connect();
  await c.subscribe([topic]);
  const out: ConsumedRecord[] = [];
  try {
    await waitFor(async () => {
      for (const b of await c.poll(100)) out.push(...b.records);
      return done(out);
    }, { timeoutMs: 20_000, intervalMs: 1, message: `expected records on ${topic}` });
    return out;
  } finally {
    await c.disconnect();
  }
}

async function run(cluster: Cluster, dir: string, topology: Topology, guarantee: ProcessingGuarantee, body: () => Promise<void>): Promise<void> {
  const app = new TributaryStreams(topology, { applicationId: unique('eos-ts'), cluster, stateDir: dir, processingGuarantee: guarantee, commitIntervalMs: 100 });
  await app.start();
  try {
    await body();
  } finally {
    await app.close({ timeoutMs: 10_000 });
  }
}

const stamps = (rs: readonly ConsumedRecord[]): Record<string, number> => Object.fromEntries(rs.map((r) => [r.key!.toString(), r.timestamp]));

describe.each<ProcessingGuarantee>(['at_least_once', 'exactly_once_v2'])('output timestamps under %s (embedded log)', (guarantee) => {
  let cluster: Cluster;
  let dir: { path: string; remove: () => void };
  beforeEach(async () => {
    dir = tempDir('eos-ts');
    cluster = embedded({ dir: dir.path, cleanerIntervalMs: 0 }, { clientId: 'eos-ts' });
    await cluster.connect();
  });
  afterEach(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  it('stateless: each output keeps its input timestamp', async () => {
    const [inT, outT] = [unique('in'), unique('out')];
    await createTopics(cluster, [{ name: inT, partitions: 1 }, { name: outT, partitions: 1 }]);
    const b = new StreamsBuilder();
    b.stream(inT, Consumed.with(S, S)).mapValues((v) => v.toUpperCase()).to(outT, Produced.with(S, S));
    await produce(cluster, inT, [
      { key: 'a', value: 'x', timestamp: T0 + 5 },
      { key: 'b', value: 'y', timestamp: T0 + 7 },
    ]);
    await run(cluster, dir.path, b.build(), guarantee, async () => {
      expect(stamps(await readUntil(cluster, outT, (rs) => rs.length >= 2))).toEqual({ a: T0 + 5, b: T0 + 7 });
    });
  });

  it('windowed count: each update carries the timestamp of the record that caused it (max in window)', async () => {
    const [inT, outT] = [unique('in'), unique('out')];
    await createTopics(cluster, [{ name: inT, partitions: 1 }, { name: outT, partitions: 1 }]);
    const b = new StreamsBuilder();
    b.stream(inT, Consumed.with(S, S))
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
      .count()
      .toStream()
      .map((wk, v) => keyValue(`${wk.key}@${wk.window.start - T0}#${v}`, v))
      .to(outT, Produced.with(S, L));
    await produce(cluster, inT, [
      { key: 'a', value: 'x', timestamp: T0 + 1_000 },
      { key: 'a', value: 'x', timestamp: T0 + 2_000 },
      { key: 'b', value: 'y', timestamp: T0 + 61_000 },
    ]);
    await run(cluster, dir.path, b.build(), guarantee, async () => {
      const keys = (rs: readonly ConsumedRecord[]): string[] => rs.map((r) => r.key!.toString());
      const out = stamps(await readUntil(cluster, outT, (rs) => keys(rs).includes('a@0#2') && keys(rs).includes('b@60000#1')));
      // With the cache, 'a@0#1' may be folded into 'a@0#2'; the latest update must carry T0+2000.
      expect(out['a@0#2']).toBe(T0 + 2_000);
      expect(out['b@60000#1']).toBe(T0 + 61_000);
    });
  });

  it('stream-stream join: each pair carries max(left, right) timestamp', async () => {
    const [lT, rT, outT] = [unique('l'), unique('r'), unique('out')];
    await createTopics(cluster, [{ name: lT, partitions: 1 }, { name: rT, partitions: 1 }, { name: outT, partitions: 1 }]);
    const b = new StreamsBuilder();
    b.stream(lT, Consumed.with(S, S))
      .join(b.stream(rT, Consumed.with(S, S)), (l: string, r: string) => `${l}|${r}`, JoinWindows.ofTimeDifferenceWithNoGrace(60_000), StreamJoined.with(S, S, S))
      .to(outT, Produced.with(S, S));
    await produce(cluster, lT, [{ key: 'a', value: 'L', timestamp: T0 + 1_000 }]);
    await produce(cluster, rT, [{ key: 'a', value: 'R', timestamp: T0 + 3_000 }]);
    await run(cluster, dir.path, b.build(), guarantee, async () => {
      const out = await readUntil(cluster, outT, (rs) => rs.length >= 1);
      expect(out.map((r) => [r.value!.toString(), r.timestamp])).toEqual([['L|R', T0 + 3_000]]);
    });
  });
});
