import type { AlertReason, CardBlock } from '../domain/alert.js';
import { distanceKm } from '../domain/geo.js';
import type { Transaction } from '../domain/transaction.js';
import { TOPICS } from '../topology/topics.js';
import { currencyOf, makeCards, makeMerchants, riskEntry, type Card, type Merchant } from './reference-data.js';
import { Random } from './random.js';

/** One record the generator wants written. Values are the exact bytes a terminal would send. */
export interface GeneratedRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly timestamp: number;
}

/** A fraud the generator planted on purpose: the alert the topology must raise for it. */
export interface PlantedFraud {
  readonly reason: AlertReason;
  readonly cardId: string;
  readonly transactionId: string;
}

export interface GeneratorOptions {
  /** Seeds the cards, merchants and risk list: the same world on every run. */
  readonly seed: number;
  /** Seeds the event stream (defaults to `seed`); a restart uses a new one over the same world. */
  readonly runSeed?: number;
  /** Event time of the first transaction (ms). */
  readonly startTime: number;
  readonly cards?: number;
  readonly merchants?: number;
  /** Mean event-time gap between two noise transactions. */
  readonly meanGapMs?: number;
  /** Probability, per noise transaction, that a fraud scenario starts. */
  readonly fraudRate?: number;
  readonly malformedRate?: number;
  /** Share of transactions stamped up to 20 s in the past (terminals that batch). */
  readonly outOfOrderRate?: number;
  /** Prefix of transaction ids, so separate runs never reuse an id. */
  readonly idPrefix?: string;
  /** Velocity threshold the scenarios must exceed. */
  readonly velocityThreshold?: number;
}

const SCENARIOS: readonly AlertReason[] = ['velocity', 'amount-anomaly', 'impossible-travel', 'blocked-card', 'risky-merchant'];
/** Noise never transacts on one card more often than this, so noise alone never looks like velocity. */
const NOISE_MIN_GAP_MS = 90_000;
/** A card in a scenario is kept out of noise this long around it, so each scenario yields exactly its alert. */
const RESERVE_MS = 15 * 60_000;
/**
 * And this long after the scenario's last payment: a home payment within the travel window (10
 * minutes) of a trip's far payment, even one stamped up to 20 s late, would be a second trip.
 */
const QUIET_AFTER_MS = 11 * 60_000;

/**
 * Seeded card-transaction source: noise from thousands of cards with steady habits, a share of
 * malformed and late events, and fraud scenarios planted with the alert each one must produce.
 * Pure: `next()` advances a simulated clock; the caller decides how fast to replay it.
 */
export class TransactionGenerator {
  private readonly random: Random;
  private readonly reference: GeneratedRecord[];
  private readonly cards: Card[];
  private readonly merchants: Merchant[];
  private readonly safeMerchants: Merchant[];
  private readonly riskyMerchants: Merchant[];
  private readonly lastNoise = new Map<string, number>();
  private readonly history = new Map<string, number>();
  private readonly reservedUntil = new Map<string, number>();
  private readonly blocked = new Set<string>();
  private readonly pending: { tx: GeneratedRecord; at: number }[] = [];
  private readonly planted: PlantedFraud[] = [];
  private clock: number;
  private seq = 0;
  /** Latest event time scheduled by the scenario being planted. */
  private scenarioEnd = 0;
  private readonly o: Required<GeneratorOptions>;

  constructor(options: GeneratorOptions) {
    this.o = {
      cards: 2000, merchants: 400, meanGapMs: 50, fraudRate: 0.002, malformedRate: 0.003, outOfOrderRate: 0.02,
      idPrefix: 'tx', velocityThreshold: 5, runSeed: options.seed, ...options,
    };
    // Cards' home countries and merchants' risk must not change between runs, or a restart would
    // look like every card travelling at once.
    const world = new Random(options.seed);
    this.cards = makeCards(world, this.o.cards);
    this.merchants = makeMerchants(world, this.o.merchants);
    this.safeMerchants = this.merchants.filter((m) => m.risk !== 'high');
    this.riskyMerchants = this.merchants.filter((m) => m.risk === 'high');
    this.clock = options.startTime;
    this.reference = this.merchants.map((m) => json(TOPICS.merchantRisk, m.id, riskEntry(world, m), this.clock));
    this.random = this.o.runSeed === options.seed ? world : new Random(this.o.runSeed);
  }

  /** The merchant risk list, written once before the first transaction. */
  referenceData(): GeneratedRecord[] {
    return this.reference;
  }

  /** Frauds planted so far (each must raise exactly one alert). */
  plantedFrauds(): readonly PlantedFraud[] {
    return this.planted;
  }

  /** Simulated event time of the last record handed out. */
  now(): number {
    return this.clock;
  }

  /** The next records in event-time order (usually one). */
  next(): GeneratedRecord[] {
    this.clock += Math.max(1, Math.round(this.random.exponential(this.o.meanGapMs)));
    const out: GeneratedRecord[] = [];
    while (this.pending.length > 0 && this.pending[0]!.at <= this.clock) out.push(this.pending.shift()!.tx);
    if (this.random.chance(this.o.malformedRate)) out.push(this.malformed());
    else if (this.random.chance(this.o.fraudRate)) this.startScenario(this.random.pick(SCENARIOS));
    else {
      const noise = this.noise();
      if (noise !== null) out.push(noise);
    }
    return out;
  }

  /** Plants one scenario now (tests use it to place frauds exactly). */
  plant(reason: AlertReason): boolean {
    return this.startScenario(reason);
  }

  private noise(): GeneratedRecord | null {
    for (let attempt = 0; attempt < 5; attempt++) {
      const card = this.random.pick(this.cards);
      if (!this.available(card, NOISE_MIN_GAP_MS)) continue;
      this.lastNoise.set(card.id, this.clock);
      const late = this.random.chance(this.o.outOfOrderRate) ? this.random.int(1000, 20_000) : 0;
      // Amounts stay within 2 sigma of the card's habit: noise never looks like an anomaly.
      const amount = Math.max(50, Math.round(Math.exp(card.logTypical + 0.35 * this.random.normal(2))));
      return this.tx(card, this.homeMerchant(card), amount, this.clock - late);
    }
    return null;
  }

  private available(card: Card, gap: number): boolean {
    if (this.blocked.has(card.id)) return false;
    if ((this.reservedUntil.get(card.id) ?? 0) > this.clock) return false;
    return this.clock - (this.lastNoise.get(card.id) ?? -Infinity) >= gap;
  }

  private startScenario(reason: AlertReason): boolean {
    // A small world may have no high-risk merchant at all.
    if (reason === 'risky-merchant' && this.riskyMerchants.length === 0) return false;
    const card = this.scenarioCard(reason);
    if (card === null) return false;
    const t = this.clock;
    this.scenarioEnd = t;
    const typical = Math.round(Math.exp(card.logTypical));
    switch (reason) {
      case 'velocity': {
        // A card-testing burst: threshold + 3 small payments within 40 s.
        const n = this.o.velocityThreshold + 3;
        for (let i = 0; i < n; i++) {
          const r = this.tx(card, this.homeMerchant(card), Math.round(typical * (0.6 + this.random.next() * 0.8)), t + 1000 + i * 5000);
          this.schedule(r);
          if (i === this.o.velocityThreshold) this.plantFor(reason, card, r);
        }
        break;
      }
      case 'amount-anomaly': {
        const r = this.tx(card, this.homeMerchant(card), typical * this.random.int(20, 60), t + 1000);
        this.schedule(r);
        this.plantFor(reason, card, r);
        break;
      }
      case 'impossible-travel': {
        this.schedule(this.tx(card, this.homeMerchant(card), typical, t + 1000));
        const far = this.farCountry(card.home);
        const merchant = this.safeMerchants.find((m) => m.country === far) ?? this.random.pick(this.safeMerchants);
        const r = this.tx(card, merchant, typical, t + 1000 + this.random.int(2, 8) * 60_000);
        this.schedule(r);
        this.plantFor(reason, card, r);
        break;
      }
      case 'blocked-card': {
        const block: CardBlock = { reason: this.random.pick(['reported stolen', 'reported lost', 'issuer fraud hold']), blockedAt: t };
        this.schedule(json(TOPICS.cardBlocklist, card.id, block, t));
        this.blocked.add(card.id);
        const r = this.tx(card, this.homeMerchant(card), typical, t + 30_000);
        this.schedule(r);
        this.plantFor(reason, card, r);
        break;
      }
      case 'risky-merchant': {
        // An online purchase: billed in the card's home country, so it is not also a trip.
        const r = this.tx(card, this.random.pick(this.riskyMerchants), typical, t + 1000, card.home);
        this.schedule(r);
        this.plantFor(reason, card, r);
        break;
      }
    }
    this.reservedUntil.set(card.id, Math.max(t + RESERVE_MS, this.scenarioEnd + QUIET_AFTER_MS));
    return true;
  }

  /**
   * A free card. A velocity burst needs the card idle for a window length (so the planted payment
   * is the one that crosses the limit); an anomaly needs a history to stand out from.
   */
  private scenarioCard(reason: AlertReason): Card | null {
    for (let attempt = 0; attempt < 200; attempt++) {
      const card = this.random.pick(this.cards);
      if (!this.available(card, reason === 'velocity' ? 75_000 : 0)) continue;
      if (reason === 'amount-anomaly' && (this.history.get(card.id) ?? 0) < 7) continue;
      return card;
    }
    return null;
  }

  private farCountry(home: string): string {
    const far = ['AU', 'JP', 'SG', 'IN', 'BR', 'ZA', 'RU', 'NG', 'US', 'GB'].filter((c) => (distanceKm(home, c) ?? 0) > 5000);
    return this.random.pick(far);
  }

  private homeMerchant(card: Card): Merchant {
    const local = this.safeMerchants.filter((m) => m.country === card.home);
    return this.random.pick(local.length > 0 ? local : this.safeMerchants);
  }

  private tx(card: Card, merchant: Merchant, amountCents: number, timestamp: number, country = merchant.country): GeneratedRecord {
    this.history.set(card.id, (this.history.get(card.id) ?? 0) + 1);
    const tx: Transaction = {
      id: `${this.o.idPrefix}-${(this.seq++).toString(36).padStart(6, '0')}`,
      cardId: card.id,
      merchantId: merchant.id,
      merchantCategory: merchant.category,
      country,
      amountCents,
      currency: country === card.home ? card.currency : currencyOf(country),
      timestamp,
    };
    return json(TOPICS.transactions, card.id, tx, timestamp);
  }

  private malformed(): GeneratedRecord {
    const card = this.random.pick(this.cards);
    const id = `${this.o.idPrefix}-bad-${(this.seq++).toString(36)}`;
    const variants = [
      `{"id":"${id}","cardId":"${card.id}","amountCents":12`, // truncated by a flaky terminal
      JSON.stringify({ id, cardId: card.id, merchantId: 'm-0001', merchantCategory: 'fuel', country: 'USA', amountCents: 4200, currency: 'USD', timestamp: this.clock }),
      JSON.stringify({ id, cardId: card.id, merchantId: 'm-0002', merchantCategory: 'grocery', country: card.home, amountCents: -500, currency: card.currency, timestamp: this.clock }),
      JSON.stringify({ id, cardId: card.id, country: card.home, timestamp: this.clock }),
    ];
    return { topic: TOPICS.transactions, key: card.id, value: Buffer.from(this.random.pick(variants)), timestamp: this.clock };
  }

  private schedule(record: GeneratedRecord): void {
    this.scenarioEnd = Math.max(this.scenarioEnd, record.timestamp);
    this.pending.push({ tx: record, at: record.timestamp });
    this.pending.sort((a, b) => a.at - b.at);
  }

  private plantFor(reason: AlertReason, card: Card, record: GeneratedRecord): void {
    const tx = JSON.parse(record.value.toString('utf8')) as Transaction;
    this.planted.push({ reason, cardId: card.id, transactionId: tx.id });
  }
}

function json(topic: string, key: string, value: unknown, timestamp: number): GeneratedRecord {
  return { topic, key, value: Buffer.from(JSON.stringify(value)), timestamp };
}
