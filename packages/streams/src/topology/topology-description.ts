import type { Topology } from './topology.js';
import type { NodeSpec } from './topology-nodes.js';

export interface TopologyDescription {
  /** Kafka's familiar text form (`Topologies: / Sub-topology: 0 / Source: ...`). */
  toString(): string;
  /** A Mermaid flowchart of the same graph. */
  toMermaid(): string;
}

function successors(spec: NodeSpec): readonly string[] {
  return spec.kind === 'sink' ? [] : spec.children;
}
function predecessors(spec: NodeSpec): readonly string[] {
  return spec.kind === 'source' ? [] : spec.parents;
}
function names(list: readonly string[]): string {
  return list.length === 0 ? 'none' : list.join(', ');
}

function sortedNodes(topology: Topology, nodes: readonly string[]): NodeSpec[] {
  // Kafka orders nodes by sub-tree size (largest first), then by name.
  const size = new Map<string, number>();
  const sizeOf = (n: string): number => {
    const known = size.get(n);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    const stack = [n];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...successors(topology.nodes.get(x)!));
    }
    size.set(n, seen.size);
    return seen.size;
  };
  return [...nodes]
    .sort((a, b) => sizeOf(b) - sizeOf(a) || (a < b ? -1 : a > b ? 1 : 0))
    .map((n) => topology.nodes.get(n)!);
}

/** Stores Kafka would not list (state it keeps outside stores, e.g. emit-on-close metadata) are left out. */
function describedStores(topology: Topology, stores: readonly string[]): string[] {
  return stores.filter((s) => (topology.stores.get(s)?.builder as { hiddenInDescription?: boolean } | undefined)?.hiddenInDescription !== true);
}

function nodeText(topology: Topology, spec: NodeSpec): string {
  switch (spec.kind) {
    case 'source': {
      const what = spec.pattern !== null ? `topics: ${spec.pattern.source}` : `topics: [${spec.topics.join(', ')}]`;
      return `Source: ${spec.name} (${what})\n      --> ${names(successors(spec))}`;
    }
    case 'processor':
      return `Processor: ${spec.name} (stores: [${describedStores(topology, spec.stores).join(', ')}])\n      --> ${names(successors(spec))}\n      <-- ${names(predecessors(spec))}`;
    case 'sink': {
      const topic = typeof spec.topic === 'string' ? `topic: ${spec.topic}` : `extractor class: ${spec.topic.name || 'TopicNameExtractor'}`;
      void topology;
      return `Sink: ${spec.name} (${topic})\n      <-- ${names(predecessors(spec))}`;
    }
  }
}

export function describeTopology(topology: Topology): TopologyDescription {
  const subs = topology.subtopologies();
  const text = (): string => {
    let out = 'Topologies:\n';
    subs.forEach((sub, i) => {
      out += i === 0 ? '   ' : '  ';
      out += sub.global ? `Sub-topology: ${sub.id} for global store (will not generate tasks)\n` : `Sub-topology: ${sub.id}\n`;
      for (const spec of sortedNodes(topology, sub.nodes)) out += `    ${nodeText(topology, spec)}\n`;
      // Kafka ends a sub-topology with a blank line, but not a global store.
      if (!sub.global) out += '\n';
    });
    return out;
  };
  const mermaid = (): string => {
    const id = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');
    const lines = ['flowchart TD'];
    const topics = new Set<string>();
    for (const sub of subs) {
      lines.push(`  subgraph sub${sub.id}["Sub-topology: ${sub.id}${sub.global ? ' (global)' : ''}"]`);
      for (const spec of sortedNodes(topology, sub.nodes)) {
        const listed = spec.kind === 'processor' ? describedStores(topology, spec.stores) : [];
        const stores = listed.length > 0 ? `<br/>stores: ${listed.join(', ')}` : '';
        lines.push(`    ${id(spec.name)}["${spec.kind}: ${spec.name}${stores}"]`);
      }
      lines.push('  end');
    }
    for (const n of topology.nodeOrder()) {
      const spec = topology.nodes.get(n)!;
      if (spec.kind === 'source') {
        for (const t of spec.topics) {
          topics.add(t);
          lines.push(`  t_${id(t)} --> ${id(n)}`);
        }
      }
      if (spec.kind === 'sink' && typeof spec.topic === 'string') {
        topics.add(spec.topic);
        lines.push(`  ${id(n)} --> t_${id(spec.topic)}`);
      }
      for (const c of successors(spec)) lines.push(`  ${id(n)} --> ${id(c)}`);
    }
    for (const t of topics) lines.push(`  t_${id(t)}[("${t}")]`);
    return `${lines.join('\n')}\n`;
  };
  return { toString: text, toMermaid: mermaid };
}
