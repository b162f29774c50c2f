import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../helpers/wait-for.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./broker-child.ts', import.meta.url));

/** Tributary's broker in a child process on a fixed port and data dir, so it can be killed and restarted. */
export class BrokerProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly overrides: readonly string[] = [],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the broker and resolves once it listens (recovery included). */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error('broker already running');
    this.output = '';
    const child = spawn(
      process.execPath,
      ['--conditions=@tributary/source', '--import', 'tsx', CHILD, this.dataDir, String(this.port), ...this.overrides],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitFor(() => exited || this.output.includes('LISTENING'), { timeoutMs, intervalMs: 20, message: 'broker child to listen' });
    if (exited) {
      this.child = undefined;
      throw new Error(`broker child exited during start:\n${this.output}`);
    }
  }

  /** SIGKILL, then waits for the process to be gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** Graceful stop (SIGTERM), with SIGKILL as the fallback. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(timer);
  }

  /** What the child printed (for failure messages). */
  log(): string {
    return this.output;
  }
}

/** A small seeded PRNG (mulberry32): the kill moments are reproducible from the seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
