import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import { Consumed, Materialized, Produced, QueryableStoreTypes, Serdes, StreamsBuilder, TributaryStreams, type ProcessingGuarantee, type RestorationEvent } from '../../index.js';

const S = Serdes.String();
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('global store consumer isolation (as Kafka: read_committed under exactly_once_v2)', () => {
  let cluster: Cluster;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'global-isolation-'));
    cluster = embedded({ inMemory: true, cleanerIntervalMs: 0 }, { clientId: 'global-isolation' });
    await cluster.connect();
    await cluster.admin.createTopics([{ name: 'users', partitions: 2 }, { name: 'clicks', partitions: 1 }, { name: 'out', partitions: 1 }]);
    // Partition 0: a committed transaction, then an aborted one (the tail is its ABORT marker);
    // partition 1: only an aborted transaction.
    const p = cluster.producer({ transactionalId: 'users-writer', transactionTimeoutMs: 10_000 });
    await p.connect();
    const rec = (k: string, v: string, partition: number) => ({ key: Buffer.from(k), value: Buffer.from(v), partition });
    const committed = await p.transaction();
    await committed.send('users', [rec('u1', 'ann', 0)]);
    await committed.commit();
    const aborted = await p.transaction();
    await aborted.send('users', [rec('u2', 'bob', 0), rec('u3', 'cid', 1)]);
    await aborted.abort();
    await p.disconnect();
  });
  afterEach(async () => {
    await cluster.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  async function bootstrap(guarantee: ProcessingGuarantee): Promise<{ entries: [string, string][]; ends: RestorationEvent[] }> {
    const b = new StreamsBuilder();
    const users = b.globalTable('users', Consumed.with(S, S), Materialized.as<string, string>('users-store'));
    b.stream('clicks', Consumed.with(S, S)).join(users, (_k, v) => v, (_v, name) => name).to('out', Produced.with(S, S));
    const app = new TributaryStreams(b.build(), { applicationId: `global-${guarantee}`, cluster, stateDir: dir, processingGuarantee: guarantee, logger: quiet });
    const ends: RestorationEvent[] = [];
    app.restoration$.subscribe((e) => {
      if (e.taskId === 'global' && e.type === 'end') ends.push(e);
    });
    try {
      // Resolves once the global store reached the end offsets captured at start.
      await app.start();
      const entries = app.store('users-store', QueryableStoreTypes.keyValueStore<string, string>()).all().map((kv): [string, string] => [kv.key, kv.value]);
      return { entries: entries.sort(), ends: ends.sort((a, c) => a.partition - c.partition) };
    } finally {
      await app.close();
    }
  }

  it('exactly_once_v2: hides aborted records and bootstraps through an aborted tail to the last stable offset', async () => {
    const { entries, ends } = await bootstrap('exactly_once_v2');
    expect(entries).toEqual([['u1', 'ann']]);
    expect(ends.map((e) => [e.partition, e.endOffset, e.restored])).toEqual([
      [0, 4, 1],
      [1, 2, 0],
    ]);
  });

  it('at_least_once: reads uncommitted, aborted records included (Kafka\'s default read_uncommitted)', async () => {
    const { entries } = await bootstrap('at_least_once');
    expect(entries).toEqual([['u1', 'ann'], ['u2', 'bob'], ['u3', 'cid']]);
  });
});
