import { assertValidTopicName, TopicExistsError, UnknownTopicError, type Acks, type Log, type LogNode } from '@tributary/log';
import type {
  ActiveProducerInfo,
  AppendOutcome,
  IsolationLevel,
  PartitionBackend,
  PartitionOffsets,
  ReadOutcome,
  TopicBackend,
  TopicInfo,
} from './broker-backend.js';

/** Topic administration over @tributary/log. */
export class LogTopicBackend implements TopicBackend {
  constructor(private readonly log: Log) {}

  async listTopics(): Promise<TopicInfo[]> {
    const out: TopicInfo[] = [];
    for (const name of this.log.listTopics()) {
      const t = await this.describeTopic(name);
      if (t) out.push(t);
    }
    return out;
  }

  async describeTopic(name: string): Promise<TopicInfo | undefined> {
    if (!this.log.hasTopic(name)) return undefined;
    const d = this.log.describeTopic(name);
    return { name: d.name, topicId: d.topicId, partitions: d.partitions.length, internal: d.internal, configs: d.overrides };
  }

  async createTopic(name: string, partitions: number, configs: Readonly<Record<string, string>>, validateOnly: boolean): Promise<void> {
    if (validateOnly) {
      assertValidTopicName(name);
      if (this.log.hasTopic(name)) throw new TopicExistsError(name);
      return;
    }
    await this.log.createTopic(name, { partitions, configs });
  }

  async deleteTopic(name: string): Promise<void> {
    await this.log.deleteTopic(name);
  }

  async createPartitions(name: string, count: number, validateOnly: boolean): Promise<void> {
    if (validateOnly) {
      if (!this.log.hasTopic(name)) throw new UnknownTopicError(name);
      return;
    }
    await this.log.createPartitions(name, count);
  }

  async alterTopicConfig(
    name: string,
    changes: Readonly<Record<string, string | null>>,
    replace: boolean,
    validateOnly: boolean,
  ): Promise<void> {
    if (!this.log.hasTopic(name)) throw new UnknownTopicError(name);
    if (validateOnly) return;
    const all: Record<string, string | null> = {};
    if (replace) for (const k of Object.keys(this.log.describeTopic(name).overrides)) all[k] = null;
    Object.assign(all, changes);
    await this.log.alterTopicConfig(name, all);
  }

  async topicConfigs(name: string): Promise<Array<{ name: string; value: string | null; isDefault: boolean }>> {
    const d = this.log.describeTopic(name);
    const out = Object.entries(d.configs).map(([k, v]) => ({ name: k, value: String(v), isDefault: !(k in d.overrides) }));
    for (const [k, v] of Object.entries(d.overrides)) if (!(k in d.configs)) out.push({ name: k, value: v, isDefault: false });
    return out;
  }
}

/** Partition reads and writes through a LogNode (idempotence, transactions, read_committed). */
export class LogPartitionBackend implements PartitionBackend {
  constructor(private readonly node: LogNode) {}

  async append(topic: string, partition: number, batch: Buffer, acks: number): Promise<AppendOutcome> {
    const r = await this.node.produce(topic, partition, batch, { acks: acksOf(acks) });
    return { baseOffset: r.baseOffset, logAppendTimeMs: r.logAppendTime, logStartOffset: r.logStartOffset };
  }

  async read(topic: string, partition: number, offset: number, maxBytes: number, isolation: IsolationLevel): Promise<ReadOutcome> {
    const r = await this.node.fetch(topic, partition, offset, { maxBytes, isolation });
    return {
      records: r.batches,
      recordBytes: r.batches.length,
      logStartOffset: r.logStartOffset,
      highWatermark: r.highWatermark,
      lastStableOffset: r.lastStableOffset,
      abortedTransactions: r.abortedTransactions,
    };
  }

  async waitForData(
    topic: string,
    partition: number,
    offset: number,
    timeoutMs: number,
    signal: AbortSignal,
    isolation: IsolationLevel,
  ): Promise<void> {
    await this.node.waitForData(topic, partition, offset, timeoutMs, { isolation, signal });
  }

  async offsets(topic: string, partition: number): Promise<PartitionOffsets> {
    return this.node.offsets(topic, partition);
  }

  async offsetForTimestamp(
    topic: string,
    partition: number,
    timestamp: number,
    isolation: IsolationLevel,
  ): Promise<{ offset: number; timestamp: number } | null> {
    const spec = timestamp === -1 ? 'latest' : timestamp === -2 ? 'earliest' : { timestamp };
    const r = await this.node.listOffset(topic, partition, spec, isolation);
    return r.offset === -1 ? null : r;
  }

  async deleteRecords(topic: string, partition: number, beforeOffset: number): Promise<number> {
    return (await this.node.log.deleteRecords(topic, partition, beforeOffset)).logStartOffset;
  }

  async describeProducers(topic: string, partition: number): Promise<ActiveProducerInfo[]> {
    return this.node.log.partition(topic, partition).producerState.listProducers();
  }
}

/** Kafka acks → when the log resolves: 0 after offsets are assigned, 1 after write, -1 after fsync. */
function acksOf(acks: number): Acks {
  return acks === 0 ? 'none' : acks === 1 ? 'leader' : 'durable';
}
