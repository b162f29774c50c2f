import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import {
  Consumed,
  Grouped,
  keyValue,
  Materialized,
  persistentWindowStore,
  Produced,
  QueryableStoreTypes,
  SessionWindows,
  StreamsBuilder,
  TimeWindows,
  TributaryStreams,
  type RestorationEvent,
  type Topology,
} from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { S, createTopics, readUntil, sameTable, sessionCounts, table, tempDir, testLogger, waitForCommitted, waitForState } from './harness.js';

const APP = 'persistent-window-store';
const WINDOW = 10_000;
const GAP = 5_000;
const HOUR = 3_600_000;

/**
 * A windowed count on an explicit persistent window store, and a session count and a plain count
 * whose stores are persistent through `defaultDslStore` alone. Retention is long enough that nothing expires,
 * so the stores must hold exactly the oracle's windows and sessions.
 */
function topology(): Topology {
  const b = new StreamsBuilder();
  const grouped = b.stream('clicks', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
  grouped
    .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW))
    .count(Materialized.as<string, number>(persistentWindowStore('click-counts', { retentionMs: HOUR, windowSizeMs: WINDOW, segmentIntervalMs: 60_000 })))
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}`, n === null ? null : String(n)))
    .to('window-counts', Produced.with(S, S));
  grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(GAP)).count(Materialized.as<string, number>('session-counts').withRetention(HOUR));
  grouped.count(Materialized.as<string, number>('click-totals'));
  return b.build();
}

interface Ev {
  readonly key: string;
  readonly ts: number;
}

/** Clicks of 8 users over ~4 minutes, timestamps increasing (deterministic). */
function input(): Ev[] {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const out: Ev[] = [];
  let ts = 1_000;
  for (let i = 0; i < 500; i++) {
    ts += Math.floor(rnd() * 1_000);
    out.push({ key: `u${Math.floor(rnd() * 8)}`, ts });
  }
  return out;
}

function windowOracle(evs: readonly Ev[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of evs) {
    const k = `${e.key}@${Math.floor(e.ts / WINDOW) * WINDOW}`;
    m.set(k, String(Number(m.get(k) ?? 0) + 1));
  }
  return m;
}

describe('persistent window and session stores in the runtime (embedded)', () => {
  let cluster: Cluster;
  const dir = tempDir('persistent-window-store');
  const stateDir = join(dir.path, 'state');
  beforeAll(async () => {
    cluster = embedded({ dir: join(dir.path, 'log'), cleanerIntervalMs: 0 }, { clientId: APP });
    await cluster.connect();
    await createTopics(cluster, [
      { name: 'clicks', partitions: 2 },
      { name: 'window-counts', partitions: 1 },
    ]);
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  const send = async (evs: readonly Ev[]): Promise<void> => {
    const p = cluster.producer();
    await p.connect();
    await p.send('clicks', evs.map((e) => ({ key: Buffer.from(e.key), value: Buffer.from('c'), timestamp: e.ts })));
    await p.disconnect();
  };

  /** Starts the app, waits until it has consumed everything, checks the stores by interactive query, closes it. */
  const runAndQuery = async (seen: readonly Ev[]): Promise<RestorationEvent[]> => {
    const app = new TributaryStreams(topology(), { applicationId: APP, cluster, stateDir, commitIntervalMs: 100, defaultDslStore: 'persistent', logger: testLogger });
    const events: RestorationEvent[] = [];
    app.restoration$.subscribe((e) => events.push(e));
    let failure: unknown = null;
    app.setUncaughtExceptionHandler((e) => {
      failure = e;
      return 'SHUTDOWN_CLIENT';
    });
    await app.start();
    try {
      await waitForState(app, 'RUNNING', 20_000);
      await waitForCommitted(cluster, APP, ['clicks'], 20_000);
      const windows = app.store('click-counts', QueryableStoreTypes.windowStore<string, number>());
      const sessions = app.store('session-counts', QueryableStoreTypes.sessionStore<string, number>());
      const totals = app.store('click-totals', QueryableStoreTypes.keyValueStore<string, number>());
      const windowView = (): Map<string, string> => new Map(windows.all().map((kv) => [`${kv.key.key}@${kv.key.window.start}`, String(kv.value)]));
      const sessionView = (): Map<string, string> => new Map(sessions.all().map((kv) => [`${kv.key.key}@${kv.key.window.start}-${kv.key.window.end}`, String(kv.value)]));
      const totalsView = (): Map<string, string> => new Map(totals.all().map((kv) => [kv.key, String(kv.value)]));
      const wantTotals = new Map<string, string>();
      for (const e of seen) wantTotals.set(e.key, String(Number(wantTotals.get(e.key) ?? 0) + 1));
      await waitFor(() => sameTable(windowView(), windowOracle(seen)) && sameTable(sessionView(), sessionCounts(seen, GAP)) && sameTable(totalsView(), wantTotals), {
        timeoutMs: 10_000,
        message: 'stores equal the oracle',
      });
      const first = seen[0]!;
      expect(windows.fetchRange(first.key, 0, HOUR).length).toBe([...windowOracle(seen).keys()].filter((k) => k.startsWith(`${first.key}@`)).length);
      expect(sessions.fetch(first.key).map((kv) => kv.key.key)).toEqual(sessions.fetch(first.key).map(() => first.key));
    } finally {
      expect(await app.close({ timeoutMs: 10_000 })).toBe(true);
    }
    expect(failure).toBeNull();
    return events;
  };

  it('a windowed count on persistentWindowStore and a session count under defaultDslStore survive a restart from disk; stores and output equal the oracle', { timeout: 60_000 }, async () => {
    const evs = input();
    const cut = Math.floor(evs.length * 0.6);
    await send(evs.slice(0, cut));
    await runAndQuery(evs.slice(0, cut));

    // On disk: one LevelDB per time segment under <stateDir>/<app>/<task>/<store>/, and a checkpoint.
    const appDir = join(stateDir, APP);
    const tasks = readdirSync(appDir).filter((d) => /^\d+_\d+$/.test(d));
    const taskWith = (store: string): string[] => tasks.filter((t) => existsSync(join(appDir, t, store)));
    expect(taskWith('click-counts').length).toBeGreaterThan(0);
    const segmentDirs = taskWith('click-counts').map((t) => {
      expect(existsSync(join(appDir, t, '.checkpoint'))).toBe(true);
      return readdirSync(join(appDir, t, 'click-counts')).filter((d) => d.startsWith('click-counts.'));
    });
    expect(Math.max(...segmentDirs.map((s) => s.length))).toBeGreaterThan(1);
    for (const s of segmentDirs.flat()) expect(Number(s.slice('click-counts.'.length)) % 60_000).toBe(0);
    expect(taskWith('session-counts').length).toBeGreaterThan(0);
    expect(taskWith('click-totals').length).toBeGreaterThan(0); // a LevelDB key-value store, by defaultDslStore

    // Restart: the checkpoint covers the changelog, so nothing is restored; the rest arrives.
    await send(evs.slice(cut));
    const events = await runAndQuery(evs);
    expect(events.filter((e) => e.type === 'end').reduce((n, e) => n + e.restored, 0)).toBe(0);

    expect(events.some((e) => e.type === 'start' && e.store === 'click-counts')).toBe(true);

    const out = await readUntil(cluster, 'window-counts', (r) => sameTable(table(r), windowOracle(evs)), 10_000);
    expect(table(out)).toEqual(windowOracle(evs));

    // Without a trustworthy checkpoint the task directories are wiped and the stores restored from their changelogs.
    for (const t of tasks) writeFileSync(join(appDir, t, '.checkpoint'), 'garbage');
    const restoredRun = await runAndQuery(evs);
    expect(restoredRun.filter((e) => e.type === 'end' && e.store === 'click-counts').reduce((n, e) => n + e.restored, 0)).toBeGreaterThanOrEqual(windowOracle(evs).size);
  });
});
