import { Serdes, type Serde } from '@tributary/streams';
import type { Click } from '../domain/click.js';
import type { FunnelCounts, PageCount, PageViewWindow, PageViewsByWindow, SessionView, TopPages, UniqueVisitors } from '../domain/results.js';
import type { SessionSummary, funnelStage } from '../domain/session.js';
import type { VisitorSketch } from './visitor-sketch.js';

/** JSON on the wire for every value: readable with `tributary consume` or kcat. */
export const serdes = {
  key: Serdes.String(),
  click: Serdes.Json<Click>(),
  count: Serdes.Long(),
  pageCount: Serdes.Json<PageCount>(),
  pageViewWindow: Serdes.Json<PageViewWindow>(),
  pageViews: Serdes.Json<PageViewsByWindow>(),
  pageCounts: Serdes.Json<{ readonly start: number; readonly counts: { readonly [page: string]: number } }>(),
  topPages: Serdes.Json<TopPages>(),
  sketch: Serdes.Json<VisitorSketch>(),
  uniqueVisitors: Serdes.Json<UniqueVisitors>(),
  shardCount: Serdes.Json<{ readonly shard: string; readonly start: number; readonly end: number; readonly visitors: number }>(),
  shardCounts: Serdes.Json<{ readonly start: number; readonly end: number; readonly shards: { readonly [shard: string]: number } }>(),
  session: Serdes.Json<SessionSummary>(),
  sessionView: Serdes.Json<SessionView>(),
  stage: Serdes.Json<ReturnType<typeof funnelStage>>(),
  funnel: Serdes.Json<FunnelCounts>(),
};

/** Keys are strings and values JSON; operators name their serdes anyway, this covers the rest. */
export const ANALYTICS_SERDE_DEFAULTS = {
  defaultKeySerde: Serdes.String() as Serde<unknown>,
  defaultValueSerde: Serdes.Json() as Serde<unknown>,
};
