/**
 * The processor-state scenario app under exactly_once_v2 in its own process, for unclean stops:
 * `processor-state-child.ts <logDir> <applicationId> <topicPrefix> <stateDir>` on the embedded log.
 * Prints `STATE <s>`; once its offsets are committed to the end of the inputs it closes cleanly,
 * prints `CAUGHT UP` and exits 0. With PS_KILL_AFTER_SEND_OFFSETS=n it SIGKILLs itself between
 * `sendOffsets` and `commit` of its n-th transaction (the transaction is then aborted).
 */
import { embedded } from '@tributary/client';
import { TributaryStreams } from '@tributary/streams';
import { setEosCommitHook } from '../../packages/streams/src/runtime/eos/eos-test-hooks.js';
import { waitForCommitted } from './harness.js';
import { scenarioTopics, scenarioTopology } from './processor-state-scenario.js';

const [logDir, applicationId, prefix, stateDir] = process.argv.slice(2) as [string, string, string, string];
const cluster = embedded({ dir: logDir, cleanerIntervalMs: 0 }, { clientId: 'processor-state-child' });
const t = scenarioTopics(prefix);

const killAt = Number(process.env.PS_KILL_AFTER_SEND_OFFSETS ?? 0);
let commits = 0;
if (killAt > 0) {
  setEosCommitHook((stage) => {
    if (stage === 'afterSendOffsets' && ++commits === killAt) {
      process.stdout.write('KILLING INSIDE COMMIT\n', () => process.kill(process.pid, 'SIGKILL'));
      return new Promise<void>(() => {}); // never commit
    }
  });
}

const app = new TributaryStreams(scenarioTopology(t), { applicationId, cluster, stateDir, processingGuarantee: 'exactly_once_v2',
  commitIntervalMs: 100,
  // A killed run's member holds the group until its session times out: keep that short.
  heartbeatIntervalMs: 500,
  sessionTimeoutMs: 6000,
});
app.state$.subscribe((s) => process.stdout.write(`STATE ${s}\n`));
app.setUncaughtExceptionHandler((error) => {
  process.stdout.write(`FATAL ${String((error as Error)?.stack ?? error)}\n`);
  return 'SHUTDOWN_CLIENT';
});
await app.start();
await waitForCommitted(cluster, applicationId, [t.events, t.prices, t.orders], 30_000);
await app.close({ timeoutMs: 10_000 });
await cluster.disconnect();
process.stdout.write('CAUGHT UP\n');
process.exit(0);
