import type { Admin as KafkajsAdmin, Kafka } from 'kafkajs';
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
import { BrokerError, GroupNotEmptyError, TopicExistsError, UnknownTopicError } from '../errors/client-errors.js';
import type { TopicPartitionOffset } from '../records/topic-partition.js';
import { decodeAssignment } from './assignor-bridge.js';
import { mapped } from './error-mapping.js';
import { int64ToNumber, numberToInt64 } from './numbers.js';
import { createOffsetsCluster, withFreshLeaders, type OffsetsCluster } from './offsets-cluster.js';

const TOPIC_RESOURCE = 2;
const DYNAMIC_TOPIC_CONFIG = 1;
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__cluster_metadata']);

export class KafkaAdmin implements Admin {
  private readonly offsetClusters = new Map<IsolationLevel, Promise<OffsetsCluster>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: KafkajsAdmin,
  ) {}

  async disconnect(): Promise<void> {
    const clusters = [...this.offsetClusters.values()];
    this.offsetClusters.clear();
    await Promise.allSettled(clusters.map(async (c) => (await c).disconnect()));
  }

  async createTopics(topics: readonly NewTopic[], options: CreateTopicsOptions = {}): Promise<void> {
    let wanted = topics;
    if (options.ifNotExists === true) {
      const existing = new Set(await this.listTopics({ includeInternal: true }));
      wanted = topics.filter((t) => !existing.has(t.name));
      if (wanted.length === 0) return;
    }
    const created = await mapped('createTopics', () =>
      this.admin.createTopics({
        waitForLeaders: true,
        ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
        topics: wanted.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions ?? -1,
          replicationFactor: t.replicationFactor ?? -1,
          configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      }),
    );
    if (!created && options.ifNotExists !== true) {
      throw new TopicExistsError(`topics already exist: ${wanted.map((t) => t.name).join(', ')}`);
    }
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await mapped('deleteTopics', () => this.admin.deleteTopics({ topics: [...names] }));
  }

  async listTopics(options: { readonly includeInternal?: boolean } = {}): Promise<string[]> {
    const names = await mapped('listTopics', () => this.admin.listTopics());
    return options.includeInternal === true ? names : names.filter((n) => !INTERNAL_TOPICS.has(n));
  }

  async describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    if (names.length === 0) return [];
    const existing = new Set(await this.listTopics({ includeInternal: true }));
    const missing = names.filter((n) => !existing.has(n));
    if (missing.length > 0) throw new UnknownTopicError(`unknown topics: ${missing.join(', ')}`);
    const [metadata, configs] = await Promise.all([
      mapped('describeTopics', () => this.admin.fetchTopicMetadata({ topics: [...names] })),
      mapped('describeTopics', () =>
        this.admin.describeConfigs({
          includeSynonyms: false,
          resources: names.map((name) => ({ type: TOPIC_RESOURCE, name })),
        }),
      ),
    ]);
    const configsByTopic = new Map(
      configs.resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue]))]),
    );
    return metadata.topics.map((t) => ({
      name: t.name,
      internal: INTERNAL_TOPICS.has(t.name),
      partitions: [...t.partitions]
        .sort((a, b) => a.partitionId - b.partitionId)
        .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr })),
      configs: configsByTopic.get(t.name) ?? {},
    }));
  }

  async createPartitions(topic: string, totalCount: number): Promise<void> {
    await mapped('createPartitions', () => this.admin.createPartitions({ topicPartitions: [{ topic, count: totalCount }] }));
  }

  async alterTopicConfigs(topic: string, changes: Readonly<Record<string, string | null>>): Promise<void> {
    // AlterConfigs replaces a topic's whole dynamic config, so merge the changes into what is set now.
    const current = await mapped('alterTopicConfigs', () =>
      this.admin.describeConfigs({ includeSynonyms: false, resources: [{ type: TOPIC_RESOURCE, name: topic }] }),
    );
    const merged = new Map<string, string>();
    for (const entry of current.resources[0]?.configEntries ?? []) {
      if (entry.configSource === DYNAMIC_TOPIC_CONFIG) merged.set(entry.configName, entry.configValue);
    }
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) merged.delete(name);
      else merged.set(name, value);
    }
    await mapped('alterTopicConfigs', () =>
      this.admin.alterConfigs({
        validateOnly: false,
        resources: [
          { type: TOPIC_RESOURCE, name: topic, configEntries: [...merged].map(([name, value]) => ({ name, value })) },
        ],
      }),
    );
  }

  async listOffsets(
    requests: readonly ListOffsetsRequest[],
    options: { readonly isolationLevel?: IsolationLevel } = {},
  ): Promise<ListedOffset[]> {
    if (requests.length === 0) return [];
    const cluster = await this.offsetsCluster(options.isolationLevel ?? 'read_uncommitted');
    await mapped('listOffsets', () => cluster.addMultipleTargetTopics([...new Set(requests.map((r) => r.topic))]));
    // One kafkajs call per distinct (topic, spec), since a call carries one spec per topic.
    const groups = new Map<string, { topic: string; spec: ListOffsetsRequest['spec']; partitions: number[] }>();
    for (const r of requests) {
      const specKey = typeof r.spec === 'string' ? r.spec : `t${r.spec.timestamp}`;
      const key = `${r.topic}\u0000${specKey}`;
      const group = groups.get(key) ?? { topic: r.topic, spec: r.spec, partitions: [] };
      group.partitions.push(r.partition);
      groups.set(key, group);
    }
    const found = new Map<string, number>();
    await Promise.all(
      [...groups].map(async ([key, g]) => {
        const [answer] = await mapped('listOffsets', () =>
          withFreshLeaders(cluster, () =>
            cluster.fetchTopicsOffset([
              {
                topic: g.topic,
                partitions: g.partitions.map((partition) => ({ partition })),
                ...(typeof g.spec === 'string' ? { fromBeginning: g.spec === 'earliest' } : { fromTimestamp: g.spec.timestamp }),
              },
            ]),
          ),
        );
        for (const p of answer?.partitions ?? []) found.set(`${key}\u0000${p.partition}`, int64ToNumber(p.offset, 'offset'));
      }),
    );
    return requests.map((r) => {
      const specKey = typeof r.spec === 'string' ? r.spec : `t${r.spec.timestamp}`;
      const offset = found.get(`${r.topic}\u0000${specKey}\u0000${r.partition}`);
      if (offset === undefined) throw new UnknownTopicError(`no offset for ${r.topic}-${r.partition}`);
      return { topic: r.topic, partition: r.partition, offset, timestamp: -1 };
    });
  }

  async deleteRecords(requests: readonly DeleteRecordsRequest[]): Promise<void> {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const r of requests) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({ partition: r.partition, offset: numberToInt64(r.beforeOffset, 'beforeOffset') });
      byTopic.set(r.topic, list);
    }
    for (const [topic, partitions] of byTopic) {
      // kafkajs looks the leaders up before loading the topic's metadata; this call loads it.
      await mapped('deleteRecords', () => this.admin.fetchTopicOffsets(topic));
      await mapped('deleteRecords', () => this.admin.deleteTopicRecords({ topic, partitions }));
    }
  }

  async listGroups(): Promise<GroupListing[]> {
    const { groups } = await mapped('listGroups', () => this.admin.listGroups());
    return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType }));
  }

  async describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    if (groupIds.length === 0) return [];
    const { groups } = await mapped('describeGroups', () => this.admin.describeGroups([...groupIds]));
    return groups.map((g) => ({
      groupId: g.groupId,
      state: g.state,
      protocolType: g.protocolType,
      protocol: g.protocol,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: null,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.memberMetadata,
        assignment: m.memberAssignment,
        assignedPartitions: g.protocolType === 'consumer' ? decodeAssignment(m.memberAssignment).partitions : [],
      })),
    }));
  }

  async committedOffsets(groupId: string, topics?: readonly string[]): Promise<CommittedOffset[]> {
    const answer = await mapped('committedOffsets', () =>
      this.admin.fetchOffsets({ groupId, ...(topics === undefined ? {} : { topics: [...topics] }) }),
    );
    const out: CommittedOffset[] = [];
    for (const t of answer) {
      for (const p of t.partitions) {
        const offset = int64ToNumber(p.offset, 'offset');
        out.push({ topic: t.topic, partition: p.partition, offset: offset < 0 ? null : offset, metadata: p.metadata ?? null });
      }
    }
    return out;
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    if (groupIds.length === 0) return;
    await mapped('deleteGroups', () => this.admin.deleteGroups([...groupIds]));
  }

  /**
   * Kafka's AdminClient sends OffsetCommit with generation -1 and no member id to the group's
   * coordinator, which accepts it only while the group is empty. kafkajs's `admin.setOffsets`
   * instead joins the group with a consumer, so this goes through its Cluster directly.
   */
  async alterGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const [group] = await this.describeGroups([groupId]);
    const state = group?.state ?? 'Dead';
    if (state !== 'Empty' && state !== 'Dead') {
      throw new GroupNotEmptyError(`alterGroupOffsets: group ${groupId} is ${state} with ${group?.members.length ?? 0} members; stop them first`);
    }
    const byTopic = new Map<string, { partition: number; offset: string; metadata: string | null }[]>();
    for (const o of offsets) {
      let list = byTopic.get(o.topic);
      if (list === undefined) byTopic.set(o.topic, (list = []));
      list.push({ partition: o.partition, offset: numberToInt64(o.offset, 'offset'), metadata: o.metadata ?? null });
    }
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    const cluster = await this.offsetsCluster('read_uncommitted');
    for (let attempt = 1; ; attempt++) {
      try {
        await mapped('alterGroupOffsets', async () => {
          const coordinator = await cluster.findGroupCoordinator({ groupId });
          await coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: '', topics });
        });
        return;
      } catch (error) {
        // A member joined since the check: the coordinator answers the memberless commit so.
        if ((error as BrokerError).kafkaErrorCode === 25) {
          throw new GroupNotEmptyError(`alterGroupOffsets: group ${groupId} has members; stop them first`, { cause: error });
        }
        if (!(error instanceof BrokerError) || !error.retriable || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  private offsetsCluster(level: IsolationLevel): Promise<OffsetsCluster> {
    let cluster = this.offsetClusters.get(level);
    if (cluster === undefined) {
      const created = createOffsetsCluster(this.kafka, level === 'read_committed' ? 1 : 0);
      cluster = mapped('listOffsets', () => created.connect()).then(() => created);
      // A failed connect must not poison later calls.
      cluster.catch(() => this.offsetClusters.delete(level));
      this.offsetClusters.set(level, cluster);
    }
    return cluster;
  }
}
