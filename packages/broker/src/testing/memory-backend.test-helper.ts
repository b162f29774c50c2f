import { randomUUID } from 'node:crypto';
import { readBatchHeader, setBaseOffset, TributaryError } from '@tributary/protocol';
import type {
  AppendOutcome,
  PartitionBackend,
  PartitionOffsets,
  ReadOutcome,
  TopicBackend,
  TopicInfo,
} from '../backend/broker-backend.js';

class CodedError extends TributaryError {}

interface Part {
  batches: Buffer[];
  lastOffsets: number[];
  next: number;
  start: number;
  waiters: Set<() => void>;
}

/** A tiny storage double for broker tests (no transactions, no retention). */
export class MemoryBackend implements TopicBackend, PartitionBackend {
  readonly topicsByName = new Map<string, { topicId: string; partitions: Part[]; configs: Record<string, string> }>();

  async listTopics(): Promise<TopicInfo[]> {
    return [...this.topicsByName.keys()].map((n) => this.info(n)!);
  }
  async describeTopic(name: string): Promise<TopicInfo | undefined> {
    return this.info(name);
  }
  async createTopic(name: string, partitions: number, configs: Readonly<Record<string, string>>, validateOnly: boolean): Promise<void> {
    if (this.topicsByName.has(name)) throw new CodedError('TOPIC_ALREADY_EXISTS', `topic ${name} exists`);
    if (validateOnly) return;
    this.topicsByName.set(name, { topicId: randomUUID(), partitions: Array.from({ length: partitions }, newPart), configs: { ...configs } });
  }
  async deleteTopic(name: string): Promise<void> {
    if (!this.topicsByName.delete(name)) throw new CodedError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic ${name}`);
  }
  async createPartitions(name: string, count: number, validateOnly: boolean): Promise<void> {
    const t = this.topic(name);
    if (count <= t.partitions.length) throw new CodedError('INVALID_PARTITIONS', 'cannot shrink');
    if (!validateOnly) while (t.partitions.length < count) t.partitions.push(newPart());
  }
  async alterTopicConfig(name: string, changes: Readonly<Record<string, string | null>>, replace: boolean, validateOnly: boolean): Promise<void> {
    const t = this.topic(name);
    if (validateOnly) return;
    if (replace) t.configs = {};
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete t.configs[k];
      else t.configs[k] = v;
    }
  }
  async topicConfigs(name: string): Promise<Array<{ name: string; value: string | null; isDefault: boolean }>> {
    const t = this.topic(name);
    const out = [{ name: 'cleanup.policy', value: t.configs['cleanup.policy'] ?? 'delete', isDefault: !('cleanup.policy' in t.configs) }];
    for (const [k, v] of Object.entries(t.configs)) if (k !== 'cleanup.policy') out.push({ name: k, value: v, isDefault: false });
    return out;
  }

  async append(topic: string, partition: number, batch: Buffer): Promise<AppendOutcome> {
    const p = this.part(topic, partition);
    const copy = Buffer.from(batch);
    const h = readBatchHeader(copy, 0);
    const base = p.next;
    setBaseOffset(copy, 0, base);
    p.batches.push(copy);
    p.lastOffsets.push(base + h.lastOffsetDelta);
    p.next = base + h.lastOffsetDelta + 1;
    for (const w of [...p.waiters]) w();
    return { baseOffset: base, logAppendTimeMs: -1, logStartOffset: p.start };
  }
  async read(topic: string, partition: number, offset: number, maxBytes: number): Promise<ReadOutcome> {
    const p = this.part(topic, partition);
    if (offset < p.start || offset > p.next) throw new CodedError('OFFSET_OUT_OF_RANGE', `offset ${offset} out of range`);
    const out: Buffer[] = [];
    let bytes = 0;
    for (let i = 0; i < p.batches.length; i++) {
      if (p.lastOffsets[i]! < offset) continue;
      const b = p.batches[i]!;
      if (out.length > 0 && bytes + b.length > maxBytes) break;
      out.push(b);
      bytes += b.length;
    }
    return { ...this.offsetsOf(p), records: Buffer.concat(out), recordBytes: bytes, abortedTransactions: null };
  }
  waitForData(topic: string, partition: number, offset: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const p = this.part(topic, partition);
    if (p.next > offset || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        p.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      p.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }
  async offsets(topic: string, partition: number): Promise<PartitionOffsets> {
    return this.offsetsOf(this.part(topic, partition));
  }
  async offsetForTimestamp(topic: string, partition: number, timestamp: number): Promise<{ offset: number; timestamp: number } | null> {
    const p = this.part(topic, partition);
    if (timestamp === -1) return { offset: p.next, timestamp: -1 };
    if (timestamp === -2) return { offset: p.start, timestamp: -1 };
    for (let i = 0; i < p.batches.length; i++) {
      const h = readBatchHeader(p.batches[i]!, 0);
      if (h.maxTimestamp >= timestamp) return { offset: h.baseOffset, timestamp: h.maxTimestamp };
    }
    return null;
  }
  async deleteRecords(topic: string, partition: number, beforeOffset: number): Promise<number> {
    const p = this.part(topic, partition);
    p.start = Math.max(p.start, Math.min(beforeOffset, p.next));
    return p.start;
  }

  private offsetsOf(p: Part): PartitionOffsets {
    return { logStartOffset: p.start, highWatermark: p.next, lastStableOffset: p.next };
  }
  private info(name: string): TopicInfo | undefined {
    const t = this.topicsByName.get(name);
    return t && { name, topicId: t.topicId, partitions: t.partitions.length, internal: false, configs: t.configs };
  }
  private topic(name: string) {
    const t = this.topicsByName.get(name);
    if (!t) throw new CodedError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic ${name}`);
    return t;
  }
  private part(topic: string, partition: number): Part {
    const p = this.topic(topic).partitions[partition];
    if (!p) throw new CodedError('UNKNOWN_TOPIC_OR_PARTITION', `unknown partition ${topic}-${partition}`);
    return p;
  }
}

function newPart(): Part {
  return { batches: [], lastOffsets: [], next: 0, start: 0, waiters: new Set() };
}
