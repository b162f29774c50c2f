import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer, requirePeers, peerChecks } from './peers.js';
import type { PeerStatus } from './peers.js';
import { REPO_ROOT } from './reference-paths.js';
import { runProcess } from './run-process.js';

/** The Maven project that runs real Kafka Streams (TopologyTestDriver) on scenario files. */
export const STREAMS_REFERENCE_DIR = join(REPO_ROOT, 'test', 'reference', 'streams');
export const STREAMS_REFERENCE_JAR = join(STREAMS_REFERENCE_DIR, 'target', 'reference-streams.jar');
/** Builds the jar; a no-op printing one line when pom.xml and src/ are unchanged. */
export const STREAMS_REFERENCE_SETUP_STEP = 'bash test/reference/streams/build.sh';

/** Topologies the Java harness knows (test/reference/streams/.../topologies/, see test/differential/README.md). */
export type ReferenceTopologyName =
  | 'hopping-count'
  | 'tumbling-count'
  | 'session-count'
  | 'sliding-count'
  | 'stream-stream-join'
  | 'stream-table-join'
  | 'table-table-join'
  | 'ktable-groupby-aggregate'
  | 'filter-map-count'
  | 'fk-join'
  | 'cogroup';

/** One record piped into an input topic (processed to completion, then committed, before the next step). */
export interface ScenarioRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: string | number | null;
  readonly timestamp: number;
}

/** Advances the driver's wall clock (fires wall-clock punctuators). */
export interface WallClockAdvance {
  readonly advanceWallClockMs: number;
}

export type ScenarioInput = ScenarioRecord | WallClockAdvance;

/** Topology params (per topology) plus the driver params cacheMaxBytes, dslStore and wallClockStartMs. */
export type ScenarioParams = Readonly<Record<string, string | number>>;

export interface Scenario {
  readonly topology: ReferenceTopologyName;
  readonly params?: ScenarioParams;
  readonly inputs: readonly ScenarioInput[];
  /** Also report the final contents of the topology's named stores. */
  readonly dumpStores?: boolean;
}

/** One record Kafka Streams wrote to an output topic. */
export interface OutputRecord {
  readonly topic: string;
  readonly key: string | null;
  /** A string, a number (counts are Longs), or null for a tombstone. */
  readonly value: string | number | null;
  readonly timestamp: number;
  /** Present on windowed outputs, whose key is rendered "key@start/end". */
  readonly windowStart?: number;
  readonly windowEnd?: number;
  /** Index into the scenario's inputs of the step that produced this record. */
  readonly step: number;
}

/** One entry of a named store at the end of the scenario. */
export interface StoreEntry {
  readonly store: string;
  readonly key: string | null;
  readonly value: string | number | null;
  readonly timestamp: number | null;
  readonly windowStart?: number;
  readonly windowEnd?: number;
}

export interface ReferenceResult {
  readonly records: OutputRecord[];
  readonly stores: StoreEntry[];
}

export interface ReferenceRunOptions {
  /** Kill the JVM after this long. Default 120 s. */
  readonly timeoutMs?: number;
}

/**
 * Checks java and builds (or confirms) the reference jar, once per test file at collection time.
 * In CI a failure throws; locally the file skips with the install step.
 */
export function requireKafkaStreamsReference(): PeerStatus {
  const build = (): boolean | string => {
    const result = spawnSync('bash', [join(STREAMS_REFERENCE_DIR, 'build.sh')], { encoding: 'utf8', timeout: 600_000 });
    if (result.error) return result.error.message;
    if (result.status !== 0) return `build.sh exited with ${result.status}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`;
    return existsSync(STREAMS_REFERENCE_JAR) || `no ${STREAMS_REFERENCE_JAR} after build.sh`;
  };
  return requirePeers(
    requirePeer('java', peerChecks.java, STREAMS_REFERENCE_SETUP_STEP),
    requirePeer('Kafka Streams reference jar', build, STREAMS_REFERENCE_SETUP_STEP),
  );
}

/** Runs every scenario in one JVM start and returns each scenario's output records, in order. */
export async function runKafkaStreamsReference(scenarios: readonly Scenario[], options: ReferenceRunOptions = {}): Promise<OutputRecord[][]> {
  return (await runKafkaStreamsReferenceWithStores(scenarios, options)).map((result) => result.records);
}

/** Like runKafkaStreamsReference, plus the final store contents of scenarios with `dumpStores`. */
export async function runKafkaStreamsReferenceWithStores(
  scenarios: readonly Scenario[],
  options: ReferenceRunOptions = {},
): Promise<ReferenceResult[]> {
  if (scenarios.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'streams-reference-'));
  try {
    const names = scenarios.map((_, index) => String(index).padStart(4, '0'));
    await Promise.all(scenarios.map((scenario, index) => writeFile(join(dir, `${names[index]}.json`), JSON.stringify(scenario))));
    // C1 only and the serial GC: these runs are short, so JIT warm-up and GC threads cost more than they save.
    const run = await runProcess('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx512m', '-jar', STREAMS_REFERENCE_JAR, dir], {
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    if (run.timedOut) throw new Error(`Kafka Streams reference timed out; stderr: ${run.stderr.trim()}`);
    const results: ReferenceResult[] = [];
    for (const [index, name] of names.entries()) {
      const path = join(dir, `${name}.jsonl`);
      if (!existsSync(path)) throw new Error(`Kafka Streams reference wrote no output for scenario ${index} (exit ${run.code}): ${run.stderr.trim()}`);
      results.push(parseOutput(await readFile(path, 'utf8'), index, scenarios[index]?.topology ?? '?'));
    }
    if (run.code !== 0) throw new Error(`Kafka Streams reference exited with ${run.code}: ${run.stderr.trim()}`);
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type JsonObject = Readonly<Record<string, unknown>>;

function parseOutput(text: string, index: number, topology: string): ReferenceResult {
  const records: OutputRecord[] = [];
  const stores: StoreEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`scenario ${index}: not an object: ${line}`);
    const object = parsed as JsonObject;
    if (typeof object.error === 'string') throw new Error(`scenario ${index} (${topology}) failed in Kafka Streams: ${object.error}`);
    if (typeof object.store === 'string') stores.push(toStoreEntry(object, line));
    else records.push(toOutputRecord(object, line));
  }
  return { records, stores };
}

function toOutputRecord(object: JsonObject, line: string): OutputRecord {
  const { topic, key, value, timestamp, step } = object;
  if (typeof topic !== 'string' || typeof timestamp !== 'number' || typeof step !== 'number') throw new Error(`bad output line: ${line}`);
  return { topic, key: asKey(key, line), value: asValue(value, line), timestamp, ...windowOf(object), step };
}

function toStoreEntry(object: JsonObject, line: string): StoreEntry {
  const { store, key, value, timestamp } = object;
  if (typeof store !== 'string' || (typeof timestamp !== 'number' && timestamp !== null)) throw new Error(`bad store line: ${line}`);
  return { store, key: asKey(key, line), value: asValue(value, line), timestamp, ...windowOf(object) };
}

function windowOf(object: JsonObject): { windowStart?: number; windowEnd?: number } {
  const { windowStart, windowEnd } = object;
  return typeof windowStart === 'number' && typeof windowEnd === 'number' ? { windowStart, windowEnd } : {};
}

function asKey(key: unknown, line: string): string | null {
  if (key === null || typeof key === 'string') return key;
  throw new Error(`bad key in: ${line}`);
}

function asValue(value: unknown, line: string): string | number | null {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`bad value in: ${line}`);
}
