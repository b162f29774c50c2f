import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedded, type Cluster } from '@tributary/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Consumed, Grouped, Materialized, Produced, QueryableStoreTypes, Serdes, StreamsBuilder, TributaryStreams } from '../../index.js';
import type { ProcessingGuarantee } from '../streams-app-config.js';

const S = Serdes.String();
const L = Serdes.Long();
const RECORDS = Number(process.env.EOS_BENCH_RECORDS ?? 20_000);
const KEYS = 500;

async function until(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The cost of exactly-once: the same count topology over the same pre-written input, per
 * guarantee, timed from start until the group's committed offsets cover every record (so commit
 * cycles count). Runs alternate after a warm-up pair. EOS_BENCH=1 prints the figures
 * (docs/exactly-once.md quotes them).
 */
describe('exactly_once_v2 throughput vs at_least_once (embedded, in-memory)', () => {
  let cluster: Cluster;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eos-bench-'));
    // EOS_BENCH_DISK=1: a log on disk (fsync on every durable append) instead of in memory.
    cluster = embedded(process.env.EOS_BENCH_DISK ? { dir: join(dir, 'log'), cleanerIntervalMs: 0 } : { inMemory: true, cleanerIntervalMs: 0 }, { clientId: 'eos-bench' });
    await cluster.connect();
    const p = cluster.producer();
    await p.connect();
    await cluster.admin.createTopics([{ name: 'in', partitions: 2 }, { name: 'out', partitions: 2 }]);
    for (let i = 0; i < RECORDS; i += 5_000) {
      await p.send('in', Array.from({ length: Math.min(5_000, RECORDS - i) }, (_, j) => ({ key: Buffer.from(`k${(i + j) % KEYS}`), value: Buffer.from('v') })));
    }
    await p.disconnect();
  });
  afterEach(async () => {
    await cluster.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(guarantee: ProcessingGuarantee, appId: string): Promise<number> {
    const b = new StreamsBuilder();
    b.stream('in', Consumed.with(S, S))
      .groupByKey(Grouped.with(S, S))
      .count(Materialized.as<string, number>('counts').withKeySerde(S).withValueSerde(L))
      .toStream()
      .to('out', Produced.with(S, L));
    const app = new TributaryStreams(b.build(), { applicationId: appId, cluster, stateDir: join(dir, 'state'), processingGuarantee: guarantee, commitIntervalMs: 100, cacheMaxBytes: 0 });
    const started = performance.now();
    await app.start();
    let committed = 0;
    const poller = setInterval(() => {
      void cluster.admin.committedOffsets(appId).then((cs) => (committed = cs.reduce((n, c) => n + (c.offset ?? 0), 0)));
    }, 5);
    await until(() => committed >= RECORDS, `${guarantee} to commit ${RECORDS}`);
    clearInterval(poller);
    const seconds = (performance.now() - started) / 1000;
    const counted = app.store('counts', QueryableStoreTypes.keyValueStore<string, number>()).all().reduce((n, kv) => n + kv.value, 0);
    expect(counted).toBe(RECORDS);
    await app.close();
    return RECORDS / seconds;
  }

  it('both guarantees count every record; prints records/s with EOS_BENCH=1', async () => {
    await run('at_least_once', 'warm-alos');
    await run('exactly_once_v2', 'warm-eos');
    const alos = await run('at_least_once', 'bench-alos');
    const eos = await run('exactly_once_v2', 'bench-eos');
    if (process.env.EOS_BENCH) console.log(`records/s: at_least_once ${alos.toFixed(0)}, exactly_once_v2 ${eos.toFixed(0)} (${((eos / alos) * 100).toFixed(0)}%)`);
    expect(alos).toBeGreaterThan(0);
    expect(eos).toBeGreaterThan(0);
  }, 60_000);
});
