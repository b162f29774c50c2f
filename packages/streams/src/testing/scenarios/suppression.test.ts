import { describe, expect, it } from 'vitest';
import {
  BufferConfig, Consumed, Produced, Serdes, SessionWindows, StreamsBuilder, Suppressed, TimeWindows, TopologyTestDriver, WindowedSerdes,
} from '../../index.js';
import { InMemorySuppressionBuffer } from '../../state/window/suppression-buffer.js';
import type { ChangelogRecord } from '../../state/changelog-sink.js';

const S = Serdes.String();
const L = Serdes.Long();
const fmt = (r: { key: unknown; value: unknown; timestamp: number }) => `${String(r.key)}=${r.value}@${r.timestamp}`;

describe('S5: tumbling count + suppress(untilWindowCloses)', () => {
  it('emits each window once when it closes; a late record is dropped before the buffer', () => {
    const b = new StreamsBuilder();
    const counts = b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(2, 1)).count();
    counts.toStream().to('raw');
    counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())).toStream().to('final');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const input = d.createInputTopic('in', S, S);
    for (const ts of [0, 1, 2, 1, 0, 5, 0]) input.pipeInput('k1', 'v1', ts);
    const ws = WindowedSerdes.timeWindowedSerdeFrom(S, 2);
    expect(d.createOutputTopic('raw', ws, L).readRecordsToList().map(fmt)).toEqual([
      '[k1@0/2]=1@0', '[k1@0/2]=2@1', '[k1@2/4]=1@2', '[k1@0/2]=3@1', '[k1@0/2]=4@1', '[k1@4/6]=1@5',
    ]);
    expect(d.createOutputTopic('final', ws, L).readRecordsToList().map(fmt)).toEqual(['[k1@0/2]=4@1', '[k1@2/4]=1@2']);
    // The buffer has its own changelog, named after KTABLE-SUPPRESS-STATE-STORE-NNNNNNNNNN.
    expect(d.producedTopicNames().filter((t) => t.includes('SUPPRESS'))).toEqual(['app-KTABLE-SUPPRESS-STATE-STORE-0000000006-changelog']);
  });
});

describe('S9: session count + suppress', () => {
  it('emits final sessions only; tombstones never reach the output', () => {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5)).count()
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())).toStream().to('final');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const input = d.createInputTopic('in', S, S);
    for (const [k, ts] of [['k1', 0], ['k1', 5], ['k1', 1], ['k2', 11], ['k1', 5], ['k1', 30]] as const) input.pipeInput(k, 'v', ts);
    expect(d.createOutputTopic('final', WindowedSerdes.sessionWindowedSerdeFrom(S), L).readRecordsToList().map(fmt)).toEqual(['[k1@0/5]=3@5', '[k2@11/11]=1@11']);
  });
});

describe('S31: suppress(untilTimeLimit) on a KTable count', () => {
  const build = (limit: number) => {
    const b = new StreamsBuilder();
    const counts = b.table('input', Consumed.with(S, S)).groupBy((k, v) => ({ key: v, value: k })).count();
    counts.toStream().to('raw', Produced.with(S, L));
    counts.suppress(Suppressed.untilTimeLimit(limit, BufferConfig.unbounded())).toStream().to('out', Produced.with(S, L));
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    return { d, input: d.createInputTopic('input', S, S), raw: d.createOutputTopic('raw', S, L), out: d.createOutputTopic('out', S, L) };
  };
  it('holds each key from its first buffering time', () => {
    const { input, raw, out } = build(2);
    input.pipeInput('k1', 'v1', 0);
    input.pipeInput('k1', 'v2', 1);
    input.pipeInput('k2', 'v1', 2);
    expect(raw.readRecordsToList().map(fmt)).toEqual(['v1=1@0', 'v1=0@1', 'v2=1@1', 'v1=1@2']);
    expect(out.readRecordsToList().map(fmt)).toEqual(['v1=1@2']);
    input.pipeInput('tick', 'tick', 3);
    expect(raw.readRecordsToList().map(fmt)).toEqual(['tick=1@3']);
    expect(out.readRecordsToList().map(fmt)).toEqual(['v2=1@1']);
    input.pipeInput('tick', 'tock', 4);
    expect(raw.readRecordsToList().map(fmt)).toEqual(['tick=0@4', 'tock=1@4']);
    expect(out.readRecordsToList().map(fmt)).toEqual([]);
  });
  it('a zero time limit emits exactly the raw output', () => {
    const { input, raw, out } = build(0);
    for (const [k, v, ts] of [['k1', 'v1', 0], ['k1', 'v2', 1], ['k2', 'v1', 2], ['tick', 'tick', 3], ['tick', 'tock', 4]] as const) input.pipeInput(k, v, ts);
    expect(out.readRecordsToList().map(fmt)).toEqual(raw.readRecordsToList().map(fmt));
  });
});

describe('suppression buffer limits and restore', () => {
  it('maxRecords(n).emitEarlyWhenFull() emits the oldest entries early', () => {
    const b = new StreamsBuilder();
    b.table('input', Consumed.with(S, S)).suppress(Suppressed.untilTimeLimit(1000, BufferConfig.maxRecords(1).emitEarlyWhenFull())).toStream().to('out');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const input = d.createInputTopic('input', S, S);
    input.pipeInput('a', '1', 0);
    input.pipeInput('b', '2', 1);
    expect(d.createOutputTopic('out', S, S).readRecordsToList().map(fmt)).toEqual(['a=1@0']);
  });
  it('shutDownWhenFull() fails the task', () => {
    const b = new StreamsBuilder();
    b.table('input', Consumed.with(S, S)).suppress(Suppressed.untilTimeLimit(1000, BufferConfig.maxRecords(1).shutDownWhenFull())).toStream().to('out');
    const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
    const input = d.createInputTopic('input', S, S);
    input.pipeInput('a', '1', 0);
    expect(() => input.pipeInput('b', '2', 1)).toThrow(/SUPPRESSION|full/);
  });
  it('a buffer restored from its changelog holds exactly the entries not yet emitted', () => {
    const log: ChangelogRecord[] = [];
    const ctx = { applicationId: 'a', partition: 0, defaultKeySerde: S as never, defaultValueSerde: S as never, changelogSink: { send: (r: ChangelogRecord) => void log.push(r) }, currentTimestamp: () => 0 };
    const a = new InMemorySuppressionBuffer<string, string>('buf', S, S, 'a-buf-changelog');
    a.init(ctx);
    a.put(5, 'x', '1', null, 5);
    a.put(3, 'y', '2', null, 3);
    a.put(9, 'x', '3', null, 9); // keeps buffer time 5
    const emitted: string[] = [];
    a.evictWhile(() => a.minTimestamp() <= 3, (e) => emitted.push(`${e.key}=${e.newValue}`));
    expect(emitted).toEqual(['y=2']);
    const b = new InMemorySuppressionBuffer<string, string>('buf', S, S, null);
    b.init(ctx);
    for (const r of log) b.restore(r.key, r.value);
    expect(b.numRecords()).toBe(1);
    const after: string[] = [];
    b.evictWhile(() => true, (e) => after.push(`${e.key}=${e.newValue}@${e.bufferTime}/${e.recordTimestamp}`));
    expect(after).toEqual(['x=3@5/9']);
  });
});
