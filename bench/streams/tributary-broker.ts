// Tributary's broker in its own process (bench/broker-server.ts, from sources) on a temp dir.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whenListening } from '../broker/broker-child.js';
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
  return whenListening(child, dir);
}
