import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, TopologyTestDriver, type KTable } from '../../index.js';

const S = Serdes.String();
const I = Serdes.Integer();
type Kind = 'inner' | 'left' | 'outer';

function setup(kind: Kind, cacheMaxBytes?: number) {
  const b = new StreamsBuilder();
  const l = b.table('l', Consumed.with(I, S));
  const r = b.table('r', Consumed.with(I, S));
  const j = (a: string | null, c: string | null) => `${a}+${c}`;
  const joined: KTable<number, string> = kind === 'inner' ? l.join(r, j) : kind === 'left' ? l.leftJoin(r, j) : l.outerJoin(r, j);
  joined.toStream().to('out', Produced.with(I, S));
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app', ...(cacheMaxBytes !== undefined ? { cacheMaxBytes } : {}) });
  const li = d.createInputTopic('l', I, S);
  const ri = d.createInputTopic('r', I, S);
  const out = d.createOutputTopic('out', I, S);
  const read = () => out.readRecordsToList().map((x) => `${x.key}:${x.value}@${x.timestamp}`);
  return { li, ri, read };
}

// The S24/S25 input sequence.
function steps({ li, ri }: ReturnType<typeof setup>): (() => void)[] {
  return [
    () => { li.pipeInput(0, 'X0', 5); li.pipeInput(1, 'X1', 6); li.pipeInput(null, 'SomeVal', 42); },
    () => { ri.pipeInput(0, 'Y0', 0); ri.pipeInput(1, 'Y1', 10); ri.pipeInput(null, 'AnotherVal', 73); },
    () => { for (let k = 0; k < 4; k++) li.pipeInput(k, `XX${k}`, 7); },
    () => { for (let k = 0; k < 4; k++) ri.pipeInput(k, `YY${k}`, 5 * k); },
    () => { for (let k = 0; k < 4; k++) li.pipeInput(k, `XXX${k}`, 6); },
    () => { ri.pipeInput(0, null, 5); ri.pipeInput(1, null, 7); },
    () => { for (let k = 0; k < 4; k++) li.pipeInput(k, `XXXX${k}`, 13); },
    () => { li.pipeInput(0, null, 0); li.pipeInput(1, null, 42); li.pipeInput(2, null, 5); li.pipeInput(3, null, 20); },
  ];
}

describe('S24: KTable-KTable inner join', () => {
  for (const cache of [0, undefined]) {
    it(`timestamps and tombstones (cache ${cache ?? 'default'})`, () => {
      const env = setup('inner', cache);
      const expected = [
        [],
        ['0:X0+Y0@5', '1:X1+Y1@10'],
        ['0:XX0+Y0@7', '1:XX1+Y1@10'],
        ['0:XX0+YY0@7', '1:XX1+YY1@7', '2:XX2+YY2@10', '3:XX3+YY3@15'],
        ['0:XXX0+YY0@6', '1:XXX1+YY1@6', '2:XXX2+YY2@10', '3:XXX3+YY3@15'],
        ['0:null@6', '1:null@7'],
        ['2:XXXX2+YY2@13', '3:XXXX3+YY3@15'],
        ['2:null@10', '3:null@20'],
      ];
      steps(env).forEach((step, i) => {
        step();
        expect(env.read(), `step ${i + 1}`).toEqual(expected[i]);
      });
    });
  }
});

describe('S25: KTable-KTable outer join', () => {
  it('same input as S24', () => {
    const env = setup('outer');
    const expected = [
      ['0:X0+null@5', '1:X1+null@6'],
      ['0:X0+Y0@5', '1:X1+Y1@10'],
      ['0:XX0+Y0@7', '1:XX1+Y1@10', '2:XX2+null@7', '3:XX3+null@7'],
      ['0:XX0+YY0@7', '1:XX1+YY1@7', '2:XX2+YY2@10', '3:XX3+YY3@15'],
      ['0:XXX0+YY0@6', '1:XXX1+YY1@6', '2:XXX2+YY2@10', '3:XXX3+YY3@15'],
      ['0:XXX0+null@6', '1:XXX1+null@7'],
      ['0:XXXX0+null@13', '1:XXXX1+null@13', '2:XXXX2+YY2@13', '3:XXXX3+YY3@15'],
      ['0:null@0', '1:null@42', '2:null+YY2@10', '3:null+YY3@20'],
    ];
    steps(env).forEach((step, i) => {
      step();
      expect(env.read(), `step ${i + 1}`).toEqual(expected[i]);
    });
  });
});

describe('KTable-KTable left join', () => {
  it('left side always emits, right side only when the left exists', () => {
    const env = setup('left');
    const expected = [
      ['0:X0+null@5', '1:X1+null@6'],
      ['0:X0+Y0@5', '1:X1+Y1@10'],
      ['0:XX0+Y0@7', '1:XX1+Y1@10', '2:XX2+null@7', '3:XX3+null@7'],
      ['0:XX0+YY0@7', '1:XX1+YY1@7', '2:XX2+YY2@10', '3:XX3+YY3@15'],
      ['0:XXX0+YY0@6', '1:XXX1+YY1@6', '2:XXX2+YY2@10', '3:XXX3+YY3@15'],
      ['0:XXX0+null@6', '1:XXX1+null@7'],
      ['0:XXXX0+null@13', '1:XXXX1+null@13', '2:XXXX2+YY2@13', '3:XXXX3+YY3@15'],
      ['0:null@0', '1:null@42', '2:null@10', '3:null@20'],
    ];
    steps(env).forEach((step, i) => {
      step();
      expect(env.read(), `step ${i + 1}`).toEqual(expected[i]);
    });
  });
});
