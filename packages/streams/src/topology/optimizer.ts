import { GraphNode, RepartitionGraphNode } from './graph-node.js';

export interface OptimizationFlags {
  readonly reuseSourceTopics: boolean;
  readonly mergeRepartitionTopics: boolean;
}

export type TopologyOptimization = 'none' | 'all' | readonly ('reuse.ktable.source.topics' | 'merge.repartition.topics')[];

export function optimizationFlags(setting: TopologyOptimization | undefined): OptimizationFlags {
  if (setting === undefined || setting === 'none') return { reuseSourceTopics: false, mergeRepartitionTopics: false };
  if (setting === 'all') return { reuseSourceTopics: true, mergeRepartitionTopics: true };
  return {
    reuseSourceTopics: setting.includes('reuse.ktable.source.topics'),
    mergeRepartitionTopics: setting.includes('merge.repartition.topics'),
  };
}

/** The key-changing node a repartition belongs to: nearest ancestor that changes keys (or merges such streams). */
function keyChangingAncestor(node: GraphNode): GraphNode | null {
  const seen = new Set<GraphNode>();
  const queue = [...node.parents];
  while (queue.length > 0) {
    const n = queue.shift()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.keyChanging || n.mergeNode) return n;
    if (n instanceof RepartitionGraphNode) continue;
    queue.push(...n.parents);
  }
  return null;
}

/**
 * merge.repartition.topics: several repartitions downstream of one key-changing node are replaced
 * by a single one placed right after it, named after the first; the nodes in between now read from it.
 */
export function mergeRepartitionTopics(nodes: GraphNode[]): void {
  const groups = new Map<GraphNode, RepartitionGraphNode[]>();
  for (const n of nodes) {
    if (!(n instanceof RepartitionGraphNode) || !n.optimizable) continue;
    const k = keyChangingAncestor(n);
    if (k === null) continue;
    const list = groups.get(k) ?? [];
    list.push(n);
    groups.set(k, list);
  }
  for (const [keyChanging, reps] of groups) {
    if (reps.length < 2) continue;
    const first = reps[0]!;
    const merged = new RepartitionGraphNode(
      first.topic, first.sinkName, first.filterName, first.sourceName,
      first.keySerde, first.valueSerde, first.partitions, first.partitioner, true,
    );
    merged.priority = keyChanging.priority + 0.5;
    const formerChildren = [...keyChanging.children];
    for (const c of formerChildren) {
      keyChanging.removeChild(c);
      merged.addChild(c);
    }
    for (const rep of reps) {
      const parents = [...rep.parents];
      const children = [...rep.children];
      for (const p of parents) {
        p.removeChild(rep);
        for (const c of children) p.addChild(c);
      }
      for (const c of children) rep.removeChild(c);
    }
    keyChanging.addChild(merged);
    nodes.push(merged);
  }
}
