import { describe, expect, it } from 'vitest';
import {
  CoPartitioningError, Consumed, Grouped, Joined, Materialized, Named, Produced, Repartitioned, Serdes, StreamsBuilder,
  TopologyTestDriver, keyValue, resolveInternalTopics,
} from '../../index.js';

const S = Serdes.String();
const L = Serdes.Long();

describe('generated names and describe() (Kafka text form)', () => {
  it('toTable after a key change repartitions through KSTREAM-TOTABLE-N-repartition (StreamsBuilderTest)', () => {
    const b = new StreamsBuilder();
    b.stream('input', Consumed.with(S, S)).map((k, v) => keyValue(v, k)).toTable().toStream().to('output');
    expect(b.build().describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
        '      --> KSTREAM-MAP-0000000001\n' +
        '    Processor: KSTREAM-MAP-0000000001 (stores: [])\n' +
        '      --> KSTREAM-FILTER-0000000005\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-FILTER-0000000005 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000004\n' +
        '      <-- KSTREAM-MAP-0000000001\n' +
        '    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-TOTABLE-0000000002-repartition)\n' +
        '      <-- KSTREAM-FILTER-0000000005\n' +
        '\n' +
        '  Sub-topology: 1\n' +
        '    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-TOTABLE-0000000002-repartition])\n' +
        '      --> KSTREAM-TOTABLE-0000000002\n' +
        '    Processor: KSTREAM-TOTABLE-0000000002 (stores: [])\n' +
        '      --> KTABLE-TOSTREAM-0000000007\n' +
        '      <-- KSTREAM-SOURCE-0000000006\n' +
        '    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000008\n' +
        '      <-- KSTREAM-TOTABLE-0000000002\n' +
        '    Sink: KSTREAM-SINK-0000000008 (topic: output)\n' +
        '      <-- KTABLE-TOSTREAM-0000000007\n\n',
    );
  });

  it('word count: generated store name names the repartition topic; a named store gives <name>-repartition-* nodes', () => {
    const b = new StreamsBuilder();
    b.stream('text', Consumed.with(S, S))
      .flatMapValues((v) => v.split(' '))
      .groupBy((_k, w) => w)
      .count()
      .toStream()
      .to('counts', Produced.with(S, L));
    const text = b.build().describe().toString();
    expect(text).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [text])\n' +
        '      --> KSTREAM-FLATMAPVALUES-0000000001\n' +
        '    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])\n' +
        '      --> KSTREAM-KEY-SELECT-0000000002\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])\n' +
        '      --> KSTREAM-FILTER-0000000006\n' +
        '      <-- KSTREAM-FLATMAPVALUES-0000000001\n' +
        '    Processor: KSTREAM-FILTER-0000000006 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000005\n' +
        '      <-- KSTREAM-KEY-SELECT-0000000002\n' +
        '    Sink: KSTREAM-SINK-0000000005 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition)\n' +
        '      <-- KSTREAM-FILTER-0000000006\n' +
        '\n' +
        '  Sub-topology: 1\n' +
        '    Source: KSTREAM-SOURCE-0000000007 (topics: [KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition])\n' +
        '      --> KSTREAM-AGGREGATE-0000000004\n' +
        '    Processor: KSTREAM-AGGREGATE-0000000004 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000003])\n' +
        '      --> KTABLE-TOSTREAM-0000000008\n' +
        '      <-- KSTREAM-SOURCE-0000000007\n' +
        '    Processor: KTABLE-TOSTREAM-0000000008 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000009\n' +
        '      <-- KSTREAM-AGGREGATE-0000000004\n' +
        '    Sink: KSTREAM-SINK-0000000009 (topic: counts)\n' +
        '      <-- KTABLE-TOSTREAM-0000000008\n\n',
    );

    const named = new StreamsBuilder();
    named.stream('input', Consumed.with(S, S)).groupBy((_k, v) => v).count(Materialized.as('counts')).toStream().to('out');
    const namedText = named.build().describe().toString();
    expect(namedText).toContain('    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])\n      --> counts-repartition-filter\n');
    expect(namedText).toContain('    Sink: counts-repartition-sink (topic: counts-repartition)\n      <-- counts-repartition-filter\n');
    expect(namedText).toContain('    Source: counts-repartition-source (topics: [counts-repartition])\n      --> KSTREAM-AGGREGATE-0000000002\n');
    expect(namedText).toContain('    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [counts])\n');
  });

  it('KTable groupBy count: KTABLE-AGGREGATE-STATE-STORE-N-repartition, no filter node', () => {
    const b = new StreamsBuilder();
    b.table('input', Consumed.with(S, S)).groupBy((k, v) => keyValue(v, k)).count();
    const text = b.build().describe().toString();
    expect(text).toContain('    Processor: KTABLE-SOURCE-0000000002 (stores: [input-STATE-STORE-0000000000])\n      --> KTABLE-SELECT-0000000003\n');
    expect(text).toContain('    Sink: KSTREAM-SINK-0000000005 (topic: KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition)\n      <-- KTABLE-SELECT-0000000003\n');
    expect(text).toContain('    Source: KSTREAM-SOURCE-0000000006 (topics: [KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition])\n      --> KTABLE-AGGREGATE-0000000007\n');
  });

  it('every operator takes a Named; repartition() names its topic', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S).withName('src'))
      .filter(() => true, Named.as('f'))
      .mapValues((v) => v, Named.as('mv'))
      .repartition(Repartitioned.as<string, string>('rp').withNumberOfPartitions(3))
      .peek(() => {}, 'pk')
      .to('out', Produced.as<string, string>('snk'));
    const t = b.build();
    const text = t.describe().toString();
    for (const n of ['Source: src ', 'Processor: f ', 'Processor: mv ', 'Processor: rp-repartition-filter', 'Sink: rp-repartition-sink (topic: rp-repartition)', 'Source: rp-repartition-source', 'Processor: pk ', 'Sink: snk (topic: out)']) {
      expect(text).toContain(n);
    }
    expect(resolveInternalTopics(t, 'app', () => 1)).toEqual([{ name: 'app-rp-repartition', kind: 'repartition', partitions: 3, cleanupPolicy: 'delete' }]);
  });

  it('describe().toMermaid() draws topics, sub-topologies and edges', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).groupByKey().count(Materialized.as('c'));
    const m = b.build().describe().toMermaid();
    expect(m).toBe(
      'flowchart TD\n' +
        '  subgraph sub0["Sub-topology: 0"]\n' +
        '    KSTREAM_SOURCE_0000000000["source: KSTREAM-SOURCE-0000000000"]\n' +
        '    KSTREAM_AGGREGATE_0000000001["processor: KSTREAM-AGGREGATE-0000000001<br/>stores: c"]\n' +
        '  end\n' +
        '  t_in --> KSTREAM_SOURCE_0000000000\n' +
        '  KSTREAM_SOURCE_0000000000 --> KSTREAM_AGGREGATE_0000000001\n' +
        '  t_in[("in")]\n',
    );
  });
});

describe('S35: repartition naming and merge optimization', () => {
  const build = (optimization: 'none' | 'all') => {
    const b = new StreamsBuilder();
    const a = b.stream('input-a', Consumed.with(S, S)).map((k, v) => keyValue(`${v}`, k));
    const c = b.stream('input-b', Consumed.with(S, S)).map((k, v) => keyValue(`${v}`, k));
    const merged = a.merge(c);
    merged.groupByKey(Grouped.with(S, S, 'long-groupByKey')).count(Materialized.as('long-count')).toStream().to('out-long', Produced.with(S, L));
    merged.groupByKey(Grouped.with(S, S, 'string-groupByKey')).count(Materialized.as('string-count')).toStream().mapValues((v) => `${v}`).to('out-string', Produced.with(S, S));
    return b.build({ topologyOptimization: optimization });
  };

  it('none: two repartition topics and 3 sub-topologies', () => {
    const t = build('none');
    expect(t.subtopologies()).toHaveLength(3);
    expect([...t.internalTopics.values()].filter((x) => x.kind === 'repartition').map((x) => x.name)).toEqual(['long-groupByKey-repartition', 'string-groupByKey-repartition']);
  });

  it('all: one shared topic named after the first and 2 sub-topologies, with the same output', () => {
    const t = build('all');
    expect(t.subtopologies()).toHaveLength(2);
    expect([...t.internalTopics.values()].filter((x) => x.kind === 'repartition').map((x) => x.name)).toEqual(['long-groupByKey-repartition']);
    const outputs = (opt: 'none' | 'all') => {
      const d = new TopologyTestDriver(build(opt), { applicationId: 'app' });
      const ia = d.createInputTopic('input-a', S, S);
      const ib = d.createInputTopic('input-b', S, S);
      ia.pipeInput('1', 'x', 1);
      ib.pipeInput('2', 'x', 2);
      ia.pipeInput('3', 'y', 3);
      return [d.createOutputTopic('out-long', S, L).readKeyValuesToList(), d.createOutputTopic('out-string', S, S).readKeyValuesToList()];
    };
    expect(outputs('all')).toEqual(outputs('none'));
    expect(outputs('all')[0]).toEqual([{ key: 'x', value: 1 }, { key: 'x', value: 2 }, { key: 'y', value: 1 }]);
  });

  it('a table() store uses <app>-<store>-changelog unless reuse.ktable.source.topics is set', () => {
    const build2 = (opt: 'none' | 'all') => {
      const b = new StreamsBuilder();
      b.table('tbl', Consumed.with(S, S), Materialized.as('store'));
      return b.build({ topologyOptimization: opt });
    };
    expect(resolveInternalTopics(build2('none'), 'app', () => 4)).toEqual([{ name: 'app-store-changelog', kind: 'changelog', partitions: 4, cleanupPolicy: 'compact' }]);
    expect(resolveInternalTopics(build2('all'), 'app', () => 4)).toEqual([]);
    expect(build2('all').stores.get('store')!.changelogTopic).toBe('tbl');
    const d = new TopologyTestDriver(build2('all'), { applicationId: 'app' });
    d.createInputTopic('tbl', S, S).pipeInput('k', 'v', 1);
    expect(d.producedTopicNames()).toEqual([]);
  });

  it('stream-table join after a key change: Joined.as("x") makes x-repartition', () => {
    const b = new StreamsBuilder();
    const table = b.table('t', Consumed.with(S, S));
    b.stream('s', Consumed.with(S, S)).selectKey((_k, v) => v).join(table, (v, tv) => `${v}${tv}`, Joined.as('x')).to('out');
    const t = b.build();
    expect([...t.internalTopics.keys()]).toContain('x-repartition');
  });
});

describe('internal topic partitions and co-partitioning', () => {
  it('repartition topics take the max partitions of their upstream sources; changelogs follow their sub-topology', () => {
    const b = new StreamsBuilder();
    const a = b.stream('a', Consumed.with(S, S));
    const c = b.stream('c', Consumed.with(S, S));
    a.merge(c).groupBy((_k, v) => v).count(Materialized.as('cnt'));
    const topics = resolveInternalTopics(b.build(), 'app', (t) => ({ a: 2, c: 5 })[t]);
    expect(topics).toEqual([
      { name: 'app-cnt-repartition', kind: 'repartition', partitions: 5, cleanupPolicy: 'delete' },
      { name: 'app-cnt-changelog', kind: 'changelog', partitions: 5, cleanupPolicy: 'compact' },
    ]);
  });

  it('joining topics with different partition counts is a typed error naming both topics', () => {
    const b = new StreamsBuilder();
    const table = b.table('tbl', Consumed.with(S, S));
    b.stream('events', Consumed.with(S, S)).join(table, (v, t) => v + t).to('out');
    const t = b.build();
    let err: unknown;
    try {
      resolveInternalTopics(t, 'app', (x) => (x === 'events' ? 3 : 6));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CoPartitioningError);
    expect((err as CoPartitioningError).code).toBe('COPARTITION_MISMATCH');
    expect((err as Error).message).toContain('events (3)');
    expect((err as Error).message).toContain('tbl (6)');
    expect(() => resolveInternalTopics(t, 'app', () => 3)).not.toThrow();
  });
});
