import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, type Cluster, type ConsumedRecord } from '@tributary/client';
import {
  Consumed,
  JoinWindows,
  Materialized,
  Named,
  Produced,
  StreamJoined,
  StreamsBuilder,
  TributaryStreams,
  type RestorationEvent,
  type Topology,
} from '@tributary/streams';
import { S, createTopics, readUntil, sameTable, table, tempDir, testLogger, waitForCommitted, waitForState } from './harness.js';

const APP = 'default-dsl-store';

/**
 * No store is given a supplier: under `defaultDslStore: 'persistent'` the global table's store,
 * the foreign-key join's subscription store and the outer join's shared store must all be
 * LevelDB stores in the state directory, like the tables' and the join windows'.
 */
function topology(): Topology {
  const b = new StreamsBuilder();
  const regions = b.globalTable('regions', Consumed.with(S, S), Materialized.as<string, string>('regions-store'));
  b.stream('clicks', Consumed.with(S, S))
    .join(regions, (user) => user, (click, region) => `${click}@${region}`)
    .to('global-out', Produced.with(S, S));

  const customers = b.table('customers', Consumed.with(S, S), Materialized.as<string, string>('customers-store'));
  b.table('orders', Consumed.with(S, S), Materialized.as<string, string>('orders-store'))
    .join(customers, (customerId: string) => customerId, (order: string, customer: string) => `${order}/${customer}`, Named.as('fk'))
    .toStream()
    .to('fk-out', Produced.with(S, S));

  b.stream('left', Consumed.with(S, S))
    .outerJoin(b.stream('right', Consumed.with(S, S)), (l, r) => `${l}+${r}`, JoinWindows.ofTimeDifferenceAndGrace(5_000, 1_000), StreamJoined.with(S, S, S).withStoreName('j'))
    .to('join-out', Produced.with(S, S));
  return b.build();
}

type Rec = readonly [key: string, value: string | null, ts: number];

const lines = (records: readonly ConsumedRecord[]): string[] => [...new Set(records.map((r) => `${r.key?.toString()}=${r.value?.toString()}`))].sort();

describe('defaultDslStore: persistent covers global tables, FK subscription stores and the outer-join store (embedded)', () => {
  let cluster: Cluster;
  const dir = tempDir('default-dsl-store');
  const stateDir = join(dir.path, 'state');
  beforeAll(async () => {
    cluster = embedded({ dir: join(dir.path, 'log'), cleanerIntervalMs: 0 }, { clientId: APP });
    await cluster.connect();
    await createTopics(cluster, [
      { name: 'regions', partitions: 2 },
      { name: 'clicks', partitions: 2 },
      { name: 'customers', partitions: 2 },
      { name: 'orders', partitions: 2 },
      { name: 'left', partitions: 1 },
      { name: 'right', partitions: 1 },
      { name: 'global-out', partitions: 1 },
      { name: 'fk-out', partitions: 1 },
      { name: 'join-out', partitions: 1 },
    ]);
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  const send = async (topic: string, records: readonly Rec[]): Promise<void> => {
    const p = cluster.producer();
    await p.connect();
    await p.send(topic, records.map(([k, v, ts]) => ({ key: Buffer.from(k), value: v === null ? null : Buffer.from(v), timestamp: ts })));
    await p.disconnect();
  };
  const sources = ['clicks', 'customers', 'orders', 'left', 'right'];

  const start = async (): Promise<{ app: TributaryStreams; events: RestorationEvent[]; failure: () => unknown }> => {
    const app = new TributaryStreams(topology(), { applicationId: APP, cluster, stateDir, commitIntervalMs: 100, cacheMaxBytes: 0, defaultDslStore: 'persistent', logger: testLogger });
    const events: RestorationEvent[] = [];
    app.restoration$.subscribe((e) => events.push(e));
    let failure: unknown = null;
    app.setUncaughtExceptionHandler((e) => {
      failure = e;
      return 'SHUTDOWN_CLIENT';
    });
    await app.start();
    await waitForState(app, 'RUNNING', 20_000);
    return { app, events, failure: () => failure };
  };

  it('the stores are on disk, survive a restart from their checkpoints, and the outputs equal the oracle', { timeout: 60_000 }, async () => {
    await send('regions', [['a', 'north', 1], ['b', 'south', 2]]);
    await send('customers', [['c1', 'ann', 1], ['c2', 'bob', 2]]);
    await send('orders', [['o1', 'c1', 3], ['o2', 'c2', 4], ['o3', 'c9', 5]]);
    await send('left', [['k1', 'l1', 1_000], ['k2', 'l2', 1_000]]);
    await send('right', [['k1', 'r1', 1_000]]);

    const first = await start();
    try {
      await send('clicks', [['a', 'x1', 10], ['b', 'x2', 11], ['z', 'x3', 12]]);
      await waitForCommitted(cluster, APP, sources, 20_000);
      // Stream time passes k2's window and grace: k2 is emitted unjoined; l3 and l5 wait in the outer store.
      await send('left', [['k3', 'l3', 100_000], ['k5', 'l5', 100_000]]);
      await waitForCommitted(cluster, APP, sources, 20_000);
      const fk = await readUntil(cluster, 'fk-out', (r) => sameTable(table(r), new Map([['o1', 'c1/ann'], ['o2', 'c2/bob']])), 15_000);
      expect(table(fk)).toEqual(new Map([['o1', 'c1/ann'], ['o2', 'c2/bob']]));
      const global = await readUntil(cluster, 'global-out', (r) => r.length >= 2, 15_000);
      expect(lines(global)).toEqual(['a=x1@north', 'b=x2@south']);
      const joined = await readUntil(cluster, 'join-out', (r) => r.length >= 2, 15_000);
      expect(lines(joined)).toEqual(['k1=l1+r1', 'k2=l2+null']);
    } finally {
      expect(await first.app.close({ timeoutMs: 10_000 })).toBe(true);
    }
    expect(first.failure()).toBeNull();

    // On disk: the global store under global/, the rest in the task directories, all checkpointed.
    const appDir = join(stateDir, APP);
    expect(existsSync(join(appDir, 'global', 'regions-store'))).toBe(true);
    expect(existsSync(join(appDir, 'global', '.checkpoint'))).toBe(true);
    const tasks = readdirSync(appDir).filter((d) => /^\d+_\d+$/.test(d));
    const storesOnDisk = new Set(tasks.flatMap((t) => readdirSync(join(appDir, t))));
    for (const store of ['fk-subscription-store', 'j-outer-shared-join-store', 'j-this-join-store', 'j-other-join-store', 'customers-store', 'orders-store', '.checkpoint']) {
      expect(storesOnDisk).toContain(store);
    }

    // Restart, with new data: one new region (the global store resumes from its checkpoint), a
    // customer change that must find order o1 through the subscription store, and a right record
    // that joins l3 while l5 is still waiting in the outer store from before the restart.
    await send('regions', [['c', 'west', 3]]);
    const second = await start();
    try {
      expect(second.events.filter((e) => e.type === 'end' && e.taskId === 'global').reduce((n, e) => n + e.restored, 0)).toBe(1);
      // Task stores restore nothing: their checkpoints cover the changelogs.
      expect(second.events.filter((e) => e.type === 'end' && e.taskId !== 'global').reduce((n, e) => n + e.restored, 0)).toBe(0);
      await send('clicks', [['a', 'x4', 20], ['c', 'x5', 21]]);
      await send('customers', [['c1', 'ann2', 6], ['c9', 'cat', 7]]);
      await send('right', [['k3', 'r3', 100_000]]);
      await waitForCommitted(cluster, APP, sources, 20_000);
      await send('left', [['k4', 'l4', 200_000]]);
      await waitForCommitted(cluster, APP, sources, 20_000);

      const fkOracle = new Map([['o1', 'c1/ann2'], ['o2', 'c2/bob'], ['o3', 'c9/cat']]);
      const fk = await readUntil(cluster, 'fk-out', (r) => sameTable(table(r), fkOracle), 15_000);
      expect(table(fk)).toEqual(fkOracle);
      const global = await readUntil(cluster, 'global-out', (r) => r.length >= 4, 15_000);
      expect(lines(global)).toEqual(['a=x1@north', 'a=x4@north', 'b=x2@south', 'c=x5@west']);
      const joined = await readUntil(cluster, 'join-out', (r) => r.length >= 4, 15_000);
      expect(lines(joined)).toEqual(['k1=l1+r1', 'k2=l2+null', 'k3=l3+r3', 'k5=l5+null']);
    } finally {
      expect(await second.app.close({ timeoutMs: 10_000 })).toBe(true);
    }
    expect(second.failure()).toBeNull();
  });
});
