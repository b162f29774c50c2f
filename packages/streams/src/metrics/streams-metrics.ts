import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The app's metrics on its own prom-client Registry (nothing global): processing, lag, commit,
 * dropped records and restoration. Names follow Prometheus conventions with a `tributary_streams_`
 * prefix; the Kafka metric each mirrors is noted beside it.
 */
export class StreamsMetrics {
  readonly registry = new Registry();
  /** process-total (per task); rate() of it is process-rate. */
  readonly processed: Counter<'task'>;
  /** process-latency (per task), observed once per processing batch as the per-record mean. */
  readonly processLatency: Histogram<'task'>;
  /** records-lag (per input partition): high watermark minus next offset to process. */
  readonly recordsLag: Gauge<'topic' | 'partition'>;
  /** commit-latency. */
  readonly commitLatency: Histogram;
  readonly commits: Counter;
  /** dropped-records, by reason (deserialization, processing, production, invalid-timestamp). */
  readonly dropped: Counter<'task' | 'reason'>;
  readonly deadLettered: Counter<'topic'>;
  /** restore-remaining-records-total (per store partition). */
  readonly restoreRemaining: Gauge<'task' | 'store' | 'topic' | 'partition'>;
  readonly restored: Counter<'task' | 'store'>;
  readonly tasks: Gauge<'type'>;
  readonly state: Gauge<'state'>;

  constructor(applicationId: string) {
    this.registry.setDefaultLabels({ application_id: applicationId });
    const r = [this.registry];
    this.processed = new Counter({ name: 'tributary_streams_process_total', help: 'Records processed', labelNames: ['task'], registers: r });
    this.processLatency = new Histogram({
      name: 'tributary_streams_process_latency_seconds',
      help: 'Processing time per record (batch mean)',
      labelNames: ['task'],
      buckets: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1],
      registers: r,
    });
    this.recordsLag = new Gauge({ name: 'tributary_streams_records_lag', help: 'Records behind the high watermark', labelNames: ['topic', 'partition'], registers: r });
    this.commitLatency = new Histogram({ name: 'tributary_streams_commit_latency_seconds', help: 'Commit cycle duration', buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: r });
    this.commits = new Counter({ name: 'tributary_streams_commit_total', help: 'Commit cycles', registers: r });
    this.dropped = new Counter({ name: 'tributary_streams_dropped_records_total', help: 'Records dropped', labelNames: ['task', 'reason'], registers: r });
    this.deadLettered = new Counter({ name: 'tributary_streams_dead_lettered_records_total', help: 'Records written to a dead-letter topic', labelNames: ['topic'], registers: r });
    this.restoreRemaining = new Gauge({
      name: 'tributary_streams_restore_remaining_records',
      help: 'Changelog records left to restore',
      labelNames: ['task', 'store', 'topic', 'partition'],
      registers: r,
    });
    this.restored = new Counter({ name: 'tributary_streams_restored_records_total', help: 'Changelog records restored', labelNames: ['task', 'store'], registers: r });
    this.tasks = new Gauge({ name: 'tributary_streams_tasks', help: 'Tasks owned by this instance', labelNames: ['type'], registers: r });
    this.state = new Gauge({ name: 'tributary_streams_state', help: '1 for the current app state', labelNames: ['state'], registers: r });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
