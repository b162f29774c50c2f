import { QueryableStoreTypes, type TributaryStreams } from '@tributary/streams';
import { EMPTY_FUNNEL, type FunnelCounts, type PageViewsByWindow, type SessionView, type TopPages, type UniqueVisitors } from '../domain/results.js';
import type { RuntimeProgress } from '../app/task-metrics.js';
import { STORES, WINDOWS } from '../topology/topics.js';

/** The last closed 10-second windows, oldest first, with their total. */
export interface PageViewSeries {
  readonly windows: readonly (PageViewsByWindow & { readonly total: number })[];
}

/** Sessions still open at the stream's own clock (the newest session end seen). */
export interface ActiveSessions {
  readonly eventTime: number;
  readonly active: number;
  readonly users: number;
  readonly byReferrer: { readonly [referrer: string]: number };
  /** Earlier answers of this query, one per event-time step it saw (newest last, at most 120). */
  readonly history: readonly { readonly eventTime: number; readonly active: number }[];
}

export interface Funnel {
  readonly total: FunnelCounts;
  readonly byReferrer: { readonly [referrer: string]: FunnelCounts };
}

export interface Progress extends RuntimeProgress {
  readonly state: string;
  readonly produced: number;
  /** Records on `clicks` not yet committed by the app. */
  readonly lag: number;
  readonly eventTime: number;
}

/** Everything the dashboard shows, each read from the app's local stores (interactive queries). */
export interface AnalyticsQueries {
  pageViews(last?: number): PageViewSeries;
  topPages(): TopPages | null;
  uniqueVisitors(last?: number): readonly UniqueVisitors[];
  sessions(): ActiveSessions;
  funnel(): Funnel;
  progress(): Progress;
}

/** Interactive queries over the running app's tables. Throws while stores are unavailable (rebalance, restore). */
export function analyticsQueries(app: TributaryStreams, progress: () => Progress): AnalyticsQueries {
  const entries = <V>(name: string) => app.store(name, QueryableStoreTypes.keyValueStore<string, V>()).all();
  const valuesOf = <V>(name: string): V[] => entries<V>(name).map((kv) => kv.value);
  // The latest-session table only knows the present, so the series is kept as it is queried.
  const history: { eventTime: number; active: number }[] = [];
  return {
    pageViews(last = 30) {
      const windows = valuesOf<PageViewsByWindow>(STORES.pageViews).sort((a, b) => a.start - b.start).slice(-last);
      return { windows: windows.map((w) => ({ ...w, total: Object.values(w.views).reduce((a, b) => a + b, 0) })) };
    },
    topPages() {
      const minutes = valuesOf<TopPages>(STORES.topPages).sort((a, b) => a.start - b.start);
      return minutes[minutes.length - 1] ?? null;
    },
    uniqueVisitors(last = 15) {
      return valuesOf<UniqueVisitors>(STORES.uniqueVisitors).sort((a, b) => a.start - b.start).slice(-last);
    },
    sessions() {
      const all = valuesOf<SessionView>(STORES.latestSession);
      const eventTime = all.reduce((m, s) => Math.max(m, s.end), 0);
      const byReferrer: Record<string, number> = {};
      let active = 0;
      for (const s of all) {
        if (s.end <= eventTime - WINDOWS.sessionGapMs) continue;
        active++;
        const r = s.referrer ?? 'unknown';
        byReferrer[r] = (byReferrer[r] ?? 0) + 1;
      }
      const last = history[history.length - 1];
      if (eventTime > 0 && (last === undefined || eventTime > last.eventTime)) {
        history.push({ eventTime, active });
        if (history.length > 120) history.shift();
      }
      return { eventTime, active, users: all.length, byReferrer, history: [...history] };
    },
    funnel() {
      const byReferrer: Record<string, FunnelCounts> = {};
      let total = EMPTY_FUNNEL;
      for (const { key, value: f } of entries<FunnelCounts>(STORES.funnel).sort((a, b) => (a.key < b.key ? -1 : 1))) {
        byReferrer[key] = f;
        total = {
          sessions: total.sessions + f.sessions, viewed: total.viewed + f.viewed, carted: total.carted + f.carted,
          purchased: total.purchased + f.purchased, revenueCents: total.revenueCents + f.revenueCents,
        };
      }
      return { total, byReferrer };
    },
    progress,
  };
}
