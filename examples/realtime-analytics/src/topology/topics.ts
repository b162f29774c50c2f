/** Every topic the realtime-analytics app reads or writes. */
export const TOPICS = {
  clicks: 'clicks',
  pageViews10s: 'page-views-10s',
  topPages: 'top-pages',
  uniqueVisitors: 'unique-visitors',
  funnel: 'conversion-funnel',
} as const;

/** The tables the dashboard and the HTTP endpoint query (interactive queries). */
export const STORES = {
  pageViews: 'page-views',
  topPages: 'top-pages',
  uniqueVisitors: 'unique-visitors',
  latestSession: 'latest-session',
  funnel: 'conversion-funnel',
} as const;

/** Window sizes and lateness the topology and its oracle share. */
export const WINDOWS = {
  pageViewsMs: 10_000,
  minuteMs: 60_000,
  sessionGapMs: 30_000,
  graceMs: 2_000,
  topN: 10,
} as const;
