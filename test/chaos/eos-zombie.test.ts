import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embedded, type Cluster, type Logger } from '@tributary/client';
import { Consumed, Grouped, Materialized, Produced, QueryableStoreTypes, Serdes, StreamsBuilder, TributaryStreams, type Topology } from '@tributary/streams';
import { setEosCommitHook } from '../../packages/streams/src/runtime/eos/eos-test-hooks.js';
import { waitFor } from '../helpers/wait-for.js';
import { readCommitted } from './eos-child-process.js';

const S = Serdes.String();
const L = Serdes.Long();

function countTopology(input: string, output: string): Topology {
  const b = new StreamsBuilder();
  b.stream(input, Consumed.with(S, S))
    .groupByKey(Grouped.with(S, S))
    .count(Materialized.as<string, number>('counts').withKeySerde(S).withValueSerde(L))
    .toStream()
    .to(output, Produced.with(S, L));
  return b.build();
}

function capturingLogger(into: { msg: string; code: string }[]): Logger {
  const push = (obj: object | string, msg?: string): void => {
    const code = typeof obj === 'string' ? '' : String((obj as { error?: { code?: unknown } }).error?.code ?? '');
    into.push({ msg: msg ?? String(obj), code });
  };
  return { debug: () => {}, info: () => {}, warn: push, error: push };
}

describe('exactly_once_v2 zombie fencing (embedded adapter: generation sent with the offsets)', () => {
  let cluster: Cluster;
  let root: string;
  const apps: TributaryStreams[] = [];
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'eos-zombie-'));
    cluster = embedded({ inMemory: true, cleanerIntervalMs: 0 }, { clientId: 'zombie-test' });
    await cluster.connect();
  });
  afterEach(async () => {
    setEosCommitHook(null);
    for (const app of apps.splice(0)) await app.close({ timeoutMs: 10_000 });
    await cluster.disconnect();
    rmSync(root, { recursive: true, force: true });
  });

  it('a thread paused inside its commit past the rebalance loses its tasks: its commit fails, its writes stay invisible, it rejoins', async () => {
    await cluster.admin.createTopics([{ name: 'z-in', partitions: 2 }, { name: 'z-out', partitions: 2 }]);
    const producer = cluster.producer();
    await producer.connect();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    const expected = new Map<string, number>();
    const produce = async (n: number): Promise<void> => {
      const records = Array.from({ length: n }, (_, i) => {
        const key = keys[i % keys.length]!;
        expected.set(key, (expected.get(key) ?? 0) + 1);
        return { key: Buffer.from(key), value: Buffer.from('x') };
      });
      await producer.send('z-in', records);
    };
    const config = (name: string, logs: { msg: string; code: string }[]) => ({
      applicationId: 'zombie-app',
      cluster,
      stateDir: join(root, name),
      processingGuarantee: 'exactly_once_v2' as const,
      cacheMaxBytes: 0,
      // The thread polls for rejoins; a paused one is dropped from the group after this long.
      rebalanceTimeoutMs: 1_500,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 200,
      logger: capturingLogger(logs),
    });

    const zombieLogs: { msg: string; code: string }[] = [];
    const zombie = new TributaryStreams(countTopology('z-in', 'z-out'), config('zombie', zombieLogs));
    apps.push(zombie);
    const zombieStates: string[] = [];
    zombie.state$.subscribe((s) => zombieStates.push(s));
    await zombie.start();
    await waitFor(() => zombie.state === 'RUNNING', { message: 'zombie running' });
    const zombieTxnId = `zombie-app-${readFileSync(join(root, 'zombie', 'zombie-app', 'process-id'), 'utf8').trim()}-1`;

    // Hold the zombie's next commit after its records went into the transaction, before its offsets.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let paused = false;
    setEosCommitHook((stage, txnId) => {
      if (txnId !== zombieTxnId || stage !== 'beforeSendOffsets' || paused) return;
      paused = true;
      return held;
    });
    await produce(60);
    await waitFor(() => paused, { message: 'zombie paused inside its commit' });
    const [hw, lso] = await Promise.all([
      cluster.admin.listOffsets([0, 1].map((partition) => ({ topic: 'z-out', partition, spec: 'latest' as const }))),
      cluster.admin.listOffsets([0, 1].map((partition) => ({ topic: 'z-out', partition, spec: 'latest' as const })), { isolationLevel: 'read_committed' }),
    ]);
    expect(hw.reduce((n, o) => n + o.offset, 0), 'the zombie wrote into its open transaction').toBeGreaterThan(lso.reduce((n, o) => n + o.offset, 0));

    // A second instance joins; the paused member cannot rejoin and is dropped: the newcomer takes every task.
    const otherLogs: { msg: string; code: string }[] = [];
    const other = new TributaryStreams(countTopology('z-in', 'z-out'), config('other', otherLogs));
    apps.push(other);
    const otherEvents: string[] = [];
    other.restoration$.subscribe((e) => otherEvents.push(`${e.type} ${e.taskId} ${e.startOffset}..${e.endOffset} r=${e.restored}`));
    other.state$.subscribe((st) => otherEvents.push(`STATE ${st}`));
    await other.start();
    const otherView = (): number =>
      other.state === 'RUNNING' ? other.store('counts', QueryableStoreTypes.keyValueStore<string, number>()).all().reduce((n, kv) => n + kv.value, 0) : 0;
    await waitFor(() => otherView() === 60, { timeoutMs: 15_000, message: 'newcomer took every task and counted the first input' });

    // The zombie wakes up: its sendOffsets carries a dead generation, so the commit fails and is aborted.
    release();
    await waitFor(() => zombieLogs.some((l) => l.code === 'TASK_MIGRATED'), { timeoutMs: 15_000, message: 'zombie commit failed as TASK_MIGRATED' });
    // It rejoins (a fresh thread) and the two share the work; more input proves both still run.
    await waitFor(() => zombieStates.at(-1) === 'RUNNING' && zombieStates.includes('REBALANCING'), { timeoutMs: 20_000, message: `zombie rejoined (${zombieStates.join(' → ')})` });
    await produce(60);

    const records = await readCommitted(cluster, ['z-out'], 120).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; zombie ${zombieStates.join(' → ')}; newcomer ${otherEvents.join(' | ')} ${JSON.stringify(otherLogs)}`);
    });
    const seqs = new Map<string, number[]>();
    for (const r of records) {
      const list = seqs.get(r.key!.toString()) ?? [];
      list.push(Number(r.value!.readBigInt64BE(0)));
      seqs.set(r.key!.toString(), list);
    }
    for (const [key, n] of expected) expect(seqs.get(key), `counts of ${key}`).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(zombie.state).toBe('RUNNING');
    expect(zombieLogs.filter((l) => l.msg === 'shutting down after an error')).toEqual([]);
  }, 60_000);
});
