import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../index.js';

const S = Serdes.String();
const I = Serdes.Integer();
const input: [string, number | null, number][] = [['A', 1, 10], ['B', 2, 5], ['C', 3, 8], ['D', 4, 14], ['A', null, 18], ['B', null, 15]];

function run(not: boolean) {
  const b = new StreamsBuilder();
  const t = b.table('t', Consumed.with(S, I));
  (not ? t.filterNot((_k, v) => v % 2 === 0) : t.filter((_k, v) => v % 2 === 0)).toStream().to('out', Produced.with(S, I));
  const d = new TopologyTestDriver(b.build());
  const i = d.createInputTopic('t', S, I);
  for (const [k, v, ts] of input) i.pipeInput(k, v, ts);
  return d.createOutputTopic('out', S, I).readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`);
}

describe('S27: KTable filter / filterNot without materialization', () => {
  it('filter turns rejected values into tombstones', () => {
    expect(run(false)).toEqual(['A:null@10', 'B:2@5', 'C:null@8', 'D:4@14', 'A:null@18', 'B:null@15']);
  });
  it('filterNot', () => {
    expect(run(true)).toEqual(['A:1@10', 'B:null@5', 'C:3@8', 'D:null@14', 'A:null@18', 'B:null@15']);
  });
  it('with old values sent (downstream groupBy), an update filtered both before and after forwards nothing', () => {
    const b = new StreamsBuilder();
    b.table('t', Consumed.with(S, I))
      .filter((_k, v) => v % 2 === 0)
      .groupBy((_k, v) => ({ key: 'all', value: v }), Grouped.with(S, I))
      .reduce((a, v) => a + v, (a, v) => a - v, Materialized.with(S, I))
      .toStream().to('out', Produced.with(S, I));
    const d = new TopologyTestDriver(b.build());
    const i = d.createInputTopic('t', S, I);
    i.pipeInput('A', 1, 1); // filtered, no old value: nothing reaches the reduce
    i.pipeInput('B', 2, 2);
    i.pipeInput('B', 3, 3); // 2 → filtered: subtract 2
    i.pipeInput('B', 5, 4); // filtered before and after: nothing
    expect(d.createOutputTopic('out', S, I).readKeyValuesToList()).toEqual([{ key: 'all', value: 2 }, { key: 'all', value: 0 }]);
  });
  it('a materialized filter is queryable and forwards old values from its own store', () => {
    const b = new StreamsBuilder();
    b.table('t', Consumed.with(S, I)).filter((_k, v) => v > 1, Materialized.as('big')).toStream().to('out', Produced.with(S, I));
    const d = new TopologyTestDriver(b.build());
    const i = d.createInputTopic('t', S, I);
    i.pipeInput('A', 5, 1);
    i.pipeInput('A', 0, 2);
    expect(d.getTimestampedKeyValueStore<string, number>('big')!.get('A')).toBeNull();
    expect(d.createOutputTopic('out', S, I).readKeyValuesToList()).toEqual([{ key: 'A', value: 5 }, { key: 'A', value: null }]);
  });
});
