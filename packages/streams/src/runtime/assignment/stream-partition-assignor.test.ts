import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, Serdes, StreamsBuilder } from '../../index.js';
import { TopologyMetadata } from '../tasks/topology-metadata.js';
import { decodeAssignment, encodeJson } from './assignment-info.js';
import { StreamPartitionAssignor } from './stream-partition-assignor.js';

const S = Serdes.String();

function metadata(): TopologyMetadata {
  const b = new StreamsBuilder();
  b.stream('in', Consumed.with(S, S)).groupBy((_k, v) => v, Grouped.with(S, S)).count();
  return new TopologyMetadata(b.build(), 'app');
}

const sub = (memberId: string, host: string, prevActive: string[] = []) => ({
  memberId,
  groupInstanceId: null,
  topics: ['in'],
  userData: encodeJson({ version: 1, processId: memberId, host, prevActive, prevStandby: [], taskOffsetSums: {} }),
});

describe('StreamPartitionAssignor', () => {
  it('assigns whole tasks (all partitions of a partition group) and tells every member who hosts what', () => {
    const md = metadata();
    const repartition = md.subtopologies[1]!.topics[0]!;
    expect(repartition).toMatch(/^app-.*-repartition$/);
    const assignor = new StreamPartitionAssignor(md, 1, () => ({ version: 1, processId: 'x', host: null, prevActive: [], prevStandby: [], taskOffsetSums: {} }));
    const out = assignor.assign({
      groupId: 'app',
      members: [sub('m1', 'h1:1', ['0_0', '1_0']), sub('m2', 'h2:2')],
      partitionCounts: new Map([['in', 2], [repartition, 2]]),
    });
    const m1 = decodeAssignment(out.get('m1')!.userData)!;
    const m2 = decodeAssignment(out.get('m2')!.userData)!;
    expect([...m1.active].sort()).toEqual(['0_0', '1_0']);
    expect([...m2.active].sort()).toEqual(['0_1', '1_1']);
    expect(out.get('m1')!.partitions).toEqual([{ topic: 'in', partition: 0 }, { topic: repartition, partition: 0 }]);
    expect(m1.standby).toEqual(['1_1']); // only the stateful sub-topology gets standbys
    expect(m2.standby).toEqual(['1_0']);
    expect(m1.hosts).toEqual(m2.hosts);
    expect([...m1.hosts["h2:2"]!.active].sort()).toEqual(['0_1', '1_1']);
    expect(m1.taskCounts).toEqual({ 0: 2, 1: 2 });
    expect(m1.error).toBeNull();
  });

  it('broadcasts SHUTDOWN_APPLICATION when one member asks for it', () => {
    const md = metadata();
    const assignor = new StreamPartitionAssignor(md, 0, () => ({ version: 1, processId: 'x', host: null, prevActive: [], prevStandby: [], taskOffsetSums: {} }));
    const asking = { ...sub('m2', 'h2:2'), userData: encodeJson({ version: 1, processId: 'm2', host: null, prevActive: [], prevStandby: [], taskOffsetSums: {}, shutdownRequested: true }) };
    const out = assignor.assign({ groupId: 'app', members: [sub('m1', 'h1:1'), asking], partitionCounts: new Map([['in', 1]]) });
    for (const a of out.values()) {
      expect(decodeAssignment(a.userData)!.error).toBe('SHUTDOWN_APPLICATION');
      expect(a.partitions).toEqual([]);
    }
  });
});
