/** Why an alert was raised. */
export type AlertReason = 'velocity' | 'amount-anomaly' | 'impossible-travel' | 'blocked-card' | 'risky-merchant';

export const ALERT_REASONS: readonly AlertReason[] = ['velocity', 'amount-anomaly', 'impossible-travel', 'blocked-card', 'risky-merchant'];

/** What an analyst needs to judge the alert without opening another tool. */
export type AlertEvidence =
  | { readonly reason: 'velocity'; readonly windowStart: number; readonly windowEnd: number; readonly count: number; readonly threshold: number }
  | { readonly reason: 'amount-anomaly'; readonly amountCents: number; readonly typicalCents: number; readonly zScore: number; readonly history: number }
  | { readonly reason: 'impossible-travel'; readonly from: string; readonly to: string; readonly distanceKm: number; readonly minutesApart: number; readonly speedKmh: number; readonly previousTransactionId: string }
  | { readonly reason: 'blocked-card'; readonly blockReason: string; readonly blockedAt: number }
  | { readonly reason: 'risky-merchant'; readonly merchantId: string; readonly riskReason: string };

export interface FraudAlert {
  /** Stable per (reason, triggering transaction): the same fraud never yields two ids. */
  readonly id: string;
  readonly cardId: string;
  readonly reason: AlertReason;
  readonly transactionId: string;
  /** Event time of the triggering transaction. */
  readonly timestamp: number;
  readonly summary: string;
  readonly evidence: AlertEvidence;
}

/** An entry of the card block list (a compacted topic read as a GlobalKTable). */
export interface CardBlock {
  readonly reason: string;
  readonly blockedAt: number;
}

/** An entry of the merchant risk list (a compacted topic read as a GlobalKTable). */
export interface MerchantRisk {
  readonly level: 'low' | 'medium' | 'high';
  readonly reason: string;
}

/** One emit-final window of the alert summary. */
export interface FraudSummary {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly total: number;
  readonly byReason: { readonly [reason in AlertReason]?: number };
  readonly cards: readonly string[];
}
