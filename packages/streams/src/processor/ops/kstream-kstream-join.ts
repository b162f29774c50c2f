import type { InMemoryWindowStore } from '../../state/window/in-memory-window-store.js';
import type { OuterJoinBuffer } from '../../state/window/outer-join-store.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import { Record } from '../record.js';
import { recordDropped } from './dropped-records.js';

/** Stream time shared by both sides of one join (per task): the max timestamp either side has seen. */
export class JoinTimeTracker {
  streamTime = -1;
}

/** Hands both sides of a join the same tracker for a task; forgotten when the task closes. */
export class JoinTimeTrackers {
  private readonly byTask = new Map<string, JoinTimeTracker>();
  get(taskId: string): JoinTimeTracker {
    let t = this.byTask.get(taskId);
    if (t === undefined) this.byTask.set(taskId, (t = new JoinTimeTracker()));
    return t;
  }
  release(taskId: string): void {
    this.byTask.delete(taskId);
  }
}

export interface StreamJoinSideOptions<K, V1, V2, VR> {
  readonly isLeft: boolean;
  readonly otherStoreName: string;
  readonly outerStoreName: string | null;
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
  /** This side emits non-joined results (left side of left/outer joins, right side of outer joins). */
  readonly thisOuter: boolean;
  readonly joiner: (left: V1 | null, right: V2 | null, key: K) => VR;
  /** One tracker per task, shared by the two sides. */
  readonly trackers: JoinTimeTrackers;
}

/**
 * One side of a windowed stream-stream join (KSTREAM-JOINTHIS/-JOINOTHER, or OUTER*).
 * A left record at t joins right records in [t - before, t + after]; a right record at t joins
 * left records in [t - after, t + before]; both bounds inclusive, output ts = max of the two.
 * Unmatched outer-side records wait in the shared outer store and are emitted only after their
 * window plus grace has passed stream time (emitted before the current record's results).
 */
export function kstreamKStreamJoin<K, V1, V2, VR>(o: StreamJoinSideOptions<K, V1, V2, VR>): () => Processor<K, unknown, K, VR> {
  return () => {
    let ctx: ProcessorContext<K, VR>;
    let other: InMemoryWindowStore<K, unknown>;
    let outer: OuterJoinBuffer<K> | null = null;
    let tracker: JoinTimeTracker;
    let taskId = '';
    // The window of a waiting record closes at ts + (its side's reach forward) + grace.
    const reach = (isLeft: boolean): number => (isLeft ? o.afterMs : o.beforeMs) + o.graceMs;
    const join = (mine: unknown, theirs: unknown, key: K): VR =>
      o.isLeft ? o.joiner(mine as V1, theirs as V2, key) : o.joiner(theirs as V1, mine as V2, key);
    const nonJoined = (isLeft: boolean, value: unknown, key: K): VR =>
      isLeft ? o.joiner(value as V1, null, key) : o.joiner(null, value as V2, key);

    const emitClosedNonJoined = (): void => {
      const st = tracker.streamTime;
      let leftOpen = false;
      let rightOpen = false;
      outer!.scan((e) => {
        if (e.timestamp + reach(e.isLeft) >= st) {
          if (e.isLeft) leftOpen = true;
          else rightOpen = true;
          return leftOpen && rightOpen ? 'stop' : 'skip';
        }
        for (const v of e.values) ctx.forward(new Record(e.key, nonJoined(e.isLeft, v, e.key), e.timestamp));
        return 'emit';
      });
    };

    return {
      init: (c) => {
        ctx = c;
        other = c.getStateStore(o.otherStoreName);
        if (o.outerStoreName !== null) outer = c.getStateStore(o.outerStoreName);
        taskId = `${c.taskId.subtopology}_${c.taskId.partition}`;
        tracker = o.trackers.get(taskId);
      },
      close: () => o.trackers.release(taskId),
      process: (r) => {
        if (r.value === null || r.value === undefined) {
          recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'null-value');
          return;
        }
        if (r.key === null || r.key === undefined) {
          // Outer sides keep null-key records as non-joined results at once (KIP-962).
          if (o.thisOuter) ctx.forward(r.withValue(nonJoined(o.isLeft, r.value, r.key)));
          else recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'null-key');
          return;
        }
        const ts = r.timestamp;
        const from = o.isLeft ? ts - o.beforeMs : ts - o.afterMs;
        const to = o.isLeft ? ts + o.afterMs : ts + o.beforeMs;
        tracker.streamTime = Math.max(tracker.streamTime, ts);
        // Only an in-order record (ts == shared stream time) triggers the non-joined emit pass.
        if (outer !== null && ts === tracker.streamTime) emitClosedNonJoined();
        let matched = false;
        for (const kv of other.fetchRange(r.key, from, to)) {
          matched = true;
          ctx.forward(new Record(r.key, join(r.value, kv.value, r.key), Math.max(ts, kv.key), r.headers));
          outer?.remove(kv.key, !o.isLeft, r.key);
        }
        if (matched || !o.thisOuter) return;
        // Deliberate difference from Kafka (which emits once ts + window < stream time, ignoring grace):
        // a record is only given up on when no partner can still arrive within grace.
        if (outer === null || ts + reach(o.isLeft) < tracker.streamTime) ctx.forward(r.withValue(nonJoined(o.isLeft, r.value, r.key)));
        else outer.add(ts, o.isLeft, r.key, r.value);
      },
    };
  };
}
