import { Serdes, TopologyTestDriver, lastHeader, type TestInputTopic } from '@tributary/streams';
import { describe, expect, it } from 'vitest';
import { ALERT_REASONS, type FraudAlert, type FraudSummary } from './domain/alert.js';
import { TransactionGenerator, type GeneratedRecord } from './generator/transaction-generator.js';
import { FRAUD_SERDE_DEFAULTS, STORES, buildFraudTopology } from './topology/fraud-topology.js';
import { DLQ_ERROR_HEADER, TOPICS } from './topology/topics.js';

const START = Date.UTC(2025, 0, 6, 9, 0, 0);
const MINUTE = 60_000;

/** Noise with malformed and late events, and every kind of fraud planted twice at known points. */
function scenario(): { records: GeneratedRecord[]; gen: TransactionGenerator } {
  const gen = new TransactionGenerator({ seed: 42, startTime: START, cards: 150, merchants: 120, meanGapMs: 250, fraudRate: 0, malformedRate: 0.01, outOfOrderRate: 0.03 });
  const records = [...gen.referenceData()];
  const runUntil = (t: number): void => {
    while (gen.now() < t) records.push(...gen.next());
  };
  runUntil(START + 12 * MINUTE); // profiles need a history before anomalies can stand out
  for (const round of [0, 1]) {
    for (const reason of ALERT_REASONS) {
      runUntil(gen.now() + 20_000);
      if (!gen.plant(reason)) throw new Error(`could not plant ${reason} in round ${round}`);
    }
  }
  runUntil(gen.now() + 14 * MINUTE); // let every scenario play out and every summary window close
  return { records, gen };
}

function pipeAll(driver: TopologyTestDriver, records: readonly GeneratedRecord[]): void {
  const inputs = new Map<string, TestInputTopic<string, Buffer>>();
  for (const r of records) {
    let input = inputs.get(r.topic);
    if (input === undefined) inputs.set(r.topic, (input = driver.createInputTopic(r.topic, Serdes.String(), Serdes.Bytes())));
    input.pipeInput(r.key, r.value, r.timestamp);
  }
}

describe('fraud-detection topology (TopologyTestDriver)', () => {
  const { records, gen } = scenario();
  const driver = new TopologyTestDriver(buildFraudTopology(), { applicationId: 'fraud-detection', ...FRAUD_SERDE_DEFAULTS }, START);
  pipeAll(driver, records);
  const alertRecords = driver.createOutputTopic(TOPICS.alerts, Serdes.String(), Serdes.Json<FraudAlert>()).readRecordsToList();
  const alerts = alertRecords.map((r) => r.value!);
  const recordTimes = alertRecords.map((r) => r.timestamp);

  it('raises exactly the planted alerts among noise, each once', () => {
    const planted = gen.plantedFrauds();
    expect(planted).toHaveLength(2 * ALERT_REASONS.length);
    const got = alerts.map((a) => `${a.reason} ${a.cardId} ${a.transactionId}`).sort();
    const want = planted.map((p) => `${p.reason} ${p.cardId} ${p.transactionId}`).sort();
    expect(got).toEqual(want);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
  });

  it('explains every alert with evidence of its own kind', () => {
    for (const a of alerts) {
      expect(a.evidence.reason).toBe(a.reason);
      expect(a.summary.length).toBeGreaterThan(10);
    }
    const travel = alerts.filter((a) => a.evidence.reason === 'impossible-travel');
    for (const t of travel) if (t.evidence.reason === 'impossible-travel') expect(t.evidence.distanceKm).toBeGreaterThan(1500);
  });

  it('dead-letters every malformed event with the error in a header, and keeps going', () => {
    const malformed = records.filter((r) => r.topic === TOPICS.transactions && r.value.toString().includes('-bad-'));
    expect(malformed.length).toBeGreaterThan(5);
    const dlq = driver.createOutputTopic(TOPICS.deadLetter, Serdes.String(), Serdes.Bytes()).readRecordsToList();
    expect(dlq.map((r) => r.value?.toString())).toEqual(malformed.map((r) => r.value.toString()));
    for (const r of dlq) expect(lastHeader(r.headers, DLQ_ERROR_HEADER)?.toString()).toMatch(/.+/);
  });

  it('emits one final summary per closed minute, matching the alerts of that minute', () => {
    const summaries = driver.createOutputTopic(TOPICS.summary, Serdes.String(), Serdes.Json<FraudSummary>()).readValuesToList() as FraudSummary[];
    const starts = summaries.map((s) => s.windowStart);
    expect(new Set(starts).size).toBe(starts.length);
    expect(summaries.length).toBeGreaterThanOrEqual(3);
    // Windows close on the alert stream's own time: the last minutes stay open until later alerts arrive.
    for (const s of summaries) {
      const inWindow = recordTimes.filter((t) => t >= s.windowStart && t < s.windowEnd).length;
      expect(s.total).toBe(inWindow);
    }
  });

  it('serves card profiles and recent alerts from local stores', () => {
    const card = alerts[0]!.cardId;
    const profile = driver.getTimestampedKeyValueStore<string, { count: number }>(STORES.profiles)!.get(card);
    expect(profile?.value.count).toBeGreaterThan(0);
    const recent = driver.getTimestampedKeyValueStore<string, FraudAlert[]>(STORES.recentAlerts)!.get(card);
    expect(recent?.value.map((a) => a.id)).toContain(alerts[0]!.id);
  });
});
