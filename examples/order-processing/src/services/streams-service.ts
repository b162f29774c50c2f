import type { TributaryStreams } from '@tributary/streams';
import type { RunningService, ServiceContext } from '../app/service-process.js';

/** Starts a streams app in a service process, reporting its state changes; a dead app ends the process. */
export async function runStreamsApp(ctx: ServiceContext, app: TributaryStreams): Promise<RunningService> {
  app.state$.subscribe((state) => ctx.log(`state ${state}`));
  app.setUncaughtExceptionHandler((error) => {
    process.stderr.write(`stream thread failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    setImmediate(() => process.exit(1));
    return 'SHUTDOWN_CLIENT';
  });
  await app.start();
  return { stop: async () => void (await app.close({ timeoutMs: 10_000 })) };
}
