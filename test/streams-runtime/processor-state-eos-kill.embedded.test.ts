import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { embedded, type Cluster } from '@tributary/client';
import { createTopics, tempDir } from './harness.js';
import { produce, readAll, scenarioInput, scenarioTopics, uninterruptedOutputs, type Ev } from './processor-state-scenario.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./processor-state-child.ts', import.meta.url));
const children = new Set<ReturnType<typeof spawn>>();

/** Runs the child to its end (it exits 0 when caught up, or SIGKILLs itself inside a commit). */
async function runChild(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[] }> {
  const proc = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(proc);
  const lines: string[] = [];
  proc.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter((l) => l.length > 0)));
  proc.stderr!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter((l) => l.length > 0).map((l) => `stderr: ${l}`)));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 25_000);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  clearTimeout(timer);
  children.delete(proc);
  return { ...exit, lines };
}

/** Only one process at a time may open the log directory: the parent connects only between children. */
async function withCluster<T>(logDir: string, body: (c: Cluster) => Promise<T>): Promise<T> {
  const cluster = embedded({ dir: logDir, cleanerIntervalMs: 0 }, { clientId: 'processor-state-eos' });
  await cluster.connect();
  try {
    return await body(cluster);
  } finally {
    await cluster.disconnect();
  }
}

describe('operator state under exactly_once_v2 across a kill inside a commit (embedded log)', () => {
  afterEach(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('read_committed outputs equal the uninterrupted run: no window emitted twice, no buffered record lost or joined twice', { timeout: 60_000 }, async () => {
    const dir = tempDir('processor-state-eos');
    const logDir = join(dir.path, 'log');
    const t = scenarioTopics('pse');
    const input = scenarioInput(11);
    const want = uninterruptedOutputs(t, input);
    const args = [logDir, 'processor-state-eos', 'pse', join(dir.path, 'state')];
    const half = <T>(xs: readonly T[], second: boolean): T[] => (second ? xs.slice(Math.floor(xs.length / 2)) : xs.slice(0, Math.floor(xs.length / 2)));
    const feed = (evs: { events: Ev[]; orders: Ev[] }) => withCluster(logDir, async (c) => {
      await produce(c, t.events, evs.events);
      await produce(c, t.orders, evs.orders);
    });
    const ok = (run: { code: number | null; lines: string[] }) => expect(run.code, run.lines.slice(-20).join('\n')).toBe(0);
    try {
      await withCluster(logDir, async (c) => {
        await createTopics(c, [t.events, t.prices, t.orders, ...t.outputs].map((name) => ({ name, partitions: 1 })));
        await produce(c, t.prices, input.prices);
      });
      ok(await runChild(args)); // the table alone first (see the clean-restart test)

      await feed({ events: half(input.events, false), orders: half(input.orders, false) });
      ok(await runChild(args)); // committed state with open windows and buffered orders

      await feed({ events: half(input.events, true), orders: half(input.orders, true) });
      const killed = await runChild(args, { PS_KILL_AFTER_SEND_OFFSETS: '1' });
      expect(killed.signal, killed.lines.slice(-20).join('\n')).toBe('SIGKILL');
      expect(killed.lines).toContain('KILLING INSIDE COMMIT');
      ok(await runChild(args)); // restores the last committed state and redoes the aborted work

      await withCluster(logDir, async (c) => {
        for (const out of t.outputs) {
          const expected = want.get(out)!;
          expect.soft(await readAll(c, out, expected.length), out).toEqual(expected);
        }
      });
    } finally {
      dir.remove();
    }
  });
});
