import { describe, expect, it } from 'vitest';
import {
  Consumed, Materialized, Produced, Record, Serdes, Stores, StreamsBuilder, TopologyTestDriver, keyValue,
  type KStream, type KeyValueStore, type Processor, type ProcessorContext,
} from '../index.js';

const S = Serdes.String();
const I = Serdes.Integer();

function driver(build: (s: KStream<string, number>, b: StreamsBuilder) => void) {
  const b = new StreamsBuilder();
  build(b.stream('in', Consumed.with(S, I)), b);
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: I });
  return { d, input: d.createInputTopic('in', S, I) };
}
const fmt = (rs: { key: unknown; value: unknown; timestamp: number }[]) => rs.map((r) => `${r.key}:${r.value}@${r.timestamp}`);

describe('stateless KStream operators', () => {
  it('filter / filterNot', () => {
    const { d, input } = driver((s) => {
      s.filter((_k, v) => v > 1).to('a');
      s.filterNot((_k, v) => v > 1).to('b');
    });
    input.pipeInput('x', 1, 1);
    input.pipeInput('y', 2, 2);
    expect(d.createOutputTopic('a', S, I).readKeyValuesToList()).toEqual([{ key: 'y', value: 2 }]);
    expect(d.createOutputTopic('b', S, I).readKeyValuesToList()).toEqual([{ key: 'x', value: 1 }]);
  });

  it('map, mapValues, selectKey keep the input timestamp', () => {
    const { d, input } = driver((s) => {
      s.map((k, v) => keyValue(v, k)).to('m', Produced.with(I, S));
      s.mapValues((v, k) => `${k}${v}`).to('mv', Produced.with(S, S));
      s.selectKey((_k, v) => v * 10).to('sk', Produced.with(I, I));
    });
    input.pipeInput('a', 1, 7);
    expect(fmt(d.createOutputTopic('m', I, S).readRecordsToList())).toEqual(['1:a@7']);
    expect(fmt(d.createOutputTopic('mv', S, S).readRecordsToList())).toEqual(['a:a1@7']);
    expect(fmt(d.createOutputTopic('sk', I, I).readRecordsToList())).toEqual(['10:1@7']);
  });

  it('flatMap and flatMapValues emit every child with the input timestamp', () => {
    const { d, input } = driver((s) => {
      s.flatMap((k, v) => Array.from({ length: v }, (_, i) => keyValue(`${k}${i}`, i))).to('fm');
      s.flatMapValues((v) => [v, v + 1]).to('fmv');
    });
    input.pipeInput('k', 2, 3);
    expect(fmt(d.createOutputTopic('fm', S, I).readRecordsToList())).toEqual(['k0:0@3', 'k1:1@3']);
    expect(fmt(d.createOutputTopic('fmv', S, I).readRecordsToList())).toEqual(['k:2@3', 'k:3@3']);
  });

  it('peek forwards, foreach is terminal', () => {
    const seen: string[] = [];
    const { d, input } = driver((s) => {
      s.peek((k) => seen.push(`peek ${k}`)).to('p');
      s.foreach((k) => seen.push(`each ${k}`));
    });
    input.pipeInput('a', 1, 1);
    expect(seen).toEqual(['peek a', 'each a']);
    expect(d.createOutputTopic('p', S, I).readKeyValuesToList()).toEqual([{ key: 'a', value: 1 }]);
  });

  it('merge unions both inputs', () => {
    const b = new StreamsBuilder();
    b.stream('x', Consumed.with(S, I)).merge(b.stream('y', Consumed.with(S, I))).to('out', Produced.with(S, I));
    const d = new TopologyTestDriver(b.build());
    d.createInputTopic('x', S, I).pipeInput('a', 1, 1);
    d.createInputTopic('y', S, I).pipeInput('b', 2, 2);
    expect(d.createOutputTopic('out', S, I).readKeyValuesToList()).toEqual([{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
  });

  it('repartition writes to <app>-<name>-repartition and reads it back in the same pipe', () => {
    const { d, input } = driver((s) => s.repartition().to('out'));
    input.pipeInput('a', 1, 1);
    expect(d.createOutputTopic('app-KSTREAM-REPARTITION-0000000001-repartition', S, I).readKeyValuesToList()).toEqual([{ key: 'a', value: 1 }]);
    expect(d.createOutputTopic('out', S, I).readKeyValuesToList()).toEqual([{ key: 'a', value: 1 }]);
  });

  it('to() with a TopicNameExtractor and a custom partitioner', () => {
    const parts: number[] = [];
    const { d, input } = driver((s) =>
      s.to((k) => `topic-${k}`, Produced.with(S, I, (_t, _k, v, n) => {
        parts.push(n);
        return v % n;
      })),
    );
    input.pipeInput('a', 1, 1);
    input.pipeInput('b', 2, 1);
    expect(d.createOutputTopic('topic-a', S, I).readValuesToList()).toEqual([1]);
    expect(d.createOutputTopic('topic-b', S, I).readValuesToList()).toEqual([2]);
    expect(parts).toEqual([1, 1]);
  });

  it('toTable: null value deletes, null key dropped, store queryable', () => {
    const { d, input } = driver((s) => s.toTable(Materialized.as('tt')).toStream().to('out'));
    input.pipeInput('a', 1, 1);
    input.pipeInput(null, 5, 2);
    input.pipeInput('a', null, 3);
    expect(fmt(d.createOutputTopic('out', S, I).readRecordsToList())).toEqual(['a:1@1', 'a:null@3']);
    expect(d.getTimestampedKeyValueStore<string, number>('tt')!.get('a')).toBeNull();
  });

  it('timestamp extractor in Consumed sets the event time', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, I).withTimestampExtractor((r) => (r.value ?? 0) * 1000)).to('out', Produced.with(S, I));
    const d = new TopologyTestDriver(b.build());
    d.createInputTopic('in', S, I).pipeInput('a', 3, 1);
    expect(d.createOutputTopic('out', S, I).readRecord().timestamp).toBe(3000);
  });
});

describe('Processor API through process / processValues', () => {
  it('exposes record metadata, headers, stores, and both kinds of punctuation', () => {
    const events: string[] = [];
    const b = new StreamsBuilder();
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('seen'), S, I));
    b.stream('in', Consumed.with(S, I))
      .process<string, string>(() => {
        let ctx: ProcessorContext<string, string>;
        let store: KeyValueStore<string, number>;
        return {
          init(c) {
            ctx = c;
            store = c.getStateStore('seen');
            c.schedule(10, 'STREAM_TIME', (t) => events.push(`stream ${t}`));
            c.schedule(100, 'WALL_CLOCK_TIME', (t) => {
              events.push(`wall ${t}`);
              ctx.forward(new Record('tick', `${store.approximateNumEntries()}`, t));
            });
          },
          process(r) {
            const m = ctx.recordMetadata()!;
            store.put(r.key, (store.get(r.key) ?? 0) + r.value);
            events.push(`${m.topic}/${m.partition}/${m.offset} ${r.key}=${store.get(r.key)} h=${r.headers.length}`);
            ctx.forward(r.withValue(`${r.value}`));
          },
        } satisfies Processor<string, number, string, string>;
      }, 'seen')
      .to('out', Produced.with(S, S));
    const d = new TopologyTestDriver(b.build(), {}, 1000);
    const input = d.createInputTopic('in', S, I);
    input.pipeInput('a', 1, 5, [{ key: 'h', value: Buffer.from('x') }]);
    input.pipeInput('a', 2, 25);
    d.advanceWallClockTime(100);
    expect(events).toEqual(['in/0/0 a=1 h=1', 'stream 5', 'in/0/1 a=3 h=0', 'stream 25', 'wall 1100']);
    expect(fmt(d.createOutputTopic('out', S, S).readRecordsToList())).toEqual(['a:1@5', 'a:2@25', 'tick:1@1100']);
  });

  it('processValues cannot change the key', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, I))
      .processValues<string>(() => {
        let ctx: ProcessorContext<string, string>;
        return { init: (c) => { ctx = c; }, process: (r) => ctx.forward(r.withKey('hijack').withValue(`v${r.value}`)) };
      })
      .to('out', Produced.with(S, S));
    const d = new TopologyTestDriver(b.build());
    d.createInputTopic('in', S, I).pipeInput('k', 1, 1);
    expect(d.createOutputTopic('out', S, S).readKeyValuesToList()).toEqual([{ key: 'k', value: 'v1' }]);
  });

  it('a processor asking for a store it is not connected to gets a typed error', () => {
    const b = new StreamsBuilder();
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('other'), S, I));
    b.stream('in', Consumed.with(S, I)).process(() => ({ init: (c) => void c.getStateStore('other'), process: () => {} }));
    expect(() => new TopologyTestDriver(b.build())).toThrow(/not connected to store other/);
  });
});
