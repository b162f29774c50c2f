import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Cluster } from '@tributary/client';
import { persistentKeyValueStore, QueryableStoreTypes, TributaryStreams, type RestorationEvent, type TributaryStreamsConfig } from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { countWords, createTopics, latestCounts, produceLines, readUntil, sameMap, tempDir, testLogger, unique, waitForState, wordCount } from './harness.js';

const batch = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${tag} alpha beta w${i % 40} gamma`);

/** Starts an app, records its restoration, waits until RUNNING. */
async function run(config: TributaryStreamsConfig, input: string, output: string): Promise<{ app: TributaryStreams; events: RestorationEvent[] }> {
  const app = new TributaryStreams(wordCount(input, output, persistentKeyValueStore('counts')), config);
  const events: RestorationEvent[] = [];
  app.restoration$.subscribe((e) => events.push(e));
  await app.start();
  await waitForState(app, 'RUNNING');
  return { app, events };
}

const restoredTotal = (events: readonly RestorationEvent[]): number => events.filter((e) => e.type === 'end').reduce((n, e) => n + e.restored, 0);

/** restarts with persistent (classic-level) stores */
export async function restartScenario(cluster: Cluster): Promise<void> {
  const input = unique('rs-in');
  const output = unique('rs-out');
  await createTopics(cluster, [{ name: input, partitions: 2 }, { name: output, partitions: 1 }]);
  const dir = tempDir('rs');
  const config: TributaryStreamsConfig = { applicationId: unique('rs-app'), cluster, stateDir: dir.path, commitIntervalMs: 200, logger: testLogger };
  const lines: string[] = [];
  try {
    // 1. First run: everything is new, nothing to restore.
    let r = await run(config, input, output);
    lines.push(...batch(200, 'one'));
    await produceLines(cluster, input, lines);
    await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), countWords(lines)));
    expect(restoredTotal(r.events)).toBe(0);
    await r.app.close();
    const appDir = join(dir.path, config.applicationId);
    const taskDirs = readdirSync(appDir).filter((d) => /^\d+_\d+$/.test(d) && existsSync(join(appDir, d, '.checkpoint')));
    expect(taskDirs.length).toBeGreaterThan(0);

    // 2. Clean restart: checkpoints match the changelog ends, so nothing is replayed.
    r = await run(config, input, output);
    expect(r.events.filter((e) => e.type === 'start').length).toBeGreaterThan(0);
    expect(restoredTotal(r.events)).toBe(0);
    lines.push(...batch(100, 'two'));
    await produceLines(cluster, input, lines.slice(200), (i) => `k${200 + i}`);
    await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), countWords(lines)));
    const view = r.app.store('counts', QueryableStoreTypes.keyValueStore<string, number>());
    expect(view.get('alpha')).toBe(300);
    await r.app.close();

    // 3. Unclean: checkpoints gone (one removed, one corrupt) → wipe and restore from the changelog start.
    writeFileSync(join(appDir, taskDirs[0]!, '.checkpoint'), 'garbage');
    for (const d of taskDirs.slice(1)) writeFileSync(join(appDir, d, '.checkpoint'), '0\n5\n');
    r = await run(config, input, output);
    expect(restoredTotal(r.events)).toBeGreaterThanOrEqual(countWords(lines).size);
    const view2 = r.app.store('counts', QueryableStoreTypes.keyValueStore<string, number>());
    await waitFor(() => view2.get('alpha') === 300 && view2.get('gamma') === 300, { message: 'state after full restore' });
    expect(await r.app.metrics()).toMatch(/tributary_streams_restore_remaining_records\{[^}]*\} 0/);
    await r.app.close();
  } finally {
    dir.remove();
  }
}
