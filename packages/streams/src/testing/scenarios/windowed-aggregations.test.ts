import { describe, expect, it } from 'vitest';
import { Consumed, DroppedRecords, EmitStrategy, Produced, Serdes, SessionWindows, StreamsBuilder, TimeWindows, TopologyTestDriver, WindowedSerdes, type KTable, type Windowed } from '../../index.js';

const S = Serdes.String();

function driver<V>(appId: string, build: (b: StreamsBuilder) => KTable<Windowed<string>, V>, windowSize: number | 'session', valueSerde: 'string' | 'long') {
  const b = new StreamsBuilder();
  build(b).toStream().to('out');
  const d = new TopologyTestDriver(b.build(), { applicationId: appId, defaultKeySerde: S, defaultValueSerde: S });
  const ks = windowSize === 'session' ? WindowedSerdes.sessionWindowedSerdeFrom(S) : WindowedSerdes.timeWindowedSerdeFrom(S, windowSize);
  const out = d.createOutputTopic('out', ks, (valueSerde === 'long' ? Serdes.Long() : S) as never);
  const read = () => out.readRecordsToList().map((r) => `${String(r.key)} ${r.value}@${r.timestamp}`);
  return { d, input: d.createInputTopic('in', S, S), read };
}

describe('S1: hopping window aggregate, on update, out of order within grace', () => {
  const build = (emit: EmitStrategy) => (b: StreamsBuilder) =>
    b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 100).advanceBy(5)).emitStrategy(emit).aggregate(() => '0', (_k, v, a) => `${a}+${v}`);
  const steps: [string, string, number, string[]][] = [
    ['A', '1', 0, ['[A@0/10] 0+1@0']],
    ['B', '2', 1, ['[B@0/10] 0+2@1']],
    ['C', '3', 2, ['[C@0/10] 0+3@2']],
    ['D', '4', 3, ['[D@0/10] 0+4@3']],
    ['A', '1', 4, ['[A@0/10] 0+1+1@4']],
    ['A', '1', 5, ['[A@0/10] 0+1+1+1@5', '[A@5/15] 0+1@5']],
    ['B', '2', 6, ['[B@0/10] 0+2+2@6', '[B@5/15] 0+2@6']],
    ['D', '4', 7, ['[D@0/10] 0+4+4@7', '[D@5/15] 0+4@7']],
    ['B', '2', 8, ['[B@0/10] 0+2+2+2@8', '[B@5/15] 0+2+2@8']],
    ['C', '3', 9, ['[C@0/10] 0+3+3@9', '[C@5/15] 0+3@9']],
    ['A', '1', 10, ['[A@5/15] 0+1+1@10', '[A@10/20] 0+1@10']],
    ['B', '2', 11, ['[B@5/15] 0+2+2+2@11', '[B@10/20] 0+2@11']],
    ['D', '4', 12, ['[D@5/15] 0+4+4@12', '[D@10/20] 0+4@12']],
    ['B', '2', 13, ['[B@5/15] 0+2+2+2+2@13', '[B@10/20] 0+2+2@13']],
    ['C', '3', 14, ['[C@5/15] 0+3+3@14', '[C@10/20] 0+3@14']],
    ['B', '1', 3, ['[B@0/10] 0+2+2+2+1@8']],
    ['B', '2', 2, ['[B@0/10] 0+2+2+2+1+2@8']],
    ['B', '3', 9, ['[B@0/10] 0+2+2+2+1+2+3@9', '[B@5/15] 0+2+2+2+2+3@13']],
  ];
  it('emits every update in ascending window start with max-record timestamps', () => {
    const { input, read } = driver('s1', build(EmitStrategy.onWindowUpdate()), 10, 'string');
    for (const [k, v, ts, expected] of steps) {
      input.pipeInput(k, v, ts);
      expect(read()).toEqual(expected);
    }
  });
  it('with onWindowClose the same input emits nothing', () => {
    const { input, read } = driver('s1c', build(EmitStrategy.onWindowClose()), 10, 'string');
    for (const [k, v, ts] of steps) input.pipeInput(k, v, ts);
    expect(read()).toEqual([]);
  });
});

describe('S3: tumbling window, whole window late', () => {
  it('drops and counts every record of a closed window', () => {
    DroppedRecords.reset('s3');
    const { input, read } = driver('s3', (b) => b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 90)).aggregate(() => '', (_k, v, a) => `${a}+${v}`), 10, 'string');
    input.pipeInput('k', '100', 200);
    for (let i = 0; i <= 5; i++) input.pipeInput('k', String(i), 100 + i);
    input.pipeInput('k', '6', 6);
    expect(read()).toEqual(['[k@200/210] +100@200']);
    expect(DroppedRecords.count('s3')).toBe(7);
  });
});

describe('S4: emitStrategy(onWindowClose) on a hopping window', () => {
  it('emits each closed window once, by window start then key, after the store update', () => {
    const { input, read } = driver('s4', (b) => b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5).advanceBy(5)).emitStrategy(EmitStrategy.onWindowClose()).aggregate(() => '0', (_k, v, a) => `${a}+${v}`), 10, 'string');
    for (const [k, v, ts] of [['A', '1', 0], ['B', '2', 1], ['C', '3', 2], ['D', '4', 3], ['A', '1', 9]] as const) input.pipeInput(k, v, ts);
    expect(read()).toEqual([]);
    input.pipeInput('A', '1', 15);
    expect(read()).toEqual(['[A@0/10] 0+1+1@9', '[B@0/10] 0+2@1', '[C@0/10] 0+3@2', '[D@0/10] 0+4@3']);
    for (const [k, v, ts] of [['A', '1', 10], ['B', '2', 11], ['D', '4', 12], ['B', '2', 13], ['C', '3', 14]] as const) input.pipeInput(k, v, ts);
    expect(read()).toEqual([]);
    input.pipeInput('A', '1', 20);
    expect(read()).toEqual(['[A@5/15] 0+1+1@10', '[B@5/15] 0+2+2@13', '[C@5/15] 0+3@14', '[D@5/15] 0+4@12']);
  });
});

describe('S9: session windows, merge tombstones', () => {
  it('removes merged sessions with tombstones and drops records of closed sessions', () => {
    const { input, read } = driver('s9', (b) => b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5)).count(), 'session', 'long');
    const step = (k: string, ts: number) => {
      input.pipeInput(k, 'v', ts);
      return read();
    };
    expect(step('k1', 0)).toEqual(['[k1@0/0] 1@0']);
    expect(step('k1', 5)).toEqual(['[k1@0/0] null@0', '[k1@0/5] 2@5']);
    expect(step('k1', 1)).toEqual(['[k1@0/5] null@5', '[k1@0/5] 3@5']);
    expect(step('k2', 11)).toEqual(['[k2@11/11] 1@11']);
    expect(step('k1', 5)).toEqual([]);
    expect(step('k1', 30)).toEqual(['[k1@30/30] 1@30']);
  });
});
