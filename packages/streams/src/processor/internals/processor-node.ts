import { InvalidStateStoreError, StreamsArgumentError } from '../../errors/streams-errors.js';
import type { StateStore } from '../../state/state-store.js';
import type { NodeSpec } from '../../topology/topology-nodes.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext, TaskId } from '../processor-context.js';
import type { Cancellable, PunctuationType, Punctuator } from '../punctuation.js';
import type { Record } from '../record.js';
import type { RecordMetadata } from '../record-metadata.js';

/** What a node needs from its task. */
export interface TaskServices {
  readonly applicationId: string;
  readonly taskId: TaskId;
  recordMetadata(): RecordMetadata | null;
  streamTime(): number;
  wallClockTime(): number;
  store(name: string): StateStore | undefined;
  globalStore(name: string): StateStore | undefined;
  schedule(node: RuntimeNode, interval: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  setCurrentTimestamp(ts: number): number;
  requestCommit(): void;
  sink(node: RuntimeNode, record: Record<unknown, unknown>): void;
}

/** One node of a task at runtime: its processor instance, children and context. */
export class RuntimeNode implements ProcessorContext<unknown, unknown> {
  readonly children: RuntimeNode[] = [];
  private readonly childByName = new Map<string, RuntimeNode>();
  processor: Processor<unknown, unknown, unknown, unknown> | null = null;

  constructor(
    readonly spec: NodeSpec,
    private readonly task: TaskServices,
  ) {}

  get name(): string {
    return this.spec.name;
  }
  get applicationId(): string {
    return this.task.applicationId;
  }
  get taskId(): TaskId {
    return this.task.taskId;
  }

  addChild(child: RuntimeNode): void {
    this.children.push(child);
    this.childByName.set(child.name, child);
  }

  process(record: Record<unknown, unknown>): void {
    if (this.spec.kind === 'sink') {
      this.task.sink(this, record);
      return;
    }
    if (this.processor === null) {
      this.forward(record);
      return;
    }
    const prev = this.task.setCurrentTimestamp(record.timestamp);
    try {
      this.processor.process(record);
    } finally {
      this.task.setCurrentTimestamp(prev);
    }
  }

  forward(record: Record<unknown, unknown>, childName?: string): void {
    if (childName !== undefined) {
      const child = this.childByName.get(childName);
      if (child === undefined) throw new StreamsArgumentError(`${this.name} has no child named ${childName}`);
      child.process(record);
      return;
    }
    const children = this.children;
    for (let i = 0; i < children.length; i++) children[i]!.process(record);
  }

  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    if (!(intervalMs >= 1)) throw new StreamsArgumentError(`punctuation interval must be >= 1 ms, got ${intervalMs}`);
    return this.task.schedule(this, intervalMs, type, punctuator);
  }

  getStateStore<S extends StateStore>(name: string): S {
    if (this.spec.kind === 'processor' && this.spec.stores.includes(name)) {
      const s = this.task.store(name);
      if (s !== undefined) return s as S;
    }
    const g = this.task.globalStore(name);
    if (g !== undefined) return g as S;
    throw new InvalidStateStoreError(`processor ${this.name} is not connected to store ${name}`);
  }

  recordMetadata(): RecordMetadata | null {
    return this.task.recordMetadata();
  }
  currentStreamTimeMs(): number {
    return this.task.streamTime();
  }
  currentSystemTimeMs(): number {
    return this.task.wallClockTime();
  }
  commit(): void {
    this.task.requestCommit();
  }
}
