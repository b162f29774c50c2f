import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, isPortOpen } from './free-port.js';
import { REFERENCE_KAFKA_DIR, referenceClasspath, referenceKafkaVersion, KAFKA_SETUP_STEP } from './reference-paths.js';
import { runProcess } from './run-process.js';
import { waitFor } from './wait-for.js';

export interface ReferenceKafkaOptions {
  /** Client (PLAINTEXT) listener port on 127.0.0.1; default: a free ephemeral port. */
  port?: number;
  /**
   * Port advertised to clients, when a proxy (e.g. the frame capture) sits in front; default
   * `port`. The proxy must already listen there: readiness is checked through it.
   */
  advertisedPort?: number;
  /** JVM max heap, e.g. '768m'. */
  heap?: string;
  /** How long to wait for the broker to answer an admin call. Default 120 s (2 busy cores). */
  readyTimeoutMs?: number;
  /** Extra or overriding server.properties entries. */
  properties?: Record<string, string | number | boolean>;
  /** Leave the data directory on stop (for post-mortems). */
  keepDataDir?: boolean;
}

export interface ReferenceKafka {
  /** `127.0.0.1:<advertised port>`, for client configs. */
  readonly bootstrap: string;
  /** The real listener port (differs from the bootstrap port when advertisedPort is set). */
  readonly port: number;
  readonly dataDir: string;
  /** The broker's stdout/stderr (INFO log). */
  readonly logFile: string;
  readonly version: string;
  /** SIGTERM, then SIGKILL after `timeoutMs` (default 20 s); removes the data dir. Idempotent. */
  stop(timeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: never leave a JVM behind when the test process exits with brokers still up. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** A Kafka-style cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(dataDir: string, ports: { client: number; advertised: number; broker: number; controller: number }, extra: ReferenceKafkaOptions['properties']): string {
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${ports.controller}`,
    // Inter-broker traffic (e.g. transaction markers to ourselves) has its own listener so a
    // capture proxy on the advertised client port sees client traffic only.
    listeners: `PLAINTEXT://127.0.0.1:${ports.client},BROKER://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.advertised},BROKER://127.0.0.1:${ports.broker}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'BROKER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,BROKER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': join(dataDir, 'log'),
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // One node: internal topics must have RF 1 or groups/transactions hang on COORDINATOR_NOT_AVAILABLE.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
    'delete.topic.enable': true,
    ...extra,
  };
  return Object.entries(props)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
    .concat('\n');
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Resolves when kafkajs can list topics (the broker is registered and serving metadata). */
async function adminAnswers(bootstrap: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'reference-kafka-ready',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Formats and starts a single-node KRaft Apache Kafka (combined broker + controller) from the jars
 * in test/reference/lib/, in a fresh temp directory, bound to 127.0.0.1 only. Resolves once an
 * admin client gets answers; the caller must `stop()` it.
 */
export async function startReferenceKafka(options: ReferenceKafkaOptions = {}): Promise<ReferenceKafka> {
  const version = referenceKafkaVersion();
  if (version === undefined) throw new Error(`Apache Kafka jars are missing; run: ${KAFKA_SETUP_STEP}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-'));
  const logFile = join(dataDir, 'server.log');
  const removeDataDir = async (): Promise<void> => {
    if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const client = options.port ?? (await freePort());
    const ports = { client, advertised: options.advertisedPort ?? client, broker: await freePort(), controller: await freePort() };
    const propertiesFile = join(dataDir, 'server.properties');
    writeFileSync(propertiesFile, serverProperties(dataDir, ports, options.properties));

    const format = await runProcess(
      'java',
      [`-Dlog4j.configuration=file:${join(REFERENCE_KAFKA_DIR, 'log4j-tools.properties')}`, '-Xmx256m', '-XX:TieredStopAtLevel=1', '-cp', referenceClasspath(), 'kafka.tools.StorageTool', 'format', '-t', randomClusterId(), '-c', propertiesFile],
      { timeoutMs: 60_000 },
    );
    if (format.code !== 0) throw new Error(`kafka-storage format failed (${format.code}): ${format.stderr || format.stdout}`);

    const jvm = [
      `-Xms256m`,
      `-Xmx${options.heap ?? '768m'}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:InitiatingHeapOccupancyPercent=35',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(REFERENCE_KAFKA_DIR, 'log4j-broker.properties')}`,
      '-cp',
      referenceClasspath(),
      'kafka.Kafka',
      propertiesFile,
    ];
    // A bash wrapper in its own process group: SIGTERM to it is forwarded to the JVM, and when our
    // process dies for any reason (even SIGKILL) its stdin pipe closes, which stops the JVM and
    // removes the data dir.
    const wrapper = [
      'java "$@" & pid=$!',
      "trap 'kill -TERM $pid 2>/dev/null' TERM INT",
      '( cat >/dev/null; kill -TERM $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.2; done; [ -n "$CLEANUP_DIR" ] && rm -rf "$CLEANUP_DIR" ) <&0 &',
      'wait $pid; wait $pid',
    ].join('\n');
    const logFd = openSync(logFile, 'a');
    const env = { ...process.env, CLEANUP_DIR: options.keepDataDir ? '' : dataDir };
    const child = spawn('bash', ['-c', wrapper, 'kafka', ...jvm], { stdio: ['pipe', logFd, logFd], detached: true, cwd: dataDir, env });
    closeSync(logFd);
    running.add(child);
    installExitHook();
    let exited: string | undefined;
    const exitPromise = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exited = `exited with ${signal ?? code}`;
        running.delete(child);
        resolve();
      });
    });
    child.stdin?.on('error', () => undefined);

    const stop = async (timeoutMs = 20_000): Promise<void> => {
      if (exited === undefined) {
        killGroupLeader(child, 'SIGTERM');
        const killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
        await exitPromise;
        clearTimeout(killTimer);
      }
      killGroup(child, 'SIGKILL'); // the stdin watcher subshell, if still around
      child.stdin?.destroy();
      await removeDataDir();
    };
    let stopped: Promise<void> | undefined;
    const instance: ReferenceKafka = {
      bootstrap: `127.0.0.1:${ports.advertised}`,
      port: ports.client,
      dataDir,
      logFile,
      version,
      stop: (timeoutMs) => (stopped ??= stop(timeoutMs)),
    };

    const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
    const realBootstrap = `127.0.0.1:${ports.client}`;
    try {
      // The condition turns truthy on exit too, so a crashed JVM fails fast instead of timing out.
      await waitFor(async () => exited !== undefined || ((await isPortOpen(ports.client)) && (await adminAnswers(realBootstrap))), {
        timeoutMs: readyTimeoutMs,
        intervalMs: 250,
        message: `reference Kafka on ${realBootstrap} to answer admin requests`,
      });
      if (exited !== undefined) throw new Error(`Kafka ${exited} during startup`);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const log = tail(logFile);
      await instance.stop(5_000);
      throw new Error(`${why}\n--- server.log tail ---\n${log}`);
    }
    return instance;
  } catch (error) {
    await removeDataDir();
    throw error;
  }
}

function killGroupLeader(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}
