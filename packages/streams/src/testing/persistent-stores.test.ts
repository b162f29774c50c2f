import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Consumed,
  Grouped,
  JoinWindows,
  keyValue,
  Materialized,
  persistentKeyValueStore,
  persistentSessionStore,
  persistentTimestampedWindowStore,
  persistentWindowStore,
  Produced,
  Record,
  Serdes,
  SessionWindows,
  StreamJoined,
  StreamsArgumentError,
  StreamsBuilder,
  Stores,
  TimeWindows,
  TopologyTestDriver,
  type DslStoreType,
  type ProcessorContext,
  type Topology,
  type WindowStore,
} from '../index.js';

const S = Serdes.String();
const L = Serdes.Long();
const WIN = 10;
const GRACE = 5;
const GAP = 5;
const JOIN = JoinWindows.ofTimeDifferenceAndGrace(5, 3); // size 10, retention 13
const HOUR = 3_600_000;

/** Which suppliers the topology names: in-memory ones, persistent ones, or none (DSL defaults). */
type Suppliers = 'memory' | 'persistent' | 'none';

/**
 * One topology with every store kind: key-value (count, tables, a global table), timestamped
 * window (windowed count), session (session count), plain window with duplicates (stream-stream
 * outer join, plus its shared outer store), a foreign-key join's subscription store and a
 * Processor API window store added with `addStateStore`.
 */
function topology(kind: Suppliers): Topology {
  const p = kind === 'persistent';
  const kv = (name: string) =>
    kind === 'none' ? Materialized.as<string, string>(name) : Materialized.as<string, string>(p ? persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name));
  const b = new StreamsBuilder();
  const input = b.stream('in', Consumed.with(S, S));
  const grouped = input.groupByKey(Grouped.with(S, S));
  grouped.count(kind === 'none' ? Materialized.as<string, number>('counts') : Materialized.as<string, number>(p ? persistentKeyValueStore('counts') : Stores.inMemoryKeyValueStore('counts')))
    .toStream()
    .to('counts-out', Produced.with(S, L));

  const winParams = { retentionMs: HOUR, windowSizeMs: WIN };
  const win = kind === 'none' ? Materialized.as<string, number>('win-counts') : Materialized.as<string, number>(p ? persistentTimestampedWindowStore('win-counts', winParams) : Stores.inMemoryWindowStore('win-counts', winParams));
  grouped.windowedBy(TimeWindows.ofSizeAndGrace(WIN, GRACE)).count(win)
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}`, n))
    .to('win-out', Produced.with(S, L));

  const sess = kind === 'none' ? Materialized.as<string, number>('sessions') : Materialized.as<string, number>(p ? persistentSessionStore('sessions', HOUR) : Stores.inMemorySessionStore('sessions', HOUR));
  grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(GAP, GRACE)).count(sess)
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}-${w.window.end}`, n))
    .to('session-out', Produced.with(S, L));

  const joinParams = { retentionMs: JOIN.size() + JOIN.gracePeriodMs(), windowSizeMs: JOIN.size(), retainDuplicates: true };
  let joined = StreamJoined.with(S, S, S).withStoreName('j');
  if (kind !== 'none') {
    joined = joined
      .withThisStoreSupplier(p ? persistentWindowStore('j-left', joinParams) : Stores.inMemoryWindowStore('j-left', joinParams))
      .withOtherStoreSupplier(p ? persistentWindowStore('j-right', joinParams) : Stores.inMemoryWindowStore('j-right', joinParams));
  }
  b.stream('left', Consumed.with(S, S))
    .outerJoin(b.stream('right', Consumed.with(S, S)), (l, r) => `${l}+${r}`, JOIN, joined)
    .to('join-out', Produced.with(S, S));

  const customers = b.table('customers', Consumed.with(S, S), kv('customers-store'));
  b.table('orders', Consumed.with(S, S), kv('orders-store'))
    .join(customers, (customerId: string) => customerId, (order: string, customer: string) => `${order}/${customer}`)
    .toStream()
    .to('fk-out', Produced.with(S, S));

  const regions = b.globalTable('regions', Consumed.with(S, S), kv('regions-store'));
  input.join(regions, (k) => k, (v, region) => `${v}@${region}`).to('global-out', Produced.with(S, S));

  // Processor API: a count per key and tumbling window in a window store of its own.
  const papiParams = { retentionMs: HOUR, windowSizeMs: WIN };
  b.addStateStore(Stores.windowStoreBuilder(p ? Stores.persistentWindowStore('papi-win', papiParams) : Stores.inMemoryWindowStore('papi-win', papiParams), S, L));
  input
    .process<string, string>(() => {
      let ctx: ProcessorContext<string, string>;
      let store: WindowStore<string, number>;
      return {
        init(c) {
          ctx = c;
          store = c.getStateStore<WindowStore<string, number>>('papi-win');
        },
        process(r) {
          const start = Math.floor(r.timestamp / WIN) * WIN;
          const n = (store.fetch(r.key!, start) ?? 0) + 1;
          store.put(r.key!, n, start);
          ctx.forward(new Record(`${r.key}@${start}`, String(n), r.timestamp));
        },
      };
    }, 'papi-win')
    .to('papi-out', Produced.with(S, S));
  return b.build();
}

const OUTPUTS: readonly [string, 'long' | 'string'][] = [
  ['counts-out', 'long'],
  ['win-out', 'long'],
  ['session-out', 'long'],
  ['join-out', 'string'],
  ['fk-out', 'string'],
  ['global-out', 'string'],
  ['papi-out', 'string'],
];

interface Ev {
  readonly topic: 'in' | 'left' | 'right' | 'orders' | 'customers' | 'regions';
  readonly key: string;
  readonly value: string | null;
  readonly ts: number;
}

const ev: fc.Arbitrary<Ev> = fc.record({
  topic: fc.constantFrom('in', 'in', 'left', 'right', 'orders', 'customers', 'regions') as fc.Arbitrary<Ev['topic']>,
  key: fc.constantFrom('a', 'b', 'c'),
  value: fc.option(fc.constantFrom('a', 'b', 'c', 'x'), { freq: 6, nil: null }),
  ts: fc.integer({ min: 0, max: 60 }),
});

type Outputs = { [topic: string]: string[] };

/** Pipes the events and returns every output topic as `key=value@ts` lines. */
function run(driver: TopologyTestDriver, evs: readonly Ev[]): Outputs {
  const inputs = new Map(['in', 'left', 'right', 'orders', 'customers', 'regions'].map((t) => [t, driver.createInputTopic(t, S, S)]));
  for (const e of evs) {
    // Streams drop null values anyway; tables and the global table take them as deletes.
    if (e.value === null && (e.topic === 'in' || e.topic === 'left' || e.topic === 'right')) continue;
    inputs.get(e.topic)!.pipeInput(e.key, e.value, e.ts);
  }
  const out: Outputs = {};
  for (const [topic, kind] of OUTPUTS) {
    const records = kind === 'long' ? driver.createOutputTopic(topic, S, L).readRecordsToList() : driver.createOutputTopic(topic, S, S).readRecordsToList();
    out[topic] = records.map((r) => `${r.key}=${String(r.value)}@${r.timestamp}`);
  }
  return out;
}

function baseline(evs: readonly Ev[]): Outputs {
  const d = new TopologyTestDriver(topology('memory'));
  try {
    return run(d, evs);
  } finally {
    void d.close();
  }
}

describe('TopologyTestDriver with persistent stores', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('property (oracle: the same topology on in-memory suppliers): persistent suppliers in the synchronous driver give the same outputs', () => {
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 40 }), (evs) => {
        const d = new TopologyTestDriver(topology('persistent'));
        const actual = run(d, evs);
        void d.close();
        expect(actual).toEqual(baseline(evs));
      }),
      { numRuns: 60, seed: 1717 },
    );
  });

  it('property (oracle: the same topology on in-memory suppliers): TopologyTestDriver.create runs persistent suppliers and defaultDslStore stores on disk with the same outputs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ev, { maxLength: 40 }), fc.constantFrom<[Suppliers, DslStoreType]>(['persistent', 'in_memory'], ['none', 'persistent']), async (evs, [kind, dsl]) => {
        const d = await TopologyTestDriver.create(topology(kind), { defaultDslStore: dsl });
        try {
          expect(run(d, evs)).toEqual(baseline(evs));
        } finally {
          await d.close();
        }
      }),
      { numRuns: 12, seed: 99 },
    );
  });

  it('the synchronous driver keeps persistent suppliers in memory; create() writes them under stateDir and reopens them', async () => {
    const evs: Ev[] = [
      { topic: 'regions', key: 'a', value: 'north', ts: 0 },
      { topic: 'customers', key: 'c1', value: 'ann', ts: 1 },
      { topic: 'orders', key: 'o1', value: 'c1', ts: 2 },
      { topic: 'in', key: 'a', value: 'x', ts: 3 },
      { topic: 'in', key: 'a', value: 'y', ts: 4 },
      { topic: 'left', key: 'k', value: 'l1', ts: 5 },
    ];
    const sync = new TopologyTestDriver(topology('persistent'));
    run(sync, evs);
    expect(sync.getStateStore('counts')!.persistent).toBe(false);
    await sync.close();

    const stateDir = mkdtempSync(join(tmpdir(), 'driver-persistent-'));
    dirs.push(stateDir);
    const first = await TopologyTestDriver.create(topology('none'), { applicationId: 'disk', stateDir, defaultDslStore: 'persistent' });
    const out = run(first, evs);
    expect(out['fk-out']).toEqual(['o1=c1/ann@2']);
    expect(out['global-out']).toEqual(['a=x@north@3', 'a=y@north@4']);
    await first.close();

    const task = join(stateDir, 'disk', '0_0');
    const onDisk = readdirSync(task).sort();
    const subscription = onDisk.find((n) => n.startsWith('KTABLE-FK-JOIN-SUBSCRIPTION-'));
    expect(subscription).toBeDefined();
    for (const store of ['counts', 'win-counts', 'sessions', 'j-this-join-store', 'j-other-join-store', 'j-outer-shared-join-store', 'orders-store', 'customers-store']) {
      expect(onDisk).toContain(store);
    }
    expect(readdirSync(join(task, 'win-counts')).some((n) => n.startsWith('win-counts.'))).toBe(true);
    expect(existsSync(join(stateDir, 'disk', 'global', 'regions-store'))).toBe(true);
    // The Processor API store was given an in-memory supplier: defaultDslStore does not touch it.
    expect(onDisk).not.toContain('papi-win');

    // A second driver over the same directory opens what the first wrote.
    const second = await TopologyTestDriver.create(topology('none'), { applicationId: 'disk', stateDir, defaultDslStore: 'persistent' });
    try {
      expect(second.getStateStore('counts')!.persistent).toBe(true);
      expect(second.getTimestampedKeyValueStore<string, number>('counts')!.get('a')).toEqual({ value: 2, timestamp: 4 });
      expect(second.getTimestampedWindowStore<string, number>('win-counts')!.fetch('a', 0)).toEqual({ value: 2, timestamp: 4 });
      expect(second.getSessionStore<string, number>('sessions')!.fetch('a').map((kv) => [kv.key.window.start, kv.key.window.end, kv.value])).toEqual([[3, 4, 2]]);
      expect(second.getTimestampedKeyValueStore<string, string>('regions-store')!.get('a')?.value).toBe('north');
    } finally {
      await second.close();
    }
  });

  it('validates defaultDslStore with the runtime\'s typed error', async () => {
    const bad = { defaultDslStore: 'rocksdb' as DslStoreType };
    expect(() => new TopologyTestDriver(topology('memory'), bad)).toThrow(StreamsArgumentError);
    await expect(TopologyTestDriver.create(topology('memory'), bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => new TopologyTestDriver(topology('memory'), { defaultDslStore: 'persistent' })).not.toThrow();
  });
});
