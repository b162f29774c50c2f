import type { Cluster } from '@tributary/client';
import { TributaryStreams } from '@tributary/streams';
import { analyticsQueries, type AnalyticsQueries, type Progress } from '../http/analytics-queries.js';
import { startDashboardServer } from '../http/dashboard-server.js';
import { liveFeed } from '../http/live-feed.js';
import { buildAnalyticsTopology } from '../topology/analytics-topology.js';
import { ANALYTICS_SERDE_DEFAULTS } from '../topology/serdes.js';
import { TOPICS } from '../topology/topics.js';
import { GeneratorLoop } from './generator-loop.js';
import { ProgressTracker } from './task-metrics.js';
import { consumerLag, ensureTopics } from './topics-setup.js';

export const APPLICATION_ID = 'realtime-analytics';

export interface AnalyticsOptions {
  readonly cluster: Cluster;
  /** Partitions of `clicks` (and so tasks per sub-topology). */
  readonly partitions: number;
  readonly stateDir: string;
  /** Dashboard port on 127.0.0.1 (0 = any free port). */
  readonly port: number;
  /** Generator speed, records per wall-clock second (Infinity: as fast as it goes). */
  readonly recordsPerSecond: number;
  /** Bounded run: the generator stops after this many clicks (the app keeps serving). */
  readonly maxRecords?: number;
  readonly seed?: number;
  /** Event time of the first click (default: now). */
  readonly startTime?: number;
  readonly commitIntervalMs?: number;
  /** How often the result tables are polled for the live feed. Default 500 ms. */
  readonly feedPeriodMs?: number;
}

export interface RunningAnalytics {
  readonly url: string;
  readonly app: TributaryStreams;
  readonly queries: AnalyticsQueries;
  readonly generator: GeneratorLoop;
  /** Resolves once the app has committed every produced click (lag 0 after the generator stopped). */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** The stream thread's fatal error, if any. */
  readonly failure: unknown;
}

/** Starts the topology, the click generator and the dashboard server on `cluster`. */
export async function startAnalytics(o: AnalyticsOptions): Promise<RunningAnalytics> {
  await o.cluster.connect();
  await ensureTopics(o.cluster, o.partitions);
  const topology = buildAnalyticsTopology();
  const app = new TributaryStreams(topology, {
    applicationId: APPLICATION_ID,
    cluster: o.cluster,
    stateDir: o.stateDir,
    commitIntervalMs: o.commitIntervalMs ?? 1000,
    ...ANALYTICS_SERDE_DEFAULTS,
  });
  let failure: unknown = null;
  app.setUncaughtExceptionHandler((error) => {
    failure = error;
    return 'SHUTDOWN_CLIENT';
  });

  const producer = o.cluster.producer();
  await producer.connect();
  const generator = new GeneratorLoop(producer, { recordsPerSecond: o.recordsPerSecond, maxRecords: o.maxRecords, seed: o.seed ?? 7, startTime: o.startTime ?? Date.now() });

  const tracker = new ProgressTracker();
  let progress: Progress = { state: app.state, produced: 0, lag: 0, eventTime: 0, tasks: [], lags: [], processed: 0, rate: 0, peakRate: 0 };
  const sample = async (): Promise<void> => {
    const runtime = tracker.sample(await app.metrics());
    const lag = await consumerLag(o.cluster, APPLICATION_ID, TOPICS.clicks).catch(() => progress.lag);
    progress = { ...runtime, state: app.state, produced: generator.produced, lag, eventTime: generator.eventTime() };
  };
  const ticker = setInterval(() => void sample().catch(() => undefined), 1000);

  const queries = analyticsQueries(app, () => progress);
  const description = topology.describe();
  const server = await startDashboardServer({ queries, feed: liveFeed(queries, o.feedPeriodMs ?? 500), topology: { text: String(description), mermaid: description.toMermaid() } }, o.port);

  await app.start();
  void generator.start();

  let stopping: Promise<void> | null = null;
  return {
    url: server.url,
    app,
    queries,
    generator,
    get failure() {
      return failure;
    },
    async caughtUp(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      await generator.finished();
      for (;;) {
        if (failure !== null) throw failure instanceof Error ? failure : new Error(String(failure));
        const lag = await consumerLag(o.cluster, APPLICATION_ID, TOPICS.clicks).catch(() => Number.POSITIVE_INFINITY);
        if (lag === 0) break;
        if (Date.now() > deadline) throw new Error(`app still ${lag} clicks behind after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
      await sample();
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(ticker);
        await generator.stop();
        await producer.disconnect();
        await app.close({ timeoutMs: 10_000 });
        await server.close();
        await o.cluster.disconnect();
      })();
      return stopping;
    },
  };
}
