import { change, type Change } from '../change.js';
import type { KTableProcessorSupplier, KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

export type TableJoinKind = 'inner' | 'left' | 'outer';

/**
 * One side of a table-table join. `thisIsLeft` says which argument of the joiner this side's
 * values fill. `thisOuter`: this side's update emits even when the other side is missing;
 * `otherOuter`: a missing value on this side still joins (null) when the other side exists.
 */
export class KTableKTableJoinSideSupplier<K, V1, V2, VR> {
  sendOldValues = false;

  constructor(
    private readonly otherView: () => KTableValueGetterSupplier<K, V2>,
    private readonly joiner: (thisValue: V1 | null, otherValue: V2 | null) => VR,
    private readonly thisOuter: boolean,
    private readonly otherOuter: boolean,
  ) {}

  get = (): Processor<K, Change<V1>, K, Change<VR>> => {
    const getter = this.otherView().get();
    const { joiner, thisOuter, otherOuter } = this;
    const sendOld = this.sendOldValues;
    let ctx: ProcessorContext<K, Change<VR>>;
    const join = (thisValue: V1 | null, other: V2 | null): VR | null => {
      if (thisValue === null && other === null) return null;
      if (thisValue === null && !otherOuter) return null;
      if (other === null && !thisOuter) return null;
      return joiner(thisValue, other);
    };
    return {
      init: (c) => {
        ctx = c;
        getter.init(c as ProcessorContext<unknown, unknown>);
      },
      process: (r) => {
        if (r.key === null || r.key === undefined) return;
        const vt = getter.get(r.key);
        const other = vt === null ? null : vt.value;
        if (other === null && !thisOuter) return;
        if (other === null && r.value.newValue === null && r.value.oldValue === null) return;
        const ts = vt === null ? r.timestamp : Math.max(r.timestamp, vt.timestamp);
        const newValue = join(r.value.newValue, other);
        const oldValue = sendOld ? join(r.value.oldValue, other) : null;
        ctx.forward(r.withValue(change(newValue, oldValue)).withTimestamp(ts));
      },
    };
  };
}

/** The join result table: joins both sides' getters on lookup unless the result is materialized. */
export class KTableKTableJoinSupplier<K, V1, V2, VR> implements KTableProcessorSupplier<K, VR> {
  constructor(
    readonly left: KTableProcessorSupplier<K, V1>,
    readonly right: KTableProcessorSupplier<K, V2>,
    readonly thisSide: KTableKTableJoinSideSupplier<K, V1, V2, VR>,
    readonly otherSide: KTableKTableJoinSideSupplier<K, V2, V1, VR>,
    private readonly kind: TableJoinKind,
    private readonly joiner: (left: V1 | null, right: V2 | null) => VR,
    readonly storeName: string | null,
  ) {}

  enableSendingOldValues(): boolean {
    this.left.enableSendingOldValues(true);
    this.right.enableSendingOldValues(true);
    this.thisSide.sendOldValues = true;
    this.otherSide.sendOldValues = true;
    return true;
  }

  view(): KTableValueGetterSupplier<K, VR> {
    const l = this.left.view();
    const r = this.right.view();
    const { kind, joiner } = this;
    return {
      storeNames: () => [...l.storeNames(), ...r.storeNames()],
      get: () => {
        const lg = l.get();
        const rg = r.get();
        return {
          init: (ctx) => {
            lg.init(ctx);
            rg.init(ctx);
          },
          get: (key) => {
            const a = lg.get(key);
            const b = rg.get(key);
            if (a === null && b === null) return null;
            if (kind === 'inner' && (a === null || b === null)) return null;
            if (kind === 'left' && a === null) return null;
            const ts = Math.max(a?.timestamp ?? -1, b?.timestamp ?? -1);
            return { value: joiner(a?.value ?? null, b?.value ?? null), timestamp: ts };
          },
        };
      },
    };
  }
}
