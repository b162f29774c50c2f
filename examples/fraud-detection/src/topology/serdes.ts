import { Serdes } from '@tributary/streams';
import type { CardBlock, FraudAlert, FraudSummary, MerchantRisk } from '../domain/alert.js';
import type { CardProfile } from '../domain/card-profile.js';
import type { Transaction } from '../domain/transaction.js';

/** JSON on the wire for every value type: readable with `tributary consume` or kcat. */
export const serdes = {
  key: Serdes.String(),
  raw: Serdes.Bytes(),
  transaction: Serdes.Json<Transaction>(),
  alert: Serdes.Json<FraudAlert>(),
  alerts: Serdes.Json<readonly FraudAlert[]>(),
  profile: Serdes.Json<CardProfile>(),
  block: Serdes.Json<CardBlock>(),
  risk: Serdes.Json<MerchantRisk>(),
  summary: Serdes.Json<FraudSummary>(),
  velocity: Serdes.Json<VelocityCount>(),
  seen: Serdes.Long(),
};

/** What the hopping-window aggregate keeps per card and window. */
export interface VelocityCount {
  readonly count: number;
  readonly lastTransactionId: string;
}
