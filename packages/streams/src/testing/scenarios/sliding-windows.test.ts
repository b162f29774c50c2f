import { describe, expect, it } from 'vitest';
import { BufferConfig, Consumed, EmitStrategy, Serdes, SlidingWindows, StreamsBuilder, Suppressed, TopologyTestDriver, WindowedSerdes } from '../../index.js';

const S = Serdes.String();
const fmt = (r: { key: unknown; value: unknown; timestamp: number }) => `${String(r.key)} ${r.value}@${r.timestamp}`;

describe('S7: sliding-window aggregate', () => {
  const input: [string, number][] = [['1', 10], ['2', 10], ['3', 14], ['4', 15], ['5', 20], ['6', 22], ['7', 30]];
  it('emits, per record, the windows it updates or creates (set per record; order is not a contract)', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).aggregate(() => '0', (_k, v, a) => `${a}+${v}`).toStream().to('out');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const t = d.createInputTopic('in', S, S);
    const out = d.createOutputTopic('out', WindowedSerdes.timeWindowedSerdeFrom(S, 10), S);
    const expected = [
      ['[A@0/10] 0+1@10'],
      ['[A@0/10] 0+1+2@10'],
      ['[A@4/14] 0+1+2+3@14', '[A@11/21] 0+3@14'],
      ['[A@5/15] 0+1+2+3+4@15', '[A@11/21] 0+3+4@15', '[A@15/25] 0+4@15'],
      ['[A@10/20] 0+1+2+3+4+5@20', '[A@11/21] 0+3+4+5@20', '[A@15/25] 0+4+5@20', '[A@16/26] 0+5@20'],
      ['[A@12/22] 0+3+4+5+6@22', '[A@15/25] 0+4+5+6@22', '[A@16/26] 0+5+6@22', '[A@21/31] 0+6@22'],
      ['[A@20/30] 0+5+6+7@30', '[A@21/31] 0+6+7@30', '[A@23/33] 0+7@30'],
    ];
    input.forEach(([v, ts], i) => {
      t.pipeInput('A', v, ts);
      expect(out.readRecordsToList().map(fmt).sort()).toEqual([...expected[i]!].sort());
    });
  });
  it('with onWindowClose emits only windows with end < stream time - grace, once, in start order', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).emitStrategy(EmitStrategy.onWindowClose())
      .aggregate(() => '0', (_k, v, a) => `${a}+${v}`).toStream().to('out');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const t = d.createInputTopic('in', S, S);
    for (const [v, ts] of input) t.pipeInput('A', v, ts);
    expect(d.createOutputTopic('out', WindowedSerdes.timeWindowedSerdeFrom(S, 10), S).readRecordsToList().map(fmt)).toEqual([
      '[A@0/10] 0+1+2@10', '[A@4/14] 0+1+2+3@14', '[A@5/15] 0+1+2+3+4@15', '[A@10/20] 0+1+2+3+4+5@20', '[A@11/21] 0+3+4+5@20', '[A@12/22] 0+3+4+5+6@22',
    ]);
  });
});

describe('S8: sliding count + suppress, with a partially late record', () => {
  it('late records drop their own closed windows but still update open ones', () => {
    const b = new StreamsBuilder();
    const counts = b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5, 15)).count();
    counts.toStream().to('raw');
    counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())).toStream().to('final');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const t = d.createInputTopic('in', S, S);
    for (const ts of [10, 11, 10, 13, 10, 24, 5, 7, 90]) t.pipeInput('k1', 'v', ts);
    const ws = WindowedSerdes.timeWindowedSerdeFrom(S, 5);
    expect(d.createOutputTopic('raw', ws, Serdes.Long()).readRecordsToList().map(fmt).sort()).toEqual([
      '[k1@11/16] 1@11', '[k1@11/16] 2@13', '[k1@12/17] 1@13', '[k1@19/24] 1@24',
      '[k1@5/10] 1@10', '[k1@5/10] 2@10', '[k1@5/10] 3@10', '[k1@5/10] 4@10', '[k1@5/10] 5@10',
      '[k1@6/11] 2@11', '[k1@6/11] 3@11', '[k1@6/11] 4@11', '[k1@6/11] 5@11',
      '[k1@8/13] 4@13', '[k1@8/13] 5@13', '[k1@85/90] 1@90',
    ].sort());
    expect(d.createOutputTopic('final', ws, Serdes.Long()).readRecordsToList().map(fmt)).toEqual([
      '[k1@5/10] 5@10', '[k1@6/11] 5@11', '[k1@8/13] 5@13', '[k1@11/16] 2@13', '[k1@12/17] 1@13', '[k1@19/24] 1@24',
    ]);
  });
});
