import type { Click } from '../domain/click.js';
import { Random } from './random.js';
import { CART_PAGE, CHECKOUT_PAGE, pickPage, pickReferrer, REFERRER_PROFILES } from './site.js';

export interface ClickstreamOptions {
  readonly seed: number;
  /** Event time of the first click. */
  readonly startTime: number;
  readonly users?: number;
  /** Mean event-time gap between new visits (Poisson arrivals). Default 250 ms. */
  readonly meanArrivalMs?: number;
  /** Mean event-time gap between two clicks of one visit. Default 4 s; never more than `maxClickGapMs`. */
  readonly meanClickGapMs?: number;
  /** Longest pause inside a visit; must stay below the topology's session gap. Default 20 s. */
  readonly maxClickGapMs?: number;
  /** A user's next visit starts at least this long after their last click. Default 45 s. */
  readonly minVisitSpacingMs?: number;
  /** Share of clicks stamped up to `jitterMs` earlier than their place in the stream (out of order). */
  readonly outOfOrderRate?: number;
  readonly jitterMs?: number;
  /** Prefix of visit ids, so restarts never reuse one. */
  readonly idPrefix?: string;
}

/** A record ready for a producer: `clicks`, keyed by user id, JSON value. */
export interface GeneratedClick {
  readonly topic: 'clicks';
  readonly key: string;
  readonly value: Buffer;
  readonly timestamp: number;
  readonly click: Click;
}

interface Visit {
  readonly id: string;
  readonly userId: string;
  readonly profile: (typeof REFERRER_PROFILES)[number];
  viewsLeft: number;
  carted: boolean;
  nextAt: number;
  lastAt: number;
}

/**
 * A seeded clickstream: visitors arrive from referrers, view pages (popular pages far more),
 * sometimes add to cart and buy. The same options replay the same clicks, which is what lets the
 * tests compare the topology with a brute-force computation over exactly these clicks.
 */
export class ClickstreamGenerator {
  private readonly random: Random;
  private readonly o: Required<ClickstreamOptions>;
  private readonly visits: Visit[] = [];
  /** user id → earliest time their next visit may start. */
  private readonly freeAt = new Map<string, number>();
  private nextArrival: number;
  private clock: number;
  private visitCount = 0;

  constructor(options: ClickstreamOptions) {
    this.o = {
      users: 3000, meanArrivalMs: 250, meanClickGapMs: 4000, maxClickGapMs: 20_000, minVisitSpacingMs: 45_000,
      outOfOrderRate: 0.02, jitterMs: 1000, idPrefix: 'v', ...options,
    };
    this.random = new Random(options.seed);
    this.clock = options.startTime;
    this.nextArrival = options.startTime;
  }

  /** Event time of the latest click. */
  now(): number {
    return this.clock;
  }

  /** The next click (visits start and progress in event-time order). */
  next(): GeneratedClick {
    for (;;) {
      const visit = this.earliestVisit();
      if (visit === null || this.nextArrival <= visit.nextAt) {
        this.clock = Math.max(this.clock, this.nextArrival);
        this.nextArrival += Math.max(1, Math.round(this.random.exponential(this.o.meanArrivalMs)));
        const started = this.startVisit();
        if (started !== null) return started;
        continue;
      }
      this.clock = visit.nextAt;
      return this.step(visit);
    }
  }

  private earliestVisit(): Visit | null {
    let best: Visit | null = null;
    for (const v of this.visits) if (best === null || v.nextAt < best.nextAt) best = v;
    return best;
  }

  private startVisit(): GeneratedClick | null {
    const userId = `u-${String(this.random.int(0, this.o.users)).padStart(5, '0')}`;
    if ((this.freeAt.get(userId) ?? 0) > this.clock) return null; // still inside (or just after) a visit
    const profile = pickReferrer(this.random);
    const visit: Visit = {
      id: `${this.o.idPrefix}-${++this.visitCount}`, userId, profile, viewsLeft: 1 + Math.floor(this.random.exponential(4)),
      carted: false, nextAt: this.clock, lastAt: this.clock,
    };
    this.visits.push(visit);
    this.freeAt.set(userId, Number.MAX_SAFE_INTEGER);
    return this.step(visit);
  }

  private step(v: Visit): GeneratedClick {
    let click: Click;
    const base = { userId: v.userId, sessionId: v.id, referrer: v.profile.referrer };
    let done = false;
    if (v.viewsLeft > 0) {
      v.viewsLeft--;
      click = { ...base, page: pickPage(this.random), action: 'view', amountCents: 0, timestamp: this.clock };
      if (v.viewsLeft === 0) {
        // Out of pages to see: maybe add to cart, else leave.
        if (this.random.chance(v.profile.cart)) v.carted = true;
        else done = true;
      }
    } else if (v.carted) {
      v.carted = false;
      click = { ...base, page: CART_PAGE, action: 'cart', amountCents: 0, timestamp: this.clock };
      if (!this.random.chance(v.profile.buy)) done = true;
    } else {
      const amountCents = 500 + this.random.int(0, 40) * 250;
      click = { ...base, page: CHECKOUT_PAGE, action: 'purchase', amountCents, timestamp: this.clock };
      done = true;
    }
    v.lastAt = this.clock;
    if (done) this.endVisit(v);
    else v.nextAt = this.clock + Math.min(this.o.maxClickGapMs, Math.max(1, Math.round(this.random.exponential(this.o.meanClickGapMs))));
    const late = this.random.chance(this.o.outOfOrderRate) ? this.random.int(1, this.o.jitterMs + 1) : 0;
    const stamped = late === 0 ? click : { ...click, timestamp: click.timestamp - late };
    return { topic: 'clicks', key: stamped.userId, value: Buffer.from(JSON.stringify(stamped)), timestamp: stamped.timestamp, click: stamped };
  }

  private endVisit(v: Visit): void {
    this.visits.splice(this.visits.indexOf(v), 1);
    this.freeAt.set(v.userId, v.lastAt + this.o.minVisitSpacingMs);
  }
}
