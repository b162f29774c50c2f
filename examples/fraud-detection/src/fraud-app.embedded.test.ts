import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedded, type Cluster, type ConsumedRecord, type Consumer, type Producer } from '@tributary/client';
import { QueryableStoreTypes, type TributaryStreams } from '@tributary/streams';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { APPLICATION_ID, createFraudApp } from './app/fraud-app.js';
import { consumerLag, ensureTopics } from './app/topics-setup.js';
import { ALERT_REASONS, type AlertEvidence, type CardBlock, type FraudAlert, type FraudSummary, type MerchantRisk } from './domain/alert.js';
import { distanceKm } from './domain/geo.js';
import type { Transaction } from './domain/transaction.js';
import { TransactionGenerator, type GeneratedRecord, type PlantedFraud } from './generator/transaction-generator.js';
import { DEFAULT_RULES, STORES } from './topology/fraud-topology.js';
import { DLQ_ERROR_HEADER, DLQ_SOURCE_HEADER, TOPICS } from './topology/topics.js';

// The real app of `npm start` (src/app/fraud-app.ts: exactly_once_v2, dead letters) on the
// embedded log in a temp dir, fed a seeded stream with every kind of fraud planted among noise.

const MINUTE = 60_000;
// Recent (retention never bites) and minute-aligned, so windows fall the same way on every run.
const START = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
const PARTITIONS = 2; // what clusterFromEnv gives the embedded log

interface PlantedInput {
  readonly reference: readonly GeneratedRecord[];
  readonly records: readonly GeneratedRecord[];
  readonly planted: readonly PlantedFraud[];
  /** Index into `records` where the restart case stops the first run. */
  readonly midway: number;
}

/** Noise with malformed and late events, every fraud kind planted twice, then one late fraud that closes the summary windows. */
function plantedInput(): PlantedInput {
  const gen = new TransactionGenerator({ seed: 42, startTime: START, cards: 150, merchants: 120, meanGapMs: 400, fraudRate: 0, malformedRate: 0.01, outOfOrderRate: 0.03 });
  const records: GeneratedRecord[] = [];
  const runUntil = (t: number): void => {
    while (gen.now() < t) records.push(...gen.next());
  };
  let midway = 0;
  runUntil(START + 12 * MINUTE); // profiles need a history before anomalies can stand out
  for (const round of [0, 1]) {
    for (const reason of ALERT_REASONS) {
      runUntil(gen.now() + 20_000);
      if (!gen.plant(reason)) throw new Error(`could not plant ${reason} in round ${round}`);
    }
    if (round === 0) {
      runUntil(gen.now() + MINUTE);
      midway = records.length;
    }
  }
  runUntil(gen.now() + 11 * MINUTE); // every scenario plays out
  if (!gen.plant('risky-merchant')) throw new Error('could not plant the last fraud'); // its alert moves the summary's stream time past the earlier minutes
  runUntil(gen.now() + MINUTE);
  return { reference: gen.referenceData(), records, planted: gen.plantedFrauds(), midway };
}

/** What makes two alerts the same alert: card, reason, triggering transaction and the evidence that identifies it. */
function identity(a: Pick<FraudAlert, 'cardId' | 'reason' | 'transactionId'> & { readonly evidence: AlertEvidence }): string {
  const e = a.evidence;
  const detail =
    e.reason === 'velocity' ? `window ${e.windowStart}-${e.windowEnd} count ${e.count}/${e.threshold}`
    : e.reason === 'amount-anomaly' ? `amount ${e.amountCents} after ${e.history}`
    : e.reason === 'impossible-travel' ? `${e.from}>${e.to} ${e.distanceKm}km ${e.minutesApart}min after ${e.previousTransactionId}`
    : e.reason === 'blocked-card' ? `blocked ${e.blockReason}@${e.blockedAt}`
    : `merchant ${e.merchantId} ${e.riskReason}`;
  return `${a.reason} ${a.cardId} ${a.transactionId} ${detail}`;
}

/** The oracle: each planted fraud's alert, with its evidence worked out from the input alone. */
function expectedIdentities(input: PlantedInput): string[] {
  const valid = input.records.filter((r) => r.topic === TOPICS.transactions && !isMalformed(r)).map((r) => JSON.parse(r.value.toString()) as Transaction);
  const blocks = new Map(input.records.filter((r) => r.topic === TOPICS.cardBlocklist).map((r) => [r.key, JSON.parse(r.value.toString()) as CardBlock]));
  const risks = new Map(input.reference.map((r) => [r.key, JSON.parse(r.value.toString()) as MerchantRisk]));
  const anomalies = new Set(input.planted.filter((p) => p.reason === 'amount-anomaly').map((p) => p.transactionId));
  return input.planted.map((p) => {
    const at = valid.findIndex((t) => t.id === p.transactionId);
    const tx = valid[at]!;
    const before = valid.slice(0, at).filter((t) => t.cardId === p.cardId); // the card's history, in processing order
    const evidence = ((): AlertEvidence => {
      switch (p.reason) {
        case 'velocity': {
          // The earliest 1-minute window (hopping by 10 s) that holds the payment crossing the limit.
          const windowStart = Math.floor((tx.timestamp - MINUTE) / 10_000) * 10_000 + 10_000;
          const count = [...before, tx].filter((t) => t.timestamp >= windowStart && t.timestamp < windowStart + MINUTE).length;
          return { reason: 'velocity', windowStart, windowEnd: windowStart + MINUTE, count, threshold: DEFAULT_RULES.velocityThreshold };
        }
        case 'amount-anomaly': {
          // The profile's history: the card's earlier payments, less anomalies (kept out of the baseline).
          const history = before.filter((t) => !anomalies.has(t.id)).length;
          return { reason: 'amount-anomaly', amountCents: tx.amountCents, history, typicalCents: 0, zScore: 0 };
        }
        case 'impossible-travel': {
          // The join pairs the trip with the card's earliest payment within the travel window.
          const from = before.filter((t) => t.timestamp >= tx.timestamp - DEFAULT_RULES.travelWindowMs).sort((a, b) => a.timestamp - b.timestamp)[0]!;
          const km = Math.round(distanceKm(from.country, tx.country)!);
          const minutes = Math.max(1, Math.round((tx.timestamp - from.timestamp) / MINUTE));
          return { reason: 'impossible-travel', from: from.country, to: tx.country, distanceKm: km, minutesApart: minutes, speedKmh: 0, previousTransactionId: from.id };
        }
        case 'blocked-card': {
          const block = blocks.get(p.cardId)!;
          return { reason: 'blocked-card', blockReason: block.reason, blockedAt: block.blockedAt };
        }
        case 'risky-merchant':
          return { reason: 'risky-merchant', merchantId: tx.merchantId, riskReason: risks.get(tx.merchantId)!.reason };
      }
    })();
    return identity({ cardId: p.cardId, reason: p.reason, transactionId: p.transactionId, evidence });
  });
}

const isMalformed = (r: GeneratedRecord): boolean => r.topic === TOPICS.transactions && r.value.toString().includes('-bad-');
const text = (b: Buffer | null): string => b?.toString('utf8') ?? '';
const header = (r: ConsumedRecord, key: string): string | undefined => r.headers.filter((h) => h.key === key).at(-1)?.value?.toString();

/** Reads output topics as a downstream service would: read_committed, so only committed transactions show. */
class CommittedReader {
  readonly records = new Map<string, ConsumedRecord[]>();
  private readonly positions = new Map<string, number>();
  private running = true;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly cluster: Cluster,
    private readonly topics: readonly string[],
    private readonly consumer: Consumer,
  ) {
    for (const t of topics) this.records.set(t, []);
    this.loop = this.run();
  }

  static async start(cluster: Cluster, topics: readonly string[]): Promise<CommittedReader> {
    const consumer = cluster.consumer({ groupId: `fraud-test-reader-${randomUUID()}`, autoOffsetReset: 'earliest', isolationLevel: 'read_committed', maxWaitMs: 100 });
    await consumer.connect();
    await consumer.subscribe(topics);
    return new CommittedReader(cluster, topics, consumer);
  }

  of(topic: string): readonly ConsumedRecord[] {
    return this.records.get(topic)!;
  }

  /** Whether everything committed so far has been read (positions at the last stable offsets). */
  async caughtUp(): Promise<boolean> {
    const described = await this.cluster.admin.describeTopics(this.topics);
    const tps = described.flatMap((d) => d.partitions.map((p) => ({ topic: d.name, partition: p.partition, spec: 'latest' as const })));
    const ends = await this.cluster.admin.listOffsets(tps, { isolationLevel: 'read_committed' });
    return ends.every((e) => e.offset === 0 || (this.positions.get(`${e.topic}/${e.partition}`) ?? 0) >= e.offset);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.consumer.disconnect();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const batches = await this.consumer.poll(100);
      for (const b of batches) {
        this.records.get(b.topic)!.push(...b.records);
        this.positions.set(`${b.topic}/${b.partition}`, b.nextOffset);
      }
      // A poll that resolves at once (a disconnected consumer does) must not starve timers and I/O.
      if (batches.length === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/** One `npm start`: a cluster over the data dir, the topics, the streams app. */
interface Run {
  readonly cluster: Cluster;
  readonly app: TributaryStreams;
  readonly producer: Producer;
  readonly errors: unknown[];
}

async function startRun(dataDir: string): Promise<Run> {
  const cluster = embedded({ dir: join(dataDir, 'log') }, { clientId: APPLICATION_ID });
  await cluster.connect();
  await ensureTopics(cluster, PARTITIONS);
  const app = createFraudApp(cluster, join(dataDir, 'state'));
  const errors: unknown[] = [];
  app.setUncaughtExceptionHandler((error) => {
    errors.push(error);
    return 'SHUTDOWN_CLIENT';
  });
  const producer = cluster.producer();
  await producer.connect();
  await app.start();
  return { cluster, app, producer, errors };
}

async function stopRun(run: Run): Promise<void> {
  await run.producer.disconnect();
  expect(await run.app.close({ timeoutMs: 20_000 })).toBe(true);
  await run.cluster.disconnect();
}

const OUTPUTS = [TOPICS.alerts, TOPICS.summary, TOPICS.deadLetter];

/** All input of `run` has been processed and committed by the app. */
const caughtUpWithInput = async (run: Run): Promise<boolean> => (await consumerLag(run.cluster, APPLICATION_ID, TOPICS.transactions)) === 0;

async function send(producer: Producer, records: readonly GeneratedRecord[]): Promise<void> {
  const byTopic = new Map<string, GeneratedRecord[]>();
  for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  await producer.sendBatch([...byTopic].map(([topic, rs]) => ({ topic, records: rs.map((r) => ({ key: Buffer.from(r.key), value: r.value, timestamp: r.timestamp })) })));
}

/**
 * Writes `records` in batches. A block-list update is written live, while the app runs: first the
 * app catches up (a payment made before the block must not alert), then the update, then the
 * payments after it once the app's global store holds it — GlobalKTable updates are not
 * synchronised with the stream by event time, so "from the next payment" means "processed after".
 */
async function feed(run: Run, records: readonly GeneratedRecord[]): Promise<void> {
  let batch: GeneratedRecord[] = [];
  for (const r of records) {
    if (r.topic === TOPICS.cardBlocklist) {
      await send(run.producer, batch);
      batch = [];
      await waitFor(() => caughtUpWithInput(run), { timeoutMs: 30_000, message: 'the app to process every payment before the block' });
      await send(run.producer, [r]);
      const blocklist = () => run.app.store(STORES.blocklist, QueryableStoreTypes.keyValueStore<string, CardBlock>());
      await waitFor(() => blocklist().get(r.key) !== null, { timeoutMs: 10_000, message: `block of ${r.key} in the global store` });
      continue;
    }
    batch.push(r);
    if (batch.length >= 500) {
      await send(run.producer, batch);
      batch = [];
    }
  }
  await send(run.producer, batch);
}

/** The summary oracle: alerts per tumbling minute of their record time, for the minutes the alert stream has closed. */
function closedMinutes(alerts: readonly ConsumedRecord[]): Map<number, number> {
  const streamTime = Math.max(...alerts.map((a) => a.timestamp));
  const perMinute = new Map<number, number>();
  for (const a of alerts) {
    const start = Math.floor(a.timestamp / MINUTE) * MINUTE;
    if (start + MINUTE + DEFAULT_RULES.graceMs <= streamTime) perMinute.set(start, (perMinute.get(start) ?? 0) + 1);
  }
  return perMinute;
}

/** Waits for every output of the whole input, then stops the reader and the app. */
async function finish(run: Run, reader: CommittedReader, input: PlantedInput, expectedAlerts: number): Promise<void> {
  const malformed = input.records.filter(isMalformed).length;
  await waitFor(() => caughtUpWithInput(run), { timeoutMs: 40_000, message: 'the app to process every payment' });
  await waitFor(() => reader.of(TOPICS.alerts).length >= expectedAlerts, { timeoutMs: 20_000, message: `${expectedAlerts} alerts` });
  await waitFor(() => reader.of(TOPICS.deadLetter).length >= malformed, { timeoutMs: 20_000, message: `${malformed} dead letters` });
  const windows = closedMinutes(reader.of(TOPICS.alerts)).size;
  await waitFor(() => reader.of(TOPICS.summary).length >= windows, { timeoutMs: 20_000, message: `${windows} summaries` });
  expect(run.errors).toEqual([]);
  expect(run.app.state).toBe('RUNNING'); // malformed events did not stop it
  await reader.stop(); // before the cluster goes: disconnecting it stops every client on it
  await stopRun(run);
}

/** Everything committed on the output topics, read from the beginning over a fresh cluster on the same dir. */
async function readAllCommitted(dataDir: string): Promise<CommittedReader> {
  const cluster = embedded({ dir: join(dataDir, 'log') }, { clientId: 'fraud-test-audit' });
  await cluster.connect();
  const reader = await CommittedReader.start(cluster, OUTPUTS);
  await waitFor(() => reader.caughtUp(), { timeoutMs: 20_000, message: 'reading every committed output' });
  await reader.stop();
  await cluster.disconnect();
  return reader;
}

function assertOutputs(all: CommittedReader, input: PlantedInput, expected: readonly string[]): void {
  const alertRecords = all.of(TOPICS.alerts);
  const alerts = alertRecords.map((r) => JSON.parse(text(r.value)) as FraudAlert);
  // Exactly the planted frauds, each once (a duplicate would appear twice in the sorted list).
  expect(alerts.map(identity).sort()).toEqual([...expected].sort());
  expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
  for (const a of alerts) {
    expect(a.evidence.reason).toBe(a.reason);
    if (a.evidence.reason === 'amount-anomaly') expect(a.evidence.zScore).toBeGreaterThanOrEqual(DEFAULT_RULES.anomaly.zThreshold);
    if (a.evidence.reason === 'impossible-travel') expect(a.evidence.distanceKm).toBeGreaterThanOrEqual(DEFAULT_RULES.travelMinKm);
  }

  // Every malformed event, once, with the error and the source topic in headers.
  const dlq = all.of(TOPICS.deadLetter);
  expect(dlq.map((r) => text(r.value)).sort()).toEqual(input.records.filter(isMalformed).map((r) => text(r.value)).sort());
  for (const r of dlq) {
    expect(header(r, DLQ_ERROR_HEADER)).toMatch(/.+/);
    expect(header(r, DLQ_SOURCE_HEADER)).toBe(TOPICS.transactions);
  }

  // Emit-final: one summary per closed minute, counting that minute's alerts.
  const summaries = all.of(TOPICS.summary).map((r) => JSON.parse(text(r.value)) as FraudSummary);
  const got = new Map(summaries.map((s) => [s.windowStart, s.total]));
  expect(summaries).toHaveLength(got.size);
  expect(got).toEqual(closedMinutes(alertRecords));
  expect(got.size).toBeGreaterThanOrEqual(5);
}

describe('fraud-detection app on the embedded log (exactly_once_v2)', () => {
  const input = plantedInput();
  const expected = expectedIdentities(input);
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-fraud-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the planted input covers every rule, a live block, malformed events and a restart point', () => {
    expect(new Set(input.planted.map((p) => p.reason))).toEqual(new Set(ALERT_REASONS));
    const ids = new Set(input.records.map((r) => text(r.value).match(/"id":"([^"]+)"/)?.[1]));
    for (const p of input.planted) expect(ids).toContain(p.transactionId); // every scenario played out
    expect(input.records.filter(isMalformed).length).toBeGreaterThan(5);
    const blocked = input.records.filter((r) => r.topic === TOPICS.cardBlocklist).map((r) => r.key);
    expect(blocked).toHaveLength(2);
    // The block lands on cards that paid before it: those earlier payments must stay quiet.
    const blockAt = input.records.findIndex((r) => r.topic === TOPICS.cardBlocklist);
    expect(input.records.slice(0, blockAt).some((r) => r.key === blocked[0] && !isMalformed(r))).toBe(true);
    expect(input.midway).toBeGreaterThan(input.records.length / 4);
    expect(input.midway).toBeLessThan((3 * input.records.length) / 4);
  });

  it('raises exactly the planted alerts, each once; dead-letters malformed events; one summary per closed minute', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const run = await startRun(dir);
    await send(run.producer, input.reference);
    const reader = await CommittedReader.start(run.cluster, OUTPUTS);
    await feed(run, input.records);
    await finish(run, reader, input, expected.length);
    assertOutputs(await readAllCommitted(dir), input, expected);
  });

  it('stopped midway and started again on the same directory: still exactly the planted alerts, none twice', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const first = await startRun(dir);
    await send(first.producer, input.reference);
    await feed(first, input.records.slice(0, input.midway));
    // Ctrl-C right away, while the app may still be behind on its input.
    expect(first.errors).toEqual([]);
    await stopRun(first);
    const committedByFirst = (await readAllCommitted(dir)).of(TOPICS.alerts).length;
    expect(committedByFirst).toBeGreaterThan(0);
    expect(committedByFirst).toBeLessThan(expected.length);

    const second = await startRun(dir); // what a second `npm start` does: same log, same state dir
    const reader = await CommittedReader.start(second.cluster, OUTPUTS);
    await feed(second, input.records.slice(input.midway));
    await finish(second, reader, input, expected.length);
    assertOutputs(await readAllCommitted(dir), input, expected);
  });
});
