import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder, keyValue } from '@tributary/streams';
import { rec, scenarioSuite, topic, type Scenario } from './scenario-app.js';

// streams-semantics.md S27 (KTable filter tombstones), S28/S30 (KTable groupBy: subtract, then
// add, through a repartition topic on the real app), S32 (KStream count/reduce/aggregate).
const S = Serdes.String();
const I = Serdes.Integer();
const L = Serdes.Long();
const steps = (records: ReturnType<typeof rec>[], outputs: Record<string, string[]>[]) => records.map((r, i) => ({ records: [r], expect: outputs[i] ?? {} }));

const filterIn = topic('t', S, I);
const filterOut = topic('out', S, I);
const filterInput = [rec(filterIn, 'A', 1, 10), rec(filterIn, 'B', 2, 5), rec(filterIn, 'C', 3, 8), rec(filterIn, 'D', 4, 14), rec(filterIn, 'A', null, 18), rec(filterIn, 'B', null, 15)];
const filterScenario = (not: boolean, out: string[]): Scenario => ({
  name: not ? 's27-filterNot' : 's27-filter',
  build: () => {
    const b = new StreamsBuilder();
    const t = b.table('t', Consumed.with(S, I));
    (not ? t.filterNot((_k, v) => v % 2 === 0) : t.filter((_k, v) => v % 2 === 0)).toStream().to('out', Produced.with(S, I));
    return b.build();
  },
  inputs: [filterIn],
  outputs: [filterOut],
  steps: steps(filterInput, out.map((o) => ({ out: [o] }))),
});

const tIn = topic('t', S, S);
const aggOut = topic('out', S, S);
const countOut = topic('out', S, L);
const s28: Scenario = {
  name: 's28-groupBy-same-key',
  build: () => {
    const b = new StreamsBuilder();
    b.table('t', Consumed.with(S, S))
      .groupBy((k, v) => keyValue(k, v), Grouped.with(S, S))
      .aggregate(() => '0', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`, Materialized.with(S, S))
      .toStream()
      .to('out', Produced.with(S, S));
    return b.build();
  },
  inputs: [tIn],
  outputs: [aggOut],
  steps: steps(
    ([['A', '1', 10], ['B', '2', 15], ['A', '3', 20], ['B', '4', 18], ['C', '5', 5], ['D', '6', 25], ['B', '7', 15], ['C', '8', 10]] as const).map(([k, v, ts]) => rec(tIn, k, v, ts)),
    ['A:0+1@10', 'B:0+2@15', 'A:0+1-1+3@20', 'B:0+2-2+4@18', 'C:0+5@5', 'D:0+6@25', 'B:0+2-2+4-4+7@18', 'C:0+5-5+8@10'].map((o) => ({ out: [o] })),
  ),
};

const countByValue = () => {
  const b = new StreamsBuilder();
  b.table('t', Consumed.with(S, S)).groupBy((k, v) => keyValue(v, k), Grouped.with(S, S)).count().toStream().to('out', Produced.with(S, L));
  return b.build();
};
const s30: Scenario = {
  name: 's30-count-moves',
  build: countByValue,
  inputs: [tIn],
  outputs: [countOut],
  steps: steps(
    ([['A', 'green', 10], ['B', 'green', 9], ['A', 'blue', 12], ['C', 'yellow', 15], ['D', 'green', 11]] as const).map(([k, v, ts]) => rec(tIn, k, v, ts)),
    [{ out: ['green:1@10'] }, { out: ['green:2@10'] }, { out: ['green:1@12', 'blue:1@12'] }, { out: ['yellow:1@15'] }, { out: ['green:2@12'] }],
  ),
};
const s30Tombstone: Scenario = {
  name: 's30-tombstone-subtracts',
  build: countByValue,
  inputs: [tIn],
  outputs: [countOut],
  steps: steps([rec(tIn, 'A', 'v1', 1), rec(tIn, 'A', null, 2)], [{ out: ['v1:1@1'] }, { out: ['v1:0@2'] }]),
};

const sIn = topic('in', S, S);
const counts = topic('counts', S, L);
const reduced = topic('reduced', S, S);
const aggregated = topic('aggregated', S, S);
const s32: Scenario = {
  name: 's32-count-reduce-aggregate',
  build: () => {
    const b = new StreamsBuilder();
    const g = b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
    g.count(Materialized.as<string, number>('count').withValueSerde(L)).toStream().to('counts', Produced.with(S, L));
    g.reduce((a, v) => `${a}+${v}`, Materialized.as<string, string>('reduce').withValueSerde(S)).toStream().to('reduced', Produced.with(S, S));
    g.aggregate(() => '0', (_k, v, a) => `${a}+${v}`, Materialized.as<string, string>('agg').withValueSerde(S)).toStream().to('aggregated', Produced.with(S, S));
    return b.build();
  },
  inputs: [sIn],
  outputs: [counts, reduced, aggregated],
  steps: steps(
    ([['1', 'A', 5], ['2', 'B', 1], ['1', 'C', 3], ['1', 'D', 10], ['3', 'E', 8], ['3', 'F', 9], ['3', null, 9]] as const).map(([k, v, ts]) => rec(sIn, k, v, ts)),
    [
      { counts: ['1:1@5'], reduced: ['1:A@5'], aggregated: ['1:0+A@5'] },
      { counts: ['2:1@1'], reduced: ['2:B@1'], aggregated: ['2:0+B@1'] },
      { counts: ['1:2@5'], reduced: ['1:A+C@5'], aggregated: ['1:0+A+C@5'] },
      // Final state per key (S32's table): count 3@10, reduce A+C+D@10, aggregate 0+A+C+D@10 ...
      { counts: ['1:3@10'], reduced: ['1:A+C+D@10'], aggregated: ['1:0+A+C+D@10'] },
      { counts: ['3:1@8'], reduced: ['3:E@8'], aggregated: ['3:0+E@8'] },
      { counts: ['3:2@9'], reduced: ['3:E+F@9'], aggregated: ['3:0+E+F@9'] },
      // ... and the null value is skipped.
      {},
    ],
  ),
};

scenarioSuite('S27/S28/S30/S32 KTable filter, groupBy moves, count/reduce/aggregate', [
  filterScenario(false, ['A:null@10', 'B:2@5', 'C:null@8', 'D:4@14', 'A:null@18', 'B:null@15']),
  filterScenario(true, ['A:1@10', 'B:null@5', 'C:3@8', 'D:null@14', 'A:null@18', 'B:null@15']),
  s28,
  s30,
  s30Tombstone,
  s32,
]);
