import type { Click } from '../domain/click.js';
import { EMPTY_FUNNEL, rankPages, type FunnelCounts, type PageCount } from '../domain/results.js';
import { EMPTY_SESSION, addClick, funnelStage } from '../domain/session.js';
import { WINDOWS } from '../topology/topics.js';

/**
 * The topology's results computed the slow, obvious way over a finished list of clicks: group,
 * sort, count. Tests compare the topology (through the TopologyTestDriver) with these. All
 * clicks are assumed within the grace period (the generator's jitter is smaller), so none drop.
 */
export class BruteForceAnalytics {
  /** Largest event time among all clicks, and among page views: what drives each task's stream time. */
  readonly maxTime: number;
  readonly maxViewTime: number;
  private readonly views: readonly Click[];

  constructor(private readonly clicks: readonly Click[]) {
    this.views = clicks.filter((c) => c.action === 'view');
    this.maxTime = Math.max(...clicks.map((c) => c.timestamp));
    this.maxViewTime = Math.max(...this.views.map((c) => c.timestamp));
  }

  /** `${start}|${page}` → views, for the 10-second windows already closed (end + grace <= stream time). */
  closedPageViewWindows(): Map<string, number> {
    const out = new Map<string, number>();
    for (const v of this.views) {
      const start = floorTo(v.timestamp, WINDOWS.pageViewsMs);
      if (start + WINDOWS.pageViewsMs + WINDOWS.graceMs > this.maxViewTime) continue;
      const key = `${start}|${v.page}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }

  /** Minute start → top pages over every view of that minute. */
  topPagesPerMinute(): Map<number, PageCount[]> {
    const counts = new Map<number, Record<string, number>>();
    for (const v of this.views) {
      const start = floorTo(v.timestamp, WINDOWS.minuteMs);
      let c = counts.get(start);
      if (c === undefined) counts.set(start, (c = {}));
      c[v.page] = (c[v.page] ?? 0) + 1;
    }
    return new Map([...counts].map(([start, c]) => [start, rankPages(c, WINDOWS.topN)]));
  }

  /** Minute start → exact number of distinct users that clicked in it. */
  distinctVisitorsPerMinute(): Map<number, number> {
    const users = new Map<number, Set<string>>();
    for (const c of this.clicks) {
      const start = floorTo(c.timestamp, WINDOWS.minuteMs);
      let s = users.get(start);
      if (s === undefined) users.set(start, (s = new Set()));
      s.add(c.userId);
    }
    return new Map([...users].map(([start, s]) => [start, s.size]));
  }

  /** Every user's sessions: clicks sorted by time, cut wherever two clicks are more than the gap apart. */
  sessions(): Map<string, { start: number; end: number; clicks: Click[] }[]> {
    const byUser = new Map<string, Click[]>();
    for (const c of this.clicks) {
      let list = byUser.get(c.userId);
      if (list === undefined) byUser.set(c.userId, (list = []));
      list.push(c);
    }
    const out = new Map<string, { start: number; end: number; clicks: Click[] }[]>();
    for (const [user, list] of byUser) {
      const sorted = [...list].sort((a, b) => a.timestamp - b.timestamp);
      const sessions: { start: number; end: number; clicks: Click[] }[] = [];
      for (const c of sorted) {
        const last = sessions[sessions.length - 1];
        if (last !== undefined && c.timestamp - last.end <= WINDOWS.sessionGapMs) {
          last.end = c.timestamp;
          last.clicks.push(c);
        } else sessions.push({ start: c.timestamp, end: c.timestamp, clicks: [c] });
      }
      out.set(user, sessions);
    }
    return out;
  }

  /** Referrer → funnel counts over the sessions already closed (end + gap + grace <= stream time). */
  funnelByReferrer(): Map<string, FunnelCounts> {
    const out = new Map<string, FunnelCounts>();
    for (const sessions of this.sessions().values()) {
      for (const s of sessions) {
        if (s.end + WINDOWS.sessionGapMs + WINDOWS.graceMs > this.maxTime) continue;
        const summary = s.clicks.reduce(addClick, EMPTY_SESSION);
        const { stage, revenueCents } = funnelStage(summary);
        const key = summary.referrer ?? 'unknown';
        const f = out.get(key) ?? EMPTY_FUNNEL;
        out.set(key, {
          sessions: f.sessions + 1,
          viewed: f.viewed + (stage === 'none' ? 0 : 1),
          carted: f.carted + (stage === 'carted' || stage === 'purchased' ? 1 : 0),
          purchased: f.purchased + (stage === 'purchased' ? 1 : 0),
          revenueCents: f.revenueCents + revenueCents,
        });
      }
    }
    return out;
  }
}

function floorTo(t: number, size: number): number {
  return Math.floor(t / size) * size;
}
