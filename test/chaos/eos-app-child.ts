/**
 * An exactly-once stream app in its own process, for kill -9 tests:
 * `eos-app-child.ts <embedded:DIR | kafka:HOST:PORT> <applicationId> <topicPrefix> <stateDir> <expectedClicks>`.
 * Prints `STATE <s>` lines; once its count store has seen every click it prints `DUMP <json>`
 * (an IQ dump of the counts), closes cleanly and exits 0. With EOS_KILL_AFTER_SEND_OFFSETS=n it
 * SIGKILLs itself between `sendOffsets` and `commit` of its n-th transaction.
 */
import { embedded, kafka, type Cluster } from '@tributary/client';
import { QueryableStoreTypes, TributaryStreams } from '@tributary/streams';
import { setEosCommitHook } from '../../packages/streams/src/runtime/eos/eos-test-hooks.js';
import { eosTopics, eosTopology } from './eos-topology.js';

const [target, applicationId, prefix, stateDir, expected] = process.argv.slice(2) as [string, string, string, string, string];
const cluster: Cluster = target.startsWith('embedded:')
  ? embedded({ dir: target.slice('embedded:'.length) }, { clientId: 'eos-child' })
  : kafka({ brokers: [target.slice('kafka:'.length)], clientId: `eos-child-${process.pid}`, logLevel: 'error' });

const killAt = Number(process.env.EOS_KILL_AFTER_SEND_OFFSETS ?? 0);
let commits = 0;
if (killAt > 0) {
  setEosCommitHook((stage) => {
    if (stage === 'afterSendOffsets' && ++commits === killAt) {
      process.stdout.write('KILLING INSIDE COMMIT\n', () => process.kill(process.pid, 'SIGKILL'));
      return new Promise<void>(() => {}); // never commit
    }
  });
}

const line = (level: string) => (obj: object | string, msg?: string): void => {
  const o = typeof obj === 'string' ? {} : (obj as { error?: { message?: string; code?: string } });
  process.stdout.write(`LOG ${level} ${msg ?? obj} ${o.error === undefined ? '' : `${o.error.code ?? ''} ${o.error.message ?? ''}`}\n`);
};
// warn and error only: what goes wrong is what a failing run needs to show.
const logger = { debug: () => {}, info: () => {}, warn: line('warn'), error: line('error') };

const app = new TributaryStreams(eosTopology(eosTopics(prefix)), {
  applicationId,
  cluster,
  stateDir,
  // EOS_GUARANTEE=at_least_once is the negative control: the same kills then break the oracle.
  processingGuarantee: process.env.EOS_GUARANTEE === 'at_least_once' ? 'at_least_once' : 'exactly_once_v2',
  ...(process.env.EOS_GUARANTEE === 'at_least_once' ? { commitIntervalMs: 100 } : {}),
  cacheMaxBytes: 0,
  heartbeatIntervalMs: 500,
  sessionTimeoutMs: 6000,
  maxBufferedRecordsPerPartition: 200,
  logger,
});
app.state$.subscribe((s) => process.stdout.write(`STATE ${s}\n`));
app.restoration$.subscribe((e) => {
  if (process.env.EOS_DEBUG) process.stdout.write(`RESTORE-EVENT ${e.type} ${e.taskId} ${e.store} ${e.startOffset}..${e.endOffset} restored=${e.restored} remaining=${e.remaining}\n`);
  if (e.type === 'end') process.stdout.write(`RESTORED ${e.taskId} ${e.store} ${e.restored} from ${e.startOffset}\n`);
});
app.setUncaughtExceptionHandler((error) => {
  process.stdout.write(`FATAL ${String((error as Error)?.stack ?? error)}\n`);
  return 'SHUTDOWN_CLIENT';
});
await app.start();

const total = Number(expected);
const timer = setInterval(() => {
  if (app.state !== 'RUNNING') return;
  const view = app.store('counts', QueryableStoreTypes.keyValueStore<string, number>());
  const all = view.all();
  const sum = all.reduce((n, kv) => n + kv.value, 0);
  process.stdout.write(`PROGRESS ${sum}\n`);
  if (sum < total) return;
  clearInterval(timer);
  process.stdout.write(`DUMP ${JSON.stringify(all.map((kv) => [kv.key, kv.value]))}\n`);
  void app
    .close({ timeoutMs: 20_000 })
    .then(() => cluster.disconnect())
    .then(() => process.exit(0));
}, 20);
