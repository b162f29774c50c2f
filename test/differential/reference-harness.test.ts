import { beforeAll, describe, expect, it } from 'vitest';
import { requireKafkaStreamsReference, runKafkaStreamsReference } from '../helpers/kafka-streams-reference.js';
import type { OutputRecord, Scenario, ScenarioRecord } from '../helpers/kafka-streams-reference.js';

// Proves the Java reference harness right: hand-written scenarios whose expected outputs come from
// shared/reference/streams-semantics.md (S5, S9, S14) or are worked out from its rules.
const peer = requireKafkaStreamsReference();

const rec = (topic: string, key: string | null, value: string | null, timestamp: number): ScenarioRecord => ({ topic, key, value, timestamp });
/** Drops the window fields so expectations stay short: "key=value@ts#step", topic-prefixed unless "output". */
const brief = (records: readonly OutputRecord[]): string[] =>
  records.map((r) => `${r.topic === 'output' ? '' : `${r.topic}:`}${r.key ?? 'null'}=${r.value ?? 'null'}@${r.timestamp}#${r.step}`);
const each = (topic: string, key: string, values: readonly string[], ts: number): ScenarioRecord[] =>
  values.map((value) => rec(topic, key, value, ts));

const scenarios: Scenario[] = [
  {
    // Hopping 10/5, grace 5: an out-of-order record inside grace, a wholly late one, a partly late one.
    topology: 'hopping-count',
    params: { sizeMs: 10, advanceMs: 5, graceMs: 5 },
    inputs: [3, 12, 7, 21, 4, 14].map((ts) => rec('input', 'A', 'v', ts)),
  },
  {
    // S5: tumbling 2, grace 1, count + suppress(untilWindowCloses).
    topology: 'tumbling-count',
    params: { sizeMs: 2, graceMs: 1, emit: 'suppress' },
    inputs: [0, 1, 2, 1, 0, 5, 0].map((ts) => rec('input', 'k1', 'v1', ts)),
  },
  {
    // S9: session gap 5, no grace: merges with tombstones, a late record, a new session.
    topology: 'session-count',
    params: { gapMs: 5 },
    inputs: [
      rec('input', 'k1', 'v', 0),
      rec('input', 'k1', 'v', 5),
      rec('input', 'k1', 'v', 1),
      rec('input', 'k2', 'v', 11),
      rec('input', 'k1', 'v', 5),
      rec('input', 'k1', 'v', 30),
    ],
  },
  {
    // S14: left join, window 100, grace 0: non-joined results wait until the window closes.
    topology: 'stream-stream-join',
    params: { type: 'left', diffMs: 100, graceMs: 0 },
    inputs: [
      rec('left', '0', 'A0', 1),
      rec('left', '1', 'A1', 2),
      rec('left', '0', 'A0-0', 3),
      rec('right', '1', 'a1', 3),
      rec('left', '2', 'dummy', 401),
      rec('right', '2', 'dummy', 401),
    ],
  },
];

/** Further scenarios from the semantics brief (and a few derived from its rules): every topology runs. */
interface Case {
  readonly name: string;
  readonly scenario: Scenario;
  readonly expected: readonly string[];
}
const keys = ['0', '1', '2', '3'];
const cases: Case[] = [
  {
    name: 'S4: onWindowClose emits each hopping window once when stream time passes end + grace',
    scenario: {
      topology: 'hopping-count',
      params: { sizeMs: 10, advanceMs: 5, graceMs: 5, emit: 'onWindowClose', op: 'aggregate' },
      inputs: (
        [['A', 0], ['B', 1], ['C', 2], ['D', 3], ['A', 9], ['A', 15], ['A', 10], ['B', 11], ['D', 12], ['B', 13], ['C', 14], ['A', 20]] as const
      ).map(([key, ts]) => rec('input', key, { A: '1', B: '2', C: '3', D: '4' }[key], ts)),
    },
    expected: [
      'A@0/10=0+1+1@9#5', 'B@0/10=0+2@1#5', 'C@0/10=0+3@2#5', 'D@0/10=0+4@3#5',
      'A@5/15=0+1+1@10#11', 'B@5/15=0+2+2@13#11', 'C@5/15=0+3@14#11', 'D@5/15=0+4@12#11',
    ],
  },
  {
    name: 'S7: sliding windows with onWindowClose emit windows with end < streamTime - grace',
    scenario: {
      topology: 'sliding-count',
      params: { diffMs: 10, graceMs: 5, emit: 'onWindowClose', op: 'aggregate' },
      inputs: [10, 10, 14, 15, 20, 22, 30].map((ts, i) => rec('input', 'A', String(i + 1), ts)),
    },
    expected: [
      'A@0/10=0+1+2@10#4', 'A@4/14=0+1+2+3@14#4', 'A@5/15=0+1+2+3+4@15#5',
      'A@10/20=0+1+2+3+4+5@20#6', 'A@11/21=0+3+4+5@20#6', 'A@12/22=0+3+4+5+6@22#6',
    ],
  },
  {
    name: 'S28: KTable groupBy aggregate with the key unchanged subtracts and adds in one update',
    scenario: {
      topology: 'ktable-groupby-aggregate',
      params: { groupKey: 'key', op: 'aggregate' },
      inputs: (
        [['A', '1', 10], ['B', '2', 15], ['A', '3', 20], ['B', '4', 18], ['C', '5', 5], ['D', '6', 25], ['B', '7', 15], ['C', '8', 10]] as const
      ).map(([key, value, ts]) => rec('input', key, value, ts)),
    },
    expected: [
      'A=0+1@10#0', 'B=0+2@15#1', 'A=0+1-1+3@20#2', 'B=0+2-2+4@18#3',
      'C=0+5@5#4', 'D=0+6@25#5', 'B=0+2-2+4-4+7@18#6', 'C=0+5-5+8@10#7',
    ],
  },
  {
    name: 'S30: KTable count; moving a key subtracts from the old group first',
    scenario: {
      topology: 'ktable-groupby-aggregate',
      params: { groupKey: 'value', groupValue: 'key' },
      inputs: (
        [['A', 'green', 10], ['B', 'green', 9], ['A', 'blue', 12], ['C', 'yellow', 15], ['D', 'green', 11]] as const
      ).map(([key, value, ts]) => rec('input', key, value, ts)),
    },
    expected: ['green=1@10#0', 'green=2@10#1', 'green=1@12#2', 'blue=1@12#2', 'yellow=1@15#3', 'green=2@12#4'],
  },
  {
    name: 'S25: KTable-KTable outer join',
    scenario: {
      topology: 'table-table-join',
      params: { type: 'outer' },
      inputs: [
        rec('left', '0', 'X0', 5), rec('left', '1', 'X1', 6),
        rec('right', '0', 'Y0', 5), rec('right', '1', 'Y1', 10),
        ...keys.map((k) => rec('left', k, `XX${k}`, 7)),
        ...keys.map((k) => rec('right', k, `YY${k}`, 5 * Number(k))),
        ...keys.map((k) => rec('left', k, `XXX${k}`, 6)),
        rec('right', '0', null, 5), rec('right', '1', null, 7),
        ...keys.map((k) => rec('left', k, `XXXX${k}`, 13)),
        rec('left', '0', null, 0), rec('left', '1', null, 42), rec('left', '2', null, 5), rec('left', '3', null, 20),
      ],
    },
    expected: [
      '0=X0+null@5#0', '1=X1+null@6#1', '0=X0+Y0@5#2', '1=X1+Y1@10#3',
      '0=XX0+Y0@7#4', '1=XX1+Y1@10#5', '2=XX2+null@7#6', '3=XX3+null@7#7',
      '0=XX0+YY0@7#8', '1=XX1+YY1@7#9', '2=XX2+YY2@10#10', '3=XX3+YY3@15#11',
      '0=XXX0+YY0@6#12', '1=XXX1+YY1@6#13', '2=XXX2+YY2@10#14', '3=XXX3+YY3@15#15',
      '0=XXX0+null@6#16', '1=XXX1+null@7#17',
      '0=XXXX0+null@13#18', '1=XXXX1+null@13#19', '2=XXXX2+YY2@13#20', '3=XXXX3+YY3@15#21',
      '0=null@0#22', '1=null@42#23', '2=null+YY2@10#24', '3=null+YY3@20#25',
    ],
  },
  {
    name: 'S26: FK left join; a right update fans out to every subscriber; a null FK joins nothing',
    scenario: {
      topology: 'fk-join',
      params: { type: 'left', fkPart: 'last' },
      inputs: [
        rec('left', 'lhs1', 'lhsValue1|rhs1', 1), rec('left', 'lhs2', 'lhsValue2|rhs2', 2), rec('left', 'lhs3', 'lhsValue3|rhs1', 3),
        rec('right', 'rhs1', 'rhsValue1', 4), rec('right', 'rhs2', 'rhsValue2', 5), rec('right', 'rhs3', 'rhsValue3', 6),
        rec('right', 'rhs1', null, 7), rec('left', 'lhs4', 'noForeignKey', 8),
      ],
    },
    expected: [
      'lhs1=(lhsValue1|rhs1,null)@1#0', 'lhs2=(lhsValue2|rhs2,null)@2#1', 'lhs3=(lhsValue3|rhs1,null)@3#2',
      'lhs1=(lhsValue1|rhs1,rhsValue1)@4#3', 'lhs3=(lhsValue3|rhs1,rhsValue1)@4#3', 'lhs2=(lhsValue2|rhs2,rhsValue2)@5#4',
      'lhs1=(lhsValue1|rhs1,null)@7#6', 'lhs3=(lhsValue3|rhs1,null)@7#6', 'lhs4=(noForeignKey,null)@8#7',
    ],
  },
  {
    name: 'stream-table left join: table updates never emit; a null stream key is kept (KIP-962)',
    scenario: {
      topology: 'stream-table-join',
      params: { type: 'left' },
      inputs: [
        rec('left', '0', 'X0', 0), rec('right', '0', 'Y0', 1), rec('left', '0', 'X1', 2),
        rec('left', null, 'X2', 3), rec('right', '0', null, 4), rec('left', '0', 'X3', 5),
      ],
    },
    expected: ['0=X0+null@0#0', '0=X1+Y0@2#2', 'null=X2+null@3#3', '0=X3+null@5#5'],
  },
  {
    name: 'filter-map-count: filter, mapValues, then a repartitioning groupBy count',
    scenario: {
      topology: 'filter-map-count',
      params: { groupBy: 'value' },
      inputs: [rec('input', 'a', 'hi', 1), rec('input', 'b', 'xdrop', 2), rec('input', 'c', null, 3), rec('input', 'd', 'hi', 4), rec('input', null, 'yo', 5)],
    },
    expected: ['mapped:a=HI@1#0', 'HI=1@1#0', 'mapped:d=HI@4#3', 'HI=2@4#3', 'mapped:null=YO@5#4', 'YO=1@5#4'],
  },
  {
    name: 'cogroup: each input emits the shared aggregate',
    scenario: { topology: 'cogroup', inputs: [...each('input-a', 'k', ['1'], 1), ...each('input-b', 'k', ['2'], 2), rec('input-a', 'j', '3', 0)] },
    expected: ['k=0+a1@1#0', 'k=0+a1+b2@2#1', 'j=0+a3@0#2'],
  },
];

describe.skipIf(!peer.available)('Kafka Streams reference harness (TopologyTestDriver)', () => {
  let outputs: OutputRecord[][] = [];
  let caseOutputs: OutputRecord[][] = [];

  beforeAll(async () => {
    // One JVM for everything: startup dominates.
    const all = await runKafkaStreamsReference([...scenarios, ...cases.map((c) => c.scenario)]);
    outputs = all.slice(0, scenarios.length);
    caseOutputs = all.slice(scenarios.length);
  });

  it.each(cases.map((c, index) => [c.name, index] as const))('%s', (_name, index) => {
    expect(brief(caseOutputs[index] ?? [])).toEqual(cases[index]?.expected);
  });

  it('hopping count: out-of-order within grace updates old windows; late windows are dropped per window', () => {
    expect(brief(outputs[0] ?? [])).toEqual([
      'A@0/10=1@3#0',
      'A@5/15=1@12#1',
      'A@10/20=1@12#1',
      'A@0/10=2@7#2', // out of order: [0,10) still open (10 > 12-5); its ts becomes the max, 7
      'A@5/15=2@12#2',
      'A@15/25=1@21#3',
      'A@20/30=1@21#3',
      // @4 (step 4) is dropped: [0,10) closed at 10 <= 21-5
      'A@10/20=2@14#5', // @14 updates only [10,20): [5,15) closed at 15 <= 16
    ]);
    expect(outputs[0]?.[0]).toEqual({ topic: 'output', key: 'A@0/10', value: 1, timestamp: 3, windowStart: 0, windowEnd: 10, step: 0 });
  });

  it('S5: suppress(untilWindowCloses) emits each closed window once, when @5 closes them', () => {
    expect(brief(outputs[1] ?? [])).toEqual(['k1@0/2=4@1#5', 'k1@2/4=1@2#5']);
  });

  it('S9: session merges emit a tombstone for the replaced session before the merged one', () => {
    expect(brief(outputs[2] ?? [])).toEqual([
      'k1@0/0=1@0#0',
      'k1@0/0=null@0#1',
      'k1@0/5=2@5#1',
      'k1@0/5=null@5#2',
      'k1@0/5=3@5#2',
      'k2@11/11=1@11#3',
      'k1@30/30=1@30#5',
    ]);
  });

  it('S14: a left join emits non-joined left records only after the window closes', () => {
    expect(brief(outputs[3] ?? [])).toEqual(['1=A1+a1@3#3', '0=A0+null@1#4', '0=A0-0+null@3#4', '2=dummy+dummy@401#5']);
  });

  it('reports a scenario error (unknown param) with the topology name', async () => {
    await expect(
      runKafkaStreamsReference([{ topology: 'tumbling-count', params: { sizeMs: 2, sizeMS: 3 }, inputs: [] }]),
    ).rejects.toThrow(/tumbling-count.*unknown param sizeMS/);
  });
});
