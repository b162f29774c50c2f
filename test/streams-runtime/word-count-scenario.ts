import { expect } from 'vitest';
import type { Cluster } from '@tributary/client';
import { QueryableStoreTypes, TributaryStreams, type RestorationEvent, type StreamsState } from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { countWords, createTopics, latestCounts, produceLines, readUntil, S, sameMap, tempDir, testLogger, unique, waitForState, wordCount } from './harness.js';

const LINES = Array.from({ length: 300 }, (_, i) => `the quick brown fox ${i % 7} jumps over the lazy dog ${i % 13}`);

/** Word count end to end on any Cluster: output equals the oracle, IQ sees the table, a restart restores it. */
export async function wordCountScenario(cluster: Cluster): Promise<void> {
  const input = unique('wc-in');
  const output = unique('wc-out');
  const appId = unique('wc-app');
  await createTopics(cluster, [{ name: input, partitions: 3 }, { name: output, partitions: 1 }]);
  const dir = tempDir('wc');
  const config = { applicationId: appId, cluster, stateDir: dir.path, commitIntervalMs: 200, cacheMaxBytes: 0, applicationServer: 'localhost:7070', logger: testLogger };
  try {
    const app = new TributaryStreams(wordCount(input, output), config);
    const states: StreamsState[] = [];
    app.state$.subscribe((s) => states.push(s));
    await app.start();
    await produceLines(cluster, input, LINES);
    const oracle = countWords(LINES);
    const out = await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), oracle));
    expect(sameMap(latestCounts(out), oracle)).toBe(true);
    await waitForState(app, 'RUNNING');

    // Interactive queries over the local tasks.
    const view = app.store('counts', QueryableStoreTypes.keyValueStore<string, number>());
    expect(view.get('fox')).toBe(oracle.get('fox'));
    expect(view.all().length).toBe(oracle.size);
    const meta = app.metadataForKey('counts', 'fox', S);
    expect(meta?.activeHost).toEqual({ host: 'localhost', port: 7070 });
    expect(app.allMetadata()[0]?.stateStoreNames).toEqual(['counts']);

    expect(await app.close({ timeoutMs: 30_000 })).toBe(true);
    expect(states).toEqual(['CREATED', 'REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING']);

    // Restart with in-memory stores: everything restores from the changelog.
    const again = new TributaryStreams(wordCount(input, output), config);
    const events: RestorationEvent[] = [];
    again.restoration$.subscribe((e) => events.push(e));
    await again.start();
    await waitForState(again, 'RUNNING');
    const restored = events.filter((e) => e.type === 'end').reduce((n, e) => n + e.restored, 0);
    expect(restored).toBeGreaterThanOrEqual(oracle.size);
    const view2 = again.store('counts', QueryableStoreTypes.keyValueStore<string, number>());
    await waitFor(() => view2.get('dog') === oracle.get('dog'), { message: 'restored count' });
    expect(await again.metrics()).toContain('tributary_streams_restored_records_total');
    await again.close();
  } finally {
    dir.remove();
  }
}
