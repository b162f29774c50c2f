import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafka, type Cluster, type ConsumedRecord } from '@tributary/client';
import {
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  type BytesStoreSupplier,
  type StreamsState,
  type Topology,
  type TributaryStreams,
} from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';

export const S = Serdes.String();
export const L = Serdes.Long();

/** A unique suffix so tests sharing one broker never collide. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function kafkaCluster(bootstrap: string): Cluster {
  return kafka({ brokers: [bootstrap], clientId: unique('rt'), logLevel: 'error' });
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Word count: lines → words (re-keyed, so through a repartition topic) → count per word → output. */
export function wordCount(input: string, output: string, supplier?: BytesStoreSupplier): Topology {
  const b = new StreamsBuilder();
  b.stream(input, Consumed.with(S, S))
    .flatMapValues((line) => line.toLowerCase().split(/\s+/).filter((w) => w.length > 0))
    .groupBy((_k, word) => word, Grouped.with(S, S))
    .count(supplier === undefined ? Materialized.as<string, number>('counts') : Materialized.as<string, number>(supplier))
    .toStream()
    .to(output, Produced.with(S, L));
  return b.build();
}

/** The oracle: final count per word. */
export function countWords(lines: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of lines) for (const w of line.toLowerCase().split(/\s+/).filter((x) => x.length > 0)) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

export async function produceLines(cluster: Cluster, topic: string, lines: readonly string[], keyOf: (i: number) => string = (i) => `k${i}`): Promise<void> {
  const producer = cluster.producer();
  await producer.connect();
  try {
    for (let i = 0; i < lines.length; i += 200) {
      await producer.send(topic, lines.slice(i, i + 200).map((l, j) => ({ key: Buffer.from(keyOf(i + j)), value: Buffer.from(l), timestamp: 1_000 + i + j })));
    }
  } finally {
    await producer.disconnect();
  }
}

/** Reads a topic from the beginning until `done(records)` holds. */
export async function readUntil(
  cluster: Cluster,
  topic: string,
  done: (records: ConsumedRecord[]) => boolean,
  timeoutMs = 30_000,
): Promise<ConsumedRecord[]> {
  const consumer = cluster.consumer({ groupId: unique('reader'), autoOffsetReset: 'earliest' });
  await consumer.connect();
  await consumer.subscribe([topic]);
  const out: ConsumedRecord[] = [];
  try {
    await waitFor(async () => {
      for (const b of await consumer.poll(200)) out.push(...b.records);
      return done(out);
    }, { timeoutMs, intervalMs: 1, message: `records on ${topic}` });
    return out;
  } finally {
    await consumer.disconnect();
  }
}

/** Last value per key of (string key, long value) records. */
export function latestCounts(records: readonly ConsumedRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) m.set(r.key!.toString(), Number(r.value!.readBigInt64BE(0)));
  return m;
}

export function sameMap(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export function waitForState(app: TributaryStreams, state: StreamsState, timeoutMs = 45_000): Promise<true> {
  return waitFor(() => app.state === state, { timeoutMs, message: `app state ${state} (is ${app.state})` });
}

export async function createTopics(cluster: Cluster, topics: readonly { name: string; partitions: number }[]): Promise<void> {
  await cluster.admin.createTopics(topics.map((t) => ({ name: t.name, partitions: t.partitions, replicationFactor: 1 })));
}

/** Prints runtime logs when RT_DEBUG is set (debugging aid; silent otherwise). */
export const testLogger = {
  debug: (o: object | string, m?: string) => process.env.RT_DEBUG === '2' && console.log('DEBUG', m ?? '', o),
  info: (o: object | string, m?: string) => process.env.RT_DEBUG !== undefined && console.log('INFO', m ?? '', o),
  warn: (o: object | string, m?: string) => process.env.RT_DEBUG !== undefined && console.log('WARN', m ?? '', o),
  error: (o: object | string, m?: string) => process.env.RT_DEBUG !== undefined && console.log('ERROR', m ?? '', o),
};

/** Waits until the group's committed offsets reach the end of every partition of `topics`. */
export async function waitForCommitted(cluster: Cluster, groupId: string, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => {
    const described = await cluster.admin.describeTopics(topics);
    const ends = await cluster.admin.listOffsets(described.flatMap((d) => d.partitions.map((p) => ({ topic: d.name, partition: p.partition, spec: 'latest' as const }))));
    const committed = await cluster.admin.committedOffsets(groupId, topics);
    return ends.every((e) => e.offset === 0 || committed.some((c) => c.topic === e.topic && c.partition === e.partition && c.offset === e.offset));
  }, { timeoutMs, intervalMs: 100, message: `group ${groupId} committed to the end of ${topics.join(', ')}` });
}

/** Latest string value per string key of a changelog-like topic (null values delete). */
export function table(records: readonly ConsumedRecord[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of records) {
    const k = r.key!.toString();
    if (r.value === null) m.delete(k);
    else m.set(k, r.value.toString());
  }
  return m;
}

export function sameTable(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/**
 * Session-window count oracle: per key, timestamps in arrival order split where the gap to the
 * previous one exceeds `gap`; keyed `<key>@<start>-<end>`, valued with the count as a string.
 */
export function sessionCounts(events: readonly { key: string; ts: number }[], gap: number): Map<string, string> {
  const m = new Map<string, string>();
  const byKey = new Map<string, number[]>();
  for (const e of events) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.ts]);
  for (const [key, tss] of byKey) {
    let start = tss[0]!;
    let end = start;
    let n = 0;
    for (const t of tss) {
      if (t - end > gap) {
        m.set(`${key}@${start}-${end}`, String(n));
        start = t;
        n = 0;
      }
      end = t;
      n++;
    }
    m.set(`${key}@${start}-${end}`, String(n));
  }
  return m;
}
