import { Consumed, Produced, Serdes, StreamsBuilder, type KStream } from '@tributary/streams';
import { rec, scenarioSuite, topic, type Scenario } from './scenario-app.js';

// streams-semantics.md S20/S21: only stream records trigger; a table tombstone clears the row.
const S = Serdes.String();
const I = Serdes.Integer();
const s = topic('s', I, S);
const t = topic('t', I, S);
const out = topic('out', I, S);

function build(left: boolean) {
  return () => {
    const b = new StreamsBuilder();
    const stream = b.stream('s', Consumed.with(I, S));
    const table = b.table('t', Consumed.with(I, S));
    const joined: KStream<number, string> = left ? stream.leftJoin(table, (v, tv) => `${v}+${tv}`) : stream.join(table, (v, tv) => `${v}+${tv}`);
    joined.to('out', Produced.with(I, S));
    return b.build();
  };
}
const streamRecs = (prefix: string, keys: number[]) => keys.map((k) => rec(s, k, `${prefix}${k}`, k));
const tableRecs = (prefix: string, keys: number[], ts = 100) => keys.map((k) => rec(t, k, `${prefix}${k}`, ts));

const s20: Scenario = {
  name: 's20-inner',
  build: build(false),
  inputs: [s, t],
  outputs: [out],
  steps: [
    { records: streamRecs('X', [0, 1]), expect: {} },
    { records: tableRecs('Y', [0, 1]), expect: {} },
    { records: streamRecs('X', [0, 1, 2, 3]), expect: { out: ['0:X0+Y0@0', '1:X1+Y1@1'] } },
    { records: tableRecs('YY', [0, 1, 2, 3]), expect: {} },
    { records: streamRecs('X', [0, 1, 2, 3]), expect: { out: ['0:X0+YY0@0', '1:X1+YY1@1', '2:X2+YY2@2', '3:X3+YY3@3'] } },
    { records: [rec(t, 0, null, 5), rec(t, 1, null, 5)], expect: {} },
    { records: streamRecs('XX', [0, 1, 2, 3]), expect: { out: ['2:XX2+YY2@2', '3:XX3+YY3@3'] } },
    // A null stream key or value is dropped.
    { records: [rec(s, null, 'x', 1), rec(s, 2, null, 1)], expect: {} },
  ],
};

const s21: Scenario = {
  name: 's21-left',
  build: build(true),
  inputs: [s, t],
  outputs: [out],
  steps: [
    { records: streamRecs('X', [0, 1]), expect: { out: ['0:X0+null@0', '1:X1+null@1'] } },
    { records: tableRecs('Y', [0, 1]), expect: {} },
    { records: streamRecs('X', [0, 1, 2, 3]), expect: { out: ['0:X0+Y0@0', '1:X1+Y1@1', '2:X2+null@2', '3:X3+null@3'] } },
    { records: [...tableRecs('Y', [2, 3]), rec(t, 0, null, 5), rec(t, 1, null, 5)], expect: {} },
    { records: streamRecs('XX', [0, 1, 2, 3]), expect: { out: ['0:XX0+null@0', '1:XX1+null@1', '2:XX2+Y2@2', '3:XX3+Y3@3'] } },
    // KIP-962: a null stream key with a value is kept by a left join.
    { records: [rec(s, null, 'v', 3)], expect: { out: ['null:v+null@3'] } },
  ],
};

scenarioSuite('S20/S21 stream-table joins', [s20, s21]);
