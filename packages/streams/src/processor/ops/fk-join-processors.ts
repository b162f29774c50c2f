import type { KeyValueStore } from '../../state/key-value-store.js';
import type { TypedKeyValueStore } from '../../state/typed-key-value-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import { change, type Change } from '../change.js';
import type { KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import { Record } from '../record.js';
import { combinedKey, combinedKeyPrefix, sameHash, valueHash, type Subscription, type SubscriptionInstruction, type SubscriptionResponse } from './fk-join-wrappers.js';

type U = unknown;
/** Raw bytes of a table value as stored (value part of <ts><value>), for hashing. */
function storedValueBytes(store: TypedKeyValueStore<U, ValueAndTimestamp<U>>, key: Buffer): Buffer | null {
  const raw = store.bytes.get(key);
  return raw === null ? null : raw.subarray(8);
}

/**
 * Left side: turns each left-table change into subscription records keyed by foreign key.
 * A changed foreign key unsubscribes from the old one. A left join with a null foreign key
 * resolves locally (child `resolverName`) as a non-match.
 */
export function fkSubscriptionSend<K, V, KO>(o: {
  fkExtractor: (value: V) => KO | null;
  leftStoreName: string;
  leftJoin: boolean;
  sinkName: string;
  resolverName: string;
}): () => Processor<K, Change<V>, U, U> {
  return () => {
    let ctx: ProcessorContext<U, U>;
    let left: TypedKeyValueStore<U, ValueAndTimestamp<U>>;
    const send = (fk: KO, instruction: SubscriptionInstruction, hash: Buffer | null, pk: K, pkBytes: Buffer, ts: number): void => {
      const sub: Subscription<K> = { instruction, hash, primaryKey: pk, primaryKeyBytes: pkBytes, primaryPartition: ctx.taskId.partition };
      ctx.forward(new Record<U, U>(fk, sub, ts), o.sinkName);
    };
    return {
      init: (c) => {
        ctx = c;
        left = c.getStateStore(o.leftStoreName);
      },
      process: (r) => {
        const { newValue, oldValue } = r.value;
        const pkBytes = left.serializeKey(r.key);
        const oldFk = oldValue === null ? null : o.fkExtractor(oldValue);
        if (newValue === null) {
          if (oldFk !== null && oldFk !== undefined) send(oldFk, 'DELETE_KEY_AND_PROPAGATE', null, r.key, pkBytes, r.timestamp);
          return;
        }
        const hash = valueHash(storedValueBytes(left, pkBytes));
        const newFk = o.fkExtractor(newValue);
        const fkChanged = oldFk !== null && oldFk !== undefined && !sameKey(oldFk, newFk);
        if (newFk === null || newFk === undefined) {
          if (fkChanged) send(oldFk, o.leftJoin ? 'DELETE_KEY_NO_PROPAGATE' : 'DELETE_KEY_AND_PROPAGATE', null, r.key, pkBytes, r.timestamp);
          // Nothing to subscribe to: a left join emits (value, null) at once; an inner join skips it.
          if (o.leftJoin) ctx.forward(new Record<U, U>(r.key, { hash, foreignValue: null } satisfies SubscriptionResponse<U>, r.timestamp), o.resolverName);
          return;
        }
        if (fkChanged) send(oldFk, 'DELETE_KEY_NO_PROPAGATE', null, r.key, pkBytes, r.timestamp);
        const instruction = o.leftJoin || fkChanged ? 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE' : 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE';
        send(newFk, instruction, hash, r.key, pkBytes, r.timestamp);
      },
    };
  };
}

function sameKey(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** Right side, subscription arrives: record (or drop) it in the subscription store, then answer it from the right table. */
export function fkSubscriptionReceive<KO, K, VO>(o: {
  subscriptionStoreName: string;
  rightView: KTableValueGetterSupplier<KO, VO>;
  rightStoreName: string;
}): () => Processor<KO, Subscription<K>, Buffer, SubscriptionResponse<VO>> {
  return () => {
    let ctx: ProcessorContext<Buffer, SubscriptionResponse<VO>>;
    let subs: KeyValueStore<Buffer, ValueAndTimestamp<Buffer>>;
    let right: TypedKeyValueStore<KO, ValueAndTimestamp<VO>>;
    const getter = o.rightView.get();
    return {
      init: (c) => {
        ctx = c;
        subs = c.getStateStore(o.subscriptionStoreName);
        right = c.getStateStore(o.rightStoreName);
        getter.init(c as ProcessorContext<U, U>);
      },
      process: (r) => {
        if (r.key === null || r.key === undefined || r.value === null) return;
        const s = r.value;
        const ck = combinedKey(right.serializeKey(r.key), s.primaryKeyBytes);
        const isDelete = s.instruction === 'DELETE_KEY_AND_PROPAGATE' || s.instruction === 'DELETE_KEY_NO_PROPAGATE';
        if (isDelete) subs.delete(ck);
        else subs.put(ck, { value: s.hash ?? Buffer.alloc(0), timestamp: r.timestamp });
        if (s.instruction === 'DELETE_KEY_NO_PROPAGATE') return;
        if (s.instruction === 'DELETE_KEY_AND_PROPAGATE') {
          ctx.forward(new Record(s.primaryKeyBytes, { hash: null, foreignValue: null }, r.timestamp));
          return;
        }
        const fv = getter.get(r.key);
        if (fv === null && s.instruction === 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE') return;
        const ts = fv === null ? r.timestamp : Math.max(r.timestamp, fv.timestamp);
        ctx.forward(new Record(s.primaryKeyBytes, { hash: s.hash, foreignValue: fv === null ? null : fv.value }, ts));
      },
    };
  };
}

/** Right side, right-table change: answer every subscriber of that foreign key with the new value (right ts). */
export function fkForeignTableJoin<KO, VO>(o: {
  subscriptionStoreName: string;
  rightStoreName: string;
}): () => Processor<KO, Change<VO>, Buffer, SubscriptionResponse<VO>> {
  return () => {
    let ctx: ProcessorContext<Buffer, SubscriptionResponse<VO>>;
    let subs: KeyValueStore<Buffer, ValueAndTimestamp<Buffer>>;
    let right: TypedKeyValueStore<KO, ValueAndTimestamp<VO>>;
    return {
      init: (c) => {
        ctx = c;
        subs = c.getStateStore(o.subscriptionStoreName);
        right = c.getStateStore(o.rightStoreName);
      },
      process: (r) => {
        if (r.key === null || r.key === undefined) return;
        const fk = right.serializeKey(r.key);
        const { from, to } = combinedKeyPrefix(fk);
        for (const kv of subs.range(from, to)) {
          const pkBytes = kv.key.subarray(4 + fk.length);
          const hash = kv.value.value.length === 16 ? kv.value.value : null;
          // The response key stays raw bytes: the left side decodes it with its own key serde.
          ctx.forward(new Record(Buffer.from(pkBytes), { hash, foreignValue: r.value.newValue }, r.timestamp));
        }
      },
    };
  };
}

/** Left side, response arrives: drop it if the left value changed since (hash), else join. */
export function fkResponseResolver<K, V, VO, VR>(o: {
  leftView: KTableValueGetterSupplier<K, V>;
  leftStoreName: string;
  joiner: (value: V, foreign: VO | null) => VR;
  leftJoin: boolean;
}): () => Processor<K, SubscriptionResponse<VO>, K, Change<VR>> {
  return () => {
    let ctx: ProcessorContext<K, Change<VR>>;
    let left: TypedKeyValueStore<U, ValueAndTimestamp<U>>;
    const getter = o.leftView.get();
    return {
      init: (c) => {
        ctx = c;
        left = c.getStateStore(o.leftStoreName);
        getter.init(c as ProcessorContext<U, U>);
      },
      process: (r) => {
        const current = valueHash(storedValueBytes(left, left.serializeKey(r.key)));
        if (!sameHash(current, r.value.hash)) return; // stale: the left value changed after this subscription
        const lv = getter.get(r.key);
        let result: VR | null;
        if (lv === null || (r.value.foreignValue === null && !o.leftJoin)) result = null;
        else result = o.joiner(lv.value, r.value.foreignValue);
        ctx.forward(new Record(r.key, change(result, null), r.timestamp, r.headers));
      },
    };
  };
}
