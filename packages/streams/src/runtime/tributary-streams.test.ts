import { embedded, type Cluster, type ConsumedRecord } from '@tributary/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumed, Grouped, Materialized, NotImplementedError, QueryableStoreTypes, type QueryableKeyValueStore, Produced, Serdes, StreamsBuilder, TimeWindows, TributaryStreams, WindowedSerdes, type RestorationEvent, type StreamsState, type Topology } from '../index.js';

const S = Serdes.String();

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function upper(input: string, output: string, onValue: (v: string) => void = () => {}): Topology {
  const b = new StreamsBuilder();
  b.stream(input, Consumed.with(S, S))
    .mapValues((v) => {
      onValue(v);
      return v.toUpperCase();
    })
    .to(output, Produced.with(S, S));
  return b.build();
}

describe('TributaryStreams lifecycle (embedded cluster)', () => {
  let cluster: Cluster;
  let dir: string;
  let seq = 0;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-app-'));
    cluster = embedded({ inMemory: true, cleanerIntervalMs: 0 }, { clientId: 'app-test' });
    await cluster.connect();
  });
  afterEach(async () => {
    await cluster.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  async function topics(n = 1): Promise<{ input: string; output: string }> {
    const id = ++seq;
    await cluster.admin.createTopics([{ name: `in-${id}`, partitions: n }, { name: `out-${id}`, partitions: 1 }]);
    return { input: `in-${id}`, output: `out-${id}` };
  }

  async function produce(topic: string, values: string[]): Promise<void> {
    const p = cluster.producer();
    await p.connect();
    await p.send(topic, values.map((v, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(v) })));
    await p.disconnect();
  }

  async function read(topic: string, n: number): Promise<ConsumedRecord[]> {
    const c = cluster.consumer({ groupId: `reader-${++seq}`, autoOffsetReset: 'earliest' });
    await c.connect();
    await c.subscribe([topic]);
    const out: ConsumedRecord[] = [];
    await until(async () => {
      for (const b of await c.poll(50)) out.push(...b.records);
      return out.length >= n;
    }, `${n} records on ${topic}`);
    await c.disconnect();
    return out;
  }

  it('rejects what it cannot run yet: several stream threads', () => {
    const t = upper('a', 'b');
    expect(() => new TributaryStreams(t, { applicationId: 'x', cluster, numStreamThreads: 2 })).toThrow(NotImplementedError);
    expect(() => new TributaryStreams(t, { applicationId: 'bad id', cluster })).toThrow(/applicationId/);
  });

  it('moves CREATED → REBALANCING → RUNNING → PENDING_SHUTDOWN → NOT_RUNNING, telling the listener', async () => {
    const { input, output } = await topics();
    const app = new TributaryStreams(upper(input, output), { applicationId: `life-${seq}`, cluster, stateDir: dir, commitIntervalMs: 50 });
    const seen: [StreamsState, StreamsState][] = [];
    app.setStateListener((n, o) => seen.push([n, o]));
    await app.start();
    await until(() => app.state === 'RUNNING', 'RUNNING');
    await produce(input, ['a', 'b']);
    expect((await read(output, 2)).map((r) => r.value!.toString())).toEqual(['A', 'B']);
    expect(await app.close()).toBe(true);
    expect(seen).toEqual([['REBALANCING', 'CREATED'], ['RUNNING', 'REBALANCING'], ['PENDING_SHUTDOWN', 'RUNNING'], ['NOT_RUNNING', 'PENDING_SHUTDOWN']]);
    await expect(app.start()).rejects.toThrow(/starts once/);
  });

  it('a processing failure with the default handler ends in ERROR (SHUTDOWN_CLIENT); REPLACE_THREAD keeps going', async () => {
    const { input, output } = await topics();
    const failing = new TributaryStreams(upper(input, output, (v) => {
      if (v === 'boom') throw new Error('boom');
    }), { applicationId: `fail-${seq}`, cluster, stateDir: dir, commitIntervalMs: 50 });
    const errors: unknown[] = [];
    failing.setUncaughtExceptionHandler((e) => {
      errors.push(e);
      return 'SHUTDOWN_CLIENT';
    });
    await failing.start();
    await produce(input, ['boom']);
    await until(() => failing.state === 'ERROR', 'ERROR');
    expect(String(errors[0])).toMatch(/task 0_0 failed: boom/);

    let failures = 0;
    const t2 = await topics();
    const replacing = new TributaryStreams(upper(t2.input, t2.output, (v) => {
      if (v === 'flaky' && failures++ === 0) throw new Error('once');
    }), { applicationId: `replace-${seq}`, cluster, stateDir: dir, commitIntervalMs: 50 });
    replacing.setUncaughtExceptionHandler(() => 'REPLACE_THREAD');
    await replacing.start();
    await produce(t2.input, ['ok', 'flaky']);
    // The replacement thread resumes from the last commit: 'flaky' is processed again and succeeds.
    const out = await read(t2.output, 2);
    expect(out.map((r) => r.value!.toString())).toContain('FLAKY');
    expect(replacing.state).not.toBe('ERROR');
    await replacing.close();
  });

  it('pauses a partition whose buffer is full and still processes everything (backpressure)', async () => {
    const { input, output } = await topics(2);
    const values = Array.from({ length: 400 }, (_, i) => `v${i}`);
    await produce(input, values);
    const app = new TributaryStreams(upper(input, output), { applicationId: `bp-${seq}`, cluster, stateDir: dir, commitIntervalMs: 50, maxBufferedRecordsPerPartition: 10 });
    await app.start();
    const out = await read(output, 400);
    expect(new Set(out.map((r) => r.value!.toString()))).toEqual(new Set(values.map((v) => v.toUpperCase())));
    expect(await app.metrics()).toMatch(/tributary_streams_process_total\{task="0_1"[^}]*\} \d+/);
    await app.close();
  });

  it('restores a window store (self-restoring store kind) from its changelog after a restart', async () => {
    const { input, output } = await topics();
    const topology = (): Topology => {
      const b = new StreamsBuilder();
      b.stream(input, Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(1000))
        .count()
        .toStream()
        .to(output, Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 1000), Serdes.Long()));
      return b.build();
    };
    const config = { applicationId: `win-${seq}`, cluster, stateDir: dir, commitIntervalMs: 50, cacheMaxBytes: 0 };
    const p = cluster.producer();
    await p.connect();
    await p.send(input, [0, 1, 2].map((i) => ({ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 10 + i })));
    const first = new TributaryStreams(topology(), config);
    await first.start();
    await read(output, 3);
    await first.close();
    const second = new TributaryStreams(topology(), config);
    const events: RestorationEvent[] = [];
    second.restoration$.subscribe((e) => events.push(e));
    await second.start();
    await until(() => second.state === 'RUNNING', 'RUNNING');
    expect(events.filter((e) => e.type === 'end').reduce((n, e) => n + e.restored, 0)).toBe(3);
    await p.send(input, [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 20 }]);
    const out = await read(output, 4);
    expect(Number(out[3]!.value!.readBigInt64BE(0))).toBe(4); // the window kept counting from its restored state
    await p.disconnect();
    await second.close();
  });

  it('restores a source table that reuses its input topic as changelog (optimization) from that topic', async () => {
    const { input } = await topics();
    const topology = (): Topology => {
      const b = new StreamsBuilder();
      b.table(input, Consumed.with(S, S), Materialized.as<string, string>('tbl'));
      return b.build({ topologyOptimization: 'all' });
    };
    expect(topology().internalTopics.size).toBe(0); // no changelog topic
    await produce(input, ['a', 'b', 'c']);
    const config = { applicationId: `src-${seq}`, cluster, stateDir: dir, commitIntervalMs: 50 };
    const first = new TributaryStreams(topology(), config);
    await first.start();
    const view = (): QueryableKeyValueStore<string, string> => first.store('tbl', QueryableStoreTypes.keyValueStore<string, string>());
    await until(() => first.state === 'RUNNING' && view().get('k2') === 'c', 'table loaded');
    await first.close();
    const second = new TributaryStreams(topology(), config);
    const events: RestorationEvent[] = [];
    second.restoration$.subscribe((e) => events.push(e));
    await second.start();
    await until(() => second.state === 'RUNNING', 'RUNNING');
    const end = events.find((e) => e.type === 'end')!;
    expect({ topic: end.topic, restored: end.restored, endOffset: end.endOffset }).toEqual({ topic: input, restored: 3, endOffset: 3 });
    expect(second.store('tbl', QueryableStoreTypes.keyValueStore<string, string>()).get('k0')).toBe('a');
    await second.close();
  });
});
