import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, murmur2Partition, type Cluster, type ConsumedRecord } from '@tributary/client';
import {
  BufferConfig,
  Consumed,
  EmitStrategy,
  Grouped,
  JoinWindows,
  keyValue,
  Materialized,
  Produced,
  SessionWindows,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  TributaryStreams,
} from '@tributary/streams';
import { S, createTopics, readUntil, sameTable, sessionCounts, table, tempDir, testLogger, waitForCommitted, waitForState } from './harness.js';

const APP = 'windowed-restart';
const WINDOW = 10_000;
const GAP = 5_000;
const JOIN = 3_000;
const FLUSH_TS = 10_000_000;

/** Windowed count + suppress, windowed count emitted on close, session count, stream-stream left join: every self-restoring store kind. */
function topology() {
  const b = new StreamsBuilder();
  const clicks = b.stream('clicks', Consumed.with(S, S));
  const grouped = clicks.groupByKey(Grouped.with(S, S));
  grouped
    .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW))
    .count(Materialized.as<string, number>('window-counts'))
    .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('window-finals'))
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}`, n === null ? null : String(n)))
    .to('finals', Produced.with(S, S));
  grouped
    .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count(Materialized.as<string, number>('window-counts-on-close'))
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}`, n === null ? null : String(n)))
    .to('finals-on-close', Produced.with(S, S));
  grouped
    .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(GAP))
    .count(Materialized.as<string, number>('session-counts'))
    .toStream()
    .map((w, n) => keyValue(`${w.key}@${w.window.start}-${w.window.end}`, n === null ? null : String(n)))
    .to('sessions', Produced.with(S, S));
  clicks
    .leftJoin(b.stream('purchases', Consumed.with(S, S)), (c: string, p: string | null) => `${c}+${p}`, JoinWindows.ofTimeDifferenceWithNoGrace(JOIN))
    .to('joined', Produced.with(S, S));
  return b.build();
}

interface Ev {
  readonly key: string;
  readonly id: string;
  readonly ts: number;
}

/** Deterministic input: clicks and purchases of 6 users over ~3 minutes, timestamps increasing. */
function input(): { clicks: Ev[]; purchases: Ev[] } {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const clicks: Ev[] = [];
  const purchases: Ev[] = [];
  let ts = 0;
  for (let i = 0; i < 600; i++) {
    ts += Math.floor(rnd() * 600);
    const key = `u${Math.floor(rnd() * 6)}`;
    if (rnd() < 0.25) purchases.push({ key, id: `p${i}`, ts });
    else clicks.push({ key, id: `c${i}`, ts });
  }
  return { clicks, purchases };
}

function oracle(clicks: readonly Ev[], purchases: readonly Ev[]) {
  const finals = new Map<string, string>();
  for (const c of clicks) {
    const k = `${c.key}@${Math.floor(c.ts / WINDOW) * WINDOW}`;
    finals.set(k, String(Number(finals.get(k) ?? 0) + 1));
  }
  const sessions = sessionCounts(clicks, GAP);
  const joined: string[] = [];
  for (const c of clicks) {
    const partners = purchases.filter((p) => p.key === c.key && Math.abs(p.ts - c.ts) <= JOIN);
    if (partners.length === 0) joined.push(`${c.id}+null`);
    for (const p of partners) joined.push(`${c.id}+${p.id}`);
  }
  return { finals, sessions, joined: joined.sort() };
}

/** Latest value per key; a null value deletes (how a table reads a changelog topic). */

describe('windowed, suppressed, session and join state across a restart (embedded)', () => {
  let cluster: Cluster;
  // What the restart test read from finals-on-close, checked for duplicates by the test after it.
  let onCloseKeys: string[] | null = null;
  let wantOnCloseKeys: string[] = [];
  const dir = tempDir('windowed-restart');
  beforeAll(async () => {
    cluster = embedded({ dir: join(dir.path, 'log'), cleanerIntervalMs: 0 }, { clientId: 'windowed-restart' });
    await cluster.connect();
    await createTopics(cluster, ['clicks', 'purchases', 'finals', 'finals-on-close', 'sessions', 'joined'].map((name) => ({ name, partitions: name === 'clicks' || name === 'purchases' ? 2 : 1 })));
  });
  afterAll(async () => {
    await cluster?.disconnect();
    dir.remove();
  });

  const send = async (topic: string, evs: readonly Ev[]): Promise<void> => {
    const p = cluster.producer();
    await p.connect();
    await p.send(topic, evs.map((e) => ({ key: Buffer.from(e.key), value: Buffer.from(e.id), timestamp: e.ts })));
    await p.disconnect();
  };
  const runUntilCaughtUp = async (): Promise<void> => {
    const app = new TributaryStreams(topology(), { applicationId: APP, cluster, stateDir: join(dir.path, 'state'), commitIntervalMs: 100, logger: testLogger });
    let failure: unknown = null;
    app.setUncaughtExceptionHandler((e) => {
      failure = e;
      return 'SHUTDOWN_CLIENT';
    });
    await app.start();
    await waitForState(app, 'RUNNING', 20_000);
    await waitForCommitted(cluster, APP, ['clicks', 'purchases'], 20_000);
    expect(await app.close({ timeoutMs: 10_000 })).toBe(true);
    expect(failure).toBeNull();
    expect(app.state).toBe('NOT_RUNNING');
  };

  it('a clean restart resumes every store: finals once each, sessions and join results equal the oracle', { timeout: 60_000 }, async () => {
    const { clicks, purchases } = input();
    const cut = clicks[Math.floor(clicks.length * 0.6)]!.ts;
    await send('clicks', clicks.filter((c) => c.ts < cut));
    await send('purchases', purchases.filter((p) => p.ts < cut));
    await runUntilCaughtUp();

    // Later data, then one far-future click per partition so every window, session and join window closes.
    await send('clicks', clicks.filter((c) => c.ts >= cut));
    await send('purchases', purchases.filter((p) => p.ts >= cut));
    const flush = [0, 1].map((partition) => {
      let i = 0;
      while (murmur2Partition(Buffer.from(`flush${i}`), 2) !== partition) i++;
      return { key: `flush${i}`, id: `f${partition}`, ts: FLUSH_TS };
    });
    await send('clicks', flush);
    await runUntilCaughtUp();

    const want = oracle(clicks, purchases);
    const data = (r: ConsumedRecord): boolean => !r.key!.toString().startsWith('flush');
    const finals = (await readUntil(cluster, 'finals', (r) => r.filter(data).length >= want.finals.size, 10_000)).filter(data);
    expect(finals.map((r) => r.key!.toString()).sort()).toEqual([...want.finals.keys()].sort()); // each window exactly once
    expect(table(finals)).toEqual(want.finals);

    // Read to the end of the topic: a window emitted twice must not hide behind an early stop.
    const [onCloseEnd] = await cluster.admin.listOffsets([{ topic: 'finals-on-close', partition: 0, spec: 'latest' }]);
    const onClose = (await readUntil(cluster, 'finals-on-close', (r) => r.length >= onCloseEnd!.offset && r.filter(data).length >= want.finals.size, 10_000)).filter(data);
    expect(table(onClose)).toEqual(want.finals);
    onCloseKeys = onClose.map((r) => r.key!.toString());
    wantOnCloseKeys = [...want.finals.keys()];

    const sessions = (await readUntil(cluster, 'sessions', (r) => sameTable(table(r.filter(data)), want.sessions), 10_000)).filter(data);
    expect(table(sessions)).toEqual(want.sessions);

    const joined = (await readUntil(cluster, 'joined', (r) => r.filter(data).length >= want.joined.length, 10_000)).filter(data);
    expect(joined.map((r) => r.value!.toString()).sort()).toEqual(want.joined);
  });

  // The last emitted close time is changelogged (store `window-counts-on-close-processor-metadata`;
  // Kafka keeps it in the commit's processor metadata), so windows closed before the restart stay emitted.
  it('emitStrategy(onWindowClose) emits each window exactly once across a restart', () => {
    expect(onCloseKeys, 'runs after the restart test above').not.toBeNull();
    expect([...onCloseKeys!].sort()).toEqual([...wantOnCloseKeys].sort());
  });
});

