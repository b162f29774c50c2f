import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embedded, type Cluster, type Consumer, type ConsumedRecord, type IsolationLevel } from '@tributary/client';
import { Serdes, TopologyTestDriver, TributaryStreams, type Serde, type ProcessingGuarantee, type Topology, type TributaryStreamsConfig } from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { tempDir, unique } from './harness.js';

/**
 * One reference scenario, run two ways: through the TopologyTestDriver and through a real
 * TributaryStreams app on a cluster. Inputs are bytes (serialized once by `rec`) so both runs see
 * the same records; outputs are rendered `key:value@ts` per output topic, per step.
 */
export interface TopicIO<K, V> {
  readonly name: string;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
  /** Partitions on the cluster (default 1: the driver's single partition). */
  readonly partitions?: number;
}

export interface InputRecord {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

export interface ScenarioStep {
  readonly records: readonly InputRecord[];
  /** Expected rendered output per output topic name after this step (a topic left out expects nothing). */
  readonly expect: Readonly<Record<string, readonly string[]>>;
}

export interface Scenario {
  readonly name: string;
  /** Called once per run: a topology may hold per-run state (e.g. a branch consumer's array). */
  readonly build: () => Topology;
  readonly inputs: readonly TopicIO<never, never>[];
  readonly outputs: readonly TopicIO<never, never>[];
  readonly steps: readonly ScenarioStep[];
  /**
   * 'record' (default): each record is processed to completion (through repartition topics) before
   * the next is produced, as the driver does. 'step': a step's records are produced in one send.
   */
  readonly settle?: 'record' | 'step';
  /** Extra app config (e.g. topologyOptimization is in build(); guarantee, ...). */
  readonly config?: Partial<TributaryStreamsConfig>;
}

export type StepOutputs = Record<string, string[]>[];

export function rec<K, V>(io: TopicIO<K, V>, key: K | null, value: V | null, timestamp: number): InputRecord {
  return { topic: io.name, key: io.keySerde.serialize(io.name, key), value: io.valueSerde.serialize(io.name, value), timestamp };
}

export function topic<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>, partitions?: number): TopicIO<never, never> {
  return { name, keySerde, valueSerde, ...(partitions !== undefined ? { partitions } : {}) } as unknown as TopicIO<never, never>;
}

function render(io: TopicIO<never, never>, r: { key: Buffer | null; value: Buffer | null; timestamp: number }): string {
  const key: unknown = (io.keySerde as Serde<unknown>).deserialize(io.name, r.key);
  const value: unknown = (io.valueSerde as Serde<unknown>).deserialize(io.name, r.value);
  return `${String(key)}:${String(value)}@${r.timestamp}`;
}

function emptyStep(s: Scenario): Record<string, string[]> {
  return Object.fromEntries(s.outputs.map((o) => [o.name, [] as string[]]));
}

/** The expected outputs in the shape the runners return (missing topics filled with []). */
export function expected(s: Scenario): StepOutputs {
  return s.steps.map((step) => ({ ...emptyStep(s), ...Object.fromEntries(Object.entries(step.expect).map(([k, v]) => [k, [...v]])) }));
}

/** Runs the scenario through the TopologyTestDriver (caching off). */
export function runOnDriver(s: Scenario): StepOutputs {
  const d = new TopologyTestDriver(s.build(), { applicationId: 'scenario', cacheMaxBytes: 0 });
  const B = Serdes.Bytes();
  const inputs = new Map(s.inputs.map((io) => [io.name, d.createInputTopic(io.name, B, B)]));
  const outputs = s.outputs.map((io) => ({ io, topic: d.createOutputTopic(io.name, B, B) }));
  const result: StepOutputs = [];
  try {
    for (const step of s.steps) {
      for (const r of step.records) inputs.get(r.topic)!.pipeInput(r.key, r.value, r.timestamp);
      result.push(Object.fromEntries(outputs.map(({ io, topic }) => [io.name, topic.readRecordsToList().map((x) => render(io, x))])));
    }
  } finally {
    d.close();
  }
  return result;
}

export interface AppRun {
  readonly outputs: StepOutputs;
  /** Topics on the cluster after the run that start with `<applicationId>-`, without the prefix, sorted. */
  readonly internalTopics: string[];
  readonly applicationId: string;
}

/**
 * Runs the scenario as a TributaryStreams app on `cluster` (fresh topics and application id),
 * caching off, and reads each output topic with a read_committed consumer. After each record (or
 * step) it waits until the app has committed every source and repartition partition to its end:
 * an at-least-once commit flushes the outputs first, so the step's output is then complete.
 */
export async function runOnApp(s: Scenario, cluster: Cluster, guarantee: ProcessingGuarantee = 'at_least_once'): Promise<AppRun> {
  const applicationId = unique(s.name);
  const sourceNames = s.inputs.map((i) => i.name);
  const outputNames = s.outputs.map((o) => o.name);
  // Topic names are fixed by the topology: give each run a fresh cluster (embedded in memory is cheap).
  await cluster.admin.createTopics([
    ...s.inputs.map((io) => ({ name: io.name, partitions: io.partitions ?? 1, replicationFactor: 1 })),
    ...s.outputs.filter((o) => !sourceNames.includes(o.name)).map((io) => ({ name: io.name, partitions: io.partitions ?? 1, replicationFactor: 1 })),
  ]);
  const dir = tempDir('scenario');
  const app = new TributaryStreams(s.build(), {
    applicationId,
    cluster,
    stateDir: dir.path,
    cacheMaxBytes: 0,
    commitIntervalMs: 5,
    pollMs: 5,
    processingGuarantee: guarantee,
    ...s.config,
  });
  let failure: unknown = null;
  app.setUncaughtExceptionHandler((e) => {
    failure = e;
    return 'SHUTDOWN_CLIENT';
  });
  const producer = cluster.producer();
  const outputs = new TopicTail(cluster, `${applicationId}-reader`);
  const probe = new TopicTail(cluster, `${applicationId}-probe`);
  try {
    await app.start();
    await waitFor(() => app.state === 'RUNNING' || failure !== null, { timeoutMs: 20_000, message: `${s.name}: app RUNNING (is ${app.state})` });
    if (failure !== null) throw failure;
    await producer.connect();
    await outputs.start(outputNames);
    const repartition = (await cluster.admin.listTopics()).filter((t) => t.startsWith(`${applicationId}-`) && t.endsWith('-repartition'));
    await probe.start(repartition);
    const consumed = [...sourceNames, ...repartition];

    const settled = async () => {
      await waitFor(async () => {
        if (failure !== null) return true; // reported right below, without waiting out the timeout
        // Committed offsets first, then ends: a source committed past its last record implies its
        // repartition writes were flushed (and, under EOS, committed) before we read their ends.
        const committed = await cluster.admin.committedOffsets(applicationId, consumed);
        const required = [...(await endOffsets(cluster, sourceNames, 'read_uncommitted')), ...(await probe.lastDataOffsets())];
        return required.every((e) => e.offset === 0 || committed.some((c) => c.topic === e.topic && c.partition === e.partition && (c.offset ?? -1) >= e.offset));
      }, { timeoutMs: 15_000, intervalMs: 2, message: `${s.name}: app committed its inputs` });
      if (failure !== null) throw failure;
      await outputs.readToEnd();
    };

    const result: StepOutputs = [];
    for (const step of s.steps) {
      const batches = s.settle === 'step' ? [step.records] : step.records.map((r) => [r]);
      for (const batch of batches) {
        if (batch.length === 0) continue;
        for (const r of batch) await producer.send(r.topic, [{ key: r.key, value: r.value, timestamp: r.timestamp }]);
        await settled();
      }
      const out: Record<string, string[]> = {};
      for (const io of s.outputs) {
        out[io.name] = outputs.take(io.name).map((r) => render(io, r));
      }
      result.push(out);
    }
    const internalTopics = (await cluster.admin.listTopics()).filter((t) => t.startsWith(`${applicationId}-`)).map((t) => t.slice(applicationId.length + 1)).sort();
    return { outputs: result, internalTopics, applicationId };
  } finally {
    await outputs.stop();
    await probe.stop();
    await producer.disconnect().catch(() => undefined);
    await app.close({ timeoutMs: 10_000 });
    dir.remove();
  }
}

/**
 * One vitest block per scenario list: each scenario runs through the driver and through a real app
 * on a fresh in-memory embedded cluster, and both must equal the reference output step by step.
 */
export function scenarioSuite(title: string, scenarios: readonly Scenario[], check?: (s: Scenario, run: AppRun) => void): void {
  describe(title, () => {
    let cluster: Cluster;
    beforeEach(async () => {
      cluster = embedded({ inMemory: true }, { clientId: 'scenarios' });
      await cluster.connect();
    });
    afterEach(async () => cluster.disconnect());
    for (const sc of scenarios) {
      it(`${sc.name}: TopologyTestDriver`, () => {
        expect(runOnDriver(sc)).toEqual(expected(sc));
      });
      for (const guarantee of ['at_least_once', 'exactly_once_v2'] as const) {
        it(`${sc.name}: TributaryStreams (${guarantee}) on embedded({ inMemory: true })`, async () => {
          const run = await runOnApp(sc, cluster, guarantee);
          expect(run.outputs).toEqual(expected(sc));
          check?.(sc, run);
        });
      }
    }
  });
}

async function endOffsets(cluster: Cluster, topics: readonly string[], isolationLevel: IsolationLevel): Promise<{ topic: string; partition: number; offset: number }[]> {
  if (topics.length === 0) return [];
  const described = await cluster.admin.describeTopics(topics);
  const requests = described.flatMap((d) => d.partitions.map((p) => ({ topic: d.name, partition: p.partition, spec: 'latest' as const })));
  return cluster.admin.listOffsets(requests, { isolationLevel });
}

/**
 * Reads topics read_committed from the beginning. It knows, per partition, where its last data
 * record ends: under exactly-once a transaction marker follows it, so "committed == end offset"
 * would never hold while "committed >= last data record + 1" does.
 */
class TopicTail {
  private consumer: Consumer | null = null;
  private topics: readonly string[] = [];
  private readonly positions = new Map<string, number>();
  private readonly lastData = new Map<string, number>();
  private readonly records = new Map<string, ConsumedRecord[]>();

  constructor(private readonly cluster: Cluster, private readonly groupId: string) {}

  async start(topics: readonly string[]): Promise<void> {
    this.topics = topics;
    if (topics.length === 0) return;
    this.consumer = this.cluster.consumer({ groupId: this.groupId, autoOffsetReset: 'earliest', isolationLevel: 'read_committed', maxWaitMs: 5 });
    await this.consumer.connect();
    await this.consumer.subscribe(topics);
  }

  /**
   * Polls until every partition is read up to its last stable offset as of now. A poll that only
   * crosses transaction markers returns no batch (so no new position): a partition that returns
   * nothing on two polls after the end was taken has no committed data left before that end.
   */
  async readToEnd(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === null) return;
    const ends = await endOffsets(this.cluster, this.topics, 'read_committed');
    const quiet = new Map<string, number>();
    await waitFor(async () => {
      const polled = await consumer.poll(5);
      for (const b of polled) {
        const tp = `${b.topic}/${b.partition}`;
        this.positions.set(tp, b.nextOffset);
        if (b.records.length > 0) this.lastData.set(tp, b.records[b.records.length - 1]!.offset + 1);
        const list = this.records.get(b.topic) ?? [];
        list.push(...b.records);
        this.records.set(b.topic, list);
      }
      for (const e of ends) {
        const tp = `${e.topic}/${e.partition}`;
        quiet.set(tp, polled.some((b) => `${b.topic}/${b.partition}` === tp) ? 0 : (quiet.get(tp) ?? 0) + 1);
      }
      return ends.every((e) => {
        const tp = `${e.topic}/${e.partition}`;
        const position = this.positions.get(tp);
        return e.offset === 0 || (position ?? 0) >= e.offset || (position !== undefined && quiet.get(tp)! >= 2);
      });
    }, { timeoutMs: 15_000, intervalMs: 1, message: `${this.topics.join(', ')} read to their end` });
  }

  async lastDataOffsets(): Promise<{ topic: string; partition: number; offset: number }[]> {
    await this.readToEnd();
    const ends = await endOffsets(this.cluster, this.topics, 'read_committed');
    return ends.map((e) => ({ topic: e.topic, partition: e.partition, offset: this.lastData.get(`${e.topic}/${e.partition}`) ?? 0 }));
  }

  /** The records read from `topic` since the last take. */
  take(topic: string): ConsumedRecord[] {
    const list = this.records.get(topic) ?? [];
    this.records.set(topic, []);
    return list;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
