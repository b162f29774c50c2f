// A broker-server child process (bench/broker-server.ts or the built equivalent) once it listens.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { waitFor } from '../../test/helpers/wait-for.js';

export interface ListeningBroker {
  readonly bootstrap: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Waits for the child's `LISTENING <port>` line; `stop()` sends SIGTERM and removes `dataDir`. */
export async function whenListening(child: ChildProcess, dataDir: string): Promise<ListeningBroker> {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /LISTENING (\d+)/.test(out) || child.exitCode !== null, { timeoutMs: 60_000, message: 'broker LISTENING line' }).catch(() => undefined);
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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
