import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPLICATION_ID, startAnalytics } from './analytics-app.js';
import { clusterFromEnv } from './cluster-from-env.js';

const env = process.env;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dataDir = resolve(env['TRIBUTARY_EXAMPLE_DATA_DIR'] ?? join(repoRoot, '.tributary-data', APPLICATION_ID));
const maxRecords = env['TRIBUTARY_EXAMPLE_MAX_RECORDS'] === undefined ? undefined : Number(env['TRIBUTARY_EXAMPLE_MAX_RECORDS']);
const port = Number(env['TRIBUTARY_EXAMPLE_PORT'] ?? 7071);
const rate = Number(env['TRIBUTARY_EXAMPLE_RATE'] ?? 300);
const out = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const { cluster, description, partitions } = clusterFromEnv(env['TRIBUTARY_CLUSTER'], join(dataDir, 'log'), APPLICATION_ID);
  out(`Tributary realtime analytics on the ${description}`);
  const running = await startAnalytics({ cluster, partitions, stateDir: join(dataDir, 'state'), port, recordsPerSecond: rate, maxRecords });
  running.app.state$.subscribe((state) => out(`app state: ${state}`));
  out(`live dashboard: ${running.url}   (interactive queries: ${running.url}api/funnel, ${running.url}api/top-pages, ...)`);
  out('Ctrl-C stops.');

  const ticker = setInterval(() => {
    const p = running.queries.progress();
    out(`produced ${p.produced}  processed ${p.processed} (${p.rate}/s)  lag ${p.lag}  state ${p.state}`);
    if (running.failure !== null) void stop('stream thread failed');
  }, 5000);
  let stopping: Promise<void> | null = null;
  const stop = (why: string): Promise<void> => {
    stopping ??= (async () => {
      out(`stopping (${why})...`);
      clearInterval(ticker);
      if (running.failure !== null) {
        const f = running.failure;
        process.stderr.write(`stream thread failed: ${f instanceof Error ? (f.stack ?? f.message) : String(f)}\n`);
        process.exitCode = 1;
      }
      await running.stop();
      out(`stopped: produced ${running.generator.produced} clicks`);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stop('Ctrl-C'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`realtime-analytics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
