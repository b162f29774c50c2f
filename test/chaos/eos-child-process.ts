import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Cluster, ConsumedRecord } from '@tributary/client';
import { waitFor } from '../helpers/wait-for.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./eos-app-child.ts', import.meta.url));

const running = new Set<EosChild>();

/** Kills every child still running (a failed test must not leave one behind). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...running].map((c) => c.kill9()));
}

/** One run of eos-app-child.ts; its stdout lines are collected for waits and failure messages. */
export class EosChild {
  readonly lines: string[] = [];
  private readonly proc: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const collect = (tag: string) => (d: Buffer) => this.lines.push(...d.toString().split('\n').filter((l) => l.length > 0).map((l) => tag + l));
    this.proc.stdout!.on('data', collect(''));
    this.proc.stderr!.on('data', collect('stderr: '));
    running.add(this);
    this.exited = new Promise((resolve) =>
      this.proc.once('exit', (code, signal) => {
        running.delete(this);
        resolve({ code, signal });
      }),
    );
  }

  get done(): boolean {
    return this.proc.exitCode !== null || this.proc.signalCode !== null;
  }

  /** Clicks counted by the child's store, per its latest PROGRESS line (uncommitted work included). */
  progress(): number {
    for (let i = this.lines.length - 1; i >= 0; i--) if (this.lines[i]!.startsWith('PROGRESS ')) return Number(this.lines[i]!.slice(9));
    return 0;
  }

  tail(n = 15): string {
    return this.lines.filter((l) => !l.startsWith('PROGRESS')).slice(-n).join('\n') + `\nlast ${this.lines.findLast((l) => l.startsWith('PROGRESS')) ?? 'PROGRESS none'}`;
  }

  async waitForLine(prefix: string, timeoutMs: number): Promise<string> {
    try {
      return await waitFor(() => this.lines.find((l) => l.startsWith(prefix)) ?? (this.done ? Promise.reject(new Error('child exited')) : undefined), {
        timeoutMs,
        intervalMs: 20,
        message: `child line "${prefix}"`,
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; child output:\n${this.tail()}`, { cause: error });
    }
  }

  async kill9(): Promise<void> {
    if (!this.done) this.proc.kill('SIGKILL');
    await this.exited;
  }
}

export type TopicRecord = ConsumedRecord & { readonly topic: string };

/** Every record of `topics` a read_committed reader sees: reads until `expected` arrived, then one more idle poll for extras. */
export async function readCommitted(cluster: Cluster, topics: readonly string[], expected: number, timeoutMs = 20_000): Promise<TopicRecord[]> {
  const c = cluster.consumer({ groupId: `eos-verify-${Date.now()}-${Math.random()}`, autoOffsetReset: 'earliest', isolationLevel: 'read_committed' });
  await c.connect();
  await c.subscribe(topics);
  const out: TopicRecord[] = [];
  try {
    await waitFor(
      async () => {
        for (const b of await c.poll(100)) for (const r of b.records) out.push({ ...r, topic: b.topic });
        return out.length >= expected;
      },
      { timeoutMs, message: `${expected} committed records on ${topics.join(', ')} (got ${out.length})` },
    );
    for (const b of await c.poll(500)) for (const r of b.records) out.push({ ...r, topic: b.topic });
  } finally {
    await c.disconnect();
  }
  return out;
}
