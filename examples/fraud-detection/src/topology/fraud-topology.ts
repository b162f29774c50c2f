import {
  Branched, BufferConfig, Consumed, Grouped, Materialized, Named, Produced, StreamsBuilder, Stores, Suppressed, TimeWindows,
  Serdes, produceAggregator, type KStream, type Serde, type Topology,
} from '@tributary/streams';
import type { FraudAlert, FraudSummary } from '../domain/alert.js';
import { DEFAULT_ANOMALY_POLICY, emptyProfile, profileRecipe, type AnomalyPolicy } from '../domain/card-profile.js';
import { formatAmount, parseTransaction, type ParsedTransaction, type Transaction } from '../domain/transaction.js';
import { alertDedupe } from './alert-dedupe.js';
import { deadLetter, type Rejected } from './dead-letter.js';
import { impossibleTravel } from './impossible-travel.js';
import { serdes, type VelocityCount } from './serdes.js';
import { TOPICS } from './topics.js';

/** Names of the stores the HTTP endpoint queries. */
export const STORES = {
  profiles: 'card-profiles',
  recentAlerts: 'recent-alerts',
  velocity: 'velocity-counts',
  blocklist: 'card-blocklist-store',
  merchantRisk: 'merchant-risk-store',
  dedupe: 'alert-dedupe',
} as const;

export interface FraudRules {
  /** Alert when a card makes more than this many payments in one 1-minute hopping window. */
  readonly velocityThreshold: number;
  readonly anomaly: AnomalyPolicy;
  /** Two countries this far apart within `travelWindowMs` are an impossible trip. */
  readonly travelMinKm: number;
  readonly travelWindowMs: number;
  /** How late (event time) a transaction may arrive and still count in its windows. */
  readonly graceMs: number;
  /** Alerts kept per card for the query endpoint. */
  readonly recentAlertsPerCard: number;
}

export const DEFAULT_RULES: FraudRules = {
  velocityThreshold: 5,
  anomaly: DEFAULT_ANOMALY_POLICY,
  travelMinKm: 1500,
  travelWindowMs: 10 * 60_000,
  graceMs: 30_000,
  recentAlertsPerCard: 10,
};

const MINUTE = 60_000;

/** Keys are card ids and values JSON; operators name their serdes anyway, this covers the rest. */
export const FRAUD_SERDE_DEFAULTS = {
  defaultKeySerde: Serdes.String() as Serde<unknown>,
  defaultValueSerde: Serdes.Json() as Serde<unknown>,
};

/**
 * transactions ─▶ parse ─┬─▶ dead letters (malformed) ─▶ transactions-dlq
 *                        └─▶ valid ─┬─ join block list (GlobalKTable) ─────────┐
 *                                   ├─ join merchant risk (GlobalKTable) ──────┤
 *                                   ├─ 1-min hopping count > N (velocity) ─────┼─▶ dedupe ─▶ fraud-alerts
 *                                   ├─ profile aggregate, scored (anomaly) ────┤      ├─▶ recent-alerts (KTable)
 *                                   └─ self join within 10 min (travel) ───────┘      └─▶ 1-min emit-final summary ─▶ fraud-summary
 */
export function buildFraudTopology(rules: FraudRules = DEFAULT_RULES): Topology {
  const builder = new StreamsBuilder();
  const blocklist = builder.globalTable(TOPICS.cardBlocklist, Consumed.with(serdes.key, serdes.block), Materialized.as(STORES.blocklist));
  const merchantRisk = builder.globalTable(TOPICS.merchantRisk, Consumed.with(serdes.key, serdes.risk), Materialized.as(STORES.merchantRisk));

  const parsed = builder
    .stream(TOPICS.transactions, Consumed.with(serdes.key, serdes.raw).withName('transactions-source'))
    .mapValues((raw): { raw: Buffer | null; result: ParsedTransaction } => ({ raw, result: parseTransaction(raw) }), 'parse');

  const valid = new Map<string, KStream<string, Transaction>>();
  parsed
    .split('validate-')
    .branch((_k, v) => !v.result.ok, Branched.withConsumer((bad) => bad
      .mapValues((v): Rejected => ({ raw: v.raw, error: v.result.ok ? '' : v.result.error }), 'rejected')
      .processValues(deadLetter(TOPICS.transactions), Named.as('dead-letter-headers'))
      .to(TOPICS.deadLetter, Produced.with(serdes.key, serdes.raw).withName('dead-letter-sink')), 'malformed'))
    .defaultBranch(Branched.withConsumer((ok) => {
      valid.set('tx', ok.mapValues((v) => (v.result.ok ? v.result.tx : (null as never)), 'transaction'));
    }, 'valid'));
  const txs = valid.get('tx')!;

  const blocked = txs.join(blocklist, (_card, tx) => tx.cardId, (tx, block): FraudAlert => ({
    id: `blocked-card:${tx.id}`, cardId: tx.cardId, reason: 'blocked-card', transactionId: tx.id, timestamp: tx.timestamp,
    summary: `payment of ${formatAmount(tx.amountCents, tx.currency)} on a blocked card (${block.reason})`,
    evidence: { reason: 'blocked-card', blockReason: block.reason, blockedAt: block.blockedAt },
  }), 'check-blocklist');

  const risky = txs
    .join(merchantRisk, (_card, tx) => tx.merchantId, (tx, risk) => ({ tx, risk }), 'check-merchant-risk')
    .filter((_card, v) => v.risk.level === 'high', 'high-risk-only')
    .mapValues(({ tx, risk }): FraudAlert => ({
      id: `risky-merchant:${tx.id}`, cardId: tx.cardId, reason: 'risky-merchant', transactionId: tx.id, timestamp: tx.timestamp,
      summary: `payment at high-risk merchant ${tx.merchantId} (${risk.reason})`,
      evidence: { reason: 'risky-merchant', merchantId: tx.merchantId, riskReason: risk.reason },
    }), 'risky-merchant-alert');

  const byCard = txs.groupByKey();
  const velocity = byCard
    .windowedBy(TimeWindows.ofSizeAndGrace(MINUTE, rules.graceMs).advanceBy(10_000))
    .aggregate<VelocityCount>(
      () => ({ count: 0, lastTransactionId: '' }),
      produceAggregator<string, Transaction, VelocityCount>((draft, tx) => {
        draft.count += 1;
        draft.lastTransactionId = tx.id;
      }),
      Named.as('velocity-window'),
      Materialized.as<string, VelocityCount>(STORES.velocity).withValueSerde(serdes.velocity).withCachingDisabled(),
    )
    .toStream('velocity-updates')
    .filter((_w, v) => v !== null && v.count > rules.velocityThreshold, 'over-threshold')
    .map((w, v) => {
      const c = v!;
      const alert: FraudAlert = {
        id: `velocity:${c.lastTransactionId}`, cardId: w.key, reason: 'velocity', transactionId: c.lastTransactionId, timestamp: w.window.start,
        summary: `${c.count} payments between ${clock(w.window.start)} and ${clock(w.window.end)} (limit ${rules.velocityThreshold})`,
        evidence: { reason: 'velocity', windowStart: w.window.start, windowEnd: w.window.end, count: c.count, threshold: rules.velocityThreshold },
      };
      return { key: w.key, value: alert };
    }, 'velocity-alert');

  const anomalies = byCard
    .aggregate(emptyProfile, produceAggregator(profileRecipe(rules.anomaly)), Named.as('card-profile'),
      Materialized.as<string, ReturnType<typeof emptyProfile>>(STORES.profiles).withValueSerde(serdes.profile).withCachingDisabled())
    .toStream('profile-updates')
    .filter((_card, p) => p !== null && p.last !== null && p.last.anomalous, 'anomalous-only')
    .mapValues((p): FraudAlert => {
      const last = p!.last!;
      return {
        id: `amount-anomaly:${last.transactionId}`, cardId: p!.cardId, reason: 'amount-anomaly', transactionId: last.transactionId, timestamp: last.timestamp,
        summary: `amount ${(last.amountCents / 100).toFixed(2)} is ${(last.amountCents / last.typicalCents).toFixed(1)}x the card's typical ${(last.typicalCents / 100).toFixed(2)} (z=${last.zScore})`,
        evidence: { reason: 'amount-anomaly', amountCents: last.amountCents, typicalCents: last.typicalCents, zScore: last.zScore, history: last.history },
      };
    }, 'anomaly-alert');

  const travel = impossibleTravel(txs, rules);

  builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORES.dedupe), serdes.key, serdes.seen));
  const alerts = blocked.merge(risky, 'merge-risky').merge(velocity, 'merge-velocity').merge(anomalies, 'merge-anomaly').merge(travel, 'merge-travel')
    .processValues(alertDedupe(STORES.dedupe), Named.as('dedupe'), STORES.dedupe);
  alerts.to(TOPICS.alerts, Produced.with(serdes.key, serdes.alert).withName('alerts-sink'));

  alerts.groupByKey(Grouped.with(serdes.key, serdes.alert)).aggregate<readonly FraudAlert[]>(
    () => [],
    (_card, alert, list) => [...list, alert].slice(-rules.recentAlertsPerCard),
    Named.as('recent-alerts-per-card'),
    Materialized.as<string, readonly FraudAlert[]>(STORES.recentAlerts).withValueSerde(serdes.alerts),
  );

  alerts
    .groupBy(() => 'all', Grouped.with(serdes.key, serdes.alert, 'summary'))
    .windowedBy(TimeWindows.ofSizeAndGrace(MINUTE, rules.graceMs))
    .aggregate<FraudSummary>(
      () => ({ windowStart: 0, windowEnd: 0, total: 0, byReason: {}, cards: [] }),
      produceAggregator<string, FraudAlert, FraudSummary>((draft, alert) => {
        draft.total += 1;
        draft.byReason[alert.reason] = (draft.byReason[alert.reason] ?? 0) + 1;
        if (!draft.cards.includes(alert.cardId)) draft.cards.push(alert.cardId);
      }),
      Named.as('summary-window'),
      Materialized.as<string, FraudSummary>('summary-windows').withValueSerde(serdes.summary),
    )
    .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('summary-final'))
    .toStream('summary-closed')
    .map((w, s) => ({ key: String(w.window.start), value: { ...s!, windowStart: w.window.start, windowEnd: w.window.end } }), 'summary-with-window')
    .to(TOPICS.summary, Produced.with(serdes.key, serdes.summary).withName('summary-sink'));

  return builder.build();
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
