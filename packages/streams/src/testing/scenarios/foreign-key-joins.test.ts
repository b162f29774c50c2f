import { describe, expect, it } from 'vitest';
import { Consumed, Serdes, StreamsBuilder, TopologyTestDriver } from '../../index.js';

const S = Serdes.String();

function setup(kind: 'inner' | 'left', extractor: (v: string) => string | null = (v) => v.split('|')[1] ?? null) {
  const b = new StreamsBuilder();
  const left = b.table('L', Consumed.with(S, S));
  const right = b.table('R', Consumed.with(S, S));
  const joiner = (l: string, r: string | null) => `(${l},${r})`;
  (kind === 'inner' ? left.join(right, extractor, joiner) : left.leftJoin(right, extractor, joiner)).toStream().to('out');
  const topology = b.build();
  const d = new TopologyTestDriver(topology, { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
  const out = d.createOutputTopic('out', S, S);
  const L = d.createInputTopic('L', S, S);
  const R = d.createInputTopic('R', S, S);
  const step = () => Object.fromEntries(out.readRecordsToList().map((r) => [r.key, r.value]));
  return { d, topology, L, R, step };
}

describe('S26: foreign-key join', () => {
  for (const kind of ['inner', 'left'] as const) {
    it(`${kind}: join from left, then delete the left entity`, () => {
      const { L, R, step } = setup(kind);
      R.pipeInput('rhs1', 'rhsValue1', 0); R.pipeInput('rhs2', 'rhsValue2', 0); R.pipeInput('rhs3', 'rhsValue3', 0);
      expect(step()).toEqual({});
      L.pipeInput('lhs1', 'lhsValue1|rhs1', 1); L.pipeInput('lhs2', 'lhsValue2|rhs2', 1);
      expect(step()).toEqual({ lhs1: '(lhsValue1|rhs1,rhsValue1)', lhs2: '(lhsValue2|rhs2,rhsValue2)' });
      L.pipeInput('lhs3', 'lhsValue3|rhs1', 2);
      expect(step()).toEqual({ lhs3: '(lhsValue3|rhs1,rhsValue1)' });
      L.pipeInput('lhs1', null, 3);
      expect(step()).toEqual({ lhs1: null });
    });
  }

  it('join from right fans out to every subscriber, then delete the right entity', () => {
    for (const kind of ['inner', 'left'] as const) {
      const { L, R, step } = setup(kind);
      L.pipeInput('lhs1', 'lhsValue1|rhs1', 0); L.pipeInput('lhs2', 'lhsValue2|rhs2', 0); L.pipeInput('lhs3', 'lhsValue3|rhs1', 0);
      expect(step()).toEqual(kind === 'inner' ? {} : { lhs1: '(lhsValue1|rhs1,null)', lhs2: '(lhsValue2|rhs2,null)', lhs3: '(lhsValue3|rhs1,null)' });
      R.pipeInput('rhs1', 'rhsValue1', 1);
      expect(step()).toEqual({ lhs1: '(lhsValue1|rhs1,rhsValue1)', lhs3: '(lhsValue3|rhs1,rhsValue1)' });
      R.pipeInput('rhs2', 'rhsValue2', 1);
      expect(step()).toEqual({ lhs2: '(lhsValue2|rhs2,rhsValue2)' });
      R.pipeInput('rhs3', 'rhsValue3', 1);
      expect(step()).toEqual({});
      R.pipeInput('rhs1', null, 2);
      expect(step()).toEqual(kind === 'inner' ? { lhs1: null, lhs3: null } : { lhs1: '(lhsValue1|rhs1,null)', lhs3: '(lhsValue3|rhs1,null)' });
    }
  });

  it('a non-matching foreign key: inner emits an "unnecessary" tombstone on FK change, left emits (v,null)', () => {
    for (const kind of ['inner', 'left'] as const) {
      const { L, R, step } = setup(kind);
      L.pipeInput('lhs1', 'lhsValue1|rhs1', 0);
      expect(step()).toEqual(kind === 'inner' ? {} : { lhs1: '(lhsValue1|rhs1,null)' });
      L.pipeInput('lhs1', 'lhsValue1|rhs2', 1);
      expect(step()).toEqual(kind === 'inner' ? { lhs1: null } : { lhs1: '(lhsValue1|rhs2,null)' });
      L.pipeInput('lhs1', 'lhsValue1|rhs3', 2);
      expect(step()).toEqual(kind === 'inner' ? { lhs1: null } : { lhs1: '(lhsValue1|rhs3,null)' });
      R.pipeInput('rhs1', 'rhsValue1', 3);
      expect(step()).toEqual({});
      L.pipeInput('lhs1', 'lhsValue1|rhs1', 4);
      expect(step()).toEqual({ lhs1: '(lhsValue1|rhs1,rhsValue1)' });
      L.pipeInput('lhs1', 'lhsValue1|rhs2', 5);
      expect(step()).toEqual(kind === 'inner' ? { lhs1: null } : { lhs1: '(lhsValue1|rhs2,null)' });
    }
  });

  it('unsubscribes the old foreign key when the left side moves', () => {
    const { L, R, step } = setup('inner');
    R.pipeInput('rhs1', 'rhsValue1', 0); R.pipeInput('rhs2', 'rhsValue2', 0);
    L.pipeInput('lhs1', 'lhsValue1|rhs1', 1);
    L.pipeInput('lhs1', 'lhsValue1|rhs2', 2);
    step();
    R.pipeInput('rhs1', 'rhsValue1Delta', 3);
    expect(step()).toEqual({});
  });

  it('deleting a non-joining record emits a tombstone once; deleting again emits nothing', () => {
    for (const kind of ['inner', 'left'] as const) {
      const { L, step } = setup(kind);
      L.pipeInput('lhs1', 'lhsValue1|rhs1', 0);
      step();
      L.pipeInput('lhs1', null, 1);
      expect(step()).toEqual({ lhs1: null });
      L.pipeInput('lhs1', null, 2);
      expect(step()).toEqual({});
    }
  });

  it('a null foreign key: left join emits (v,null), inner join skips it', () => {
    const left = setup('left', () => null);
    left.L.pipeInput('lhs1', 'lhsValue1', 0);
    expect(left.step()).toEqual({ lhs1: '(lhsValue1,null)' });
    const inner = setup('inner', () => null);
    inner.L.pipeInput('lhs1', 'lhsValue1', 0);
    expect(inner.step()).toEqual({});
  });

  it('uses Kafka\'s internal topic names and timestamps (left update: max, right update: right ts)', () => {
    const { d, topology, L, R } = setup('inner');
    const topics = [...topology.internalTopics.keys()];
    expect(topics.some((t) => /^KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-\d{10}-topic$/.test(t))).toBe(true);
    expect(topics.some((t) => /^KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-\d{10}-topic$/.test(t))).toBe(true);
    R.pipeInput('rhs1', 'r', 10);
    L.pipeInput('lhs1', 'l|rhs1', 5);
    R.pipeInput('rhs1', 'r2', 7);
    expect(d.createOutputTopic('out', S, S).readRecordsToList().map((r) => `${r.value}@${r.timestamp}`)).toEqual(['(l|rhs1,r)@10', '(l|rhs1,r2)@7']);
    expect(d.producedTopicNames().some((t) => t.startsWith('app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-'))).toBe(true);
  });
});
