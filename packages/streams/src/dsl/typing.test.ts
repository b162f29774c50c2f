import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder, keyValue, type KStream, type KTable } from '../index.js';

// Compile-time checks: `tsc -p packages/streams/tsconfig.test.json` fails if any expected error
// below stops being an error. At runtime the file only builds topologies.
describe('key and value types flow through operators', () => {
  it('type errors for wrong serdes and wrong value types', () => {
    const b = new StreamsBuilder();
    const s: KStream<string, number> = b.stream('in', Consumed.with(Serdes.String(), Serdes.Integer()));

    // @ts-expect-error a string value serde cannot write numbers
    s.to('out', Produced.with(Serdes.String(), Serdes.String()));
    s.to('ok', Produced.with(Serdes.String(), Serdes.Integer()));

    // @ts-expect-error the predicate sees a number value
    s.filter((_k, v: string) => v.length > 0);

    const mapped = s.mapValues((v) => `${v}`);
    // @ts-expect-error after mapValues the value is a string
    mapped.to('out2', Produced.with(Serdes.String(), Serdes.Long()));

    const rekeyed = s.map((k, v) => keyValue(v, k));
    // @ts-expect-error the key is now a number
    rekeyed.groupByKey(Grouped.with(Serdes.String(), Serdes.String()));

    const counts: KTable<string, number> = s.groupByKey().count();
    // @ts-expect-error counts are numbers, not strings
    const wrong: KTable<string, string> = counts;
    void wrong;

    // @ts-expect-error Materialized for a count must hold numbers
    s.groupByKey().count(Materialized.with(Serdes.String(), Serdes.String()));

    s.groupByKey().aggregate<{ sum: number }>(
      () => ({ sum: 0 }),
      (_k, v, agg) => ({ sum: agg.sum + v }),
      // @ts-expect-error the aggregate type is { sum: number }
      Materialized.with(Serdes.String(), Serdes.Integer()),
    );

    const table = b.table('t', Consumed.with(Serdes.String(), Serdes.String()));
    // @ts-expect-error the table value is a string
    s.join(table, (v, tv: number) => v + tv);
    // @ts-expect-error a left join may see a null table value
    s.leftJoin(table, (_v, tv: string) => tv.length);

    expect(b.build().nodes.size).toBeGreaterThan(0);
  });
});
