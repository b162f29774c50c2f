import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryableStoreTypes } from '@tributary/streams';
import type { FraudAlert } from '../domain/alert.js';
import type { CardProfile } from '../domain/card-profile.js';
import { startQueryServer } from '../http/query-server.js';
import { STORES } from '../topology/fraud-topology.js';
import { TOPICS } from '../topology/topics.js';
import { AlertTail } from './alert-tail.js';
import { clusterFromEnv } from './cluster-from-env.js';
import { ConsoleView } from './console-view.js';
import { APPLICATION_ID, createFraudApp } from './fraud-app.js';
import { GeneratorLoop } from './generator-loop.js';
import { metricSum } from './metrics-text.js';
import { consumerLag, ensureTopics } from './topics-setup.js';

const env = process.env;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dataDir = resolve(env['TRIBUTARY_EXAMPLE_DATA_DIR'] ?? join(repoRoot, '.tributary-data'));
const maxRecords = env['TRIBUTARY_EXAMPLE_MAX_RECORDS'] === undefined ? undefined : Number(env['TRIBUTARY_EXAMPLE_MAX_RECORDS']);
const port = Number(env['TRIBUTARY_EXAMPLE_PORT'] ?? 7070);
const rate = Number(env['TRIBUTARY_EXAMPLE_RATE'] ?? (maxRecords === undefined ? 300 : Infinity));

async function main(): Promise<void> {
  const view = new ConsoleView();
  mkdirSync(dataDir, { recursive: true });
  const { cluster, description, partitions } = clusterFromEnv(env['TRIBUTARY_CLUSTER'], join(dataDir, 'log'), APPLICATION_ID);
  view.line(`Tributary fraud detection on the ${description}`);
  await cluster.connect();
  await ensureTopics(cluster, partitions);

  const app = createFraudApp(cluster, join(dataDir, 'state'));
  let failed = false;
  app.setUncaughtExceptionHandler((error) => {
    failed = true;
    view.line(`stream thread failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 'SHUTDOWN_CLIENT';
  });
  app.state$.subscribe((state) => view.line(`app state: ${state}`));

  const tail = new AlertTail(cluster, `${APPLICATION_ID}-console`, (alert) => view.alert(alert));
  const producer = cluster.producer();
  await producer.connect();
  const generator = new GeneratorLoop(producer, { recordsPerSecond: rate, maxRecords, stateFile: join(dataDir, 'fraud-generator.json'), seed: 7 });

  let processed = 0;
  let lag = 0;
  const profiles = () => app.store(STORES.profiles, QueryableStoreTypes.timestampedKeyValueStore<string, CardProfile>());
  const recent = () => app.store(STORES.recentAlerts, QueryableStoreTypes.timestampedKeyValueStore<string, readonly FraudAlert[]>());
  const server = await startQueryServer({
    profile: (card) => profiles().get(card)?.value ?? null,
    recentAlerts: (card) => recent().get(card)?.value ?? [],
    latestAlerts: () => tail.latest,
    stats: () => ({ produced: generator.produced, processed, lag, alerts: tail.count, state: app.state }),
  }, port);

  await app.start();
  await tail.start();
  view.line(`dashboard and interactive queries: ${server.url}  (try ${server.url}api/cards/card-00042)`);
  view.line('Ctrl-C stops; the next start resumes from the persisted log and state.');
  // The progress line's rate is the generator's pace, not the app's limit: say so and how to change it.
  if (Number.isFinite(rate)) view.line(`generating ${rate} transactions/s (TRIBUTARY_EXAMPLE_RATE=<n> to change it)`);

  let last = { at: Date.now(), processed: 0 };
  const ticker = setInterval(() => {
    void (async () => {
      processed = metricSum(await app.metrics(), 'tributary_streams_process_total');
      lag = await consumerLag(cluster, APPLICATION_ID, TOPICS.transactions).catch(() => lag);
      const now = Date.now();
      const perSec = Math.round(((processed - last.processed) * 1000) / Math.max(1, now - last.at));
      last = { at: now, processed };
      view.progress(`produced ${generator.produced}  processed ${processed} (${perSec}/s)  lag ${lag}  alerts ${tail.count}  ${server.url}`);
    })();
  }, 1000);

  let stopping: Promise<void> | null = null;
  const stop = (why: string): Promise<void> => {
    stopping ??= (async () => {
      view.line(`stopping (${why})...`);
      clearInterval(ticker);
      await generator.stop();
      await producer.disconnect();
      await tail.stop();
      await app.close({ timeoutMs: 10_000 });
      await server.close();
      await cluster.disconnect();
      view.line(`stopped: produced ${generator.produced}, alerts ${tail.count}`);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stop('Ctrl-C'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await generator.start();
  if (maxRecords !== undefined) {
    // Bounded run (tests, demos): wait until the app has read everything, then stop.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && stopping === null && !failed) {
      const behind = await consumerLag(cluster, APPLICATION_ID, TOPICS.transactions).catch(() => Number.POSITIVE_INFINITY);
      if (behind === 0 && tail.count > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await stop(`bounded run of ${maxRecords} records`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`fraud-detection failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
