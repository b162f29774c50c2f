import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '@tributary/client';
import { clusterFromEnv } from './cluster-from-env.js';
import { ensureTopics } from './topics-setup.js';

/** What every service process reads from its environment. */
export interface ServiceContext {
  readonly cluster: Cluster;
  /** "tributary broker at 127.0.0.1:9092", ... */
  readonly description: string;
  readonly partitions: number;
  /** `INSTANCE_ID`: tells instances of one service apart (client ids, state directories). */
  readonly instanceId: string;
  /** Where this instance keeps local state (`STATE_DIR`, default under the OS temp directory). */
  readonly stateDir: string;
  /** `SESSION_TIMEOUT_MS`: how fast the group notices a crashed instance (brokers allow 6000 and up). */
  readonly sessionTimeoutMs: number | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** One line on stdout, prefixed with the service and instance. */
  log(line: string): void;
}

export interface RunningService {
  stop(): Promise<void>;
  /** Resolves when a service with a bounded job (the orders service) is done. */
  readonly finished?: Promise<void>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The shell of each `src/services/<name>.ts` process: cluster from `TRIBUTARY_CLUSTER`, topics
 * ensured, the service started, SIGINT/SIGTERM stop it cleanly (a SIGKILL, of course, does not).
 */
export function runServiceProcess(service: string, start: (ctx: ServiceContext) => Promise<RunningService>): void {
  const env = process.env;
  const instanceId = env['INSTANCE_ID'] ?? '1';
  const name = `${service}-${instanceId}`;
  const log = (line: string): void => void process.stdout.write(`[${name}] ${line}\n`);
  const main = async (): Promise<void> => {
    const defaultDir = join(repoRoot, '.tributary-data', 'order-processing', 'log');
    const { cluster, description, partitions } = clusterFromEnv(env['TRIBUTARY_CLUSTER'], defaultDir, name);
    const parts = env['TRIBUTARY_PARTITIONS'] === undefined ? partitions : Number(env['TRIBUTARY_PARTITIONS']);
    const session = env['SESSION_TIMEOUT_MS'] === undefined ? undefined : Number(env['SESSION_TIMEOUT_MS']);
    await cluster.connect();
    await ensureTopics(cluster, parts);
    const ctx: ServiceContext = {
      cluster,
      description,
      partitions: parts,
      instanceId,
      stateDir: resolve(env['STATE_DIR'] ?? join(tmpdir(), 'tributary-order-processing', name)),
      sessionTimeoutMs: session,
      env,
      log,
    };
    const running = await start(ctx);
    log(`started on the ${description}`);
    let stopping: Promise<void> | null = null;
    const stop = (why: string): Promise<void> => {
      stopping ??= (async () => {
        log(`stopping (${why})`);
        await running.stop();
        await cluster.disconnect();
        log('stopped');
      })();
      return stopping;
    };
    process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
    process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
    if (running.finished !== undefined) {
      await running.finished;
      await stop('done');
      process.exit(0);
    }
  };
  main().catch((error: unknown) => {
    process.stderr.write(`[${name}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

/** Exits the process when a service's background loop dies (a supervisor restarts it). */
export function dieOn(ctx: ServiceContext): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`[instance ${ctx.instanceId}] service loop failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };
}
