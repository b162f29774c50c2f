import { TopologyError } from '../errors/streams-errors.js';
import { GlobalTableNode, StateStoreNode, StreamSourceNode, TableSourceNode, type CompileContext, type GraphNode } from './graph-node.js';
import { mergeRepartitionTopics, optimizationFlags, type TopologyOptimization } from './optimizer.js';
import { Topology } from './topology.js';
import type { SourceNodeSpec } from './topology-nodes.js';

/** Optimizes the logical graph and lowers it into a physical Topology. */
export function compileTopology(graph: readonly GraphNode[], optimization: TopologyOptimization | undefined): Topology {
  const flags = optimizationFlags(optimization);
  const nodes = [...graph];
  if (flags.mergeRepartitionTopics) mergeRepartitionTopics(nodes);
  // Nodes cut off by the optimizer (no parents, not roots) are dropped.
  const reachable = new Set<GraphNode>();
  const stack = nodes.filter((n) => n.parents.length === 0 && isRoot(n));
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (reachable.has(n)) continue;
    reachable.add(n);
    stack.push(...n.children);
  }
  const ordered = nodes.filter((n) => reachable.has(n)).sort((a, b) => a.priority - b.priority);
  const topology = new Topology();
  const ctx: CompileContext = { topology, reuseSourceTopics: flags.reuseSourceTopics, connections: [], copartition: [] };
  for (const n of ordered) n.write(ctx);
  for (const c of ctx.connections) topology.connectProcessorAndStateStores([c.processor], ...c.stores);
  for (const group of ctx.copartition) {
    const topics = new Set<string>();
    for (const source of group) {
      const spec = topology.nodes.get(source);
      if (spec === undefined || spec.kind !== 'source') throw new TopologyError(`co-partition source ${source} is not a source node`);
      for (const t of (spec as SourceNodeSpec).topics) topics.add(t);
    }
    if (topics.size > 1) topology.copartition([...topics]);
  }
  return topology;
}

function isRoot(n: GraphNode): boolean {
  return n instanceof StreamSourceNode || n instanceof TableSourceNode || n instanceof GlobalTableNode || n instanceof StateStoreNode;
}
