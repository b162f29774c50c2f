import type { StoredOffset } from './offsets-codec.js';

/** topic → partition → value. */
export class TopicPartitionMap<V> {
  private readonly topics = new Map<string, Map<number, V>>();

  get(topic: string, partition: number): V | undefined {
    return this.topics.get(topic)?.get(partition);
  }

  set(topic: string, partition: number, value: V): void {
    let parts = this.topics.get(topic);
    if (parts === undefined) {
      parts = new Map();
      this.topics.set(topic, parts);
    }
    parts.set(partition, value);
  }

  delete(topic: string, partition: number): void {
    const parts = this.topics.get(topic);
    if (parts === undefined) return;
    parts.delete(partition);
    if (parts.size === 0) this.topics.delete(topic);
  }

  get size(): number {
    let n = 0;
    for (const parts of this.topics.values()) n += parts.size;
    return n;
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  partitionsOf(topic: string): [number, V][] {
    return [...(this.topics.get(topic) ?? new Map<number, V>())];
  }

  *entries(): IterableIterator<[string, number, V]> {
    for (const [topic, parts] of this.topics) for (const [p, v] of parts) yield [topic, p, v];
  }
}

/**
 * Committed and pending (transactional, not yet resolved) offsets of every group, in memory. The
 * GroupCoordinator keeps it in step with `__consumer_offsets`.
 */
export class OffsetStore {
  private readonly committed = new Map<string, TopicPartitionMap<StoredOffset>>();
  private readonly pending = new Map<string, Map<number, TopicPartitionMap<StoredOffset>>>();

  committedOf(groupId: string): TopicPartitionMap<StoredOffset> | undefined {
    return this.committed.get(groupId);
  }

  setCommitted(groupId: string, topic: string, partition: number, value: StoredOffset | null): void {
    let offsets = this.committed.get(groupId);
    if (value === null) {
      offsets?.delete(topic, partition);
      if (offsets?.size === 0) this.committed.delete(groupId);
      return;
    }
    if (offsets === undefined) {
      offsets = new TopicPartitionMap();
      this.committed.set(groupId, offsets);
    }
    offsets.set(topic, partition, value);
  }

  setPending(groupId: string, producerId: number, topic: string, partition: number, value: StoredOffset | null): void {
    let byProducer = this.pending.get(groupId);
    if (value === null) {
      const offsets = byProducer?.get(producerId);
      offsets?.delete(topic, partition);
      if (offsets?.size === 0) byProducer!.delete(producerId);
      if (byProducer?.size === 0) this.pending.delete(groupId);
      return;
    }
    if (byProducer === undefined) {
      byProducer = new Map();
      this.pending.set(groupId, byProducer);
    }
    let offsets = byProducer.get(producerId);
    if (offsets === undefined) {
      offsets = new TopicPartitionMap();
      byProducer.set(producerId, offsets);
    }
    offsets.set(topic, partition, value);
  }

  pendingOf(groupId: string, producerId: number): TopicPartitionMap<StoredOffset> | undefined {
    return this.pending.get(groupId)?.get(producerId);
  }

  hasPending(groupId: string, topic: string, partition: number): boolean {
    const byProducer = this.pending.get(groupId);
    if (byProducer === undefined) return false;
    for (const offsets of byProducer.values()) if (offsets.get(topic, partition) !== undefined) return true;
    return false;
  }

  hasAnyPending(groupId: string): boolean {
    return this.pending.has(groupId);
  }

  hasOffsets(groupId: string): boolean {
    return this.committed.has(groupId) || this.pending.has(groupId);
  }

  groupIds(): string[] {
    return [...new Set([...this.committed.keys(), ...this.pending.keys()])];
  }
}
