// Operator state beyond the window stores, across restarts: emit-on-close close times (time,
// session and sliding windows), the sliding-window record buffer, and the grace buffer of a
// stream-table join against a versioned table. Shared by the embedded restart test and its child.
import type { Cluster, ConsumedRecord } from '@tributary/client';
import {
  Consumed,
  EmitStrategy,
  Grouped,
  Joined,
  keyValue,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  TimeWindows,
  TopologyTestDriver,
  VersionedStores,
  type Topology,
  type Windowed,
} from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { unique } from './harness.js';

const S = Serdes.String();

export interface ScenarioTopics {
  readonly events: string;
  readonly prices: string;
  readonly orders: string;
  readonly outputs: readonly string[];
}

export function scenarioTopics(prefix: string): ScenarioTopics {
  const outputs = ['tw-close', 'session-close', 'sliding', 'sliding-close', 'joined'].map((t) => `${prefix}-${t}`);
  return { events: `${prefix}-events`, prices: `${prefix}-prices`, orders: `${prefix}-orders`, outputs };
}

const render = (w: Windowed<string>): string => `${w.key}@${w.window.start}/${w.window.end}`;

/** Every operator whose state this scenario checks, one output topic each (in ScenarioTopics.outputs order). */
export function scenarioTopology(t: ScenarioTopics): Topology {
  const b = new StreamsBuilder();
  const grouped = b.stream(t.events, Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
  const [twClose, sessionClose, sliding, slidingClose, joined] = t.outputs as [string, string, string, string, string];
  grouped
    .windowedBy(TimeWindows.ofSizeAndGrace(10_000, 2_000).advanceBy(5_000))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count()
    .toStream()
    .map((w, n) => keyValue(render(w), String(n)))
    .to(twClose, Produced.with(S, S));
  grouped
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(3_000, 1_000))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count()
    .toStream()
    .map((w, n) => keyValue(render(w), String(n)))
    .to(sessionClose, Produced.with(S, S));
  // Concatenation is order-sensitive: a rebuilt record buffer must hold the same records in the same order.
  grouped
    .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5_000, 2_000))
    .aggregate(() => '', (_k, v, agg) => (agg === '' ? v : `${agg},${v}`), Materialized.with<string, string>(S, S))
    .toStream()
    .map((w, v) => keyValue(render(w), v))
    .to(sliding, Produced.with(S, S));
  grouped
    .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5_000, 2_000))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count()
    .toStream()
    .map((w, n) => keyValue(render(w), String(n)))
    .to(slidingClose, Produced.with(S, S));
  const prices = b.table(t.prices, Consumed.with(S, S), Materialized.as<string, string>(VersionedStores.inMemoryVersionedKeyValueStore('prices-versioned', 600_000)));
  b.stream(t.orders, Consumed.with(S, S))
    .leftJoin(prices, (o: string, p: string | null) => `${o}@${p}`, Joined.with(S, S, S).withGracePeriod(4_000))
    .to(joined, Produced.with(S, S));
  return b.build();
}

export interface Ev {
  readonly key: string;
  readonly value: string;
  readonly ts: number;
}

/** mulberry32: seeded, so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Events and orders with mostly rising timestamps, some out of order (within grace) and some late;
 * prices: several versions per product, all older than any order (so every as-of lookup is fixed
 * before the first order is read, whatever the interleaving of the two topics).
 */
export function scenarioInput(seed = 7): { events: Ev[]; orders: Ev[]; prices: Ev[] } {
  const rnd = prng(seed);
  const events: Ev[] = [];
  const orders: Ev[] = [];
  const prices: Ev[] = [];
  for (let p = 0; p < 4; p++) for (let v = 0; v < 3; v++) prices.push({ key: `p${p}`, value: `price${p}.${v}`, ts: 1_000 + v * 30_000 + p });
  let t = 100_000;
  for (let i = 0; i < 160; i++) {
    t += Math.floor(rnd() * 1_500);
    const back = rnd() < 0.2 ? Math.floor(rnd() * 4_000) : 0; // out of order, sometimes beyond grace
    events.push({ key: `k${Math.floor(rnd() * 3)}`, value: `e${i}`, ts: Math.max(0, t - back) });
    if (i % 2 === 0) orders.push({ key: `p${Math.floor(rnd() * 4)}`, value: `o${i}`, ts: Math.max(0, t - (rnd() < 0.3 ? Math.floor(rnd() * 6_000) : 0)) });
  }
  return { events, orders, prices };
}

/** A record as the comparison sees it. */
export const show = (r: { key: string | null; value: string | null; timestamp: number }): string => `${r.key}=${r.value}@${r.timestamp}`;

/** The uninterrupted run: the same input through the TopologyTestDriver, per output topic. */
export function uninterruptedOutputs(t: ScenarioTopics, input: { events: Ev[]; orders: Ev[]; prices: Ev[] }): Map<string, string[]> {
  const d = new TopologyTestDriver(scenarioTopology(t), { applicationId: 'uninterrupted' });
  try {
    const pipe = (topic: string, evs: readonly Ev[]): void => {
      const inp = d.createInputTopic(topic, S, S);
      for (const e of evs) inp.pipeInput(e.key, e.value, e.ts);
    };
    pipe(t.prices, input.prices);
    pipe(t.events, input.events);
    pipe(t.orders, input.orders);
    return new Map(t.outputs.map((o) => [o, d.createOutputTopic(o, S, S).readRecordsToList().map((r) => show({ key: r.key, value: r.value, timestamp: r.timestamp }))]));
  } finally {
    d.close();
  }
}

export async function produce(cluster: Cluster, topic: string, evs: readonly Ev[]): Promise<void> {
  if (evs.length === 0) return;
  const p = cluster.producer();
  await p.connect();
  try {
    await p.send(topic, evs.map((e) => ({ key: Buffer.from(e.key), value: Buffer.from(e.value), timestamp: e.ts })));
  } finally {
    await p.disconnect();
  }
}

/** Every committed record of a one-partition topic: reads until `expected` arrived, then polls once more for extras. */
export async function readAll(cluster: Cluster, topic: string, expected: number, timeoutMs = 15_000): Promise<string[]> {
  const c = cluster.consumer({ groupId: unique('reader'), autoOffsetReset: 'earliest', isolationLevel: 'read_committed' });
  await c.connect();
  await c.subscribe([topic]);
  const out: ConsumedRecord[] = [];
  try {
    await waitFor(async () => {
      for (const b of await c.poll(100)) out.push(...b.records);
      return out.length >= expected;
    }, { timeoutMs, intervalMs: 1, message: `${expected} records on ${topic} (got ${out.length})` }).catch(() => undefined);
    for (const b of await c.poll(300)) out.push(...b.records);
  } finally {
    await c.disconnect();
  }
  return out.map((r) => show({ key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp }));
}
