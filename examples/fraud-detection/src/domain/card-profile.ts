import type { produceAggregator } from '@tributary/streams';
import type { Transaction } from './transaction.js';

/** An immer recipe over the profile, exactly as `produceAggregator` takes it. */
export type ProfileRecipe = Parameters<typeof produceAggregator<string, Transaction, CardProfile>>[0];

/** How the latest transaction scored against the profile as it was before that transaction. */
export interface LastScore {
  readonly transactionId: string;
  readonly amountCents: number;
  readonly timestamp: number;
  /** Standard deviations above the card's typical log-amount (0 while history is short). */
  readonly zScore: number;
  readonly typicalCents: number;
  readonly history: number;
  readonly anomalous: boolean;
}

/** Running per-card statistics (Welford's online mean/variance over log amounts). */
export interface CardProfile {
  readonly cardId: string;
  readonly count: number;
  readonly meanLog: number;
  readonly m2Log: number;
  readonly totalCents: number;
  readonly maxCents: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Most recent countries, newest last, at most 5. */
  readonly recentCountries: readonly string[];
  readonly last: LastScore | null;
}

export interface AnomalyPolicy {
  /** Transactions needed before a card is scored at all. */
  readonly minHistory: number;
  /** z-score (over log amounts) at which an amount is anomalous. */
  readonly zThreshold: number;
  /** And the amount must be at least this multiple of the typical amount. */
  readonly minRatio: number;
}

export const DEFAULT_ANOMALY_POLICY: AnomalyPolicy = { minHistory: 5, zThreshold: 4, minRatio: 5 };

/** Floor for the deviation, so a card with very regular amounts is not flagged for a small change. */
const MIN_STD_LOG = 0.25;

export function emptyProfile(): CardProfile {
  return { cardId: '', count: 0, meanLog: 0, m2Log: 0, totalCents: 0, maxCents: 0, firstSeen: 0, lastSeen: 0, recentCountries: [], last: null };
}

/** The card's typical amount: the geometric mean of its history. */
export function typicalCents(p: Pick<CardProfile, 'meanLog'>): number {
  return Math.round(Math.exp(p.meanLog));
}

/**
 * The immer recipe of the profile aggregate: score the new amount against the history first,
 * then fold it in. Scoring inside the aggregate (instead of joining the stream with the table it
 * feeds) keeps the verdict independent of processor ordering and of record caches.
 */
export function profileRecipe(policy: AnomalyPolicy): ProfileRecipe {
  return (draft, tx) => {
    const x = Math.log(tx.amountCents);
    let zScore = 0;
    if (draft.count >= policy.minHistory) {
      const std = Math.max(Math.sqrt(draft.m2Log / (draft.count - 1)), MIN_STD_LOG);
      zScore = (x - draft.meanLog) / std;
    }
    const typical = typicalCents(draft);
    const anomalous = draft.count >= policy.minHistory && zScore >= policy.zThreshold && tx.amountCents >= typical * policy.minRatio;
    draft.last = {
      transactionId: tx.id,
      amountCents: tx.amountCents,
      timestamp: tx.timestamp,
      zScore: Math.round(zScore * 100) / 100,
      typicalCents: typical,
      history: draft.count,
      anomalous,
    };
    // Anomalous amounts stay out of the baseline so one fraud does not teach the profile to accept the next.
    if (!anomalous) {
      draft.count += 1;
      const delta = x - draft.meanLog;
      draft.meanLog += delta / draft.count;
      draft.m2Log += delta * (x - draft.meanLog);
    }
    draft.cardId = tx.cardId;
    draft.totalCents += tx.amountCents;
    draft.maxCents = Math.max(draft.maxCents, tx.amountCents);
    if (draft.firstSeen === 0 || tx.timestamp < draft.firstSeen) draft.firstSeen = tx.timestamp;
    draft.lastSeen = Math.max(draft.lastSeen, tx.timestamp);
    draft.recentCountries.push(tx.country);
    if (draft.recentCountries.length > 5) draft.recentCountries.shift();
  };
}
