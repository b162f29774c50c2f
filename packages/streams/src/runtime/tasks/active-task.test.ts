import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsumedRecord, Logger, RecordSender, SendResult, TopicRecords } from '@tributary/client';
import { Consumed, Produced, Serdes, StreamsBuilder, type Processor, type ProcessorContext, type RecordMetadata } from '../../index.js';
import { StreamsMetrics } from '../../metrics/streams-metrics.js';
import { OutputBuffer } from '../commit/output-buffer.js';
import { DLQ_HEADERS, ExceptionHandlers } from '../handlers/exception-handlers.js';
import { ActiveTask } from './active-task.js';
import { TaskState } from './task-state.js';
import { TopologyMetadata } from './topology-metadata.js';

const S = Serdes.String();
const I = Serdes.Integer();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent } as unknown as Logger;

interface Seen {
  readonly value: number;
  readonly meta: RecordMetadata;
}

/** Topics `a` and `b` merged into one task; a processor keeps each record's metadata object, and 13 throws. */
async function harness() {
  const seen: Seen[] = [];
  const b = new StreamsBuilder();
  b.stream('a', Consumed.with(S, I))
    .merge(b.stream('b', Consumed.with(S, I)))
    .process<string, number>(() => {
      let ctx: ProcessorContext<string, number>;
      return {
        init: (c) => void (ctx = c),
        process: (r) => {
          if (r.value === 13) throw new RangeError('unlucky');
          const meta = ctx.recordMetadata()!;
          expect(ctx.recordMetadata()).toBe(meta); // stable while the record is processed
          seen.push({ value: r.value, meta });
          ctx.forward(r);
        },
      } satisfies Processor<string, number, string, number>;
    })
    .to('out', Produced.with(S, I));
  const topology = b.build();
  const dir = mkdtempSync(join(tmpdir(), 'active-task-'));
  dirs.push(dir);
  const meta = new TopologyMetadata(topology, 'app');
  const state = await TaskState.open('0_0', 0, meta.subtopologies[0]!, topology, dir, silent);
  const sent: { topic: string; value: Buffer | null; headers: readonly { key: string; value: Buffer | null }[] }[] = [];
  const producer: Pick<RecordSender, 'sendBatch'> = {
    sendBatch: async (batches: readonly TopicRecords[]): Promise<SendResult[]> => {
      for (const t of batches) for (const r of t.records) sent.push({ topic: t.topic, value: r.value, headers: r.headers ?? [] });
      return batches.map((t) => ({ topic: t.topic, partition: 0, baseOffset: 0 }));
    },
  };
  const metrics = new StreamsMetrics('app');
  const output = new OutputBuffer(producer, () => 'FAIL', metrics, silent);
  const task = new ActiveTask({
    topology,
    applicationId: 'app',
    state,
    partitions: [{ topic: 'a', partition: 0 }, { topic: 'b', partition: 0 }],
    output,
    partitionsFor: () => 1,
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    cacheMaxBytes: 0,
    wallClock: () => 0,
    onDeserializationError: ExceptionHandlers.deadLetter('dlq'),
    onProcessingError: ExceptionHandlers.deadLetter('dlq'),
    metrics,
    logger: silent,
  });
  task.initialize(new Map());
  return { task, seen, sent, output };
}

const rec = (offset: number, timestamp: number, value: Buffer | null = I.serialize('', offset, [])): ConsumedRecord => ({
  offset,
  timestamp,
  key: Buffer.from('k'),
  value,
  headers: [],
});

/** Splits `records` into consecutive batches at the given cut points. */
function chunk(records: ConsumedRecord[], cuts: number[]): ConsumedRecord[][] {
  const at = [...new Set(cuts.map((c) => c % (records.length + 1)))].sort((x, y) => x - y);
  const out: ConsumedRecord[][] = [];
  let from = 0;
  for (const c of [...at, records.length]) {
    out.push(records.slice(from, c));
    from = c;
  }
  return out;
}

describe('ActiveTask', () => {
  it('processes buffered partitions lowest head timestamp first (ties to the first partition), each record once, in any batch split and slice size; commits last processed + 1', async () => {
    const tsList = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }).map((xs) => xs.sort((x, y) => x - y));
    await fc.assert(
      fc.asyncProperty(tsList, tsList, fc.array(fc.nat(), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 5 }), fc.integer({ min: 1, max: 7 }), async (tsA, tsB, cutsA, cutsB, slice) => {
        const { task, seen } = await harness();
        // Values encode partition and offset: a → offset, b → 1000 + offset.
        const a = tsA.map((ts, i) => rec(i, ts, I.serialize('', i, [])));
        const b = tsB.map((ts, i) => rec(i, ts, I.serialize('', 1000 + i, [])));
        let buffered = 0;
        for (const batch of chunk(a, cutsA)) buffered = task.addBatch({ topic: 'a', partition: 0, records: batch, nextOffset: 0, highWatermark: 0 });
        expect(buffered).toBe(a.length);
        for (const batch of chunk(b, cutsB)) task.addBatch({ topic: 'b', partition: 0, records: batch, nextOffset: 0, highWatermark: 0 });
        expect(task.buffered({ topic: 'b', partition: 0 })).toBe(b.length);
        let total = 0;
        for (let n; (n = task.process(slice)) > 0; ) total += n;
        expect(total).toBe(a.length + b.length);
        expect(task.hasBuffered()).toBe(false);
        // Oracle: the stable merge by timestamp.
        const expected: number[] = [];
        for (let i = 0, j = 0; i < a.length || j < b.length; ) {
          if (j >= b.length || (i < a.length && tsA[i]! <= tsB[j]!)) expected.push(i++);
          else expected.push(1000 + j++);
        }
        expect(seen.map((s) => s.value)).toEqual(expected);
        for (const s of seen) {
          expect(s.meta).toEqual(s.value >= 1000 ? { topic: 'b', partition: 0, offset: s.value - 1000 } : { topic: 'a', partition: 0, offset: s.value });
        }
        const offsets = task.offsetsToCommit().map((o) => [o.topic, o.offset]).sort();
        const want: [string, number][] = [];
        if (a.length > 0) want.push(['a', a.length]);
        if (b.length > 0) want.push(['b', b.length]);
        expect(offsets).toEqual(want);
        task.postCommit();
        expect(task.offsetsToCommit()).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('hands each record its own metadata object, untouched by later records', async () => {
    const { task, seen } = await harness();
    task.addBatch({ topic: 'a', partition: 0, records: [rec(7, 1), rec(8, 2)], nextOffset: 9, highWatermark: 9 });
    task.addBatch({ topic: 'b', partition: 0, records: [rec(3, 1)], nextOffset: 4, highWatermark: 4 });
    expect(task.process(10)).toBe(3);
    expect(seen.map((s) => s.meta)).toEqual([
      { topic: 'a', partition: 0, offset: 7 },
      { topic: 'b', partition: 0, offset: 3 },
      { topic: 'a', partition: 0, offset: 8 },
    ]);
    expect(new Set(seen.map((s) => s.meta)).size).toBe(3);
  });

  it('dead-letters deserialization and processing failures with their topic, partition and offset, and moves on', async () => {
    const { task, seen, sent, output } = await harness();
    task.addBatch({ topic: 'a', partition: 0, records: [rec(0, 1), rec(1, 2, Buffer.from('bad')), rec(2, 3)], nextOffset: 3, highWatermark: 3 });
    task.addBatch({ topic: 'b', partition: 0, records: [rec(5, 2, I.serialize('', 13, []))], nextOffset: 6, highWatermark: 6 });
    expect(task.process(10)).toBe(4);
    await output.flush();
    expect(seen.map((s) => s.meta.offset)).toEqual([0, 2]);
    const dlq = sent.filter((s) => s.topic === 'dlq').map((s) => {
      const h = (k: string) => s.headers.find((x) => x.key === k)?.value?.toString();
      return [h(DLQ_HEADERS.topic), h(DLQ_HEADERS.partition), h(DLQ_HEADERS.offset)];
    });
    expect(dlq).toEqual([['a', '0', '1'], ['b', '0', '5']]);
    expect(sent.filter((s) => s.topic === 'out')).toHaveLength(2);
    expect(task.offsetsToCommit().map((o) => [o.topic, o.offset]).sort()).toEqual([['a', 3], ['b', 6]]);
  });

  it('clearBuffers drops what is buffered but keeps the consumed position', async () => {
    const { task, seen } = await harness();
    task.addBatch({ topic: 'a', partition: 0, records: [rec(0, 1), rec(1, 2), rec(2, 3)], nextOffset: 3, highWatermark: 3 });
    expect(task.process(1)).toBe(1);
    task.clearBuffers();
    expect(task.hasBuffered()).toBe(false);
    expect(task.process(10)).toBe(0);
    expect(seen).toHaveLength(1);
    expect(task.offsetsToCommit().map((o) => [o.topic, o.offset])).toEqual([['a', 1]]);
  });
});
