import { expect } from 'vitest';
import { Branched, Consumed, Grouped, Materialized, Named, Produced, Serdes, StreamsBuilder, keyValue } from '@tributary/streams';
import { rec, scenarioSuite, topic, type Scenario } from './scenario-app.js';

// streams-semantics.md S34 (split(): first match wins, branch names) and S35 (repartition naming
// and the merge optimization: the internal topics the real app creates on the cluster).
const S = Serdes.String();
const I = Serdes.Integer();
const L = Serdes.Long();

const inTopic = topic('in', I, S);
const keys = [-1, 0, 1, 2, 3, 4, 5, 6, 7];
const oneStep = (outputs: Record<string, string[]>) => [{ records: keys.map((k) => rec(inTopic, k, `V${k}`, 0)), expect: outputs }];

const split: Scenario = {
  name: 's34-split',
  build: () => {
    const b = new StreamsBuilder();
    const branches = b.stream('in', Consumed.with(I, S)).split()
      .branch((k) => k % 2 === 0)
      .branch((k) => k % 3 === 0)
      .branch((k) => k % 5 === 0)
      .noDefaultBranch();
    [...branches.values()].forEach((s, i) => s.to(`x${[2, 3, 5][i]}`, Produced.with(I, S)));
    return b.build();
  },
  inputs: [inTopic],
  outputs: [topic('x2', I, S), topic('x3', I, S), topic('x5', I, S)],
  settle: 'step',
  steps: oneStep({ x2: ['0:V0@0', '2:V2@0', '4:V4@0', '6:V6@0'], x3: ['3:V3@0'], x5: ['5:V5@0'] }),
};

const namedSplit: Scenario = {
  name: 's34-named-split',
  build: () => {
    const b = new StreamsBuilder();
    const map = b.stream('in', Consumed.with(I, S)).split(Named.as('foo-'))
      .branch((k) => k % 2 === 0, Branched.as('bar'))
      .branch((k) => k % 3 === 0, Branched.withConsumer((s) => s.to('consumed', Produced.with(I, S))))
      .branch((k) => k % 5 === 0, Branched.withFunction(() => null))
      .branch((k) => k < 0, Branched.withFunction((s) => s))
      .branch((k) => k % 7 === 0)
      .defaultBranch();
    expect([...map.keys()].sort()).toEqual(['foo-0', 'foo-4', 'foo-5', 'foo-bar']);
    for (const [name, s] of map) s.to(name, Produced.with(I, S));
    return b.build();
  },
  inputs: [inTopic],
  outputs: ['foo-bar', 'foo-4', 'foo-5', 'foo-0', 'consumed'].map((n) => topic(n, I, S)),
  settle: 'step',
  steps: oneStep({ 'foo-bar': ['0:V0@0', '2:V2@0', '4:V4@0', '6:V6@0'], 'foo-4': ['-1:V-1@0'], 'foo-5': ['7:V7@0'], 'foo-0': ['1:V1@0'], consumed: ['3:V3@0'] }),
};

// S35: two re-keyed sources merged, counted twice under Grouped names.
const ia = topic('input-a', S, S);
const ib = topic('input-b', S, S);
const mergeScenario = (optimization: 'none' | 'all'): Scenario => ({
  name: `s35-merge-${optimization}`,
  build: () => {
    const b = new StreamsBuilder();
    const a = b.stream('input-a', Consumed.with(S, S)).map((k, v) => keyValue(v, k));
    const c = b.stream('input-b', Consumed.with(S, S)).map((k, v) => keyValue(v, k));
    const merged = a.merge(c);
    merged.groupByKey(Grouped.with(S, S, 'long-groupByKey')).count(Materialized.as<string, number>('long-count').withValueSerde(L)).toStream().to('out-long', Produced.with(S, L));
    merged.groupByKey(Grouped.with(S, S, 'string-groupByKey')).count(Materialized.as<string, number>('string-count').withValueSerde(L)).toStream()
      .mapValues((v) => `${v}`).to('out-string', Produced.with(S, S));
    const t = b.build({ topologyOptimization: optimization });
    expect(t.subtopologies()).toHaveLength(optimization === 'all' ? 2 : 3);
    return t;
  },
  inputs: [ia, ib],
  outputs: [topic('out-long', S, L), topic('out-string', S, S)],
  steps: [
    { records: [rec(ia, '1', 'x', 1)], expect: { 'out-long': ['x:1@1'], 'out-string': ['x:1@1'] } },
    { records: [rec(ib, '2', 'x', 2)], expect: { 'out-long': ['x:2@2'], 'out-string': ['x:2@2'] } },
    { records: [rec(ia, '3', 'y', 3)], expect: { 'out-long': ['y:1@3'], 'out-string': ['y:1@3'] } },
  ],
});

const internalTopics: Record<string, string[]> = {
  's35-merge-none': ['long-count-changelog', 'long-groupByKey-repartition', 'string-count-changelog', 'string-groupByKey-repartition'],
  's35-merge-all': ['long-count-changelog', 'long-groupByKey-repartition', 'string-count-changelog'],
};

scenarioSuite('S34 branching and S35 naming', [split, namedSplit, mergeScenario('none'), mergeScenario('all')], (s, run) => {
  // The internal topics the app actually created on the cluster: <applicationId>-<name>.
  if (internalTopics[s.name] !== undefined) expect(run.internalTopics).toEqual(internalTopics[s.name]);
});
