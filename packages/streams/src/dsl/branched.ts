import { kstreamBranch } from '../processor/ops/kstream-branch.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import { ProcessorGraphNode } from '../topology/graph-node.js';
import type { KStream } from './kstream.js';

/** Options of one branch: its name suffix and what to do with the branch stream. */
export class Branched<K, V> {
  private constructor(
    readonly name?: string,
    readonly fn?: (stream: KStream<K, V>) => KStream<K, V> | null | undefined,
    readonly consumer?: (stream: KStream<K, V>) => void,
  ) {}
  static as<K, V>(name: string): Branched<K, V> {
    return new Branched<K, V>(name);
  }
  /** The result map holds what `fn` returns (nothing if it returns null). */
  static withFunction<K, V>(fn: (stream: KStream<K, V>) => KStream<K, V> | null | undefined, name?: string): Branched<K, V> {
    return new Branched<K, V>(name, fn);
  }
  /** The branch is consumed here and left out of the result map. */
  static withConsumer<K, V>(consumer: (stream: KStream<K, V>) => void, name?: string): Branched<K, V> {
    return new Branched<K, V>(name, undefined, consumer);
  }
}

/** Kafka's BranchedKStream: first matching predicate wins; names are splitter prefix + branch name or position. */
export class BranchedKStream<K, V> {
  private readonly predicates: ((key: K, value: V) => boolean)[] = [];
  private readonly childNames: string[] = [];
  private defaultChild: string | null = null;
  private readonly result = new Map<string, KStream<K, V>>();
  private readonly node: ProcessorGraphNode;

  /** @internal */
  constructor(
    private readonly stream: KStream<K, V>,
    private readonly prefix: string,
  ) {
    const supplier = (() => kstreamBranch(this.predicates, this.childNames, this.defaultChild)()) as ProcessorSupplier<unknown, unknown, unknown, unknown>;
    this.node = stream.builder.addNode(new ProcessorGraphNode(prefix, supplier), stream.node);
  }

  branch(predicate: (key: K, value: V) => boolean, branched?: Branched<K, V>): this {
    const name = this.prefix + (branched?.name ?? String(this.predicates.length + 1));
    this.predicates.push(predicate);
    this.childNames.push(name);
    this.addBranch(name, branched);
    return this;
  }

  defaultBranch(branched?: Branched<K, V>): Map<string, KStream<K, V>> {
    const name = this.prefix + (branched?.name ?? '0');
    this.defaultChild = name;
    this.addBranch(name, branched);
    return this.result;
  }

  noDefaultBranch(): Map<string, KStream<K, V>> {
    return this.result;
  }

  private addBranch(name: string, branched: Branched<K, V> | undefined): void {
    const child = this.stream.addBranchChild(name, this.node);
    if (branched?.consumer !== undefined) {
      branched.consumer(child);
      return;
    }
    if (branched?.fn !== undefined) {
      const out = branched.fn(child);
      if (out !== null && out !== undefined) this.result.set(name, out);
      return;
    }
    this.result.set(name, child);
  }
}
