import path from 'node:path';
import { effectiveConfig } from '../config/parse-topic-config.js';
import type { TopicConfig } from '../config/topic-config.js';
import type { LogLogger } from '../logger.js';
import { LogPartition } from '../partition/log-partition.js';
import type { PartitionContext } from '../partition/partition-types.js';
import { loadSegments } from '../partition/load-segments.js';
import { readPartitionState } from '../partition/partition-state.js';
import type { Storage } from '../storage/storage.js';
import type { TopicMetadata } from './topic-metadata.js';

export interface TopicEnv {
  storage: Storage;
  logger: LogLogger;
  now(): number;
  defaults: TopicConfig;
  checkOpen(): void;
  /** The previous close was clean. */
  clean: boolean;
}

/** A topic: its metadata, effective config and partitions. */
export class Topic {
  readonly partitions: LogPartition[] = [];
  config: TopicConfig;

  constructor(
    readonly dir: string,
    public meta: TopicMetadata,
    private readonly env: TopicEnv,
  ) {
    this.config = effectiveConfig(env.defaults, meta.configs);
  }

  setMeta(meta: TopicMetadata): void {
    this.meta = meta;
    this.config = effectiveConfig(this.env.defaults, meta.configs);
  }

  /** Opens (recovering) partitions up to `count`. */
  async openPartitions(count: number): Promise<void> {
    const ctx: PartitionContext = {
      storage: this.env.storage,
      logger: this.env.logger,
      now: this.env.now,
      config: () => this.config,
      checkOpen: this.env.checkOpen,
    };
    for (let p = this.partitions.length; p < count; p++) {
      const dir = path.join(this.dir, String(p));
      const state = await readPartitionState(this.env.storage, dir);
      const { segments, truncatedBytes } = await loadSegments({
        storage: this.env.storage,
        dir,
        state,
        clean: this.env.clean,
        now: this.env.now(),
        indexInterval: this.config['index.interval.bytes'],
      });
      if (truncatedBytes > 0) this.env.logger.warn({ topic: this.meta.name, partition: p, truncatedBytes }, 'truncated a torn or corrupt log tail');
      const partition = new LogPartition(this.meta.name, p, dir, ctx, segments, state.logStartOffset);
      await partition.rebuildProducerState();
      this.partitions.push(partition);
    }
  }
}
