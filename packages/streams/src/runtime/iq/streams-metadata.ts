import { murmur2Partition } from '@tributary/client';
import type { Serializer } from '../../serdes/serde.js';
import type { AssignmentInfo } from '../assignment/assignment-info.js';
import { formatTaskId, parseTaskId } from '../tasks/task-id.js';
import type { TopologyMetadata } from '../tasks/topology-metadata.js';

export interface HostInfo {
  readonly host: string;
  readonly port: number;
}

/** Where one key of a store lives. */
export interface KeyQueryMetadata {
  /** null while no instance hosts the task, or instances set no `applicationServer`. */
  readonly activeHost: HostInfo | null;
  readonly standbyHosts: readonly HostInfo[];
  readonly partition: number;
}

/** What one instance hosts. */
export interface StreamsMetadata {
  readonly hostInfo: HostInfo;
  readonly stateStoreNames: readonly string[];
  readonly standbyStateStoreNames: readonly string[];
  readonly activeTasks: readonly string[];
  readonly standbyTasks: readonly string[];
}

export function parseHostInfo(text: string): HostInfo {
  const i = text.lastIndexOf(':');
  return { host: text.slice(0, i), port: Number(text.slice(i + 1)) };
}

/** Every instance the last assignment named, with the stores of its tasks. */
export function allMetadata(info: AssignmentInfo | null, metadata: TopologyMetadata): StreamsMetadata[] {
  if (info === null) return [];
  const storesOf = (tasks: readonly string[]): string[] => {
    const subs = new Set(tasks.map((t) => parseTaskId(t).subtopology));
    return [...new Set(metadata.subtopologies.filter((s) => subs.has(s.id)).flatMap((s) => s.spec.stores))].sort();
  };
  return Object.entries(info.hosts).map(([host, h]) => ({
    hostInfo: parseHostInfo(host),
    stateStoreNames: storesOf(h.active),
    standbyStateStoreNames: storesOf(h.standby),
    activeTasks: h.active,
    standbyTasks: h.standby,
  }));
}

/** The instance owning `key` of `store`: the key's partition (murmur2, as the default partitioner) picks the task. */
export function metadataForKey<K>(
  info: AssignmentInfo | null,
  metadata: TopologyMetadata,
  store: string,
  key: K,
  serializer: Serializer<K>,
): KeyQueryMetadata | null {
  const sub = metadata.subtopologyOfStore(store);
  if (info === null || sub === undefined) return null;
  const count = info.taskCounts[String(sub.id)];
  if (count === undefined || count === 0) return null;
  const bytes = serializer.serialize(sub.topics[0] ?? store, key);
  if (bytes === null) return null;
  const partition = murmur2Partition(bytes, count);
  const task = formatTaskId({ subtopology: sub.id, partition });
  let activeHost: HostInfo | null = null;
  const standbyHosts: HostInfo[] = [];
  for (const [host, h] of Object.entries(info.hosts)) {
    if (h.active.includes(task)) activeHost = parseHostInfo(host);
    if (h.standby.includes(task)) standbyHosts.push(parseHostInfo(host));
  }
  return { activeHost, standbyHosts, partition };
}
