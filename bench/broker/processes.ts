// The two brokers of the broker bench as separate processes, and topic admin against either.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startReferenceKafka, type ReferenceKafka } from '../../test/helpers/reference-kafka.js';
import { runProcess } from '../../test/helpers/run-process.js';
import { whenListening } from './broker-child.js';

export interface Broker {
  name: 'tributary' | 'kafka';
  bootstrap: string;
  pid: number;
  stop(): Promise<void>;
}

/** The built broker, as deployed: what `bench/broker-server.ts` does, run from the packages' dist folders. */
const BUILT_SERVER = `
const { brokerConfigFromMap, startBroker } = await import('@tributary/broker');
const [dataDir, ...overrides] = process.argv.slice(1);
const props = new Map(overrides.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const broker = await startBroker({ ...brokerConfigFromMap(props), host: '127.0.0.1', port: 0, logDir: dataDir });
process.stdout.write('LISTENING ' + broker.port + '\\n');
process.once('SIGTERM', () => void broker.close().then(() => process.exit(0)));
`;

/** Builds the broker (tsc -b) so it runs from dist like a deployment; false when the build fails. */
export async function buildBroker(root: string): Promise<boolean> {
  const built = await runProcess('npx', ['tsc', '-b', 'packages/broker'], { cwd: root, timeoutMs: 300_000 });
  if (built.code !== 0) process.stderr.write(`tsc -b packages/broker failed; running the broker from sources (tsx):\n${built.stdout.slice(-1000)}\n`);
  return built.code === 0;
}

/** Tributary's broker in its own process on a temp data dir (default durability: acks=all waits for fsync). */
export async function startTributary(root: string, opts: { fromDist: boolean; profileDir?: string }): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-broker-'));
  const node = opts.fromDist ? [] : ['--conditions=@tributary/source', '--import', 'tsx'];
  if (opts.profileDir) node.push('--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`);
  const entry = opts.fromDist ? ['--input-type=module', '-e', BUILT_SERVER] : [join(root, 'bench', 'broker-server.ts')];
  const child: ChildProcess = spawn(process.execPath, [...node, ...entry, dir, 'group.initial.rebalance.delay.ms=0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { name: 'tributary', ...(await whenListening(child, dir)) };
}

export async function startKafka(): Promise<Broker> {
  const kafka: ReferenceKafka = await startReferenceKafka({ heap: '1g', properties: { 'num.partitions': 1 } });
  // The JVM is a child of a bash wrapper: find the java process serving this data dir.
  const found = await runProcess('pgrep', ['-f', `${kafka.dataDir}/server.properties`]);
  const pid = found.stdout.trim().split('\n').map(Number).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'java');
  if (pid === undefined) throw new Error('could not find the Kafka JVM');
  return { name: 'kafka', bootstrap: kafka.bootstrap, pid, stop: () => kafka.stop() };
}

function admin(b: Broker): ReturnType<Kafka['admin']> {
  return new Kafka({ clientId: 'bench', brokers: [b.bootstrap], logLevel: logLevel.NOTHING }).admin();
}

export async function createTopic(b: Broker, topic: string, partitions: number, configs: Record<string, string> = {}): Promise<void> {
  const a = admin(b);
  await a.connect();
  const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
  await a.createTopics({ topics: [{ topic, numPartitions: partitions, configEntries }], waitForLeaders: true });
  await a.disconnect();
}

/** Frees the disk a finished case used (the next cases would otherwise read and write around it). */
export async function deleteTopic(b: Broker, topic: string): Promise<void> {
  const a = admin(b);
  await a.connect();
  await a.deleteTopics({ topics: [topic] }).catch(() => {});
  await a.disconnect();
}

/** Sum of the partitions' high watermarks: how many records a fresh topic holds. */
export async function recordCount(b: Broker, topic: string): Promise<number> {
  const a = admin(b);
  await a.connect();
  try {
    const offsets = await a.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high), 0);
  } finally {
    await a.disconnect();
  }
}
