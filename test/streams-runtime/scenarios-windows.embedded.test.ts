import {
  BufferConfig, Consumed, EmitStrategy, Grouped, JoinWindows, Materialized, Produced, Serdes, SessionWindows, StreamsBuilder, Suppressed, TimeWindows,
  WindowedSerdes, type KStream,
} from '@tributary/streams';
import { rec, scenarioSuite, topic, type Scenario } from './scenario-app.js';

// A representative windowed subset of streams-semantics.md: S1 (hopping, late within grace),
// S3 (a whole window late: dropped), S4 (onWindowClose), S9 (session merge tombstones),
// S14/S15 (left join, non-joined emitted after the window closes), S5 (suppress untilWindowCloses).
const S = Serdes.String();
const L = Serdes.Long();
const inTopic = topic('in', S, S);
const perRecord = (inputs: readonly (readonly [string, string, number])[], outputs: string[][]) =>
  inputs.map(([k, v, ts], i) => ({ records: [rec(inTopic, k, v, ts)], expect: { out: outputs[i] ?? [] } }));

const hopping = (name: string, size: number, advance: number, grace: number, emit: EmitStrategy, inputs: readonly (readonly [string, string, number])[], outputs: string[][]): Scenario => ({
  name,
  build: () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S))
      .windowedBy(TimeWindows.ofSizeAndGrace(size, grace).advanceBy(advance)).emitStrategy(emit)
      .aggregate(() => '0', (_k, v, a) => `${a}+${v}`, Materialized.with(S, S))
      .toStream().to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, size), S));
    return b.build();
  },
  inputs: [inTopic],
  outputs: [topic('out', WindowedSerdes.timeWindowedSerdeFrom(S, size), S)],
  steps: perRecord(inputs, outputs),
});

const s1 = hopping('s1-hopping', 10, 5, 100, EmitStrategy.onWindowUpdate(), [
  ['A', '1', 0], ['B', '2', 1], ['C', '3', 2], ['D', '4', 3], ['A', '1', 4], ['A', '1', 5], ['B', '2', 6], ['D', '4', 7], ['B', '2', 8], ['C', '3', 9],
  ['A', '1', 10], ['B', '2', 11], ['D', '4', 12], ['B', '2', 13], ['C', '3', 14], ['B', '1', 3], ['B', '2', 2], ['B', '3', 9],
], [
  ['[A@0/10]:0+1@0'], ['[B@0/10]:0+2@1'], ['[C@0/10]:0+3@2'], ['[D@0/10]:0+4@3'], ['[A@0/10]:0+1+1@4'],
  ['[A@0/10]:0+1+1+1@5', '[A@5/15]:0+1@5'], ['[B@0/10]:0+2+2@6', '[B@5/15]:0+2@6'], ['[D@0/10]:0+4+4@7', '[D@5/15]:0+4@7'],
  ['[B@0/10]:0+2+2+2@8', '[B@5/15]:0+2+2@8'], ['[C@0/10]:0+3+3@9', '[C@5/15]:0+3@9'], ['[A@5/15]:0+1+1@10', '[A@10/20]:0+1@10'],
  ['[B@5/15]:0+2+2+2@11', '[B@10/20]:0+2@11'], ['[D@5/15]:0+4+4@12', '[D@10/20]:0+4@12'], ['[B@5/15]:0+2+2+2+2@13', '[B@10/20]:0+2+2@13'],
  ['[C@5/15]:0+3+3@14', '[C@10/20]:0+3@14'],
  ['[B@0/10]:0+2+2+2+1@8'], ['[B@0/10]:0+2+2+2+1+2@8'], ['[B@0/10]:0+2+2+2+1+2+3@9', '[B@5/15]:0+2+2+2+2+3@13'],
]);

const s3 = hopping('s3-late-window', 10, 10, 90, EmitStrategy.onWindowUpdate(),
  [['k', '100', 200], ['k', '0', 100], ['k', '1', 101], ['k', '5', 105], ['k', '6', 6]],
  [['[k@200/210]:0+100@200']]);

const s4 = hopping('s4-on-close', 10, 5, 5, EmitStrategy.onWindowClose(), [
  ['A', '1', 0], ['B', '2', 1], ['C', '3', 2], ['D', '4', 3], ['A', '1', 9], ['A', '1', 15],
  ['A', '1', 10], ['B', '2', 11], ['D', '4', 12], ['B', '2', 13], ['C', '3', 14], ['A', '1', 20],
], [
  [], [], [], [], [], ['[A@0/10]:0+1+1@9', '[B@0/10]:0+2@1', '[C@0/10]:0+3@2', '[D@0/10]:0+4@3'],
  [], [], [], [], [], ['[A@5/15]:0+1+1@10', '[B@5/15]:0+2+2@13', '[C@5/15]:0+3@14', '[D@5/15]:0+4@12'],
]);

const sessionKeys = WindowedSerdes.sessionWindowedSerdeFrom(S);
const s9: Scenario = {
  name: 's9-session-merge',
  build: () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
      .count(Materialized.with(S, L)).toStream().to('out', Produced.with(sessionKeys, L));
    return b.build();
  },
  inputs: [inTopic],
  outputs: [topic('out', sessionKeys, L)],
  steps: perRecord([['k1', 'v', 0], ['k1', 'v', 5], ['k1', 'v', 1], ['k2', 'v', 11], ['k1', 'v', 5], ['k1', 'v', 30]], [
    ['[k1@0/0]:1@0'], ['[k1@0/0]:null@0', '[k1@0/5]:2@5'], ['[k1@0/5]:null@5', '[k1@0/5]:3@5'], ['[k2@11/11]:1@11'], [], ['[k1@30/30]:1@30'],
  ]),
};

const timeKeys2 = WindowedSerdes.timeWindowedSerdeFrom(S, 2);
const s5: Scenario = {
  name: 's5-suppress',
  build: () => {
    const b = new StreamsBuilder();
    const counts = b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(TimeWindows.ofSizeAndGrace(2, 1)).count(Materialized.with(S, L));
    counts.toStream().to('raw', Produced.with(timeKeys2, L));
    counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())).toStream().to('final', Produced.with(timeKeys2, L));
    return b.build();
  },
  inputs: [inTopic],
  outputs: [topic('raw', timeKeys2, L), topic('final', timeKeys2, L)],
  steps: [0, 1, 2, 1, 0, 5, 0].map((ts, i) => ({
    records: [rec(inTopic, 'k1', 'v1', ts)],
    expect: ([
      { raw: ['[k1@0/2]:1@0'] }, { raw: ['[k1@0/2]:2@1'] }, { raw: ['[k1@2/4]:1@2'] }, { raw: ['[k1@0/2]:3@1'] }, { raw: ['[k1@0/2]:4@1'] },
      { raw: ['[k1@4/6]:1@5'], final: ['[k1@0/2]:4@1', '[k1@2/4]:1@2'] },
      {},
    ] as Record<string, string[]>[])[i]!,
  })),
};

const left = topic('L', S, S);
const right = topic('R', S, S);
const leftJoin = (name: string, windows: JoinWindows, steps: Scenario['steps']): Scenario => ({
  name,
  build: () => {
    const b = new StreamsBuilder();
    const l = b.stream('L', Consumed.with(S, S));
    const r = b.stream('R', Consumed.with(S, S));
    const joined: KStream<string, string> = l.leftJoin(r, (a, c) => `${a}+${c}`, windows);
    joined.to('out', Produced.with(S, S));
    return b.build();
  },
  inputs: [left, right],
  outputs: [topic('out', S, S)],
  steps,
});
const s14 = leftJoin('s14-left-join', JoinWindows.ofTimeDifferenceAndGrace(100, 0), [
  { records: [rec(left, '0', 'A0', 1), rec(left, '1', 'A1', 2), rec(left, '0', 'A0-0', 3)], expect: {} },
  { records: [rec(right, '1', 'a1', 3)], expect: { out: ['1:A1+a1@3'] } },
  { records: [rec(left, '2', 'dummy', 401)], expect: { out: ['0:A0+null@1', '0:A0-0+null@3'] } },
  { records: [rec(right, '2', 'dummy', 401)], expect: { out: ['2:dummy+dummy@401'] } },
]);
const s15 = leftJoin('s15-left-join-order', JoinWindows.ofTimeDifferenceWithNoGrace(100), [
  { records: [rec(left, '0', 'A0', 0), rec(left, '1', 'A1', 100), rec(right, '1', 'a1', 110)], expect: { out: ['0:A0+null@0', '1:A1+a1@110'] } },
]);

scenarioSuite('windowed subset: hopping, late windows, on-close, sessions, suppress, stream-stream left join', [s1, s3, s4, s9, s5, s14, s15]);
