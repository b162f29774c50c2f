import type { Click, Referrer } from './click.js';

/** What a session aggregate keeps: enough to say how far down the funnel the visit went. */
export interface SessionSummary {
  readonly clicks: number;
  readonly views: number;
  /** Referrer of the earliest click: where the visit came from. */
  readonly referrer: Referrer | null;
  readonly firstAt: number;
  /** Earliest page view, or null. */
  readonly firstViewAt: number | null;
  /** Event times of cart and purchase clicks (few per session). */
  readonly carts: readonly number[];
  readonly purchases: readonly { readonly at: number; readonly amountCents: number }[];
}

export type FunnelStage = 'none' | 'viewed' | 'carted' | 'purchased';

export const EMPTY_SESSION: SessionSummary = { clicks: 0, views: 0, referrer: null, firstAt: Number.MAX_SAFE_INTEGER, firstViewAt: null, carts: [], purchases: [] };

export function addClick(s: SessionSummary, c: Click): SessionSummary {
  const earliest = c.timestamp < s.firstAt;
  return {
    clicks: s.clicks + 1,
    views: s.views + (c.action === 'view' ? 1 : 0),
    referrer: earliest || s.referrer === null ? c.referrer : s.referrer,
    firstAt: Math.min(s.firstAt, c.timestamp),
    firstViewAt: c.action === 'view' ? Math.min(s.firstViewAt ?? c.timestamp, c.timestamp) : s.firstViewAt,
    carts: c.action === 'cart' ? [...s.carts, c.timestamp] : s.carts,
    purchases: c.action === 'purchase' ? [...s.purchases, { at: c.timestamp, amountCents: c.amountCents }] : s.purchases,
  };
}

/** Two halves of one session (a click bridged them); order does not matter. */
export function mergeSessions(a: SessionSummary, b: SessionSummary): SessionSummary {
  const first = a.firstAt <= b.firstAt ? a : b;
  const views = [a.firstViewAt, b.firstViewAt].filter((t): t is number => t !== null);
  return {
    clicks: a.clicks + b.clicks,
    views: a.views + b.views,
    referrer: first.referrer ?? a.referrer ?? b.referrer,
    firstAt: Math.min(a.firstAt, b.firstAt),
    firstViewAt: views.length === 0 ? null : Math.min(...views),
    carts: [...a.carts, ...b.carts],
    purchases: [...a.purchases, ...b.purchases],
  };
}

/** view → cart → purchase, in event-time order within the session. */
export function funnelStage(s: SessionSummary): { stage: FunnelStage; revenueCents: number } {
  if (s.firstViewAt === null) return { stage: 'none', revenueCents: 0 };
  const viewAt = s.firstViewAt;
  const cartsAfterView = s.carts.filter((t) => t >= viewAt);
  if (cartsAfterView.length === 0) return { stage: 'viewed', revenueCents: 0 };
  const cartAt = Math.min(...cartsAfterView);
  const bought = s.purchases.filter((p) => p.at >= cartAt);
  if (bought.length === 0) return { stage: 'carted', revenueCents: 0 };
  return { stage: 'purchased', revenueCents: bought.reduce((sum, p) => sum + p.amountCents, 0) };
}
