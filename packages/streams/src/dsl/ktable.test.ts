import { describe, expect, it } from 'vitest';
import {
  BufferConfig, Consumed, Grouped, Materialized, Produced, StreamsArgumentError, Suppressed, Serdes, StreamsBuilder, TopologyTestDriver, produceAggregator,
} from '../index.js';

const S = Serdes.String();
const I = Serdes.Integer();

describe('KTable operators', () => {
  it('mapValues maps new values and keeps tombstones', () => {
    const b = new StreamsBuilder();
    b.table('t', Consumed.with(S, I)).mapValues((v) => v * 2).toStream().to('out', Produced.with(S, I));
    const d = new TopologyTestDriver(b.build());
    const t = d.createInputTopic('t', S, I);
    t.pipeInput('a', 2, 1);
    t.pipeInput('a', null, 2);
    expect(d.createOutputTopic('out', S, I).readKeyValuesToList()).toEqual([{ key: 'a', value: 4 }, { key: 'a', value: null }]);
  });

  it('a materialized table-table join result is queryable', () => {
    const b = new StreamsBuilder();
    const l = b.table('l', Consumed.with(S, S));
    const r = b.table('r', Consumed.with(S, S));
    l.join(r, (a, c) => `${a}|${c}`, Materialized.as<string, string>('joined').withValueSerde(S));
    const d = new TopologyTestDriver(b.build());
    d.createInputTopic('l', S, S).pipeInput('k', 'L', 1);
    d.createInputTopic('r', S, S).pipeInput('k', 'R', 2);
    expect(d.getTimestampedKeyValueStore<string, string>('joined')!.get('k')).toEqual({ value: 'L|R', timestamp: 2 });
  });

  it('suppress(untilWindowCloses) needs a windowed table', () => {
    const b = new StreamsBuilder();
    const t = b.table('t', Consumed.with(S, S));
    expect(() => t.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))).toThrow(StreamsArgumentError);
  });

  it('immer recipes aggregate immutably; forwarded old and new values are frozen and distinct', () => {
    type Agg = { items: string[]; total: number };
    const seen: Agg[] = [];
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S))
      .groupByKey()
      .aggregate<Agg>(
        () => ({ items: [], total: 0 }),
        produceAggregator<string, string, Agg>((draft, v) => {
          draft.items.push(v);
          draft.total += v.length;
        }),
        Materialized.with(S, Serdes.Json<Agg>()),
      )
      .toStream()
      .peek((_k, v) => seen.push(v!))
      .to('out', Produced.with(S, Serdes.Json<Agg>()));
    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('in', S, S);
    input.pipeInput('k', 'ab', 1);
    input.pipeInput('k', 'cde', 2);
    expect(seen.map((v) => v.total)).toEqual([2, 5]);
    expect(Object.isFrozen(seen[1])).toBe(true);
    expect(Object.isFrozen(seen[1]!.items)).toBe(true);
    expect(seen[0]!.items).toEqual(['ab']);
    expect(d.createOutputTopic('out', S, Serdes.Json<Agg>()).readValuesToList()).toEqual([{ items: ['ab'], total: 2 }, { items: ['ab', 'cde'], total: 5 }]);
  });

  it('KGroupedTable reduce with adder and subtractor', () => {
    const b = new StreamsBuilder();
    b.table('t', Consumed.with(S, I))
      .groupBy((k, v) => ({ key: k.charAt(0), value: v }), Grouped.with(S, I))
      .reduce((a, v) => a + v, (a, v) => a - v, Materialized.with(S, I))
      .toStream().to('out', Produced.with(S, I));
    const d = new TopologyTestDriver(b.build());
    const t = d.createInputTopic('t', S, I);
    t.pipeInput('a1', 1, 1);
    t.pipeInput('a2', 10, 2);
    t.pipeInput('a1', 5, 3);
    expect(d.createOutputTopic('out', S, I).readValuesToList()).toEqual([1, 11, 15]);
  });
});
