import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Serdes, SessionWindows, StreamsBuilder, TimeWindows, TopologyTestDriver, WindowedSerdes } from '../../index.js';

const S = Serdes.String();

describe('cogroup', () => {
  it('aggregates several grouped streams into one store; every input record emits', () => {
    const b = new StreamsBuilder();
    const g1 = b.stream('a', Consumed.with(S, S)).groupByKey();
    const g2 = b.stream('b', Consumed.with(S, S)).groupByKey();
    g1.cogroup<string>((_k, v, agg) => `${agg}+a${v}`).cogroup(g2, (_k, v, agg) => `${agg}+b${v}`).aggregate(() => '0', Materialized.as('agg')).toStream().to('out');
    const topo = b.build();
    const text = String(topo.describe());
    for (const n of ['COGROUPKSTREAM-AGGREGATE-0000000002', 'COGROUPKSTREAM-AGGREGATE-0000000003', 'COGROUPKSTREAM-MERGE-0000000004']) expect(text).toContain(n);
    const d = new TopologyTestDriver(topo, { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const a = d.createInputTopic('a', S, S);
    const bb = d.createInputTopic('b', S, S);
    a.pipeInput('k', '1', 1);
    bb.pipeInput('k', '2', 5);
    a.pipeInput('j', '3', 3);
    bb.pipeInput('k', '4', 2);
    expect(d.createOutputTopic('out', S, S).readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`)).toEqual(['k:0+a1@1', 'k:0+a1+b2@5', 'j:0+a3@3', 'k:0+a1+b2+b4@5']);
  });

  it('windowed by time and by session', () => {
    const b = new StreamsBuilder();
    const g1 = b.stream('a', Consumed.with(S, S)).groupByKey();
    const g2 = b.stream('b', Consumed.with(S, S)).groupByKey();
    const co = g1.cogroup<string>((_k, v, agg) => `${agg}+${v}`).cogroup(g2, (_k, v, agg) => `${agg}-${v}`);
    co.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).aggregate(() => '').toStream().to('tw');
    co.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5)).aggregate(() => '', (_k, x, y) => x + y).toStream().to('sw');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    d.createInputTopic('a', S, S).pipeInput('k', '1', 1);
    d.createInputTopic('b', S, S).pipeInput('k', '2', 4);
    d.createInputTopic('a', S, S).pipeInput('k', '3', 12);
    const fmt = (r: { key: unknown; value: unknown; timestamp: number }) => `${String(r.key)} ${r.value}@${r.timestamp}`;
    expect(d.createOutputTopic('tw', WindowedSerdes.timeWindowedSerdeFrom(S, 10), S).readRecordsToList().map(fmt)).toEqual(['[k@0/10] +1@1', '[k@0/10] +1-2@4', '[k@10/20] +3@12']);
    expect(d.createOutputTopic('sw', WindowedSerdes.sessionWindowedSerdeFrom(S), S).readRecordsToList().map(fmt)).toEqual(['[k@1/1] +1@1', '[k@1/1] null@1', '[k@1/4] +1-2@4', '[k@12/12] +3@12']);
  });
});
