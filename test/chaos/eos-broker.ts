import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../helpers/run-process.js';
import { waitFor } from '../helpers/wait-for.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--conditions=@tributary/source', '--import', 'tsx', 'packages/cli/src/bin/tributary.ts'];

/** Tributary's broker started through the CLI (`broker format`, then `broker start --port 0`), as an operator would. */
export class CliBroker {
  private proc: ChildProcess | null = null;
  private output = '';
  port = 0;

  constructor(readonly dataDir: string) {}

  async start(): Promise<void> {
    const id = await runProcess(process.execPath, [...CLI, 'broker', 'random-uuid'], { cwd: ROOT, timeoutMs: 30_000 });
    const format = await runProcess(process.execPath, [...CLI, 'broker', 'format', '--cluster-id', id.stdout.trim(), '--data-dir', this.dataDir], { cwd: ROOT, timeoutMs: 30_000 });
    if (format.code !== 0) throw new Error(`broker format failed: ${format.stderr}${format.stdout}`);
    const proc = spawn(process.execPath, [...CLI, 'broker', 'start', '--data-dir', this.dataDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const match = await waitFor(() => /listening on PLAINTEXT:\/\/127\.0\.0\.1:(\d+)/.exec(this.output), { timeoutMs: 30_000, message: 'broker to listen' }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${this.output}`);
    });
    this.port = Number(match[1]);
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}
