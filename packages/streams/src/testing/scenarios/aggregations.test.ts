import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder, TopologyTestDriver, type ValueAndTimestamp } from '../../index.js';

const S = Serdes.String();

function run(build: (b: StreamsBuilder) => void, cacheMaxBytes?: number) {
  const b = new StreamsBuilder();
  build(b);
  return new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S, ...(cacheMaxBytes !== undefined ? { cacheMaxBytes } : {}) });
}

describe('S32: KStream count / reduce / aggregate', () => {
  const input: [string, string | null, number][] = [['1', 'A', 5], ['2', 'B', 1], ['1', 'C', 3], ['1', 'D', 10], ['3', 'E', 8], ['3', 'F', 9], ['3', null, 9]];
  const finalState = (d: TopologyTestDriver, store: string) => {
    const s = d.getTimestampedKeyValueStore<string, unknown>(store)!;
    return Object.fromEntries(s.all().map((kv) => [kv.key, `${(kv.value as ValueAndTimestamp<unknown>).value}@${(kv.value as ValueAndTimestamp<unknown>).timestamp}`]));
  };
  for (const cache of [0, undefined]) {
    it(`count, reduce, aggregate final store (cache ${cache ?? 'default'})`, () => {
      const d = run((b) => {
        const g = b.stream('in', Consumed.with(S, S)).groupByKey();
        g.count(Materialized.as('count'));
        g.reduce((a, v) => `${a}+${v}`, Materialized.as('reduce'));
        g.aggregate(() => '0', (_k, v, a) => `${a}+${v}`, Materialized.as('agg'));
      }, cache);
      const t = d.createInputTopic('in', S, S);
      for (const [k, v, ts] of input) t.pipeInput(k, v, ts);
      expect(finalState(d, 'count')).toEqual({ 1: '3@10', 2: '1@1', 3: '2@9' });
      expect(finalState(d, 'reduce')).toEqual({ 1: 'A+C+D@10', 2: 'B@1', 3: 'E+F@9' });
      expect(finalState(d, 'agg')).toEqual({ 1: '0+A+C+D@10', 2: '0+B@1', 3: '0+E+F@9' });
    });
  }

  it('emits every update with max(previous, record) timestamps', () => {
    const d = run((b) => b.stream('in', Consumed.with(S, S)).groupByKey().count().toStream().to('out', Produced.with(S, Serdes.Long())));
    const t = d.createInputTopic('in', S, S);
    for (const [k, v, ts] of input) t.pipeInput(k, v, ts);
    const out = d.createOutputTopic('out', S, Serdes.Long()).readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`);
    expect(out).toEqual(['1:1@5', '2:1@1', '1:2@5', '1:3@10', '3:1@8', '3:2@9']);
  });

  it('groupBy repartitions through <app>-<store>-repartition and counts per new key', () => {
    const d = run((b) =>
      b.stream('in', Consumed.with(S, S)).groupBy((_k, v) => v, Grouped.with(S, S)).count(Materialized.as('counts')).toStream().to('out', Produced.with(S, Serdes.Long())),
    );
    const t = d.createInputTopic('in', S, S);
    t.pipeInput('a', 'x', 1);
    t.pipeInput('b', 'x', 2);
    t.pipeInput('c', 'y', 3);
    expect(d.createOutputTopic('app-counts-repartition', S, S).readKeyValuesToList()).toEqual([
      { key: 'x', value: 'x' }, { key: 'x', value: 'x' }, { key: 'y', value: 'y' },
    ]);
    expect(d.createOutputTopic('out', S, Serdes.Long()).readKeyValuesToList()).toEqual([
      { key: 'x', value: 1 }, { key: 'x', value: 2 }, { key: 'y', value: 1 },
    ]);
    expect(d.createOutputTopic('app-counts-changelog', S, Serdes.Bytes()).getQueueSize()).toBe(3);
  });
});

describe('S28/S30: KTable groupBy aggregate', () => {
  it('S28: key unchanged: subtract and add are one update', () => {
    const d = run((b) =>
      b.table('t', Consumed.with(S, S))
        .groupBy((k, v) => ({ key: k, value: v }), Grouped.with(S, S))
        .aggregate(() => '0', (_k, v, a) => `${a}+${v}`, (_k, v, a) => `${a}-${v}`, Materialized.with(S, S))
        .toStream().to('out', Produced.with(S, S)),
    );
    const t = d.createInputTopic('t', S, S);
    for (const [k, v, ts] of [['A', '1', 10], ['B', '2', 15], ['A', '3', 20], ['B', '4', 18], ['C', '5', 5], ['D', '6', 25], ['B', '7', 15], ['C', '8', 10]] as const) t.pipeInput(k, v, ts);
    const out = d.createOutputTopic('out', S, S).readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`);
    expect(out).toEqual(['A:0+1@10', 'B:0+2@15', 'A:0+1-1+3@20', 'B:0+2-2+4@18', 'C:0+5@5', 'D:0+6@25', 'B:0+2-2+4-4+7@18', 'C:0+5-5+8@10']);
  });

  it('S30: count; an update moves a count, subtract first', () => {
    const d = run((b) =>
      b.table('t', Consumed.with(S, S)).groupBy((k, v) => ({ key: v, value: k }), Grouped.with(S, S)).count().toStream().to('out', Produced.with(S, Serdes.Long())),
    );
    const t = d.createInputTopic('t', S, S);
    for (const [k, v, ts] of [['A', 'green', 10], ['B', 'green', 9], ['A', 'blue', 12], ['C', 'yellow', 15], ['D', 'green', 11]] as const) t.pipeInput(k, v, ts);
    const out = d.createOutputTopic('out', S, Serdes.Long()).readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`);
    expect(out).toEqual(['green:1@10', 'green:2@10', 'green:1@12', 'blue:1@12', 'yellow:1@15', 'green:2@12']);
  });

  it('a tombstone only subtracts; the group stays at 0 with no tombstone', () => {
    const d = run((b) =>
      b.table('t', Consumed.with(S, S)).groupBy((k, v) => ({ key: v, value: k }), Grouped.with(S, S)).count().toStream().to('out', Produced.with(S, Serdes.Long())),
    );
    const t = d.createInputTopic('t', S, S);
    t.pipeInput('A', 'v1', 1);
    t.pipeInput('A', null, 2);
    expect(d.createOutputTopic('out', S, Serdes.Long()).readKeyValuesToList()).toEqual([{ key: 'v1', value: 1 }, { key: 'v1', value: 0 }]);
  });

  it('S31 raw part: moving counts between groups', () => {
    const d = run((b) =>
      b.table('t', Consumed.with(S, S)).groupBy((k, v) => ({ key: v, value: k }), Grouped.with(S, S)).count().toStream().to('out', Produced.with(S, Serdes.Long())),
    );
    const t = d.createInputTopic('t', S, S);
    t.pipeInput('k1', 'v1', 0);
    t.pipeInput('k1', 'v2', 1);
    t.pipeInput('k2', 'v1', 2);
    const out = d.createOutputTopic('out', S, Serdes.Long()).readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`);
    expect(out).toEqual(['v1:1@0', 'v1:0@1', 'v2:1@1', 'v1:1@2']);
  });
});
