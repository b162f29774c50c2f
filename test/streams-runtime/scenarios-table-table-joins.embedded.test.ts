import { Consumed, Produced, Serdes, StreamsBuilder, type KTable } from '@tributary/streams';
import { rec, scenarioSuite, topic, type Scenario, type ScenarioStep } from './scenario-app.js';

// streams-semantics.md S24/S25 (and the left join on the same input): both sides trigger,
// result timestamps are max(this, other), tombstones propagate.
const S = Serdes.String();
const I = Serdes.Integer();
const l = topic('l', I, S);
const r = topic('r', I, S);
const out = topic('out', I, S);
type Kind = 'inner' | 'left' | 'outer';

function build(kind: Kind) {
  return () => {
    const b = new StreamsBuilder();
    const lt = b.table('l', Consumed.with(I, S));
    const rt = b.table('r', Consumed.with(I, S));
    const j = (a: string | null, c: string | null) => `${a}+${c}`;
    const joined: KTable<number, string> = kind === 'inner' ? lt.join(rt, j) : kind === 'left' ? lt.leftJoin(rt, j) : lt.outerJoin(rt, j);
    joined.toStream().to('out', Produced.with(I, S));
    return b.build();
  };
}

const keys = [0, 1, 2, 3];
const inputs = [
  [rec(l, 0, 'X0', 5), rec(l, 1, 'X1', 6), rec(l, null, 'SomeVal', 42)],
  [rec(r, 0, 'Y0', 0), rec(r, 1, 'Y1', 10), rec(r, null, 'AnotherVal', 73)],
  keys.map((k) => rec(l, k, `XX${k}`, 7)),
  keys.map((k) => rec(r, k, `YY${k}`, 5 * k)),
  keys.map((k) => rec(l, k, `XXX${k}`, 6)),
  [rec(r, 0, null, 5), rec(r, 1, null, 7)],
  keys.map((k) => rec(l, k, `XXXX${k}`, 13)),
  [rec(l, 0, null, 0), rec(l, 1, null, 42), rec(l, 2, null, 5), rec(l, 3, null, 20)],
];

function scenario(kind: Kind, outputs: string[][]): Scenario {
  const steps: ScenarioStep[] = inputs.map((records, i) => ({ records, expect: { out: outputs[i]! } }));
  return { name: `table-table-${kind}`, build: build(kind), inputs: [l, r], outputs: [out], steps };
}

const s24 = scenario('inner', [
  [],
  ['0:X0+Y0@5', '1:X1+Y1@10'],
  ['0:XX0+Y0@7', '1:XX1+Y1@10'],
  ['0:XX0+YY0@7', '1:XX1+YY1@7', '2:XX2+YY2@10', '3:XX3+YY3@15'],
  ['0:XXX0+YY0@6', '1:XXX1+YY1@6', '2:XXX2+YY2@10', '3:XXX3+YY3@15'],
  ['0:null@6', '1:null@7'],
  ['2:XXXX2+YY2@13', '3:XXXX3+YY3@15'],
  ['2:null@10', '3:null@20'],
]);

const s25 = scenario('outer', [
  ['0:X0+null@5', '1:X1+null@6'],
  ['0:X0+Y0@5', '1:X1+Y1@10'],
  ['0:XX0+Y0@7', '1:XX1+Y1@10', '2:XX2+null@7', '3:XX3+null@7'],
  ['0:XX0+YY0@7', '1:XX1+YY1@7', '2:XX2+YY2@10', '3:XX3+YY3@15'],
  ['0:XXX0+YY0@6', '1:XXX1+YY1@6', '2:XXX2+YY2@10', '3:XXX3+YY3@15'],
  ['0:XXX0+null@6', '1:XXX1+null@7'],
  ['0:XXXX0+null@13', '1:XXXX1+null@13', '2:XXXX2+YY2@13', '3:XXXX3+YY3@15'],
  ['0:null@0', '1:null@42', '2:null+YY2@10', '3:null+YY3@20'],
]);

const left = scenario('left', [
  ['0:X0+null@5', '1:X1+null@6'],
  ['0:X0+Y0@5', '1:X1+Y1@10'],
  ['0:XX0+Y0@7', '1:XX1+Y1@10', '2:XX2+null@7', '3:XX3+null@7'],
  ['0:XX0+YY0@7', '1:XX1+YY1@7', '2:XX2+YY2@10', '3:XX3+YY3@15'],
  ['0:XXX0+YY0@6', '1:XXX1+YY1@6', '2:XXX2+YY2@10', '3:XXX3+YY3@15'],
  ['0:XXX0+null@6', '1:XXX1+null@7'],
  ['0:XXXX0+null@13', '1:XXXX1+null@13', '2:XXXX2+YY2@13', '3:XXXX3+YY3@15'],
  ['0:null@0', '1:null@42', '2:null@10', '3:null@20'],
]);

scenarioSuite('S24/S25 table-table joins', [s24, s25, left]);
