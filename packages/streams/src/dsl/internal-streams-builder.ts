import type { GraphNode } from '../topology/graph-node.js';

const pad = (n: number): string => String(n).padStart(10, '0');

/** Holds the logical graph and the one index counter that makes Kafka's generated names. */
export class InternalStreamsBuilder {
  private index = 0;
  readonly nodes: GraphNode[] = [];

  newProcessorName(prefix: string): string {
    return `${prefix}${pad(this.index++)}`;
  }

  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${pad(this.index++)}`;
  }

  addNode<N extends GraphNode>(node: N, ...parents: GraphNode[]): N {
    node.priority = this.nodes.length;
    this.nodes.push(node);
    for (const p of parents) p.addChild(node);
    return node;
  }
}

/** Kafka generates repartition node names unless the topic prefix is itself a generated name. */
export function isGeneratedName(prefix: string): boolean {
  return /^KSTREAM.*-[0-9]{10}$/.test(prefix);
}
