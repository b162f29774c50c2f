import { describe, expect, it } from 'vitest';
import { Consumed, JoinWindows, Serdes, StreamsBuilder, TopologyTestDriver, type KStream } from '../../index.js';

const S = Serdes.String();
type Kind = 'join' | 'leftJoin' | 'outerJoin';

function setup(kind: Kind, windows: JoinWindows) {
  const b = new StreamsBuilder();
  const l = b.stream('L', Consumed.with(S, S));
  const r = b.stream('R', Consumed.with(S, S));
  const joiner = (a: string | null, c: string | null) => `${a}+${c}`;
  const joined: KStream<string, string> = kind === 'join' ? l.join(r, joiner, windows) : kind === 'leftJoin' ? l.leftJoin(r, joiner, windows) : l.outerJoin(r, joiner, windows);
  joined.to('out');
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
  const L = d.createInputTopic('L', S, S);
  const R = d.createInputTopic('R', S, S);
  const out = d.createOutputTopic('out', S, S);
  const read = () => out.readRecordsToList().map((x) => `${x.key}:${x.value}@${x.timestamp}`);
  return { d, L, R, read };
}

describe('S11: inner join, all at ts 0', () => {
  it('joins every pair within the window, in the other side\'s order', () => {
    const { L, R, read } = setup('join', JoinWindows.ofTimeDifferenceWithNoGrace(100));
    L.pipeInput('0', 'A0', 0); L.pipeInput('1', 'A1', 0);
    expect(read()).toEqual([]);
    R.pipeInput('0', 'a0', 0); R.pipeInput('1', 'a1', 0);
    expect(read()).toEqual(['0:A0+a0@0', '1:A1+a1@0']);
    for (let i = 0; i < 4; i++) L.pipeInput(String(i), `B${i}`, 0);
    expect(read()).toEqual(['0:B0+a0@0', '1:B1+a1@0']);
    for (let i = 0; i < 4; i++) R.pipeInput(String(i), `b${i}`, 0);
    expect(read()).toEqual(['0:A0+b0@0', '0:B0+b0@0', '1:A1+b1@0', '1:B1+b1@0', '2:B2+b2@0', '3:B3+b3@0']);
    for (let i = 0; i < 4; i++) L.pipeInput(String(i), `C${i}`, 0);
    expect(read()).toEqual(['0:C0+a0@0', '0:C0+b0@0', '1:C1+a1@0', '1:C1+b1@0', '2:C2+b2@0', '3:C3+b3@0']);
    R.pipeInput('0', 'c0', 0); R.pipeInput('1', 'c1', 0);
    expect(read()).toEqual(['0:A0+c0@0', '0:B0+c0@0', '0:C0+c0@0', '1:A1+c1@0', '1:B1+c1@0', '1:C1+c1@0']);
  });
});

describe('S12: inner join window bounds, output ts = max', () => {
  it('includes both bounds', () => {
    const { L, R, read } = setup('join', JoinWindows.ofTimeDifferenceWithNoGrace(100));
    L.pipeInput('0', 'A0', 0); L.pipeInput('1', 'A1', 0); R.pipeInput('0', 'a0', 0); R.pipeInput('1', 'a1', 0);
    expect(read()).toEqual(['0:A0+a0@0', '1:A1+a1@0']);
    for (let i = 0; i < 4; i++) L.pipeInput(String(i), `B${i}`, 1000 + i);
    const rights = (p: string, ts: number) => {
      for (let i = 0; i < 4; i++) R.pipeInput(String(i), `${p}${i}`, ts);
      return read();
    };
    expect(read()).toEqual([]);
    expect(rights('b', 1100)).toEqual(['0:B0+b0@1100', '1:B1+b1@1100', '2:B2+b2@1100', '3:B3+b3@1100']);
    expect(rights('c', 1101)).toEqual(['1:B1+c1@1101', '2:B2+c2@1101', '3:B3+c3@1101']);
    expect(rights('d', 1102)).toEqual(['2:B2+d2@1102', '3:B3+d3@1102']);
    expect(rights('e', 1103)).toEqual(['3:B3+e3@1103']);
    expect(rights('f', 1104)).toEqual([]);
    expect(rights('g', 899)).toEqual([]);
    expect(rights('h', 900)).toEqual(['0:B0+h0@1000']);
    expect(rights('i', 901)).toEqual(['0:B0+i0@1000', '1:B1+i1@1001']);
    expect(rights('j', 902)).toEqual(['0:B0+j0@1000', '1:B1+j1@1001', '2:B2+j2@1002']);
  });
});

describe('S13: asymmetric window (before 0, after 100)', () => {
  it('a left record at t joins right records in [t, t+100]', () => {
    const { L, R, read } = setup('join', JoinWindows.ofTimeDifferenceWithNoGrace(0).after(100));
    for (let i = 0; i < 4; i++) L.pipeInput(String(i), `A${i}`, 1000 + i);
    const rights = (p: string, ts: number) => {
      for (let i = 0; i < 4; i++) R.pipeInput(String(i), `${p}${i}`, ts);
      return read().map((s) => s.split(':')[0]);
    };
    expect(rights('a', 999)).toEqual([]);
    expect(rights('b', 1000)).toEqual(['0']);
    expect(rights('c', 1001)).toEqual(['0', '1']);
    expect(rights('d', 1002)).toEqual(['0', '1', '2']);
    expect(rights('e', 1003)).toEqual(['0', '1', '2', '3']);
    expect(rights('f', 1100)).toEqual(['0', '1', '2', '3']);
    expect(rights('g', 1101)).toEqual(['1', '2', '3']);
    expect(rights('h', 1102)).toEqual(['2', '3']);
    expect(rights('i', 1103)).toEqual(['3']);
    expect(rights('j', 1104)).toEqual([]);
  });
});

describe('S14/S15/S17: left join emits non-joined results only after the window closes', () => {
  it('S14: waits for window + grace, emits before the current record\'s results', () => {
    for (const dummySide of ['L', 'R'] as const) {
      const { L, R, read } = setup('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 0));
      L.pipeInput('0', 'A0', 1); L.pipeInput('1', 'A1', 2); L.pipeInput('0', 'A0-0', 3);
      expect(read()).toEqual([]);
      R.pipeInput('1', 'a1', 3);
      expect(read()).toEqual(['1:A1+a1@3']);
      (dummySide === 'L' ? L : R).pipeInput('2', 'dummy', 401);
      expect(read()).toEqual(['0:A0+null@1', '0:A0-0+null@3']);
    }
  });
  it('S15: ordering', () => {
    const { L, R, read } = setup('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(100));
    L.pipeInput('0', 'A0', 0); L.pipeInput('1', 'A1', 100); R.pipeInput('1', 'a1', 110);
    expect(read()).toEqual(['0:A0+null@0', '1:A1+a1@110']);
  });
  it('S17: duplicates; joined records are never emitted as non-joined', () => {
    const { L, R, read } = setup('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 10));
    L.pipeInput('0', 'A0', 0); L.pipeInput('0', 'A0-0', 0); R.pipeInput('1', 'a0', 111); R.pipeInput('2', 'dummy', 500);
    expect(read()).toEqual(['0:A0+null@0', '0:A0-0+null@0']);
    L.pipeInput('2', 'A2', 1000); L.pipeInput('2', 'A2-0', 1000); R.pipeInput('2', 'a2', 1001);
    expect(read()).toEqual(['2:A2+a2@1001', '2:A2-0+a2@1001']);
    R.pipeInput('3', 'a3', 315);
    expect(read()).toEqual([]);
  });
});

describe('S18: outer join duplicates and ordering', () => {
  it('right side first at equal timestamps', () => {
    const { L, R, read } = setup('outerJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 10));
    L.pipeInput('0', 'A0', 0); L.pipeInput('0', 'A0-0', 0);
    R.pipeInput('1', '11', 0); R.pipeInput('1', '12', 0); R.pipeInput('1', '10', 111); R.pipeInput('3', '100', 211);
    expect(read()).toEqual(['1:null+11@0', '1:null+12@0', '0:A0+null@0', '0:A0-0+null@0']);
    L.pipeInput('2', 'A2', 200); L.pipeInput('2', 'A2-0', 200); R.pipeInput('2', '13', 201); R.pipeInput('2', '14', 201);
    expect(read()).toEqual(['2:A2+13@201', '2:A2-0+13@201', '2:A2+14@201', '2:A2-0+14@201']);
    R.pipeInput('3', '100', 1500);
    expect(read()).toEqual(['1:null+10@111', '3:null+100@211']);
  });
});

describe('join topology', () => {
  it('describes Kafka\'s node and store names', () => {
    const b = new StreamsBuilder();
    b.stream('L', Consumed.with(S, S)).leftJoin(b.stream('R', Consumed.with(S, S)), (a, c) => `${a}+${c}`, JoinWindows.ofTimeDifferenceWithNoGrace(10)).to('out');
    const text = String(b.build().describe());
    for (const s of ['KSTREAM-WINDOWED-0000000002', 'KSTREAM-WINDOWED-0000000003', 'KSTREAM-JOINTHIS-0000000004', 'KSTREAM-OUTEROTHER-0000000005', 'KSTREAM-MERGE-0000000006',
      'KSTREAM-JOINTHIS-0000000004-store', 'KSTREAM-OUTEROTHER-0000000005-store', 'KSTREAM-OUTERSHARED-0000000004-store']) expect(text).toContain(s);
  });
});
