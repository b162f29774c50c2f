import { describe, expect, it } from 'vitest';
import { Consumed, Record, Serdes, StreamsBuilder, Topology, TopologyError, TopologyTestDriver, keyValue, type ProcessorContext } from '../index.js';

const S = Serdes.String();

describe('hand-built Topology (Processor API)', () => {
  it('runs and describes source → processor → sink', () => {
    const t = new Topology()
      .addSource('src', ['in'], { keySerde: S, valueSerde: S })
      .addProcessor('upper', () => {
        let ctx: ProcessorContext<string, string>;
        return { init: (c: ProcessorContext<string, string>) => { ctx = c; }, process: (r: Record<string, string>) => ctx.forward(r.withValue(r.value.toUpperCase())) };
      }, 'src')
      .addSink('snk', 'out', { keySerde: S, valueSerde: S }, 'upper');
    expect(t.describe().toString()).toBe(
      'Topologies:\n   Sub-topology: 0\n    Source: src (topics: [in])\n      --> upper\n    Processor: upper (stores: [])\n      --> snk\n      <-- src\n    Sink: snk (topic: out)\n      <-- upper\n\n',
    );
    const d = new TopologyTestDriver(t);
    d.createInputTopic('in', S, S).pipeInput('k', 'abc', 1);
    expect(d.createOutputTopic('out', S, S).readKeyValue()).toEqual({ key: 'k', value: 'ABC' });
  });

  it('rejects duplicate names, unknown parents and a topic read twice', () => {
    const t = new Topology().addSource('a', ['x']);
    expect(() => t.addSource('a', ['y'])).toThrow(TopologyError);
    expect(() => t.addSource('b', ['x'])).toThrow(/already read/);
    expect(() => t.addProcessor('p', () => ({ process: () => {} }), 'nope')).toThrow(/unknown parent/);
  });

  it('stream time punctuation fires once per check with the stream time, skipping missed intervals', () => {
    const fired: number[] = [];
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).process(() => ({
      init: (c) => void c.schedule(10, 'STREAM_TIME', (ts) => fired.push(ts)),
      process: () => {},
    }));
    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('in', S, S);
    for (const ts of [3, 9, 10, 35, 36, 40]) input.pipeInput('k', 'v', ts);
    expect(fired).toEqual([3, 10, 35, 40]);
  });

  it('two joins of the same re-keyed stream share one generated repartition topic', () => {
    const b = new StreamsBuilder();
    const table = b.table('t', Consumed.with(S, S));
    const rekeyed = b.stream('s', Consumed.with(S, S)).map((k, v) => keyValue(v, k));
    rekeyed.join(table, (v, tv) => v + tv).to('o1');
    rekeyed.leftJoin(table, (v, tv) => v + tv).to('o2');
    const topics = [...b.build().internalTopics.values()].filter((x) => x.kind === 'repartition').map((x) => x.name);
    expect(topics).toEqual(['KSTREAM-MAP-0000000004-repartition']);
  });
});
