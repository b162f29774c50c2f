import {
  BufferConfig, Consumed, EmitStrategy, Grouped, Materialized, Named, Produced, Repartitioned, SessionWindows, StreamsBuilder, Suppressed, TimeWindows,
  type Topology,
} from '@tributary/streams';
import { EMPTY_FUNNEL, rankPages, type FunnelCounts, type PageViewsByWindow, type SessionView, type TopPages, type UniqueVisitors } from '../domain/results.js';
import { EMPTY_SESSION, addClick, funnelStage, mergeSessions, type SessionSummary } from '../domain/session.js';
import { serdes } from './serdes.js';
import { STORES, TOPICS, WINDOWS } from './topics.js';
import { EMPTY_SKETCH, addVisitor, sketchShard, type VisitorSketch } from './visitor-sketch.js';

type PageCounts = { readonly start: number; readonly counts: { readonly [page: string]: number } };
type ShardCounts = { readonly start: number; readonly end: number; readonly shards: { readonly [shard: string]: number } };

/**
 * clicks ─┬─ views by page ─┬─ 10 s tumbling count, emit-final ─┬─▶ page-views-10s
 *         │                 │                                   └─▶ page-views (table: window → page → views)
 *         │                 └─ 1 min tumbling count (live) ─▶ per-minute page counts ─▶ top-pages (table + topic)
 *         ├─ by user shard, 1 min tumbling, Bloom sketch ─▶ shard counts summed per minute ─▶ unique-visitors (table + topic)
 *         └─ by user, session windows (30 s gap) ─┬─ live ─▶ latest-session (table: user → current session)
 *                                                 └─ suppress until closed ─▶ funnel stage ─▶ conversion-funnel by referrer
 */
export function buildAnalyticsTopology(): Topology {
  const builder = new StreamsBuilder();
  const clicks = builder.stream(TOPICS.clicks, Consumed.with(serdes.key, serdes.click).withName('clicks-source'));

  // ---- page views per page: 10 s windows (final) and 1 min windows (live, for the top 10) ----
  const byPage = clicks
    .filter((_user, c) => c.action === 'view', 'views-only')
    .selectKey((_user, c) => c.page, 'key-by-page')
    // One repartition feeds both window sizes.
    .repartition(Repartitioned.with(serdes.key, serdes.click).withName('views-by-page'))
    .groupByKey(Grouped.with(serdes.key, serdes.click));

  const final10s = byPage
    .windowedBy(TimeWindows.ofSizeAndGrace(WINDOWS.pageViewsMs, WINDOWS.graceMs))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count(Named.as('page-views-10s-count'), Materialized.as<string, number>('page-views-10s-windows'))
    .toStream('page-views-10s-closed')
    .map((w, views) => ({ key: `${w.window.start}|${w.key}`, value: { page: w.key, start: w.window.start, end: w.window.end, views: views ?? 0 } }), 'page-view-window');
  final10s.to(TOPICS.pageViews10s, Produced.with(serdes.key, serdes.pageViewWindow).withName('page-views-10s-sink'));
  final10s
    .groupBy((_k, v) => String(v.start), Grouped.with(serdes.key, serdes.pageViewWindow, 'page-views-by-window'))
    .aggregate<PageViewsByWindow>(
      () => ({ start: 0, views: {} }),
      (_start, v, agg) => ({ start: v.start, views: { ...agg.views, [v.page]: v.views } }),
      Named.as('page-views-table'),
      Materialized.as<string, PageViewsByWindow>(STORES.pageViews).withValueSerde(serdes.pageViews),
    );

  byPage
    .windowedBy(TimeWindows.ofSizeAndGrace(WINDOWS.minuteMs, WINDOWS.graceMs))
    .count(Named.as('page-views-1m-count'), Materialized.as<string, number>('page-views-1m-windows'))
    .toStream('page-views-1m-updates')
    .filter((_w, n) => n !== null, 'page-views-1m-present')
    .map((w, n) => ({ key: String(w.window.start), value: { page: w.key, views: n! } }), 'page-count-by-minute')
    .groupByKey(Grouped.with(serdes.key, serdes.pageCount, 'page-counts-by-minute'))
    .aggregate<PageCounts>(
      () => ({ start: 0, counts: {} }),
      (minute, v, agg) => ({ start: Number(minute), counts: { ...agg.counts, [v.page]: v.views } }),
      Named.as('page-counts-per-minute'),
      Materialized.as<string, PageCounts>('page-counts-per-minute').withValueSerde(serdes.pageCounts),
    )
    .mapValues((c): TopPages => ({ start: c.start, totalViews: Object.values(c.counts).reduce((a, b) => a + b, 0), top: rankPages(c.counts, WINDOWS.topN) }),
      Named.as('top-10'), Materialized.as<string, TopPages>(STORES.topPages).withValueSerde(serdes.topPages))
    .toStream('top-pages-updates')
    .to(TOPICS.topPages, Produced.with(serdes.key, serdes.topPages).withName('top-pages-sink'));

  // ---- unique visitors per minute: one sketch per user shard, shard counts summed per minute ----
  clicks
    .groupBy((_user, c) => String(sketchShard(c.userId)), Grouped.with(serdes.key, serdes.click, 'clicks-by-shard'))
    .windowedBy(TimeWindows.ofSizeAndGrace(WINDOWS.minuteMs, WINDOWS.graceMs))
    .aggregate<VisitorSketch>(() => EMPTY_SKETCH, (_shard, c, sketch) => addVisitor(sketch, c.userId), Named.as('visitor-sketch'),
      Materialized.as<string, VisitorSketch>('visitor-sketches').withValueSerde(serdes.sketch))
    .toStream('visitor-sketch-updates')
    .filter((_w, s) => s !== null, 'visitor-sketch-present')
    .map((w, s) => ({ key: String(w.window.start), value: { shard: w.key, start: w.window.start, end: w.window.end, visitors: s!.visitors } }), 'shard-count')
    .groupByKey(Grouped.with(serdes.key, serdes.shardCount, 'shard-counts-by-minute'))
    .aggregate<ShardCounts>(
      () => ({ start: 0, end: 0, shards: {} }),
      (_minute, v, agg) => ({ start: v.start, end: v.end, shards: { ...agg.shards, [v.shard]: v.visitors } }),
      Named.as('visitors-per-minute'),
      Materialized.as<string, ShardCounts>('visitor-shard-counts').withValueSerde(serdes.shardCounts),
    )
    .mapValues((c): UniqueVisitors => ({ start: c.start, end: c.end, visitors: Object.values(c.shards).reduce((a, b) => a + b, 0) }),
      Named.as('unique-visitors-sum'), Materialized.as<string, UniqueVisitors>(STORES.uniqueVisitors).withValueSerde(serdes.uniqueVisitors))
    .toStream('unique-visitors-updates')
    .to(TOPICS.uniqueVisitors, Produced.with(serdes.key, serdes.uniqueVisitors).withName('unique-visitors-sink'));

  // ---- sessions: live (active sessions) and closed (conversion funnel) ----
  const sessions = clicks
    .groupByKey(Grouped.with(serdes.key, serdes.click))
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(WINDOWS.sessionGapMs, WINDOWS.graceMs))
    .aggregate<SessionSummary>(() => EMPTY_SESSION, (_user, c, s) => addClick(s, c), (_user, a, b) => mergeSessions(a, b), Named.as('sessionize'),
      Materialized.as<string, SessionSummary>('sessions').withValueSerde(serdes.session));

  sessions
    .toStream('session-updates')
    .filter((_w, s) => s !== null, 'session-present')
    .map((w, s): { key: string; value: SessionView } => ({ key: w.key, value: { userId: w.key, start: w.window.start, end: w.window.end, clicks: s!.clicks, referrer: s!.referrer } }), 'session-view')
    .groupByKey(Grouped.with(serdes.key, serdes.sessionView, 'sessions-by-user'))
    .reduce((current, next) => (next.end >= current.end ? next : current), Named.as('latest-session-per-user'),
      Materialized.as<string, SessionView>(STORES.latestSession).withValueSerde(serdes.sessionView));

  sessions
    .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('sessions-closed'))
    .toStream('closed-sessions')
    .filter((_w, s) => s !== null, 'closed-session-present')
    .map((_w, s) => ({ key: s!.referrer ?? 'unknown', value: funnelStage(s!) }), 'funnel-stage')
    .groupByKey(Grouped.with(serdes.key, serdes.stage, 'stages-by-referrer'))
    .aggregate<FunnelCounts>(() => EMPTY_FUNNEL, (_ref, s, f) => ({
      sessions: f.sessions + 1,
      viewed: f.viewed + (s.stage === 'none' ? 0 : 1),
      carted: f.carted + (s.stage === 'carted' || s.stage === 'purchased' ? 1 : 0),
      purchased: f.purchased + (s.stage === 'purchased' ? 1 : 0),
      revenueCents: f.revenueCents + s.revenueCents,
    }), Named.as('funnel-by-referrer'), Materialized.as<string, FunnelCounts>(STORES.funnel).withValueSerde(serdes.funnel))
    .toStream('funnel-updates')
    .to(TOPICS.funnel, Produced.with(serdes.key, serdes.funnel).withName('funnel-sink'));

  return builder.build();
}

