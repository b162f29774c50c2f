import { expect } from 'vitest';
import type { Cluster } from '@tributary/client';
import { QueryableStoreTypes, TributaryStreams, type RestorationEvent, type TributaryStreamsConfig } from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import {
  countWords,
  createTopics,
  latestCounts,
  produceLines,
  readUntil,
  sameMap,
  tempDir,
  testLogger,
  unique,
  waitForCommitted,
  waitForState,
  wordCount,
} from './harness.js';

const batch = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${tag} red green w${i % 50} blue`);

/** two instances share tasks; failover uses the standby */
export async function multiInstanceScenario(cluster: Cluster): Promise<void> {
  const input = unique('mi-in');
  const output = unique('mi-out');
  const applicationId = unique('mi-app');
  await createTopics(cluster, [{ name: input, partitions: 4 }, { name: output, partitions: 1 }]);
  const dirA = tempDir('mi-a');
  const dirB = tempDir('mi-b');
  const base = { applicationId, cluster, commitIntervalMs: 150, cacheMaxBytes: 0, numStandbyReplicas: 1, heartbeatIntervalMs: 300, sessionTimeoutMs: 10_000, logger: testLogger };
  const configA: TributaryStreamsConfig = { ...base, stateDir: dirA.path, applicationServer: 'host-a:1' };
  const configB: TributaryStreamsConfig = { ...base, stateDir: dirB.path, applicationServer: 'host-b:2' };
  const a = new TributaryStreams(wordCount(input, output), configA);
  const b = new TributaryStreams(wordCount(input, output), configB);
  const lines: string[] = [];
  const repartition = `${applicationId}-counts-repartition`;
  try {
    await a.start();
    await waitForState(a, 'RUNNING');
    lines.push(...batch(200, 'one'));
    await produceLines(cluster, input, lines);
    await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), countWords(lines)));
    await waitForCommitted(cluster, applicationId, [input, repartition]);

    // B joins: tasks are split, stateful tasks get a standby on the other instance.
    const eventsB: RestorationEvent[] = [];
    b.restoration$.subscribe((e) => eventsB.push(e));
    await b.start();
    const split = await waitFor(() => {
      const m = b.allMetadata();
      const ha = m.find((x) => x.hostInfo.host === 'host-a');
      const hb = m.find((x) => x.hostInfo.host === 'host-b');
      return ha !== undefined && hb !== undefined && ha.activeTasks.length === 4 && hb.activeTasks.length === 4 && b.state === 'RUNNING' && a.state === 'RUNNING' ? { ha, hb } : null;
    }, { timeoutMs: 45_000, message: 'tasks split over both instances' });
    const statefulA = split.ha.activeTasks.filter((t) => t.startsWith('1_'));
    expect(statefulA.length).toBe(2);
    expect([...split.hb.standbyTasks].sort()).toEqual(statefulA.sort());
    expect(split.ha.stateStoreNames).toEqual(['counts']);

    lines.push(...batch(200, 'two'));
    await produceLines(cluster, input, lines.slice(200), (i) => `k${200 + i}`);
    await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), countWords(lines)));
    await waitForCommitted(cluster, applicationId, [input, repartition]);

    // A stops cleanly: B takes A's tasks, promoting its warm standbys (restores start past 0).
    const before = eventsB.length;
    expect(await a.close({ timeoutMs: 30_000 })).toBe(true);
    await waitFor(() => b.state === 'RUNNING' && b.allMetadata().find((x) => x.hostInfo.host === 'host-b')?.activeTasks.length === 8, {
      timeoutMs: 45_000,
      message: 'B owns every task',
    });
    const promoted = eventsB.slice(before).filter((e) => e.type === 'start' && statefulA.includes(e.taskId));
    expect(promoted.length).toBe(2);
    for (const e of promoted) expect(e.startOffset).toBeGreaterThan(0);

    lines.push(...batch(100, 'three'));
    await produceLines(cluster, input, lines.slice(400), (i) => `k${400 + i}`);
    const oracle = countWords(lines);
    await readUntil(cluster, output, (rs) => sameMap(latestCounts(rs), oracle));
    const view = b.store('counts', QueryableStoreTypes.keyValueStore<string, number>());
    await waitFor(() => [...oracle].every(([w, n]) => view.get(w) === n), { message: 'B table equals the oracle' });
    expect(view.approximateNumEntries()).toBe(oracle.size);
  } finally {
    await a.close({ timeoutMs: 10_000 });
    await b.close({ timeoutMs: 10_000 });
    dirA.remove();
    dirB.remove();
  }
}
