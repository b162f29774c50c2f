import type { LogNode } from '@tributary/log';
import type {
  Admin,
  CommittedOffset,
  CreateTopicsOptions,
  DeleteRecordsRequest,
  GroupDescription,
  GroupListing,
  IsolationLevel,
  ListedOffset,
  ListOffsetsRequest,
  NewTopic,
  TopicDescription,
} from '../admin/admin.js';
import { GroupNotEmptyError, UnknownTopicError } from '../errors/client-errors.js';
import type { TopicPartitionOffset } from '../records/topic-partition.js';
import { decodeAssignment } from './consumer-protocol.js';
import { embeddedCall, fromErrorName } from './embedded-errors.js';
import type { NodeHandle } from './embedded-producer.js';

/** The single node is broker 0: leader of every partition, the only replica. */
const NODE_ID = 0;

/** Cluster administration as direct calls into the log and its group coordinator. */
export class EmbeddedAdmin implements Admin {
  constructor(private readonly handle: NodeHandle) {}

  async createTopics(topics: readonly NewTopic[], options: CreateTopicsOptions = {}): Promise<void> {
    const node = await this.handle.node();
    for (const t of topics) {
      if (options.ifNotExists === true && node.log.hasTopic(t.name)) continue;
      await embeddedCall('createTopics', () => node.log.createTopic(t.name, { partitions: t.partitions ?? 1, configs: { ...t.configs } }));
    }
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    const node = await this.handle.node();
    for (const name of names) await embeddedCall('deleteTopics', () => node.log.deleteTopic(name));
  }

  async listTopics(options: { readonly includeInternal?: boolean } = {}): Promise<string[]> {
    const node = await this.handle.node();
    return embeddedCall('listTopics', () => node.log.listTopics({ includeInternal: options.includeInternal === true }));
  }

  async describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    const node = await this.handle.node();
    return embeddedCall('describeTopics', () =>
      names.map((name) => {
        const d = node.log.describeTopic(name);
        const configs: Record<string, string> = {};
        for (const [k, v] of Object.entries(d.configs)) configs[k] = String(v);
        Object.assign(configs, d.overrides);
        return {
          name: d.name,
          internal: d.internal,
          partitions: d.partitions.map((p) => ({ partition: p.partition, leader: NODE_ID, replicas: [NODE_ID], isr: [NODE_ID] })),
          configs,
        };
      }),
    );
  }

  async createPartitions(topic: string, totalCount: number): Promise<void> {
    const node = await this.handle.node();
    await embeddedCall('createPartitions', () => node.log.createPartitions(topic, totalCount));
  }

  async alterTopicConfigs(topic: string, changes: Readonly<Record<string, string | null>>): Promise<void> {
    const node = await this.handle.node();
    await embeddedCall('alterTopicConfigs', () => node.log.alterTopicConfig(topic, changes));
  }

  async listOffsets(requests: readonly ListOffsetsRequest[], options: { readonly isolationLevel?: IsolationLevel } = {}): Promise<ListedOffset[]> {
    const node = await this.handle.node();
    const isolation = options.isolationLevel ?? 'read_uncommitted';
    const out: ListedOffset[] = [];
    for (const r of requests) {
      const found = await embeddedCall('listOffsets', () => node.listOffset(r.topic, r.partition, r.spec, isolation));
      out.push({ topic: r.topic, partition: r.partition, offset: found.offset, timestamp: found.timestamp });
    }
    return out;
  }

  async deleteRecords(requests: readonly DeleteRecordsRequest[]): Promise<void> {
    const node = await this.handle.node();
    for (const r of requests) await embeddedCall('deleteRecords', () => node.log.deleteRecords(r.topic, r.partition, r.beforeOffset));
  }

  async listGroups(): Promise<GroupListing[]> {
    const node = await this.handle.node();
    return node.groups.listGroups().map((g) => ({ groupId: g.groupId, protocolType: g.protocolType }));
  }

  async describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    const node = await this.handle.node();
    return node.groups.describeGroups(groupIds).map((g) => ({
      groupId: g.groupId,
      state: g.groupState,
      protocolType: g.protocolType,
      protocol: g.protocolData,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.memberMetadata,
        assignment: m.memberAssignment,
        assignedPartitions: g.protocolType === 'consumer' ? decodeAssignment(m.memberAssignment).partitions : [],
      })),
    }));
  }

  async committedOffsets(groupId: string, topics?: readonly string[]): Promise<CommittedOffset[]> {
    const node = await this.handle.node();
    const wanted = topics?.map((name) => {
      const count = node.log.partitionCount(name);
      if (count === undefined) throw new UnknownTopicError(`committedOffsets: unknown topic ${name}`);
      return { name, partitionIndexes: Array.from({ length: count }, (_, i) => i) };
    });
    return fetchCommitted(node, groupId, wanted ?? null, false);
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    const node = await this.handle.node();
    const results = await embeddedCall('deleteGroups', () => node.groups.deleteGroups(groupIds));
    const failed = results.find((r) => r.error !== 'NONE');
    if (failed !== undefined) throw fromErrorName(failed.error, `deleteGroups: ${failed.groupId}: ${failed.error}`);
  }

  async alterGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const node = await this.handle.node();
    if (offsets.length === 0) return;
    // Generation -1 and no member id: a "simple" commit, which the coordinator takes only from an empty group.
    const results = await embeddedCall('alterGroupOffsets', () =>
      node.groups.offsetCommit({ groupId, generationId: -1, memberId: '', groupInstanceId: null, topics: offsetsByTopic(offsets) }),
    ).catch((error: unknown) => {
      throw notEmpty(error, groupId);
    });
    for (const t of results) {
      for (const p of t.partitions) {
        if (p.error !== 'NONE') throw notEmpty(fromErrorName(p.error, `alterGroupOffsets: ${t.name}-${p.partitionIndex}: ${p.error}`), groupId);
      }
    }
  }
}

/** The coordinator refuses a memberless commit to a group with members as UNKNOWN_MEMBER_ID. */
function notEmpty(error: unknown, groupId: string): unknown {
  if ((error as { code?: string }).code !== 'COMMIT_FAILED') return error;
  return new GroupNotEmptyError(`alterGroupOffsets: group ${groupId} has members; stop them first`, { cause: error });
}

/** Offsets as OffsetCommit's topics. */
export function offsetsByTopic(
  offsets: readonly TopicPartitionOffset[],
): { name: string; partitions: { partitionIndex: number; committedOffset: number; committedMetadata: string | null }[] }[] {
  const byTopic = new Map<string, { partitionIndex: number; committedOffset: number; committedMetadata: string | null }[]>();
  for (const o of offsets) {
    let list = byTopic.get(o.topic);
    if (list === undefined) byTopic.set(o.topic, (list = []));
    list.push({ partitionIndex: o.partition, committedOffset: o.offset, committedMetadata: o.metadata ?? null });
  }
  return [...byTopic].map(([name, partitions]) => ({ name, partitions }));
}

/** OffsetFetch as client rows; `requireStable` reports partitions with pending transactional offsets as undefined. */
export async function fetchCommitted(
  node: LogNode,
  groupId: string,
  topics: readonly { name: string; partitionIndexes: readonly number[] }[] | null,
  requireStable: boolean,
): Promise<(CommittedOffset & { unstable?: true })[]> {
  const answer = await embeddedCall('committedOffsets', () => node.groups.offsetFetch({ groupId, topics, requireStable }));
  const out: (CommittedOffset & { unstable?: true })[] = [];
  for (const t of answer.topics) {
    for (const p of t.partitions) {
      const base = { topic: t.name, partition: p.partitionIndex, offset: p.committedOffset < 0 ? null : p.committedOffset, metadata: p.metadata };
      if (p.error === 'UNSTABLE_OFFSET_COMMIT') out.push({ ...base, offset: null, unstable: true });
      else if (p.error !== 'NONE') throw fromErrorName(p.error, `committedOffsets: ${t.name}-${p.partitionIndex}: ${p.error}`);
      else out.push(base);
    }
  }
  return out;
}
