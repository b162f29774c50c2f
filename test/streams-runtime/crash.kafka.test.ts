import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, ConsumedRecord } from '@tributary/client';
import { requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka, type KafkaLease } from '../helpers/shared-kafka.js';
import { waitFor } from '../helpers/wait-for.js';
import { createTopics, kafkaCluster, readUntil, tempDir, unique } from './harness.js';

const peer = requireReferenceKafka();
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const WORDS = ['ant', 'bee', 'cat', 'dog', 'eel'];

/** mulberry32: a seeded PRNG so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Child {
  readonly proc: ChildProcess;
  readonly lines: string[];
}

function startChild(args: string[]): Child {
  const proc = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  proc.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter((l) => l.length > 0)));
  proc.stderr!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter((l) => l.length > 0).map((l) => `stderr: ${l}`)));
  return { proc, lines };
}

async function kill9(c: Child): Promise<void> {
  const exited = new Promise((resolve) => c.proc.once('exit', resolve));
  c.proc.kill('SIGKILL');
  await exited;
}

describe.skipIf(!peer.available)('kill -9 of an app with persistent stores', () => {
  let lease: KafkaLease | undefined;
  let cluster: Cluster;
  beforeAll(async () => {
    lease = await acquireReferenceKafka();
    cluster = kafkaCluster(lease.bootstrap);
    await cluster.connect();
  });
  afterAll(async () => {
    await cluster?.disconnect();
    await lease?.release();
  });

  it('restores state after each crash and the output holds every expected count (duplicates allowed)', async () => {
    const seed = Number(process.env.CRASH_SEED ?? 20261123);
    const rand = prng(seed);
    const input = unique('cr-in');
    const output = unique('cr-out');
    await createTopics(cluster, [{ name: input, partitions: 2 }, { name: output, partitions: 1 }]);
    const dir = tempDir('cr');
    const args = [lease!.bootstrap, unique('cr-app'), input, output, dir.path];
    const expected = new Map<string, number>();
    const producer = cluster.producer();
    await producer.connect();
    let child = startChild(args);
    let nextId = 0;
    try {
      for (let round = 0; round < 3; round++) {
        await waitFor(() => child.lines.includes('STATE RUNNING'), { timeoutMs: 30_000, message: `child running (seed ${seed}): ${child.lines.slice(-5).join(' | ')}` });
        const records = Array.from({ length: 150 }, () => {
          const word = WORDS[Math.floor(rand() * WORDS.length)]!;
          expected.set(word, (expected.get(word) ?? 0) + 1);
          return { key: Buffer.from(`id-${nextId++}`), value: Buffer.from(word) };
        });
        await producer.send(input, records);
        if (round === 2) break;
        // Kill mid-run: after a seeded number of this round's results reached the output.
        const seen = await readUntil(cluster, output, () => true, 5_000).then((r) => r.length);
        const killAfter = seen + 1 + Math.floor(rand() * 100);
        await readUntil(cluster, output, (rs) => rs.length >= killAfter);
        await kill9(child);
        child = startChild(args);
      }
      const out = await readUntil(cluster, output, (rs) => complete(rs, expected), 40_000);
      expect(complete(out, expected)).toBe(true);
      // The restarted children restored their stores (from the changelog or their checkpoint).
      expect(child.lines.some((l) => l.startsWith('RESTORED 1_'))).toBe(true);
    } catch (error) {
      const out = await readUntil(cluster, output, () => true, 5_000).catch(() => []);
      const got = await readUntil(cluster, output, (rs) => rs.length >= out.length + 1, 3_000).catch(() => out);
      throw new Error(`${String(error)}\n${describeMissing(got, expected)}\nchild output (seed ${seed}):\n${child.lines.slice(-30).join('\n')}`);
    } finally {
      await producer.disconnect();
      await kill9(child).catch(() => undefined);
      dir.remove();
    }
  }, 90_000);
});

/** Every count 1..n of every word appeared in the output. */
function complete(records: readonly ConsumedRecord[], expected: ReadonlyMap<string, number>): boolean {
  const seen = new Map<string, Set<number>>();
  for (const r of records) {
    const word = r.key!.toString();
    let s = seen.get(word);
    if (s === undefined) seen.set(word, (s = new Set()));
    s.add(Number(r.value!.toString()));
  }
  for (const [word, n] of expected) {
    const s = seen.get(word);
    for (let i = 1; i <= n; i++) if (s?.has(i) !== true) return false;
  }
  return true;
}

function describeMissing(records: readonly ConsumedRecord[], expected: ReadonlyMap<string, number>): string {
  const lines: string[] = [`${records.length} output records`];
  for (const [word, n] of expected) {
    const vals = records.filter((r) => r.key!.toString() === word).map((r) => Number(r.value!.toString()));
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !vals.includes(i));
    lines.push(`${word}: expected 1..${n}, max ${Math.max(0, ...vals)}, missing [${missing.slice(0, 20).join(',')}${missing.length > 20 ? ',...' : ''}]`);
  }
  return lines.join('\n');
}
