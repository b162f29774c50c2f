import { GroupCoordinator } from '../groups/group-coordinator.js';
import { InMemoryInternalLog } from '../internal-log.js';
import type { PartitionMarkerWriter } from '../internal-log.js';
import { PartitionProducerState } from '../producer-state/producer-state.js';
import { ManualScheduler } from '../scheduler.js';
import { TransactionCoordinator } from './transaction-coordinator.js';

/** Data partitions reduced to offsets and producer state: enough to watch markers and the LSO. */
export class FakePartitions implements PartitionMarkerWriter {
  readonly parts = new Map<string, { state: PartitionProducerState; end: number; markers: string[] }>();
  failWrites = false;

  part(topic: string, partition: number) {
    const key = `${topic}-${partition}`;
    let p = this.parts.get(key);
    if (p === undefined) this.parts.set(key, (p = { state: new PartitionProducerState(), end: 0, markers: [] }));
    return p;
  }

  produce(topic: string, partition: number, producerId: number, producerEpoch: number, baseSequence: number, count: number): number {
    const p = this.part(topic, partition);
    const header = { baseOffset: p.end, lastOffsetDelta: count - 1, attributes: 0x10, producerId, producerEpoch, baseSequence };
    const verdict = p.state.checkAndRecord(header);
    if (verdict !== 'append') return verdict.duplicateOf;
    p.end += count;
    return header.baseOffset;
  }

  async writeControlMarker(topic: string, partition: number, kind: 'commit' | 'abort', producerId: number, producerEpoch: number): Promise<number> {
    if (this.failWrites) throw new Error('disk full');
    const p = this.part(topic, partition);
    const header = { baseOffset: p.end, lastOffsetDelta: 0, attributes: 0x30, producerId, producerEpoch, baseSequence: -1 };
    p.state.checkAndRecord(header, kind);
    p.markers.push(`${kind}:${producerId}:${producerEpoch}`);
    return p.end++;
  }

  lso(topic: string, partition: number): number {
    const p = this.part(topic, partition);
    return p.state.lastStableOffset(p.end);
  }
}

export async function makeTxnWorld(log = new InMemoryInternalLog(), scheduler = new ManualScheduler(1_000), partitions = new FakePartitions()) {
  const groups = new GroupCoordinator({ log, scheduler, initialRebalanceDelayMs: 0, offsetsTopicPartitions: 2 });
  const txns = new TransactionCoordinator({
    log,
    scheduler,
    markers: partitions,
    groups,
    transactionStateTopicPartitions: 2,
    partitionExists: (topic) => !topic.startsWith('missing'),
  });
  await groups.start();
  await txns.start();
  return {
    log,
    scheduler,
    partitions,
    groups,
    txns,
    close() {
      txns.close();
      groups.close();
    },
  };
}
