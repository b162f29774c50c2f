import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Consumed, DroppedRecords, JoinWindows, Materialized, Serdes, SessionWindows, StreamsBuilder, TimeWindows, TopologyTestDriver, WindowedSerdes } from '../index.js';
import type { InMemorySessionStore } from '../state/session/in-memory-session-store.js';

const S = Serdes.String();
const L = Serdes.Long();
const rec = fc.record({ key: fc.constantFrom('a', 'b', 'c'), ts: fc.integer({ min: 0, max: 120 }) });

describe('windowed aggregation properties', () => {
  it('hopping/tumbling windowed count equals a brute-force window computation (out-of-order and late records)', () => {
    const params = fc.record({ size: fc.integer({ min: 1, max: 20 }), advanceFrac: fc.integer({ min: 1, max: 4 }), grace: fc.integer({ min: 0, max: 30 }) });
    let run = 0;
    fc.assert(
      fc.property(params, fc.array(rec, { maxLength: 40 }), ({ size, advanceFrac, grace }, records) => {
        const advance = Math.max(1, Math.floor(size / advanceFrac));
        const app = `prop-hop-${run++}`;
        const b = new StreamsBuilder();
        b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(size, grace).advanceBy(advance)).count().toStream().to('out');
        const d = new TopologyTestDriver(b.build(), { applicationId: app, defaultKeySerde: S, defaultValueSerde: S });
        const input = d.createInputTopic('in', S, S);
        for (const r of records) input.pipeInput(r.key, 'v', r.ts);
        const actual = d.createOutputTopic('out', WindowedSerdes.timeWindowedSerdeFrom(S, size), L).readRecordsToList().map((r) => `${String(r.key)}=${r.value}@${r.timestamp}`);
        // Oracle: every window [s, s+size) with s = n*advance containing ts, accepted while s+size > maxTs - grace.
        const counts = new Map<string, { n: number; ts: number }>();
        const expected: string[] = [];
        let dropped = 0;
        let st = -1;
        for (const r of records) {
          st = Math.max(st, r.ts);
          for (let s = 0; s <= r.ts; s += advance) {
            if (r.ts >= s + size) continue;
            if (s + size <= st - grace) {
              dropped++;
              continue;
            }
            const k = `[${r.key}@${s}/${s + size}]`;
            const c = counts.get(k) ?? { n: 0, ts: -1 };
            c.n++;
            c.ts = Math.max(c.ts, r.ts);
            counts.set(k, c);
            expected.push(`${k}=${c.n}@${c.ts}`);
          }
        }
        expect(actual).toEqual(expected);
        expect(DroppedRecords.count(app)).toBe(dropped);
        DroppedRecords.reset(app);
      }),
      { numRuns: 60, seed: 4242 },
    );
  });

  it('session windows equal a brute-force sessionization (gap split of each key\'s timestamps)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.array(rec, { maxLength: 40 }), (gap, records) => {
        const b = new StreamsBuilder();
        b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(gap, 1000)).count(Materialized.as('sessions'));
        const d = new TopologyTestDriver(b.build(), { applicationId: 'prop-session', defaultKeySerde: S, defaultValueSerde: S });
        const input = d.createInputTopic('in', S, S);
        for (const r of records) input.pipeInput(r.key, 'v', r.ts);
        const store = d.getStateStore('sessions') as InMemorySessionStore<string, number>;
        const actual = store.all().map((kv) => `${kv.key.key}@${kv.key.window.start}/${kv.key.window.end}=${kv.value}`).sort();
        const expected: string[] = [];
        for (const key of ['a', 'b', 'c']) {
          const ts = records.filter((r) => r.key === key).map((r) => r.ts).sort((x, y) => x - y);
          let i = 0;
          while (i < ts.length) {
            let j = i;
            while (j + 1 < ts.length && ts[j + 1]! - ts[j]! <= gap) j++;
            expected.push(`${key}@${ts[i]}/${ts[j]}=${j - i + 1}`);
            i = j + 1;
          }
        }
        expect(actual).toEqual(expected.sort());
      }),
      { numRuns: 80, seed: 99 },
    );
  });
});

describe('stream-stream join properties', () => {
  it('inner join equals a nested-loop join within [t-before, t+after] (in-order input, with grace)', () => {
    const side = fc.record({ left: fc.boolean(), key: fc.constantFrom('a', 'b'), dt: fc.integer({ min: 0, max: 6 }) });
    const params = fc.record({ before: fc.integer({ min: 0, max: 10 }), after: fc.integer({ min: 0, max: 10 }), grace: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(params, fc.array(side, { maxLength: 40 }), ({ before, after, grace }, steps) => {
        const b = new StreamsBuilder();
        b.stream('L', Consumed.with(S, S)).join(b.stream('R', Consumed.with(S, S)), (l, r) => `${l}+${r}`, JoinWindows.ofTimeDifferenceAndGrace(0, grace).before(before).after(after)).to('out');
        const d = new TopologyTestDriver(b.build(), { applicationId: 'prop-join', defaultKeySerde: S, defaultValueSerde: S });
        const lt = d.createInputTopic('L', S, S);
        const rt = d.createInputTopic('R', S, S);
        let ts = 0;
        const ls: { key: string; v: string; ts: number }[] = [];
        const rs: { key: string; v: string; ts: number }[] = [];
        steps.forEach((s, i) => {
          ts += s.dt;
          const r = { key: s.key, v: `${s.left ? 'l' : 'r'}${i}`, ts };
          (s.left ? ls : rs).push(r);
          (s.left ? lt : rt).pipeInput(r.key, r.v, r.ts);
        });
        const actual = d.createOutputTopic('out', S, S).readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`).sort();
        const expected: string[] = [];
        for (const l of ls) for (const r of rs) {
          if (l.key === r.key && r.ts >= l.ts - before && r.ts <= l.ts + after) expected.push(`${l.key}:${l.v}+${r.v}@${Math.max(l.ts, r.ts)}`);
        }
        expect(actual).toEqual(expected.sort());
      }),
      { numRuns: 80, seed: 7 },
    );
  });
});
