import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedded, kafka, CommitFailedError, FencedProducerError, type Cluster } from '@tributary/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Consumed, Grouped, Materialized, Produced, QueryableStoreTypes, Serdes, StreamsBuilder, TributaryStreams, persistentKeyValueStore, type RestorationEvent, type Topology } from '../../index.js';
import { eosScopeFor } from './exactly-once-committer.js';
import { isTaskMigration, TaskMigratedError } from './task-migrated-error.js';

const S = Serdes.String();
const L = Serdes.Long();

async function until(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function persistentCount(): Topology {
  const b = new StreamsBuilder();
  b.stream('in', Consumed.with(S, S))
    .groupByKey(Grouped.with(S, S))
    .count(Materialized.as<string, number>(persistentKeyValueStore('counts')).withKeySerde(S).withValueSerde(L))
    .toStream()
    .to('out', Produced.with(S, L));
  return b.build();
}

describe('exactly_once_v2 runtime pieces', () => {
  it('picks one producer per thread where the group generation reaches the coordinator, else one per task', () => {
    expect(eosScopeFor(embedded({ inMemory: true }))).toBe('thread');
    expect(eosScopeFor(kafka({ brokers: ['127.0.0.1:1'] }))).toBe('task');
  });

  it("classifies fencing and dead-generation errors as task migration (Kafka's TaskMigratedException causes)", () => {
    expect(isTaskMigration(new FencedProducerError('fenced'))).toBe(true);
    expect(isTaskMigration(new CommitFailedError('old generation'))).toBe(true);
    expect(isTaskMigration(new TaskMigratedError('x'))).toBe(true);
    expect(isTaskMigration(new Error('disk full'))).toBe(false);
    expect(isTaskMigration(null)).toBe(false);
  });
});

describe('exactly_once_v2 local state (embedded)', () => {
  let cluster: Cluster;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eos-state-'));
    cluster = embedded({ inMemory: true, cleanerIntervalMs: 0 }, { clientId: 'eos-state' });
    await cluster.connect();
    await cluster.admin.createTopics([{ name: 'in', partitions: 1 }, { name: 'out', partitions: 1 }]);
  });
  afterEach(async () => {
    await cluster.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no checkpoint while a task runs, writes one on clean close, and a clean restart restores nothing', async () => {
    const config = { applicationId: 'eos-state', cluster, stateDir: dir, processingGuarantee: 'exactly_once_v2' as const, cacheMaxBytes: 0 };
    const checkpoint = join(dir, 'eos-state', '0_0', '.checkpoint');
    const p = cluster.producer();
    await p.connect();
    await p.send('in', Array.from({ length: 40 }, (_, i) => ({ key: Buffer.from(`k${i % 4}`), value: Buffer.from('v') })));
    const app = new TributaryStreams(persistentCount(), config);
    await app.start();
    const sum = (a: TributaryStreams): number =>
      a.state === 'RUNNING' ? a.store('counts', QueryableStoreTypes.keyValueStore<string, number>()).all().reduce((n, kv) => n + kv.value, 0) : 0;
    await until(() => sum(app) === 40, 'first run counted');
    expect(existsSync(checkpoint)).toBe(false);
    expect(await app.close()).toBe(true);
    expect(existsSync(checkpoint)).toBe(true);

    const again = new TributaryStreams(persistentCount(), config);
    const events: RestorationEvent[] = [];
    again.restoration$.subscribe((e) => events.push(e));
    await again.start();
    await until(() => sum(again) === 40, 'state back after a clean restart');
    expect(events.filter((e) => e.store === 'counts').reduce((n, e) => n + e.restored, 0)).toBe(0);
    expect(existsSync(checkpoint)).toBe(false);
    await again.close();
    await p.disconnect();
  });
});
