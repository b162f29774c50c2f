import { Serdes, TopologyTestDriver } from '@tributary/streams';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Click } from './domain/click.js';
import type { FunnelCounts, PageViewWindow, PageViewsByWindow, SessionView, TopPages, UniqueVisitors } from './domain/results.js';
import { ClickstreamGenerator } from './generator/clickstream-generator.js';
import { BruteForceAnalytics } from './oracle/brute-force.js';
import { buildAnalyticsTopology } from './topology/analytics-topology.js';
import { ANALYTICS_SERDE_DEFAULTS } from './topology/serdes.js';
import { STORES, TOPICS } from './topology/topics.js';
import { FALSE_POSITIVE_RATE } from './topology/visitor-sketch.js';

const START = Date.UTC(2025, 2, 3, 9, 0, 0);

function generate(seed: number, count: number): Click[] {
  const gen = new ClickstreamGenerator({ seed, startTime: START });
  return Array.from({ length: count }, () => gen.next().click);
}

/** Pipes the clicks through the topology and reads every result table back. */
function run(clicks: readonly Click[]) {
  const driver = new TopologyTestDriver(buildAnalyticsTopology(), { applicationId: 'realtime-analytics', ...ANALYTICS_SERDE_DEFAULTS }, START);
  const input = driver.createInputTopic(TOPICS.clicks, Serdes.String(), Serdes.Json<Click>());
  for (const c of clicks) input.pipeInput(c.userId, c, c.timestamp);
  const table = <V>(name: string): Map<string, V> => {
    const store = driver.getTimestampedKeyValueStore<string, V>(name);
    if (store === undefined) throw new Error(`no store ${name}`);
    return new Map([...store.all()].map((kv) => [kv.key, kv.value.value]));
  };
  return {
    driver,
    pageViews: table<PageViewsByWindow>(STORES.pageViews),
    topPages: table<TopPages>(STORES.topPages),
    visitors: table<UniqueVisitors>(STORES.uniqueVisitors),
    latest: table<SessionView>(STORES.latestSession),
    funnel: table<FunnelCounts>(STORES.funnel),
    windows10s: driver.createOutputTopic(TOPICS.pageViews10s, Serdes.String(), Serdes.Json<PageViewWindow>()).readValuesToList() as PageViewWindow[],
  };
}

function expectMatchesOracle(clicks: readonly Click[]): ReturnType<typeof run> {
  const got = run(clicks);
  const oracle = new BruteForceAnalytics(clicks);

  // 10 s windows: each closed window emitted exactly once with its final count, and tabled.
  const want10s = oracle.closedPageViewWindows();
  const emitted = got.windows10s.map((w) => `${w.start}|${w.page}`);
  expect(new Set(emitted).size).toBe(emitted.length);
  expect(new Map(got.windows10s.map((w) => [`${w.start}|${w.page}`, w.views]))).toEqual(want10s);
  const tabled = new Map<string, number>();
  for (const w of got.pageViews.values()) for (const [page, n] of Object.entries(w.views)) tabled.set(`${w.start}|${page}`, n);
  expect(tabled).toEqual(want10s);

  // Top 10 per minute, over every view of the minute (the table is live, so open minutes count too).
  expect(new Map([...got.topPages.values()].map((t) => [t.start, t.top]))).toEqual(oracle.topPagesPerMinute());

  // Unique visitors: the Bloom sketch never overcounts and misses at most its false-positive share.
  const exact = oracle.distinctVisitorsPerMinute();
  expect([...got.visitors.values()].map((v) => v.start).sort()).toEqual([...exact.keys()].sort());
  for (const v of got.visitors.values()) {
    const truth = exact.get(v.start)!;
    expect(v.visitors).toBeLessThanOrEqual(truth);
    expect(v.visitors).toBeGreaterThanOrEqual(Math.floor(truth * (1 - 10 * FALSE_POSITIVE_RATE)) - 1);
  }

  // Latest session per user: the brute-force sessionization's last session.
  const sessions = oracle.sessions();
  expect(got.latest.size).toBe(sessions.size);
  for (const [user, list] of sessions) {
    const last = list[list.length - 1]!;
    expect(got.latest.get(user), user).toMatchObject({ start: last.start, end: last.end, clicks: last.clicks.length });
  }

  // Funnel: closed sessions only, by referrer.
  expect(got.funnel).toEqual(oracle.funnelByReferrer());
  got.driver.close();
  return got;
}

describe('realtime-analytics topology (TopologyTestDriver)', () => {
  it('matches the brute-force oracle on four minutes of clicks', () => {
    const clicks = generate(7, 5000);
    const span = clicks[clicks.length - 1]!.timestamp - START;
    expect(span).toBeGreaterThan(4 * 60_000);
    expect(clicks.some((c) => c.action === 'purchase')).toBe(true);
    const got = expectMatchesOracle(clicks);
    // Not vacuous: every table has content.
    expect(got.windows10s.length).toBeGreaterThan(100);
    expect(got.topPages.size).toBeGreaterThanOrEqual(5);
    expect(got.visitors.size).toBeGreaterThanOrEqual(5);
    expect(got.latest.size).toBeGreaterThan(400);
    expect(got.funnel.size).toBe(5);
  });

  it('property: every result table equals the brute-force oracle, for any seed', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 200, max: 1500 }), (seed, n) => {
      expectMatchesOracle(generate(seed, n));
    }), { numRuns: 5 });
  });

  it('the funnel narrows: viewed >= carted >= purchased, and some sessions convert', () => {
    const { funnel } = run(generate(11, 3000));
    const total = [...funnel.values()].reduce((a, f) => ({ sessions: a.sessions + f.sessions, carted: a.carted + f.carted, purchased: a.purchased + f.purchased }), { sessions: 0, carted: 0, purchased: 0 });
    expect(total.sessions).toBeGreaterThan(100);
    expect(total.carted).toBeGreaterThan(total.purchased);
    expect(total.purchased).toBeGreaterThan(0);
  });
});
