import type { TopicPartition } from '@tributary/client';
import type { Topology } from '../../topology/topology.js';
import type { SubtopologySpec } from '../../topology/topology-nodes.js';
import { formatTaskId } from './task-id.js';

/** One non-global sub-topology with runtime (prefixed) topic names. */
export interface RuntimeSubtopology {
  readonly id: number;
  readonly spec: SubtopologySpec;
  /** Source topics named explicitly (internal ones prefixed with the application id). */
  readonly topics: readonly string[];
  readonly patterns: readonly RegExp[];
  /** Stores with a changelog: runtime changelog topic and whether it is a source topic. */
  readonly changelogs: readonly { readonly store: string; readonly topic: string; readonly isSource: boolean }[];
}

/**
 * What the runtime needs to know about a topology: sub-topologies with runtime topic names,
 * which sub-topology reads a topic, and the task set for given partition counts.
 */
export class TopologyMetadata {
  readonly subtopologies: readonly RuntimeSubtopology[];

  constructor(
    readonly topology: Topology,
    readonly applicationId: string,
  ) {
    const name = (t: string): string => (topology.isInternalTopic(t) ? `${applicationId}-${t}` : t);
    this.subtopologies = topology.subtopologies().filter((s) => !s.global).map((spec) => ({
      id: spec.id,
      spec,
      topics: spec.sourceTopics.map(name),
      patterns: spec.sourcePatterns,
      changelogs: spec.stores.flatMap((s) => {
        const store = topology.stores.get(s)!;
        return store.changelogTopic === null ? [] : [{ store: s, topic: store.changelogIsSourceTopic ? store.changelogTopic : `${applicationId}-${store.changelogTopic}`, isSource: store.changelogIsSourceTopic }];
      }),
    }));
  }

  /** Every topic and pattern the main consumer subscribes to. */
  subscription(): (string | RegExp)[] {
    const out = new Set<string | RegExp>();
    for (const s of this.subtopologies) {
      for (const t of s.topics) out.add(t);
      for (const p of s.patterns) out.add(p);
    }
    return [...out];
  }

  /** Changelog topics restoration reads (internal changelogs and source topics reused as changelogs). */
  changelogTopics(): string[] {
    return [...new Set(this.subtopologies.flatMap((s) => s.changelogs.map((c) => c.topic)))];
  }

  /** Whether a task has changelogged state (only those get standbys). */
  isStateful(taskId: string): boolean {
    const sub = Number(taskId.slice(0, taskId.indexOf('_')));
    return this.subtopologies.some((s) => s.id === sub && s.changelogs.length > 0);
  }

  subtopologyOf(topic: string): RuntimeSubtopology | undefined {
    return this.subtopologies.find((s) => s.topics.includes(topic) || s.patterns.some((p) => p.test(topic)));
  }

  subtopologyOfStore(store: string): RuntimeSubtopology | undefined {
    return this.subtopologies.find((s) => s.spec.stores.includes(store));
  }

  /** Source topics of a sub-topology among the topics the cluster knows. */
  sourceTopicsOf(sub: RuntimeSubtopology, known: Iterable<string>): string[] {
    // `known` may be a one-shot iterator (Map.keys()): materialize it once.
    const topics = new Set(known);
    const out = new Set(sub.topics.filter((t) => topics.has(t)));
    for (const t of topics) if (sub.patterns.some((p) => p.test(t))) out.add(t);
    return [...out].sort();
  }

  /** Tasks per sub-topology: one per partition of its widest source topic. */
  tasks(partitionCounts: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {
    const out = new Map<string, TopicPartition[]>();
    for (const sub of this.subtopologies) {
      const topics = this.sourceTopicsOf(sub, partitionCounts.keys());
      const n = Math.max(0, ...topics.map((t) => partitionCounts.get(t) ?? 0));
      for (let p = 0; p < n; p++) {
        const parts = topics.filter((t) => (partitionCounts.get(t) ?? 0) > p).map((topic) => ({ topic, partition: p }));
        out.set(formatTaskId({ subtopology: sub.id, partition: p }), parts);
      }
    }
    return out;
  }
}
