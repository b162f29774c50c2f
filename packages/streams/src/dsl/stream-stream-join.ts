import { kstreamJoinWindow } from '../processor/ops/kstream-join-window.js';
import { JoinTimeTrackers, kstreamKStreamJoin } from '../processor/ops/kstream-kstream-join.js';
import { passThrough } from '../processor/ops/pass-through.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import { StreamsArgumentError } from '../errors/streams-errors.js';
import type { Serde } from '../serdes/serde.js';
import { OuterJoinStoreBuilder } from '../state/window/outer-join-store.js';
import { WindowStoreBuilder } from '../state/window/window-store-builder.js';
import type { WindowBytesStoreSupplier } from '../state/window/window-store-supplier.js';
import { ProcessorGraphNode } from '../topology/graph-node.js';
import { addRepartition } from './dsl-support.js';
import type { JoinWindows } from './join-windows.js';
import { KStream } from './kstream.js';
import type { StreamJoined } from './stream-joined.js';

type U = unknown;

/** Kafka's checks on a join store supplier: duplicates kept, window size and retention equal to the join windows'. */
function checkJoinSupplier(s: WindowBytesStoreSupplier | undefined, windows: JoinWindows): WindowBytesStoreSupplier | undefined {
  if (s === undefined) return undefined;
  if (!s.retainDuplicates) throw new StreamsArgumentError(`store ${s.name}: a join store supplier must retain duplicates`);
  if (s.windowSizeMs !== windows.size() || s.retentionMs !== windows.size() + windows.gracePeriodMs()) {
    throw new StreamsArgumentError(`store ${s.name}: supplier window size ${s.windowSizeMs} / retention ${s.retentionMs} must match the join windows (${windows.size()} / ${windows.size() + windows.gracePeriodMs()})`);
  }
  return s;
}
export type StreamJoinKind = 'inner' | 'left' | 'outer';

function prepare<K, V>(s: KStream<K, V>, name: string | undefined, side: 'left' | 'right', keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): KStream<K, V> {
  if (!s.repartitionRequired) return s;
  const rep = addRepartition(s.builder, s.node, name !== undefined ? `${name}-${side}` : s.node.name, {
    keySerde: keySerde as Serde<U> | undefined,
    valueSerde: valueSerde as Serde<U> | undefined,
    optimizable: true,
  });
  return new KStream<K, V>(s.builder, rep, keySerde, valueSerde, new Set([rep.sourceName]), false);
}

/**
 * Lowers a windowed stream-stream join the way Kafka does: KSTREAM-WINDOWED per side (owning that
 * side's window store), KSTREAM-JOINTHIS/-JOINOTHER (OUTERTHIS/OUTEROTHER for outer sides) probing
 * the other store, and KSTREAM-MERGE. Left and outer joins add the shared outer store.
 */
export function addStreamStreamJoin<K, V1, V2, VR>(
  left: KStream<K, V1>,
  right: KStream<K, V2>,
  joiner: (l: V1 | null, r: V2 | null, key: K) => VR,
  windows: JoinWindows,
  joined: StreamJoined<K, V1, V2> | undefined,
  kind: StreamJoinKind,
): KStream<K, VR> {
  const b = left.builder;
  const name = joined?.name;
  const keySerde = joined?.keySerde ?? left.keySerde ?? right.keySerde;
  const thisStream = prepare(left, name, 'left', keySerde, joined?.valueSerde ?? left.valueSerde);
  const otherStream = prepare(right, name, 'right', keySerde, joined?.otherValueSerde ?? right.valueSerde);
  const leftOuter = kind !== 'inner';
  const rightOuter = kind === 'outer';
  const thisWindowedName = name !== undefined ? `${name}-this-windowed` : b.newProcessorName('KSTREAM-WINDOWED-');
  const otherWindowedName = name !== undefined ? `${name}-other-windowed` : b.newProcessorName('KSTREAM-WINDOWED-');
  const thisGenerated = b.newProcessorName(rightOuter ? 'KSTREAM-OUTERTHIS-' : 'KSTREAM-JOINTHIS-');
  const otherGenerated = b.newProcessorName(leftOuter ? 'KSTREAM-OUTEROTHER-' : 'KSTREAM-JOINOTHER-');
  const thisName = name !== undefined ? `${name}-${rightOuter ? 'outer' : 'join'}-this` : thisGenerated;
  const otherName = name !== undefined ? `${name}-${leftOuter ? 'outer' : 'join'}-other` : otherGenerated;
  const mergeName = name !== undefined ? `${name}-merge` : b.newProcessorName('KSTREAM-MERGE-');
  const sn = joined?.storeName;
  const thisSupplier = checkJoinSupplier(joined?.thisStoreSupplier, windows);
  const otherSupplier = checkJoinSupplier(joined?.otherStoreSupplier, windows);
  const thisStoreName = thisSupplier?.name ?? (sn !== undefined ? `${sn}-this-join-store` : `${thisGenerated}-store`);
  const otherStoreName = otherSupplier?.name ?? (sn !== undefined ? `${sn}-other-join-store` : `${otherGenerated}-store`);
  const outerStoreName = !leftOuter ? null : sn !== undefined ? `${sn}-outer-shared-join-store` : `${thisGenerated.replace(/KSTREAM-(JOIN|OUTER)THIS-/, 'KSTREAM-OUTERSHARED-')}-store`;

  const retention = windows.size() + windows.gracePeriodMs();
  const logging = joined?.loggingEnabled !== false;
  const windowStore = (storeName: string, vs: Serde<U> | undefined) => (): never => {
    const supplier = storeName === thisStoreName ? thisSupplier : otherSupplier;
    const sb = new WindowStoreBuilder<K, U>(storeName, retention, windows.size(), true, keySerde, vs, false, false, supplier);
    if (!logging) sb.withLoggingDisabled();
    return sb as never;
  };
  const outerStore = (): never => {
    // Kafka: the shared store matches the this-side supplier's persistence, else `defaultDslStore`.
    const serdes = { key: keySerde, left: thisStream.valueSerde as Serde<U> | undefined, right: otherStream.valueSerde as Serde<U> | undefined };
    const sb = new OuterJoinStoreBuilder<K>(outerStoreName!, serdes, thisSupplier?.persistent);
    if (!logging) sb.withLoggingDisabled();
    return sb as never;
  };
  const asSupplier = (s: unknown): ProcessorSupplier<U, U, U, U> => s as ProcessorSupplier<U, U, U, U>;
  const co = (): string[] => [...thisStream.sourceNodes, ...otherStream.sourceNodes];

  const thisWindowed = new ProcessorGraphNode(thisWindowedName, asSupplier(kstreamJoinWindow(thisStoreName)), () => [windowStore(thisStoreName, thisStream.valueSerde as Serde<U> | undefined)()]);
  const otherWindowed = new ProcessorGraphNode(otherWindowedName, asSupplier(kstreamJoinWindow(otherStoreName)), () => [windowStore(otherStoreName, otherStream.valueSerde as Serde<U> | undefined)()]);
  b.addNode(thisWindowed, thisStream.node);
  b.addNode(otherWindowed, otherStream.node);

  const trackers = new JoinTimeTrackers();
  const side = (isLeft: boolean) => kstreamKStreamJoin<K, V1, V2, VR>({
    isLeft,
    otherStoreName: isLeft ? otherStoreName : thisStoreName,
    outerStoreName,
    beforeMs: windows.beforeMs,
    afterMs: windows.afterMs,
    graceMs: windows.gracePeriodMs(),
    thisOuter: isLeft ? leftOuter : rightOuter,
    joiner,
    trackers,
  });
  const thisJoin = new ProcessorGraphNode(thisName, asSupplier(side(true)), () => (outerStoreName === null ? [] : [outerStore()]), () => [otherStoreName], co);
  const otherJoin = new ProcessorGraphNode(otherName, asSupplier(side(false)), () => [], () => (outerStoreName === null ? [thisStoreName] : [thisStoreName, outerStoreName]));
  b.addNode(thisJoin, thisWindowed);
  b.addNode(otherJoin, otherWindowed);
  const merge = new ProcessorGraphNode(mergeName, asSupplier(passThrough()));
  b.addNode(merge, thisJoin, otherJoin);
  return new KStream<K, VR>(b, merge, keySerde, undefined, new Set(co()), false);
}
