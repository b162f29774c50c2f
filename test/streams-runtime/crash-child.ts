// A stream app in its own process, for kill -9 tests: args = bootstrap applicationId input output stateDir.
import { kafka } from '@tributary/client';
import { Consumed, Grouped, keyValue, Materialized, persistentKeyValueStore, Produced, Serdes, StreamsBuilder, TributaryStreams } from '@tributary/streams';

const [bootstrap, applicationId, input, output, stateDir] = process.argv.slice(2) as [string, string, string, string, string];
const S = Serdes.String();

/** Per word, the set of record ids seen; emits the set size. Replays add nothing, so it is idempotent. */
const b = new StreamsBuilder();
b.stream(input, Consumed.with(S, S))
  .map((id, word) => keyValue(word, id))
  .groupByKey(Grouped.with(S, S))
  .aggregate<string>(
    () => '',
    (_word, id, agg) => (agg === '' ? id : agg.split(',').includes(id) ? agg : `${agg},${id}`),
    Materialized.as<string, string>(persistentKeyValueStore('ids')).withValueSerde(S),
  )
  .toStream()
  .mapValues((v) => String(v === null ? 0 : v.split(',').length))
  .to(output, Produced.with(S, S));

const cluster = kafka({ brokers: [bootstrap], clientId: `crash-${process.pid}`, logLevel: 'error' });
const app = new TributaryStreams(b.build(), {
  applicationId,
  cluster,
  stateDir,
  commitIntervalMs: 100,
  cacheMaxBytes: 0,
  heartbeatIntervalMs: 500,
  sessionTimeoutMs: 6000,
});
app.state$.subscribe((s) => process.stdout.write(`STATE ${s}\n`));
app.restoration$.subscribe((e) => {
  if (e.type === 'end') process.stdout.write(`RESTORED ${e.taskId} ${e.restored} from ${e.startOffset}\n`);
});
process.on('SIGTERM', () => {
  void app.close({ timeoutMs: 10_000 }).then(() => cluster.disconnect()).then(() => process.exit(0));
});
await app.start();
