// Spawning measured systems as child processes and collecting their one-line results.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TributaryRunResult, TributaryRunSpec } from './tributary-child.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = join(REPO_ROOT, 'bench', 'streams');

/** Extra node flags for children, e.g. `--cpu-prof` (set by `--profile`). */
export const childNodeFlags: string[] = [];

/** Runs bench/streams/<script>.ts from sources (tsx, @tributary/source) and parses its `RESULT <json>` line. */
export async function runChild<T>(script: string, arg: unknown, timeoutMs = 170_000): Promise<T> {
  const child = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', ...childNodeFlags, join(HERE, `${script}.ts`), JSON.stringify(arg)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`${script} exited with ${code} without a result:\n${out.slice(-3000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

export function runTributary(spec: TributaryRunSpec): Promise<TributaryRunResult> {
  return runChild<TributaryRunResult>('tributary-child', spec);
}
