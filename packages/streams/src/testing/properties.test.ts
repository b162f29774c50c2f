import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, Materialized, Serdes, StreamsBuilder, TopologyTestDriver, keyValue } from '../index.js';

const S = Serdes.String();
const I = Serdes.Integer();
const keyArb = fc.constantFrom('a', 'b', 'c', 'd');

describe('property tests against brute-force oracles', () => {
  it('groupByKey().count() equals a Map count over the input (oracle: Map count)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, fc.option(fc.integer({ min: 0, max: 9 }), { nil: null })), { maxLength: 40 }), fc.boolean(), (input, cache) => {
        const b = new StreamsBuilder();
        b.stream('in', Consumed.with(S, I)).groupByKey().count(Materialized.as('c'));
        const d = new TopologyTestDriver(b.build(), { cacheMaxBytes: cache ? 1 << 20 : 0 });
        const t = d.createInputTopic('in', S, I);
        const oracle = new Map<string, number>();
        input.forEach(([k, v], i) => {
          t.pipeInput(k, v, i);
          if (v !== null) oracle.set(k, (oracle.get(k) ?? 0) + 1);
        });
        const store = d.getTimestampedKeyValueStore<string, number>('c')!;
        expect(new Map(store.all().map((kv) => [kv.key, kv.value.value]))).toEqual(oracle);
      }),
      { numRuns: 60 },
    );
  });

  it('KTable.groupBy().aggregate with adder/subtractor equals recomputation from the current table (oracle: recompute)', () => {
    const update = fc.tuple(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5'), fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }));
    fc.assert(
      fc.property(fc.array(update, { maxLength: 40 }), fc.boolean(), (updates, cache) => {
        const group = (v: number): string => `g${v % 3}`;
        const b = new StreamsBuilder();
        b.table('t', Consumed.with(S, I))
          .groupBy((_k, v) => keyValue(group(v), v), Grouped.with(S, I))
          .aggregate(() => 0, (_k, v, a) => a + v, (_k, v, a) => a - v, Materialized.as<string, number>('sum').withValueSerde(I));
        b.table('t2', Consumed.with(S, I))
          .groupBy((k, v) => keyValue(group(v), k), Grouped.with(S, S))
          .count(Materialized.as('cnt'));
        const d = new TopologyTestDriver(b.build(), { cacheMaxBytes: cache ? 1 << 20 : 0 });
        const t = d.createInputTopic('t', S, I);
        const t2 = d.createInputTopic('t2', S, I);
        const table = new Map<string, number>();
        updates.forEach(([k, v], i) => {
          t.pipeInput(k, v, i);
          t2.pipeInput(k, v, i);
          if (v === null) table.delete(k);
          else table.set(k, v);
        });
        const sums = new Map<string, number>();
        const counts = new Map<string, number>();
        for (const v of table.values()) {
          sums.set(group(v), (sums.get(group(v)) ?? 0) + v);
          counts.set(group(v), (counts.get(group(v)) ?? 0) + 1);
        }
        // Groups that emptied keep an aggregate of 0 (no tombstone), like Kafka.
        const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
        const sumStore = d.getTimestampedKeyValueStore<string, number>('sum')!;
        const cntStore = d.getTimestampedKeyValueStore<string, number>('cnt')!;
        expect(nonZero(new Map(sumStore.all().map((kv) => [kv.key, kv.value.value])))).toEqual(nonZero(sums));
        expect(nonZero(new Map(cntStore.all().map((kv) => [kv.key, kv.value.value])))).toEqual(counts);
      }),
      { numRuns: 60 },
    );
  });
});
