import { describe, expect, it } from 'vitest';
import {
  Branched, Consumed, Grouped, Materialized, Named, Produced, Record, Repartitioned, Serdes, StreamsBuilder, Stores, TopologyTestDriver,
  keyValue, produceAggregator, resolveInternalTopics,
  type KeyValueStore, type KStream, type Processor, type ProcessorContext, type Serde,
} from '@tributary/streams';

// Every snippet of docs/dsl.md, run as written; the expectations are the outputs the page states.
const S = Serdes.String();
const I = Serdes.Integer();
const L = Serdes.Long();
const fmt = (rs: readonly { key: unknown; value: unknown; timestamp: number }[]) => rs.map((r) => `${String(r.key)}:${String(r.value)}@${r.timestamp}`);

describe('docs/dsl.md snippets', () => {
  it('serdes: types flow from Consumed to Produced; a wrong serde is a compile error', () => {
    interface Order { id: string; amount: number }
    const Orders = Serdes.Json<Order>();
    const Cents: Serde<bigint> = Serdes.from((n: bigint) => Buffer.from(n.toString()), (b) => BigInt(b.toString()));

    const b = new StreamsBuilder();
    const orders: KStream<string, Order> = b.stream('orders', Consumed.with(S, Orders));
    const amounts = orders.mapValues((o) => BigInt(Math.round(o.amount * 100)));   // KStream<string, bigint>
    amounts.to('amounts', Produced.with(S, Cents));
    const wrong = () => {
      // @ts-expect-error Serde<string> cannot write bigint values
      amounts.to('oops', Produced.with(S, S));
    };
    void wrong;

    const d = new TopologyTestDriver(b.build());
    d.createInputTopic('orders', S, Orders).pipeInput('o1', { id: 'o1', amount: 12.5 }, 1);
    expect(d.createOutputTopic('amounts', S, Cents).readKeyValuesToList()).toEqual([{ key: 'o1', value: 1250n }]);
  });

  it('StreamsBuilder: stream, table, globalTable, addStateStore', () => {
    const b = new StreamsBuilder();
    const clicks = b.stream('clicks', Consumed.with(S, S));               // one topic
    b.stream(['eu-clicks', 'us-clicks'], Consumed.with(S, S));            // several topics
    b.stream(/^audit-.*/, Consumed.with(S, S));                           // a pattern
    const users = b.table('users', Consumed.with(S, S), Materialized.as('users-store'));
    const countries = b.globalTable('countries', Consumed.with(S, S));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('dedup'), S, I));

    clicks.join(users, (page, user) => `${user} viewed ${page}`)
      .join(countries, (_user, text) => text.split(' ')[0]!, (text, country) => `${text} from ${country}`)
      .to('enriched', Produced.with(S, S));

    const d = new TopologyTestDriver(b.build());
    d.createInputTopic('countries', S, S).pipeInput('ann', 'NO', 1);
    d.createInputTopic('users', S, S).pipeInput('u1', 'ann', 2);
    d.createInputTopic('clicks', S, S).pipeInput('u1', '/home', 3);
    expect(d.createOutputTopic('enriched', S, S).readValuesToList()).toEqual(['ann viewed /home from NO']);
  });

  it('stateless operators', () => {
    const b = new StreamsBuilder();
    b.stream('words', Consumed.with(S, S))
      .filter((_k, v) => v.length > 0)
      .filterNot((_k, v) => v.startsWith('#'))
      .flatMapValues((line) => line.split(' '))                 // key unchanged: no repartition
      .mapValues((word) => word.toUpperCase())
      .peek((k, v) => seen.push(`${k}=${v}`))
      .map((k, v) => keyValue(v, k.length))                     // new key: repartition before grouping
      .selectKey((k) => k.toLowerCase())
      .flatMap((k, v) => [keyValue(k, v), keyValue(`${k}!`, v)])
      .to('out', Produced.with(S, I));
    const seen: string[] = [];

    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('words', S, S);
    input.pipeInput('ab', 'hi there', 5);
    input.pipeInput('ab', '#skip', 6);
    input.pipeInput('ab', '', 7);
    expect(fmt(d.createOutputTopic('out', S, I).readRecordsToList())).toEqual(['hi:2@5', 'hi!:2@5', 'there:2@5', 'there!:2@5']);
    expect(seen).toEqual(['ab=HI', 'ab=THERE']);
  });

  it('branching with split(), merge', () => {
    const b = new StreamsBuilder();
    const branches = b.stream('events', Consumed.with(S, I))
      .split(Named.as('size-'))
      .branch((_k, v) => v >= 100, Branched.as('large'))
      .branch((_k, v) => v >= 10, Branched.as('medium'))
      .defaultBranch(Branched.as('small'));
    branches.get('size-large')!.to('large', Produced.with(S, I));
    branches.get('size-medium')!.merge(branches.get('size-small')!).to('rest', Produced.with(S, I));

    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('events', S, I);
    for (const [k, v] of [['a', 500], ['b', 50], ['c', 5]] as const) input.pipeInput(k, v, 0);
    expect(d.createOutputTopic('large', S, I).readValuesToList()).toEqual([500]);
    expect(d.createOutputTopic('rest', S, I).readValuesToList()).toEqual([50, 5]);
  });

  it('repartition, to() with a topic extractor', () => {
    const b = new StreamsBuilder();
    b.stream('payments', Consumed.with(S, I))
      .selectKey((_k, amount): string => (amount > 100 ? 'big' : 'small'))
      .repartition(Repartitioned.with(S, I).withName('by-size').withNumberOfPartitions(4))
      .to((key) => `payments-${key}`, Produced.with(S, I));
    const topology = b.build();
    expect(resolveInternalTopics(topology, 'pay-app', () => 1)).toEqual([
      { name: 'pay-app-by-size-repartition', kind: 'repartition', partitions: 4, cleanupPolicy: 'delete' },
    ]);

    const d = new TopologyTestDriver(topology);
    const input = d.createInputTopic('payments', S, I);
    input.pipeInput('p1', 500, 1);
    input.pipeInput('p2', 20, 2);
    expect(d.createOutputTopic('payments-big', S, I).readValuesToList()).toEqual([500]);
    expect(d.createOutputTopic('payments-small', S, I).readValuesToList()).toEqual([20]);
  });

  it('toTable', () => {
    const b = new StreamsBuilder();
    b.stream('profile-updates', Consumed.with(S, S))
      .toTable(Materialized.as('profiles'))
      .toStream()
      .to('profiles-out', Produced.with(S, S));
    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('profile-updates', S, S);
    input.pipeInput('u1', 'v1', 1);
    input.pipeInput('u1', null, 2);   // a null value deletes
    expect(d.getTimestampedKeyValueStore('profiles')!.get('u1')).toBeNull();
    expect(fmt(d.createOutputTopic('profiles-out', S, S).readRecordsToList())).toEqual(['u1:v1@1', 'u1:null@2']);
  });

  it('process and processValues', () => {
    // Drops repeated (key, value) pairs, remembering each key's last value in a store.
    const dedup = (): Processor<string, string, string, string> => {
      let ctx: ProcessorContext<string, string>;
      let last: KeyValueStore<string, string>;
      return {
        init(c) {
          ctx = c;
          last = c.getStateStore('last-value');
          c.schedule(60_000, 'STREAM_TIME', (now) => ctx.forward(new Record('heartbeat', `${last.approximateNumEntries()} keys`, now)));
        },
        process(r) {
          if (last.get(r.key) === r.value) return;
          last.put(r.key, r.value);
          ctx.forward(r);
        },
      };
    };
    const b = new StreamsBuilder();
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('last-value'), S, S));
    b.stream('readings', Consumed.with(S, S))
      .process(dedup, 'last-value')
      .processValues<string>(() => {
        let ctx: ProcessorContext<string, string>;
        return { init: (c) => { ctx = c; }, process: (r) => ctx.forward(r.withValue(r.value.toUpperCase())) };
      })
      .to('changes', Produced.with(S, S));

    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('readings', S, S);
    input.pipeInput('t1', 'warm', 1_000);
    input.pipeInput('t1', 'warm', 2_000);
    input.pipeInput('t1', 'hot', 61_000);
    expect(fmt(d.createOutputTopic('changes', S, S).readRecordsToList())).toEqual([
      't1:WARM@1000', 'heartbeat:1 KEYS@1000', 't1:HOT@61000', 'heartbeat:1 KEYS@61000',
    ]);
  });

  it('groupBy + aggregate: plain function and immer recipe', () => {
    interface Stats { count: number; total: number; items: string[] }
    interface Sale { item: string; amount: number }
    const Sales = Serdes.Json<Sale>();
    const StatsSerde = Serdes.Json<Stats>();

    const b = new StreamsBuilder();
    const byItem = b.stream('sales', Consumed.with(S, Sales)).groupBy((_k, s) => s.item, Grouped.with(S, Sales));
    // A plain function returns a new aggregate.
    byItem.aggregate<Stats>(
      () => ({ count: 0, total: 0, items: [] }),
      (_item, sale, agg) => ({ count: agg.count + 1, total: agg.total + sale.amount, items: agg.items }),
      Materialized.as<string, Stats>('plain').withValueSerde(StatsSerde),
    );
    // An immer recipe mutates a draft; the stored value stays immutable.
    byItem.aggregate<Stats>(
      () => ({ count: 0, total: 0, items: [] }),
      produceAggregator((draft, sale: Sale) => {
        draft.count += 1;
        draft.total += sale.amount;
        draft.items.push(`${sale.amount}`);
      }),
      Materialized.as<string, Stats>('recipe').withValueSerde(StatsSerde),
    ).toStream().to('stats', Produced.with(S, StatsSerde));

    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('sales', S, Sales);
    input.pipeInput('s1', { item: 'tea', amount: 3 }, 1);
    input.pipeInput('s2', { item: 'tea', amount: 4 }, 2);
    expect(d.createOutputTopic('stats', S, StatsSerde).readValuesToList()).toEqual([
      { count: 1, total: 3, items: ['3'] },
      { count: 2, total: 7, items: ['3', '4'] },
    ]);
    expect(d.getKeyValueStore<string, { value: Stats }>('plain')!.get('tea')?.value).toEqual({ count: 2, total: 7, items: [] });
  });

  it('KTable: filter tombstones, groupBy with adder and subtractor', () => {
    const b = new StreamsBuilder();
    const accounts = b.table('accounts', Consumed.with(S, Serdes.Json<{ region: string; balance: number }>()));
    accounts.filter((_id, a) => a.balance > 0).toStream().to('positive', Produced.with(S, Serdes.Json()));
    accounts
      .groupBy((_id, a) => keyValue(a.region, a.balance), Grouped.with(S, I))
      .reduce((sum, v) => sum + v, (sum, v) => sum - v, Materialized.with(S, I))
      .toStream()
      .to('balance-per-region', Produced.with(S, I));

    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('accounts', S, Serdes.Json<{ region: string; balance: number }>());
    input.pipeInput('a1', { region: 'eu', balance: 10 }, 1);
    input.pipeInput('a2', { region: 'eu', balance: 5 }, 2);
    input.pipeInput('a1', { region: 'us', balance: -1 }, 3);   // moves a1 from eu to us
    expect(fmt(d.createOutputTopic('positive', S, Serdes.Json()).readRecordsToList())).toEqual(['a1:[object Object]@1', 'a2:[object Object]@2', 'a1:null@3']);
    expect(fmt(d.createOutputTopic('balance-per-region', S, I).readRecordsToList())).toEqual(['eu:10@1', 'eu:15@2', 'eu:5@3', 'us:-1@3']);
  });

  it('naming: generated names, Named, internal topic names', () => {
    const generated = new StreamsBuilder();
    generated.stream('text', Consumed.with(S, S)).groupBy((_k, w) => w, Grouped.with(S, S)).count().toStream().to('counts', Produced.with(S, L));
    expect(resolveInternalTopics(generated.build(), 'wc', () => 2).map((t) => t.name)).toEqual([
      'wc-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition',
      'wc-KSTREAM-AGGREGATE-STATE-STORE-0000000002-changelog',
    ]);

    const named = new StreamsBuilder();
    named.stream('text', Consumed.with(S, S).withName('read-text'))
      .groupBy((_k, w) => w, Grouped.with(S, S, 'by-word'))
      .count(Named.as('count-words'), Materialized.as('word-counts'))
      .toStream(Named.as('to-stream'))
      .to('counts', Produced.with(S, L).withName('write-counts'));
    const topology = named.build();
    expect(resolveInternalTopics(topology, 'wc', () => 2).map((t) => t.name)).toEqual(['wc-by-word-repartition', 'wc-word-counts-changelog']);
    expect(topology.describe().toString()).toContain('Processor: count-words (stores: [word-counts])');
  });

  it('optimization: reuse source topics, merge repartition topics', () => {
    const build = (topologyOptimization: 'none' | 'all') => {
      const b = new StreamsBuilder();
      b.table('users', Consumed.with(S, S), Materialized.as('users-store'));
      const byCountry = b.stream('visits', Consumed.with(S, S)).selectKey((_k, country) => country);
      byCountry.groupByKey(Grouped.with(S, S, 'visits-by-country')).count();
      byCountry.groupByKey(Grouped.with(S, S, 'visits-by-country-2')).reduce((a, v) => a + v);
      return b.build({ topologyOptimization });
    };
    const names = (opt: 'none' | 'all') => resolveInternalTopics(build(opt), 'app', () => 1).map((t) => t.name.replace(/\d{10}/, 'N')).sort();
    expect(names('none')).toEqual([
      'app-KSTREAM-AGGREGATE-STATE-STORE-N-changelog', 'app-KSTREAM-REDUCE-STATE-STORE-N-changelog', 'app-users-store-changelog',
      'app-visits-by-country-2-repartition', 'app-visits-by-country-repartition',
    ]);
    expect(names('all')).toEqual([
      'app-KSTREAM-AGGREGATE-STATE-STORE-N-changelog', 'app-KSTREAM-REDUCE-STATE-STORE-N-changelog', 'app-visits-by-country-repartition',
    ]);
  });

  it('describe(): text and Mermaid', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).filter((_k, v) => v !== '').to('out', Produced.with(S, S));
    const description = b.build().describe();
    expect(description.toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [in])\n' +
        '      --> KSTREAM-FILTER-0000000001\n' +
        '    Processor: KSTREAM-FILTER-0000000001 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000002\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Sink: KSTREAM-SINK-0000000002 (topic: out)\n' +
        '      <-- KSTREAM-FILTER-0000000001\n\n',
    );
    expect(description.toMermaid()).toBe(
      'flowchart TD\n' +
        '  subgraph sub0["Sub-topology: 0"]\n' +
        '    KSTREAM_SOURCE_0000000000["source: KSTREAM-SOURCE-0000000000"]\n' +
        '    KSTREAM_FILTER_0000000001["processor: KSTREAM-FILTER-0000000001"]\n' +
        '    KSTREAM_SINK_0000000002["sink: KSTREAM-SINK-0000000002"]\n' +
        '  end\n' +
        '  t_in --> KSTREAM_SOURCE_0000000000\n' +
        '  KSTREAM_SOURCE_0000000000 --> KSTREAM_FILTER_0000000001\n' +
        '  KSTREAM_FILTER_0000000001 --> KSTREAM_SINK_0000000002\n' +
        '  KSTREAM_SINK_0000000002 --> t_out\n' +
        '  t_in[("in")]\n' +
        '  t_out[("out")]\n',
    );
  });
});
