import type { Referrer } from './click.js';

/** Views of one page in one closed 10-second window (the `page-views-10s` topic). */
export interface PageViewWindow {
  readonly page: string;
  readonly start: number;
  readonly end: number;
  readonly views: number;
}

/** One 10-second window, every page: the `page-views` table's value, keyed by window start. */
export interface PageViewsByWindow {
  readonly start: number;
  readonly views: { readonly [page: string]: number };
}

export interface PageCount {
  readonly page: string;
  readonly views: number;
}

/** The ten most viewed pages of one minute, live while the minute is open (`top-pages`). */
export interface TopPages {
  readonly start: number;
  readonly totalViews: number;
  readonly top: readonly PageCount[];
}

/** Distinct visitors of one minute, estimated with a Bloom filter sketch (`unique-visitors`). */
export interface UniqueVisitors {
  readonly start: number;
  readonly end: number;
  readonly visitors: number;
}

/** The visitor's current (latest) session (`latest-session`, keyed by user id). */
export interface SessionView {
  readonly userId: string;
  readonly start: number;
  readonly end: number;
  readonly clicks: number;
  readonly referrer: Referrer | null;
}

/** Closed sessions by how far they got, per referrer (`conversion-funnel`). */
export interface FunnelCounts {
  readonly sessions: number;
  readonly viewed: number;
  readonly carted: number;
  readonly purchased: number;
  readonly revenueCents: number;
}

export const EMPTY_FUNNEL: FunnelCounts = { sessions: 0, viewed: 0, carted: 0, purchased: 0, revenueCents: 0 };

/** Orders page counts the way the topology and the oracle both do: views desc, then page name. */
export function rankPages(counts: { readonly [page: string]: number }, n: number): PageCount[] {
  return Object.entries(counts)
    .map(([page, views]) => ({ page, views }))
    .sort((a, b) => b.views - a.views || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0))
    .slice(0, n);
}
