// Tributary's broker in its own process (bench/broker-server.ts, from sources) on a temp dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './children.js';

export interface BrokerChild {
  readonly bootstrap: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startTributaryBroker(): Promise<BrokerChild> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-streams-broker-'));
  const child = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', join(REPO_ROOT, 'bench', 'broker-server.ts'), dir, 'group.initial.rebalance.delay.ms=0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/LISTENING (\d+)/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const port = /LISTENING (\d+)/.exec(out)?.[1];
  if (port === undefined) {
    child.kill('SIGKILL');
    throw new Error(`Tributary broker did not start:\n${out}`);
  }
  return {
    bootstrap: `127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
