import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import { Consumed, Grouped, Materialized, Produced, StreamsBuilder, TimeWindows, TributaryStreams, keyValue } from '@tributary/streams';
import { L, S, createTopics, tempDir, testLogger, waitForCommitted, waitForState } from './harness.js';

const APP = 'fairness';
const RECORDS = Number(process.env.FAIRNESS_RECORDS ?? 40_000);

/** A stateful topology with a repartition, a count and a windowed count: real work per record. */
function topology() {
  const b = new StreamsBuilder();
  const words = b.stream('lines', Consumed.with(S, S)).flatMapValues((l) => l.split(' '));
  const grouped = words.groupBy((_k, w) => w, Grouped.with(S, S));
  grouped.count(Materialized.as<string, number>('counts')).toStream().to('counts-out', Produced.with(S, L));
  grouped
    .windowedBy(TimeWindows.ofSizeWithNoGrace(1_000))
    .count(Materialized.as<string, number>('windowed-counts'))
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}`, n))
    .to('windowed-out', Produced.with(S, L));
  return b.build();
}

describe('event-loop fairness of the stream thread (embedded)', () => {
  let cluster: Cluster;
  const dir = tempDir('fairness');
  beforeAll(async () => {
    cluster = embedded({ dir: join(dir.path, 'log'), cleanerIntervalMs: 0 }, { clientId: 'fairness' });
    await cluster.connect();
    await createTopics(cluster, [{ name: 'lines', partitions: 2 }, { name: 'counts-out', partitions: 1 }, { name: 'windowed-out', partitions: 1 }]);
    const p = cluster.producer();
    await p.connect();
    for (let i = 0; i < RECORDS; i += 2_000) {
      await p.send('lines', Array.from({ length: 2_000 }, (_, j) => ({
        key: Buffer.from(`k${(i + j) % 97}`),
        value: Buffer.from(`w${(i + j) % 50} w${(i + j) % 7} w${(i + j) % 13}`),
        timestamp: 1_000 + i + j,
      })));
    }
    await p.disconnect();
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  /** Largest gap between ticks of a 50 ms interval timer while `work` runs. */
  const longestTimerGap = async (work: () => Promise<void>): Promise<number> => {
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 50);
    try {
      await work();
    } finally {
      clearInterval(ticker);
    }
    return Math.max(maxGap, performance.now() - last);
  };
  // No cache: every update reaches the changelog, so the restart has a large changelog to restore.
  const newApp = () => new TributaryStreams(topology(), { applicationId: APP, cluster, stateDir: join(dir.path, 'state'), commitIntervalMs: 500, cacheMaxBytes: 0, logger: testLogger });
  const log = (what: string) => process.env.RT_DEBUG !== undefined && console.log(what);

  it('a 50 ms timer keeps ticking (no gap over 250 ms) while a large backlog is processed, and while it is restored', { timeout: 60_000 }, async () => {
    const first = newApp();
    const started = performance.now();
    const processingGap = await longestTimerGap(async () => {
      await first.start();
      await waitForCommitted(cluster, APP, ['lines'], 50_000);
      // Also through the repartition topics, so the restart has nothing left to process.
      const repartition = (await cluster.admin.listTopics()).filter((t) => t.startsWith(`${APP}-`) && t.endsWith('-repartition'));
      await waitForCommitted(cluster, APP, repartition, 50_000);
    });
    const seconds = (performance.now() - started) / 1000;
    log(`fairness: ${RECORDS} records in ${seconds.toFixed(1)} s (${Math.round(RECORDS / seconds)}/s), longest timer gap ${Math.round(processingGap)} ms`);
    expect(await first.close({ timeoutMs: 10_000 })).toBe(true);

    // In-memory stores restore their whole changelog on a new instance.
    const second = newApp();
    let restored = 0;
    second.restoration$.subscribe((e) => {
      if (e.type === 'end') restored += e.restored;
    });
    const restoreStarted = performance.now();
    const restoringGap = await longestTimerGap(async () => {
      await second.start();
      await waitForState(second, 'RUNNING', 50_000);
    });
    log(`fairness: restored ${restored} records in ${((performance.now() - restoreStarted) / 1000).toFixed(1)} s, longest timer gap ${Math.round(restoringGap)} ms`);
    expect(await second.close({ timeoutMs: 10_000 })).toBe(true);
    // In-memory stores restore every changelog record; how many there are depends on how often
    // the first run committed (updates between commits are deduplicated), so compare with the topics.
    const changelogs = (await cluster.admin.listTopics()).filter((t) => t.startsWith(`${APP}-`) && t.endsWith('-changelog'));
    const described = await cluster.admin.describeTopics(changelogs);
    const ends = await cluster.admin.listOffsets(described.flatMap((d) => d.partitions.map((p) => ({ topic: d.name, partition: p.partition, spec: 'latest' as const }))));
    const changelogRecords = ends.reduce((n, e) => n + e.offset, 0);
    log(`fairness: changelogs hold ${changelogRecords} records`);
    expect(restored).toBe(changelogRecords);
    expect(restored).toBeGreaterThan(RECORDS / 4);
    expect(processingGap).toBeLessThan(250);
    expect(restoringGap).toBeLessThan(250);
  });
});
