// Drives one run of the Kafka Streams reference app (test/reference/streams-bench, a real
// KafkaStreams instance, not the test driver) and parses its line protocol.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { runProcess } from '../../test/helpers/run-process.js';
import { REPO_ROOT } from './children.js';
import { cpuSeconds, statusMiB, type LatencySummary } from './proc-stats.js';
import type { Workload } from './topologies.js';

const PROJECT = join(REPO_ROOT, 'test', 'reference', 'streams-bench');
export const JAVA_STREAMS_JVM = ['-Xms256m', '-Xmx1g', '-XX:+UseG1GC'];

/** Builds the jar when its sources changed (cached by a stamp, like test/reference/streams). */
export async function buildJavaStreams(): Promise<void> {
  const r = await runProcess('bash', [join(PROJECT, 'build.sh')], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`streams-bench build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface JavaRunSpec {
  readonly bootstrap: string;
  readonly applicationId: string;
  readonly workload: Workload;
  readonly guarantee: 'at_least_once' | 'exactly_once_v2';
  readonly inputs: readonly string[];
  readonly output: string;
  readonly expect: number;
  readonly commitIntervalMs: number;
  readonly stateDir: string;
  readonly latencyFrom: number;
}

export interface JavaRunResult {
  readonly ms: number;
  readonly progress: number;
  readonly complete: boolean;
  readonly peakRssMiB: number;
  readonly cpuSec: number;
  latency?: LatencySummary;
}

export interface JavaRun {
  /** Resolves when the app reported COMPLETE or INCOMPLETE. */
  readonly done: Promise<JavaRunResult>;
  /** Asks for the latency probes seen so far. */
  latency(): Promise<LatencySummary>;
  /** Closes the app (and waits for the JVM to exit). */
  stop(): Promise<void>;
}

export function startJavaStreams(s: JavaRunSpec): JavaRun {
  const argv = [
    ...JAVA_STREAMS_JVM, '-jar', join(PROJECT, 'target', 'streams-bench.jar'),
    '--bootstrap', s.bootstrap, '--app-id', s.applicationId, '--workload', s.workload, '--guarantee', s.guarantee,
    '--input', s.inputs.join(','), '--output', s.output, '--expect', String(s.expect), '--commit-ms', String(s.commitIntervalMs),
    '--state-dir', s.stateDir, '--latency-from', String(s.latencyFrom),
  ];
  const child = spawn('java', argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid!;
  // CPU from the RUNNING state on (JVM start-up and class loading excluded, like the Tributary child's module loading).
  let cpu0 = cpuSeconds(pid);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const waiting: ((line: string) => void)[] = [];
  let resolveDone!: (r: JavaRunResult) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<JavaRunResult>((res, rej) => ((resolveDone = res), (rejectDone = rej)));
  void exited.then(() => rejectDone(new Error(`Kafka Streams app exited early:\n${stderr.slice(-2000)}`)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'RUNNING') cpu0 = cpuSeconds(pid);
    const m = /^(COMPLETE|INCOMPLETE) (-?\d+) (-?\d+)/.exec(line);
    if (m) {
      resolveDone({ ms: Number(m[2]), progress: Number(m[3]), complete: m[1] === 'COMPLETE', peakRssMiB: statusMiB(pid, 'VmHWM'), cpuSec: cpuSeconds(pid) - cpu0 });
      return;
    }
    if (line.startsWith('LATENCY ')) waiting.shift()?.(line);
    if (line.startsWith('ERROR')) rejectDone(new Error(`Kafka Streams app failed:\n${stderr.slice(-2000)}`));
  });
  return {
    done,
    async latency() {
      const line = await new Promise<string>((r) => {
        waiting.push(r);
        child.stdin.write('REPORT\n');
      });
      const [n, p50, p99, max] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
      return { n, p50, p99, max };
    },
    async stop() {
      child.stdin.end('STOP\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
