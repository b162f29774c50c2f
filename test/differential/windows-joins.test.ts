import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BufferConfig, Consumed, EmitStrategy, Grouped, JoinWindows, Joined, Materialized, Produced, Serdes, SessionWindows, StreamJoined,
  SlidingWindows, StreamsBuilder, Suppressed, TimeWindows, TopologyTestDriver, type KTable, type Windowed,
} from '@tributary/streams';
import { requireKafkaStreamsReference, runKafkaStreamsReference } from '../helpers/kafka-streams-reference.js';
import type { OutputRecord, Scenario, ScenarioRecord } from '../helpers/kafka-streams-reference.js';

// Differential tests: the same generated inputs (fast-check, fixed seeds) through our
// TopologyTestDriver and through Kafka Streams' own, compared record for record.
const peer = requireKafkaStreamsReference();
const S = Serdes.String();
const L = Serdes.Long();
type Params = Readonly<Record<string, string | number>>;
const num = (p: Params, k: string, d?: number): number => (p[k] === undefined ? d! : Number(p[k]));
const str = (p: Params, k: string, d: string): string => (p[k] === undefined ? d : String(p[k]));

/** Builds our version of each named reference topology (test/differential/README.md). */
function buildOurs(s: Scenario): { builder: StreamsBuilder; windowed: boolean; valueLong: boolean } {
  const p = s.params ?? {};
  const b = new StreamsBuilder();
  const finishWindowed = (table: KTable<Windowed<string>, string> | KTable<Windowed<string>, number>, long: boolean) => {
    const t = str(p, 'emit', 'update') === 'suppress' ? (table as KTable<Windowed<string>, unknown>).suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())) : table;
    (t as KTable<Windowed<string>, unknown>).toStream().map((k, v) => ({ key: `${k.key}@${k.window.start}/${k.window.end}`, value: v })).to('output', Produced.with(S, (long ? L : S) as never));
    return { builder: b, windowed: true, valueLong: long };
  };
  switch (s.topology) {
    case 'hopping-count':
    case 'tumbling-count': {
      const size = num(p, 'sizeMs');
      let w = TimeWindows.ofSizeAndGrace(size, num(p, 'graceMs', 0));
      if (s.topology === 'hopping-count') w = w.advanceBy(num(p, 'advanceMs', size));
      let tw = b.stream('input', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(w);
      if (str(p, 'emit', 'update') === 'onWindowClose') tw = tw.emitStrategy(EmitStrategy.onWindowClose());
      const op = str(p, 'op', 'count');
      if (op === 'count') return finishWindowed(tw.count(Materialized.as<string, number>('window-agg-store').withKeySerde(S).withValueSerde(L)), true);
      const m = Materialized.as<string, string>('window-agg-store').withKeySerde(S).withValueSerde(S);
      return finishWindowed(op === 'aggregate' ? tw.aggregate(() => '0', (_k, v, a) => `${a}+${v}`, m) : tw.reduce((a, v) => `${a}+${v}`, m), false);
    }
    case 'sliding-count': {
      let sw = b.stream('input', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(num(p, 'diffMs'), num(p, 'graceMs', 0)));
      if (str(p, 'emit', 'update') === 'onWindowClose') sw = sw.emitStrategy(EmitStrategy.onWindowClose());
      const op = str(p, 'op', 'count');
      if (op === 'count') return finishWindowed(sw.count(Materialized.as<string, number>('window-agg-store').withKeySerde(S).withValueSerde(L)), true);
      const m = Materialized.as<string, string>('window-agg-store').withKeySerde(S).withValueSerde(S);
      return finishWindowed(op === 'aggregate' ? sw.aggregate(() => '0', (_k, v, a) => `${a}+${v}`, m) : sw.reduce((a, v) => `${a}+${v}`, m), false);
    }
    case 'session-count': {
      let sw = b.stream('input', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(SessionWindows.ofInactivityGapAndGrace(num(p, 'gapMs'), num(p, 'graceMs', 0)));
      if (str(p, 'emit', 'update') === 'onWindowClose') sw = sw.emitStrategy(EmitStrategy.onWindowClose());
      if (str(p, 'op', 'count') === 'count') return finishWindowed(sw.count(Materialized.as<string, number>('window-agg-store').withKeySerde(S).withValueSerde(L)), true);
      return finishWindowed(sw.reduce((a, v) => `${a}+${v}`, Materialized.as<string, string>('window-agg-store').withKeySerde(S).withValueSerde(S)), false);
    }
    case 'stream-stream-join': {
      let w = JoinWindows.ofTimeDifferenceAndGrace(num(p, 'diffMs'), num(p, 'graceMs', 0));
      if (p.beforeMs !== undefined) w = w.before(num(p, 'beforeMs'));
      if (p.afterMs !== undefined) w = w.after(num(p, 'afterMs'));
      const l = b.stream('left', Consumed.with(S, S));
      const r = b.stream('right', Consumed.with(S, S));
      const j = (a: string | null, c: string | null) => `${a}+${c}`;
      const sj = StreamJoined.with(S, S, S);
      const type = str(p, 'type', 'inner');
      (type === 'inner' ? l.join(r, j, w, sj) : type === 'left' ? l.leftJoin(r, j, w, sj) : l.outerJoin(r, j, w, sj)).to('output', Produced.with(S, S));
      return { builder: b, windowed: false, valueLong: false };
    }
    case 'stream-table-join': {
      const l = b.stream('left', Consumed.with(S, S));
      const t = b.table('right', Consumed.with(S, S), Materialized.as<string, string>('right-store').withKeySerde(S).withValueSerde(S));
      const j = (a: string, c: string | null) => `${a}+${c}`;
      (str(p, 'type', 'inner') === 'inner' ? l.join(t, j, Joined.with(S, S, S)) : l.leftJoin(t, j, Joined.with(S, S, S))).to('output', Produced.with(S, S));
      return { builder: b, windowed: false, valueLong: false };
    }
    case 'table-table-join': {
      const l = b.table('left', Consumed.with(S, S));
      const r = b.table('right', Consumed.with(S, S));
      const m = Materialized.as<string, string>('join-store').withKeySerde(S).withValueSerde(S);
      const j = (a: string | null, c: string | null) => `${a}+${c}`;
      const type = str(p, 'type', 'inner');
      (type === 'inner' ? l.join(r, j, m) : type === 'left' ? l.leftJoin(r, j, m) : l.outerJoin(r, j, m)).toStream().to('output', Produced.with(S, S as never));
      return { builder: b, windowed: false, valueLong: false };
    }
    case 'ktable-groupby-aggregate': {
      const gk = str(p, 'groupKey', 'firstChar');
      const valueIsKey = str(p, 'groupValue', 'value') === 'key';
      const g = b.table('input', Consumed.with(S, S)).groupBy((k, v) => ({ key: gk === 'firstChar' ? v.slice(0, 1) : gk === 'value' ? v : k, value: valueIsKey ? k : v }), Grouped.with(S, S));
      const op = str(p, 'op', 'count');
      if (op === 'count') {
        g.count(Materialized.as<string, number>('agg-store').withKeySerde(S).withValueSerde(L)).toStream().to('output', Produced.with(S, L as never));
        return { builder: b, windowed: false, valueLong: true };
      }
      const m = Materialized.as<string, string>('agg-store').withKeySerde(S).withValueSerde(S);
      const t = op === 'aggregate' ? g.aggregate(() => '0', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`, m) : g.reduce((a, v) => `${a}+${v}`, (a, v) => `${a}-${v}`, m);
      t.toStream().to('output', Produced.with(S, S as never));
      return { builder: b, windowed: false, valueLong: false };
    }
    case 'fk-join': {
      const first = str(p, 'fkPart', 'first') === 'first';
      const fk = (v: string): string | null => {
        const bar = first ? v.indexOf('|') : v.lastIndexOf('|');
        return bar < 0 ? null : first ? v.slice(0, bar) : v.slice(bar + 1);
      };
      const left = b.table('left', Consumed.with(S, S));
      const right = b.table('right', Consumed.with(S, S));
      const m = Materialized.as<string, string>('join-store').withKeySerde(S).withValueSerde(S);
      const pair = (a: string, c: string | null) => `(${a},${c})`;
      (str(p, 'type', 'inner') === 'inner' ? left.join(right, fk, pair, m) : left.leftJoin(right, fk, pair, m)).toStream().to('output', Produced.with(S, S as never));
      return { builder: b, windowed: false, valueLong: false };
    }
    case 'cogroup': {
      const a = b.stream('input-a', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
      const c = b.stream('input-b', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
      a.cogroup<string>((_k, v, agg) => `${agg}+a${v}`).cogroup(c, (_k, v, agg) => `${agg}+b${v}`)
        .aggregate(() => '0', Materialized.as<string, string>('cogroup-store').withKeySerde(S).withValueSerde(S)).toStream().to('output', Produced.with(S, S as never));
      return { builder: b, windowed: false, valueLong: false };
    }
    default:
      throw new Error(`no TS mirror for ${s.topology}`);
  }
}

function runOurs(s: Scenario): OutputRecord[] {
  const { builder, windowed, valueLong } = buildOurs(s);
  const d = new TopologyTestDriver(builder.build(), { applicationId: 'diff', defaultKeySerde: S, defaultValueSerde: S, cacheMaxBytes: 0 });
  const out = d.createOutputTopic('output', S, (valueLong ? L : S) as never);
  const topics = new Map<string, ReturnType<typeof d.createInputTopic<string, string>>>();
  const result: OutputRecord[] = [];
  s.inputs.forEach((input, step) => {
    if (!('topic' in input)) return void d.advanceWallClockTime(input.advanceWallClockMs);
    let t = topics.get(input.topic);
    if (t === undefined) topics.set(input.topic, (t = d.createInputTopic(input.topic, S, S)));
    t.pipeInput(input.key, input.value === null ? null : String(input.value), input.timestamp);
    for (const r of out.readRecordsToList()) {
      const key = r.key as string | null;
      const win = windowed && key !== null ? /@(\d+)\/(\d+)$/.exec(key) : null;
      result.push({ topic: 'output', key, value: r.value as string | number | null, timestamp: r.timestamp, ...(win ? { windowStart: Number(win[1]), windowEnd: Number(win[2]) } : {}), step });
    }
  });
  d.close();
  return result;
}

// ---- generated scenarios (fixed seeds) ----
const rec = (topic: string, key: string | null, value: string | null, timestamp: number): ScenarioRecord => ({ topic, key, value, timestamp });
/** Mostly increasing timestamps with occasional out-of-order (and sometimes late) records. */
const timeline = (n: number, jitter: number) =>
  fc.array(fc.record({ key: fc.constantFrom('A', 'B', 'C'), dt: fc.integer({ min: 0, max: 4 }), back: fc.integer({ min: 0, max: jitter }) }), { minLength: 1, maxLength: n })
    .map((xs) => {
      let t = 0;
      return xs.map((x, i) => {
        t += x.dt;
        return { key: x.key, ts: Math.max(0, t - x.back), i };
      });
    });
const sample = <T>(arb: fc.Arbitrary<T>, seed: number, n: number): T[] => fc.sample(arb, { seed, numRuns: n });

interface Case { readonly name: string; readonly scenario: Scenario }
const cases: Case[] = [];
for (const [i, x] of sample(fc.record({ size: fc.constantFrom(5, 10), div: fc.constantFrom(1, 2, 5), grace: fc.constantFrom(0, 3, 10), op: fc.constantFrom('count', 'aggregate'), emit: fc.constantFrom('update', 'suppress'), tl: timeline(30, 15) }), 101, 8).entries()) {
  cases.push({ name: `hopping ${x.op}/${x.emit} #${i}`, scenario: { topology: 'hopping-count', params: { sizeMs: x.size, advanceMs: Math.max(1, Math.floor(x.size / x.div)), graceMs: x.grace, op: x.op, emit: x.emit }, inputs: x.tl.map((r) => rec('input', r.key, `v${r.i}`, r.ts)) } });
}
for (const [i, x] of sample(fc.record({ size: fc.constantFrom(5, 10), grace: fc.constantFrom(0, 3), tl: timeline(30, 8) }), 111, 4).entries()) {
  cases.push({ name: `tumbling count/onWindowClose #${i}`, scenario: { topology: 'tumbling-count', params: { sizeMs: x.size, graceMs: x.grace, emit: 'onWindowClose' }, inputs: x.tl.map((r) => rec('input', r.key, `v${r.i}`, r.ts)) } });
  cases.push({ name: `hopping count/onWindowClose #${i}`, scenario: { topology: 'hopping-count', params: { sizeMs: x.size, advanceMs: Math.floor(x.size / 5), graceMs: x.grace, emit: 'onWindowClose' }, inputs: x.tl.map((r) => rec('input', r.key, `v${r.i}`, r.ts)) } });
}
for (const [i, x] of sample(fc.record({ gap: fc.integer({ min: 2, max: 8 }), grace: fc.constantFrom(0, 5), op: fc.constantFrom('count', 'reduce'), emit: fc.constantFrom('update', 'suppress'), tl: timeline(30, 10) }), 202, 8).entries()) {
  cases.push({ name: `session ${x.op}/${x.emit} #${i}`, scenario: { topology: 'session-count', params: { gapMs: x.gap, graceMs: x.grace, op: x.op, emit: x.emit }, inputs: x.tl.map((r) => rec('input', r.key, `v${r.i}`, r.ts)) } });
}
for (const [i, x] of sample(fc.record({ gap: fc.integer({ min: 2, max: 6 }), grace: fc.constantFrom(0, 3), tl: timeline(25, 6) }), 222, 4).entries()) {
  cases.push({ name: `session count/onWindowClose #${i}`, scenario: { topology: 'session-count', params: { gapMs: x.gap, graceMs: x.grace, emit: 'onWindowClose' }, inputs: x.tl.map((r) => rec('input', r.key, `v${r.i}`, r.ts)) } });
}
for (const [i, x] of sample(fc.record({ diff: fc.integer({ min: 1, max: 8 }), grace: fc.constantFrom(0, 5, 20), emit: fc.constantFrom('update', 'suppress', 'onWindowClose'), tl: timeline(25, 10) }), 333, 8).entries()) {
  cases.push({ name: `sliding count/${x.emit} #${i}`, scenario: { topology: 'sliding-count', params: { diffMs: x.diff, graceMs: x.grace, emit: x.emit }, inputs: x.tl.map((r) => rec('input', r.key, `v${r.i}`, r.ts)) } });
}
for (const [i, x] of sample(fc.record({ diff: fc.integer({ min: 1, max: 8 }), tl: timeline(25, 0) }), 334, 4).entries()) {
  cases.push({ name: `sliding aggregate in order #${i}`, scenario: { topology: 'sliding-count', params: { diffMs: x.diff, op: 'aggregate' }, inputs: x.tl.map((r) => rec('input', r.key, `v${r.i}`, r.ts)) } });
}
const sides = (n: number, jitter: number) => fc.array(fc.record({ left: fc.boolean(), key: fc.constantFrom('A', 'B'), dt: fc.integer({ min: 0, max: 5 }), back: fc.integer({ min: 0, max: jitter }) }), { minLength: 1, maxLength: n })
  .map((xs) => {
    let t = 0;
    return xs.map((x, i) => {
      t += x.dt;
      return rec(x.left ? 'left' : 'right', x.key, `${x.left ? 'l' : 'r'}${i}`, Math.max(0, t - x.back));
    });
  });
for (const type of ['inner', 'left', 'outer'] as const) {
  // Left/outer joins: in-order input only (a late non-joined record is where we deliberately differ, see docs/joins.md).
  for (const [i, x] of sample(fc.record({ diff: fc.integer({ min: 0, max: 8 }), grace: fc.constantFrom(0, 4), inputs: sides(30, type === 'inner' ? 6 : 0) }), 303, 5).entries()) {
    cases.push({ name: `stream-stream ${type} #${i}`, scenario: { topology: 'stream-stream-join', params: { type, diffMs: x.diff, graceMs: x.grace, dslStore: 'in_memory' }, inputs: x.inputs } });
  }
}
const tableEvents = fc.array(fc.record({ left: fc.boolean(), key: fc.constantFrom('A', 'B', 'C'), del: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 30 })
  .map((xs) => xs.map((x, i) => rec(x.left ? 'left' : 'right', x.key, !x.left && x.del === 0 ? null : `${x.left ? 'l' : 'r'}${i}`, i)));
for (const type of ['inner', 'left'] as const) {
  for (const [i, inputs] of sample(tableEvents, 404, 4).entries()) cases.push({ name: `stream-table ${type} #${i}`, scenario: { topology: 'stream-table-join', params: { type }, inputs } });
}
for (const type of ['inner', 'left', 'outer'] as const) {
  for (const [i, inputs] of sample(tableEvents, 405, 3).entries()) {
    cases.push({ name: `table-table ${type} #${i}`, scenario: { topology: 'table-table-join', params: { type }, inputs: inputs.map((r, j) => (r.topic === 'left' && j % 4 === 3 ? { ...r, value: null } : r)) } });
  }
}
const moves = fc.array(fc.record({ key: fc.constantFrom('k1', 'k2', 'k3'), v: fc.constantFrom('apple', 'avocado', 'banana', 'blueberry', 'cherry'), del: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 25 })
  .map((xs) => xs.map((x, i) => rec('input', x.key, x.del === 0 ? null : x.v, i * 2)));
for (const op of ['count', 'aggregate'] as const) {
  for (const [i, inputs] of sample(moves, 505, 4).entries()) cases.push({ name: `ktable groupBy ${op} #${i}`, scenario: { topology: 'ktable-groupby-aggregate', params: { groupKey: 'firstChar', op }, inputs } });
}
const fkEvents = fc.array(fc.record({ left: fc.boolean(), lk: fc.constantFrom('l1', 'l2', 'l3'), fk: fc.constantFrom('r1', 'r2', 'r3'), del: fc.integer({ min: 0, max: 5 }), dt: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 25 })
  .map((xs) => {
    let t = 0;
    return xs.map((x, i) => {
      t += x.dt;
      return x.left ? rec('left', x.lk, x.del === 0 ? null : `${x.fk}|p${i}`, t) : rec('right', x.fk, x.del === 0 ? null : `rv${i}`, t);
    });
  });
for (const type of ['inner', 'left'] as const) {
  for (const [i, inputs] of sample(fkEvents, 606, 5).entries()) cases.push({ name: `fk ${type} #${i}`, scenario: { topology: 'fk-join', params: { type, fkPart: 'first' }, inputs } });
}
for (const [i, inputs] of sample(fc.array(fc.record({ a: fc.boolean(), key: fc.constantFrom('A', 'B'), ts: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 20 }).map((xs) => xs.map((x, j) => rec(x.a ? 'input-a' : 'input-b', x.key, String(j), x.ts))), 707, 3).entries()) {
  cases.push({ name: `cogroup #${i}`, scenario: { topology: 'cogroup', inputs } });
}

describe.skipIf(!peer.available)('differential: windows, joins, suppression, FK join, cogroup vs Kafka Streams', () => {
  let reference: OutputRecord[][] = [];
  beforeAll(async () => {
    reference = await runKafkaStreamsReference(cases.map((c) => c.scenario));
  }, 180_000);

  cases.forEach((c, index) => {
    it(c.name, () => {
      const ours = runOurs(c.scenario);
      const theirs = reference[index]!;
      const type = c.scenario.params?.type;
      if (c.scenario.topology === 'stream-stream-join' && type !== 'inner') {
        // Known Kafka bug (documented in docs/joins.md): after an emit pass Kafka remembers the
        // timestamp of the last outer-store record it looked at as the store's minimum, so it may
        // skip later passes and emit a closed non-joined result several records late. We emit it
        // as soon as its window (plus grace) has closed: the same records, never later.
        const strip = (r: OutputRecord) => `${r.key}|${r.value}|${r.timestamp}`;
        expect(ours.map(strip).sort()).toEqual(theirs.map(strip).sort());
        const pending = new Map<string, number[]>();
        for (const r of theirs) pending.set(strip(r), [...(pending.get(strip(r)) ?? []), r.step]);
        for (const r of ours) expect(r.step).toBeLessThanOrEqual(pending.get(strip(r))!.shift()!);
        return;
      }
      if (c.scenario.topology === 'sliding-count') {
        // Emission order across windows within one input record is not a contract (semantics doc, section 5).
        // When a record lands exactly at its predecessor's right-window end, that right window is also
        // its left window and Kafka forwards the same update twice; we forward it once (docs/windows.md).
        const byStep = (rs: readonly OutputRecord[]) => [...new Set(rs.map((r) => `${r.step}|${JSON.stringify(r)}`))].sort();
        expect(byStep(ours)).toEqual(byStep(theirs));
        return;
      }
      expect(ours).toEqual(theirs);
    });
  });
});
