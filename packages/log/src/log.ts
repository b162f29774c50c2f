import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { compactPartition } from './cleaner/compactor.js';
import type { CompactionStats } from './cleaner/compactor.js';
import { enforceRetention } from './cleaner/retention.js';
import { applyConfigChanges, parseDefaults } from './config/parse-topic-config.js';
import type { TopicConfig, TopicConfigInput } from './config/topic-config.js';
import { assertValidTopicName, isInternalTopic } from './config/topic-name.js';
import { InvalidPartitionsError, LogClosedError, TopicExistsError, UnknownTopicError } from './errors/log-errors.js';
import { silentLogger } from './logger.js';
import type { LogLogger } from './logger.js';
import type { LogPartition } from './partition/log-partition.js';
import type {
  AppendOptions, AppendResult, ListOffsetResult, OffsetSpec, PartitionInfo, ReadOptions, ReadResult,
} from './partition/partition-types.js';
import { DiskStorage } from './storage/disk-storage.js';
import { MemoryStorage } from './storage/memory-storage.js';
import type { Storage } from './storage/storage.js';
import { readTopicMetadata, withTopicId, writeTopicMetadata } from './topic/topic-metadata.js';
import type { TopicMetadata } from './topic/topic-metadata.js';
import { Topic } from './topic/topic.js';
import type { TopicEnv } from './topic/topic.js';

export interface LogOptions {
  /** Root directory (required on disk; a label in memory). */
  dir?: string;
  /** Same semantics with segments as Buffers: no files, no durability. For tests. */
  inMemory?: boolean;
  /** Log-level overrides of Kafka's topic defaults. */
  defaults?: TopicConfigInput;
  logger?: LogLogger;
  /** Clock for timestamps, rolls, retention and compaction lag. */
  now?: () => number;
  /** Period of background retention and compaction; 0 turns it off. Default 30 000 ms. */
  cleanerIntervalMs?: number;
}

export interface CreateTopicOptions {
  /** Default 1. */
  partitions?: number;
  /** Kafka topic configs (strings or numbers); unknown names are InvalidConfigError. */
  configs?: TopicConfigInput;
  /** Hidden from listTopics() unless asked (`__consumer_offsets`, `__transaction_state`). */
  internal?: boolean;
}

export interface TopicDescription {
  name: string;
  topicId: string;
  internal: boolean;
  partitions: PartitionInfo[];
  /** Effective values. */
  configs: TopicConfig;
  /** Only what was set on the topic (including accepted pass-through Kafka configs). */
  overrides: Record<string, string>;
}

const CLEAN_SHUTDOWN = '.clean-shutdown';
const MAX_PARTITIONS = 100_000;

/**
 * The embedded log: topics of partitioned, segmented, crash-safe logs. The broker and the
 * embedded client call it directly; `partition()` hands out the per-partition object.
 */
export class Log {
  private readonly topics = new Map<string, Topic>();
  private closed = false;
  private admin: Promise<unknown> = Promise.resolve();
  private cleanerTimer: NodeJS.Timeout | undefined;
  private cleanerRun: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    private readonly storage: Storage,
    private readonly env: TopicEnv,
  ) {}

  static async open(options: LogOptions): Promise<Log> {
    const inMemory = options.inMemory === true;
    if (!inMemory && !options.dir) throw new TypeError('Log.open needs a dir unless inMemory');
    const dir = path.resolve(options.dir ?? '/tributary-in-memory');
    const storage: Storage = inMemory ? new MemoryStorage() : new DiskStorage();
    await storage.mkdirp(path.join(dir, 'topics'));
    await storage.removeDir(path.join(dir, 'deleted'));
    const marker = path.join(dir, CLEAN_SHUTDOWN);
    const clean = await storage.exists(marker);
    const env: TopicEnv = {
      storage,
      logger: options.logger ?? silentLogger,
      now: options.now ?? Date.now,
      defaults: parseDefaults(options.defaults),
      checkOpen: () => {}, // bound to the Log just below
      clean,
    };
    const log = new Log(dir, storage, env);
    env.checkOpen = () => {
      if (log.closed) throw new LogClosedError();
    };
    await log.loadTopics();
    if (clean) {
      // From here on a crash must trigger recovery.
      await storage.remove(marker);
      await storage.syncDir(dir);
    }
    env.clean = false;
    const interval = options.cleanerIntervalMs ?? 30_000;
    if (interval > 0) {
      log.cleanerTimer = setInterval(() => log.runCleaner(), interval);
      log.cleanerTimer.unref();
    }
    return log;
  }

  private async loadTopics(): Promise<void> {
    const root = path.join(this.dir, 'topics');
    for (const name of await this.storage.list(root)) {
      const dir = path.join(root, name);
      const stored = await readTopicMetadata(this.storage, dir);
      if (!stored) {
        // A create that crashed before its commit point.
        await this.storage.removeDir(dir);
        continue;
      }
      const meta = await withTopicId(this.storage, dir, stored);
      const topic = new Topic(dir, meta, this.env);
      await topic.openPartitions(meta.partitions);
      this.topics.set(meta.name, topic);
    }
  }

  createTopic(name: string, opts: CreateTopicOptions = {}): Promise<TopicDescription> {
    return this.adminOp(async () => {
      assertValidTopicName(name);
      if (this.topics.has(name)) throw new TopicExistsError(name);
      const partitions = opts.partitions ?? 1;
      assertPartitionCount(partitions);
      const configs = applyConfigChanges({ known: {}, passthrough: {} }, opts.configs ?? {});
      const meta: TopicMetadata = { name, topicId: randomUUID(), partitions, internal: opts.internal ?? isInternalTopic(name), configs };
      const dir = path.join(this.dir, 'topics', name);
      await this.storage.removeDir(dir);
      await this.storage.mkdirp(dir);
      const topic = new Topic(dir, meta, this.env);
      await topic.openPartitions(partitions);
      await writeTopicMetadata(this.storage, dir, meta);
      this.topics.set(name, topic);
      return this.describe(topic);
    });
  }

  /** Removes the topic and its files; its partition objects reject further calls. */
  deleteTopic(name: string): Promise<void> {
    return this.adminOp(async () => {
      const topic = this.topicOrThrow(name);
      this.topics.delete(name);
      for (const p of topic.partitions) await p.markDeleted();
      // One rename makes the deletion atomic; the files go after.
      const graveyard = path.join(this.dir, 'deleted');
      await this.storage.mkdirp(graveyard);
      const doomed = path.join(graveyard, `${name}-${randomUUID()}`);
      await this.storage.rename(topic.dir, doomed);
      await this.storage.syncDir(path.join(this.dir, 'topics'));
      await this.storage.removeDir(doomed);
    });
  }

  describeTopic(name: string): TopicDescription {
    this.env.checkOpen();
    return this.describe(this.topicOrThrow(name));
  }

  listTopics(opts: { includeInternal?: boolean } = {}): string[] {
    this.env.checkOpen();
    const names: string[] = [];
    for (const t of this.topics.values()) if (opts.includeInternal || !t.meta.internal) names.push(t.meta.name);
    return names.sort();
  }

  hasTopic(name: string): boolean {
    return this.topics.has(name);
  }

  /** Partition count of a topic, or undefined when it does not exist (cheap: no description built). */
  partitionCount(name: string): number | undefined {
    return this.topics.get(name)?.partitions.length;
  }

  /** Grows the topic to `total` partitions (Kafka's CreatePartitions; never shrinks). */
  createPartitions(name: string, total: number): Promise<TopicDescription> {
    return this.adminOp(async () => {
      const topic = this.topicOrThrow(name);
      assertPartitionCount(total);
      if (total <= topic.meta.partitions) {
        throw new InvalidPartitionsError(`topic ${name} has ${topic.meta.partitions} partitions; ${total} does not add any`);
      }
      await topic.openPartitions(total);
      const meta = { ...topic.meta, partitions: total };
      await writeTopicMetadata(this.storage, topic.dir, meta);
      topic.setMeta(meta);
      return this.describe(topic);
    });
  }

  /** Incremental config change; a null value resets a config to the default. */
  alterTopicConfig(name: string, changes: Partial<Record<string, string | number | null>>): Promise<TopicConfig> {
    return this.adminOp(async () => {
      const topic = this.topicOrThrow(name);
      const configs = applyConfigChanges(topic.meta.configs, changes);
      const meta = { ...topic.meta, configs };
      await writeTopicMetadata(this.storage, topic.dir, meta);
      topic.setMeta(meta);
      return topic.config;
    });
  }

  /** The partition object (the broker may keep it to avoid lookups per request). */
  partition(topic: string, partition: number): LogPartition {
    this.env.checkOpen();
    const p = this.topics.get(topic)?.partitions[partition];
    if (!p) throw new UnknownTopicError(topic, partition);
    return p;
  }

  append(topic: string, partition: number, batches: Buffer, opts?: AppendOptions): Promise<AppendResult> {
    try {
      return this.partition(topic, partition).append(batches, opts);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async read(topic: string, partition: number, offset: number, opts?: ReadOptions): Promise<ReadResult> {
    return this.partition(topic, partition).read(offset, opts);
  }

  async waitForData(topic: string, partition: number, offset: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.partition(topic, partition).waitForData(offset, timeoutMs, signal);
  }

  async listOffset(topic: string, partition: number, spec: OffsetSpec): Promise<ListOffsetResult> {
    return this.partition(topic, partition).listOffset(spec);
  }

  async deleteRecords(topic: string, partition: number, offset: number): Promise<{ logStartOffset: number }> {
    return this.partition(topic, partition).deleteRecords(offset);
  }

  /** Compacts every compacted topic (or just `topic`) now and waits for it. */
  async compactNow(topic?: string): Promise<CompactionStats> {
    this.env.checkOpen();
    const total: CompactionStats = { segmentsCleaned: 0, recordsRemoved: 0, bytesBefore: 0, bytesAfter: 0 };
    for (const p of this.partitionsOf(topic)) {
      const s = await compactPartition(p, this.storage, this.env.now());
      total.segmentsCleaned += s.segmentsCleaned;
      total.recordsRemoved += s.recordsRemoved;
      total.bytesBefore += s.bytesBefore;
      total.bytesAfter += s.bytesAfter;
    }
    return total;
  }

  /** Applies retention now; returns the number of segments deleted. */
  async enforceRetentionNow(topic?: string): Promise<number> {
    this.env.checkOpen();
    let deleted = 0;
    for (const p of this.partitionsOf(topic)) deleted += await enforceRetention(p, this.env.now());
    return deleted;
  }

  /** Flushes everything, writes indexes and checkpoints, and marks the shutdown clean. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.cleanerTimer) clearInterval(this.cleanerTimer);
    await this.cleanerRun;
    await this.admin.catch(() => {});
    let ok = true;
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) {
        try {
          await p.close();
        } catch (err) {
          ok = false;
          this.env.logger.error({ err, topic: p.topic, partition: p.partition }, 'close failed');
        }
      }
    }
    if (ok) {
      await this.storage.writeFile(path.join(this.dir, CLEAN_SHUTDOWN), Buffer.alloc(0));
      await this.storage.syncDir(this.dir);
    }
  }

  private runCleaner(): void {
    if (this.cleanerRun || this.closed) return;
    this.cleanerRun = (async () => {
      for (const p of this.partitionsOf(undefined)) {
        if (this.closed) return;
        try {
          await enforceRetention(p, this.env.now());
          const segs = p.segments;
          const dirtyEnd = segs.length > 1 ? segs[segs.length - 2]!.nextOffset : -1;
          if (p.config['cleanup.policy'].includes('compact') && dirtyEnd > p.compactedUpTo) {
            await compactPartition(p, this.storage, this.env.now());
          }
        } catch (err) {
          this.env.logger.warn({ err, topic: p.topic, partition: p.partition }, 'cleaner pass failed');
        }
      }
    })().finally(() => {
      this.cleanerRun = undefined;
    });
  }

  private partitionsOf(topic: string | undefined): LogPartition[] {
    if (topic !== undefined) return [...this.topicOrThrow(topic).partitions];
    return [...this.topics.values()].flatMap((t) => t.partitions);
  }

  private topicOrThrow(name: string): Topic {
    const t = this.topics.get(name);
    if (!t) throw new UnknownTopicError(name);
    return t;
  }

  private describe(topic: Topic): TopicDescription {
    const overrides: Record<string, string> = { ...topic.meta.configs.passthrough };
    for (const [k, v] of Object.entries(topic.meta.configs.known)) overrides[k] = String(v);
    return {
      name: topic.meta.name,
      topicId: topic.meta.topicId,
      internal: topic.meta.internal,
      partitions: topic.partitions.map((p) => p.describe()),
      configs: { ...topic.config },
      overrides,
    };
  }

  /** Topic changes run one at a time. */
  private adminOp<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.admin.then(() => {
      this.env.checkOpen();
      return fn();
    });
    this.admin = run.catch(() => {});
    return run;
  }
}

function assertPartitionCount(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTITIONS) throw new InvalidPartitionsError(`partition count ${n} must be an integer in [1, ${MAX_PARTITIONS}]`);
}
