import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import {
  Consumed,
  Materialized,
  persistentKeyValueStore,
  Produced,
  QueryableStoreTypes,
  StreamsBuilder,
  TributaryStreams,
  type RestorationEvent,
  type StreamsState,
} from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { S, createTopics, readUntil, tempDir, testLogger, waitForState } from './harness.js';

const APP = 'global-join';

/** clicks (key: click id, value: user id) joined with the users GlobalKTable (key: user id, value: name). */
function topology(persistent: boolean) {
  const b = new StreamsBuilder();
  const users = b.globalTable('users', Consumed.with(S, S), persistent ? Materialized.as<string, string>(persistentKeyValueStore('users-store')) : Materialized.as<string, string>('users-store'));
  b.stream('clicks', Consumed.with(S, S))
    .join(users, (_clickId, userId) => userId, (userId, name) => `${userId}=${name}`)
    .to('enriched', Produced.with(S, S));
  return b.build();
}

async function produce(cluster: Cluster, topic: string, records: readonly [string, string | null][]): Promise<void> {
  const p = cluster.producer();
  await p.connect();
  await p.send(topic, records.map(([k, v], i) => ({ key: Buffer.from(k), value: v === null ? null : Buffer.from(v), timestamp: 1_000 + i })));
  await p.disconnect();
}

describe('GlobalKTable on the embedded adapter', () => {
  let cluster: Cluster;
  let dir: { path: string; remove: () => void };
  beforeEach(async () => {
    dir = tempDir('global-embedded');
    cluster = embedded({ dir: join(dir.path, 'log'), cleanerIntervalMs: 0 }, { clientId: 'global-embedded' });
    await cluster.connect();
    await createTopics(cluster, [{ name: 'users', partitions: 3 }, { name: 'clicks', partitions: 2 }, { name: 'enriched', partitions: 1 }]);
  });
  afterEach(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  const start = async (persistent: boolean) => {
    const app = new TributaryStreams(topology(persistent), { applicationId: APP, cluster, stateDir: join(dir.path, 'state'), commitIntervalMs: 100, logger: testLogger });
    const events: RestorationEvent[] = [];
    const states: StreamsState[] = [];
    app.restoration$.subscribe((e) => {
      if (e.taskId === 'global') events.push(e);
    });
    app.state$.subscribe((s) => states.push(s));
    await app.start();
    return { app, events, states, users: () => app.store('users-store', QueryableStoreTypes.keyValueStore<string, string>()) };
  };
  const enrichedValues = async (n: number) => (await readUntil(cluster, 'enriched', (r) => r.length >= n)).map((r) => r.value!.toString());

  for (const persistent of [true, false]) {
    it(`${persistent ? 'persistent' : 'in-memory'} global store: bootstraps every partition before processing, updates live, and ${persistent ? 'resumes from its checkpoint' : 're-reads its topic'} on restart`, { timeout: 60_000 }, async () => {
      await produce(cluster, 'users', Array.from({ length: 30 }, (_, i): [string, string] => [`u${i}`, `name${i}-v1`]));

      const first = await start(persistent);
      // start() resolves after the bootstrap: the whole table is there, in state REBALANCING or later.
      expect(first.users().get('u29')).toBe('name29-v1');
      expect(first.users().approximateNumEntries()).toBe(30);
      expect(new Set(first.events.filter((e) => e.type === 'end').map((e) => e.partition))).toEqual(new Set([0, 1, 2]));
      expect(first.events.filter((e) => e.type === 'end').reduce((a, e) => a + e.restored, 0)).toBe(30);
      expect(first.states).not.toContain('ERROR');

      await produce(cluster, 'clicks', [['c1', 'u1'], ['c2', 'u2'], ['c3', 'u3'], ['c4', 'nobody']]);
      expect((await enrichedValues(3)).sort()).toEqual(['u1=name1-v1', 'u2=name2-v1', 'u3=name3-v1']);

      // A global update takes effect while running: once the store shows it, joins use it.
      await produce(cluster, 'users', [['u3', 'name3-v2'], ['u1', null]]);
      await waitFor(() => first.users().get('u3') === 'name3-v2' && first.users().get('u1') === null, { message: 'global update applied' });
      await produce(cluster, 'clicks', [['c5', 'u3'], ['c6', 'u1']]);
      expect((await enrichedValues(4)).slice(3)).toEqual(['u3=name3-v2']);
      await waitForState(first.app, 'RUNNING');
      expect(await first.app.close({ timeoutMs: 10_000 })).toBe(true);
      expect(existsSync(join(dir.path, 'state', APP, 'global', '.checkpoint'))).toBe(persistent);

      // Updates while the app is down are read on restart.
      await produce(cluster, 'users', [['u4', 'name4-v3'], ['u40', 'name40-v1']]);
      const second = await start(persistent);
      const ends = second.events.filter((e) => e.type === 'end');
      const restored = ends.reduce((a, e) => a + e.restored, 0);
      if (persistent) {
        expect(restored).toBe(2); // only the tail since the checkpoint
        expect(ends.reduce((a, e) => a + e.startOffset, 0)).toBe(32);
      } else {
        expect(restored).toBe(34); // in-memory: the whole topic again (Kafka does not checkpoint these)
        expect(ends.every((e) => e.startOffset === 0)).toBe(true);
      }
      expect(second.users().get('u3')).toBe('name3-v2');
      expect(second.users().get('u1')).toBeNull();
      expect(second.users().get('u4')).toBe('name4-v3');
      expect(second.users().approximateNumEntries()).toBe(30);
      await produce(cluster, 'clicks', [['c7', 'u4'], ['c8', 'u40']]);
      expect((await enrichedValues(6)).slice(4).sort()).toEqual(['u4=name4-v3', 'u40=name40-v1'].sort());
      expect(await second.app.close({ timeoutMs: 10_000 })).toBe(true);
    });
  }
});
