import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, TopologyTestDriver, type KStream } from '../../index.js';

const S = Serdes.String();
const I = Serdes.Integer();

function setup(left: boolean, cacheMaxBytes?: number) {
  const b = new StreamsBuilder();
  const stream = b.stream('s', Consumed.with(I, S));
  const table = b.table('t', Consumed.with(I, S));
  const joined: KStream<number, string> = left
    ? stream.leftJoin(table, (v, t) => `${v}+${t}`)
    : stream.join(table, (v, t) => `${v}+${t}`);
  joined.to('out', Produced.with(I, S));
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app', ...(cacheMaxBytes !== undefined ? { cacheMaxBytes } : {}) });
  const s = d.createInputTopic('s', I, S);
  const t = d.createInputTopic('t', I, S);
  const out = d.createOutputTopic('out', I, S);
  const pipeS = (prefix: string, keys: number[]) => keys.forEach((k) => s.pipeInput(k, `${prefix}${k}`, k));
  const pipeT = (prefix: string, keys: number[], ts = 100) => keys.forEach((k) => t.pipeInput(k, `${prefix}${k}`, ts));
  const read = () => out.readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`);
  return { s, t, pipeS, pipeT, read, d };
}

describe('S20: stream-table inner join; table updates never emit', () => {
  for (const cache of [0, undefined]) {
    it(`shouldNotJoinOnTableUpdates (cache ${cache ?? 'default'})`, () => {
      const { pipeS, pipeT, read } = setup(false, cache);
      pipeS('X', [0, 1]);
      expect(read()).toEqual([]);
      pipeT('Y', [0, 1]);
      expect(read()).toEqual([]);
      pipeS('X', [0, 1, 2, 3]);
      expect(read()).toEqual(['0:X0+Y0@0', '1:X1+Y1@1']);
      pipeT('YY', [0, 1, 2, 3]);
      expect(read()).toEqual([]);
      pipeS('X', [0, 1, 2, 3]);
      expect(read()).toEqual(['0:X0+YY0@0', '1:X1+YY1@1', '2:X2+YY2@2', '3:X3+YY3@3']);
    });
  }

  it('shouldClearTableEntryOnNullValueUpdates', () => {
    const { t, pipeS, pipeT, read } = setup(false);
    pipeT('Y', [0, 1, 2, 3]);
    pipeS('X', [0, 1, 2, 3]);
    expect(read()).toHaveLength(4);
    t.pipeInput(0, null, 5);
    t.pipeInput(1, null, 5);
    expect(read()).toEqual([]);
    pipeS('XX', [0, 1, 2, 3]);
    expect(read()).toEqual(['2:XX2+Y2@2', '3:XX3+Y3@3']);
  });

  it('drops stream records with a null key or value', () => {
    const { s, pipeT, read } = setup(false);
    pipeT('Y', [0]);
    s.pipeInput(null, 'x', 1);
    s.pipeInput(0, null, 1);
    expect(read()).toEqual([]);
  });
});

describe('S21: stream-table left join', () => {
  it('emits a null table side when missing', () => {
    const { t, pipeS, pipeT, read } = setup(true);
    pipeS('X', [0, 1]);
    expect(read()).toEqual(['0:X0+null@0', '1:X1+null@1']);
    pipeT('Y', [0, 1]);
    pipeS('X', [0, 1, 2, 3]);
    expect(read()).toEqual(['0:X0+Y0@0', '1:X1+Y1@1', '2:X2+null@2', '3:X3+null@3']);
    pipeT('Y', [2, 3]);
    t.pipeInput(0, null, 5);
    t.pipeInput(1, null, 5);
    pipeS('XX', [0, 1, 2, 3]);
    expect(read()).toEqual(['0:XX0+null@0', '1:XX1+null@1', '2:XX2+Y2@2', '3:XX3+Y3@3']);
  });

  it('KIP-962: a null stream key with a value emits with a null table side', () => {
    const { s, read } = setup(true);
    s.pipeInput(null, 'v', 3);
    expect(read()).toEqual(['null:v+null@3']);
  });
});

describe('stream-GlobalKTable join', () => {
  it('joins on a selected key, left join keeps misses, global updates never emit', () => {
    const b = new StreamsBuilder();
    const g = b.globalTable('g', Consumed.with(S, S));
    const s = b.stream('s', Consumed.with(S, S));
    s.join(g, (_k, v) => v.split('|')[1]!, (v, gv) => `${v}=${gv}`).to('inner', Produced.with(S, S));
    s.leftJoin(g, (_k, v) => v.split('|')[1]!, (v, gv) => `${v}=${gv}`).to('left', Produced.with(S, S));
    const topology = b.build();
    expect(topology.describe().toString()).toContain(
      'Topologies:\n   Sub-topology: 0 for global store (will not generate tasks)\n' +
        '    Source: KSTREAM-SOURCE-0000000001 (topics: [g])\n      --> KTABLE-SOURCE-0000000002\n' +
        '    Processor: KTABLE-SOURCE-0000000002 (stores: [g-STATE-STORE-0000000000])\n      --> none\n      <-- KSTREAM-SOURCE-0000000001\n' +
        '  Sub-topology: 1\n    Source: KSTREAM-SOURCE-0000000003 (topics: [s])\n',
    );
    const d = new TopologyTestDriver(topology);
    const gi = d.createInputTopic('g', S, S);
    const si = d.createInputTopic('s', S, S);
    si.pipeInput('a', 'x|g1', 1);
    gi.pipeInput('g1', 'G1', 2);
    si.pipeInput('b', 'y|g1', 3);
    expect(d.createOutputTopic('inner', S, S).readKeyValuesToList()).toEqual([{ key: 'b', value: 'y|g1=G1' }]);
    expect(d.createOutputTopic('left', S, S).readKeyValuesToList()).toEqual([{ key: 'a', value: 'x|g1=null' }, { key: 'b', value: 'y|g1=G1' }]);
    expect(d.getKeyValueStore<string, { value: string }>('g-STATE-STORE-0000000000')!.get('g1')?.value).toBe('G1');
  });
});
