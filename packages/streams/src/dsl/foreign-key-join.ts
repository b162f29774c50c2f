import { fkForeignTableJoin, fkResponseResolver, fkSubscriptionReceive, fkSubscriptionSend } from '../processor/ops/fk-join-processors.js';
import { responseSerde, subscriptionSerde } from '../processor/ops/fk-join-wrappers.js';
import { ktableKTableJoinMerger } from '../processor/ops/ktable-ktable-join-merger.js';
import { storeValueGetter, type KTableProcessorSupplier } from '../processor/ktable-value-getter.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { dslDefaultKeyValueStore, Stores } from '../state/store-builder.js';
import { GraphNode, ProcessorGraphNode, type CompileContext } from '../topology/graph-node.js';
import { dslStore, splitOptions } from './dsl-support.js';
import { KTable } from './ktable.js';
import type { Named } from './named.js';
import type { Materialized } from './options.js';

type U = unknown;
const asSupplier = (s: unknown): ProcessorSupplier<U, U, U, U> => s as ProcessorSupplier<U, U, U, U>;

/** Sink to an internal topic and a source reading it back, with separate serdes for each end. */
class InternalTopicHopNode extends GraphNode {
  constructor(
    readonly topic: string,
    readonly sinkName: string,
    readonly sourceName: string,
    readonly sink: { key: Serde<U> | undefined; value: Serde<U> | undefined },
    readonly source: { key: Serde<U> | undefined; value: Serde<U> | undefined },
  ) {
    super(topic);
  }
  override get attachName(): string {
    return this.sourceName;
  }
  write(ctx: CompileContext): void {
    const t = ctx.topology;
    t.addInternalTopic(this.topic);
    t.addSink(this.sinkName, this.topic, { ...(this.sink.key ? { keySerde: this.sink.key } : {}), ...(this.sink.value ? { valueSerde: this.sink.value } : {}) }, ...this.parentNames());
    t.addSource(this.sourceName, [this.topic], { ...(this.source.key ? { keySerde: this.source.key } : {}), ...(this.source.value ? { valueSerde: this.source.value } : {}) });
  }
}

/**
 * Foreign-key table-table join (KIP-213), lowered like Kafka: the left table sends subscriptions
 * keyed by foreign key through `<app>-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-N-topic`; the right
 * side keeps them in a subscription store and answers through
 * `<app>-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-N-topic` (on subscription, and to every subscriber on a
 * right-table change); the left side drops responses whose left-value hash is stale.
 */
export function addForeignKeyJoin<K, V, KO, VO, VR>(
  left: KTable<K, V>,
  right: KTable<KO, VO>,
  fkExtractor: (value: V) => KO | null,
  joiner: (value: V, foreign: VO | null) => VR,
  leftJoin: boolean,
  options: readonly (Named | Materialized<K, VR> | string)[],
): KTable<K, VR> {
  const b = left.builder;
  const { named, materialized } = splitOptions<K, VR>(options);
  left.supplier.enableSendingOldValues(true);
  const leftView = left.supplier.view();
  const rightView = right.supplier.view();
  const leftStore = leftView.storeNames()[0]!;
  const rightStore = rightView.storeNames()[0]!;

  const regTopic = `${named !== undefined ? `${named}-subscription-registration` : b.newProcessorName('KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-')}-topic`;
  const sendName = named !== undefined ? `${named}-subscription-registration-processor` : b.newProcessorName('KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-');
  const regSink = named !== undefined ? `${named}-subscription-registration-sink` : b.newProcessorName('KTABLE-SINK-');
  const regSource = named !== undefined ? `${named}-subscription-registration-source` : b.newProcessorName('KTABLE-SOURCE-');
  const subStore = named !== undefined ? `${named}-subscription-store` : b.newStoreName('KTABLE-FK-JOIN-SUBSCRIPTION-');
  const receiveName = named !== undefined ? `${named}-subscription-receive` : b.newProcessorName('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const foreignName = named !== undefined ? `${named}-foreign-table-processor` : b.newProcessorName('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const respTopic = `${named !== undefined ? `${named}-subscription-response` : b.newProcessorName('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-')}-topic`;
  const respSink = named !== undefined ? `${named}-subscription-response-sink` : b.newProcessorName('KTABLE-SINK-');
  const respSource = named !== undefined ? `${named}-subscription-response-source` : b.newProcessorName('KTABLE-SOURCE-');
  const resolverName = named !== undefined ? `${named}-subscription-response-resolver` : b.newProcessorName('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-');
  const outputName = named !== undefined ? `${named}-result` : b.newProcessorName('KTABLE-FK-JOIN-OUTPUT-');
  const outStoreName = materialized === undefined ? null : (materialized.storeName ?? b.newStoreName('KTABLE-FK-JOIN-OUTPUT-'));

  // Left: subscriptions out.
  const send = new ProcessorGraphNode(sendName, asSupplier(fkSubscriptionSend<K, V, KO>({ fkExtractor, leftStoreName: leftStore, leftJoin, sinkName: regSink, resolverName })), () => [], () => leftView.storeNames());
  b.addNode(send, left.node);
  const subSerde = subscriptionSerde<K>(left.keySerde) as Serde<U>;
  const reg = new InternalTopicHopNode(regTopic, regSink, regSource, { key: right.keySerde as Serde<U> | undefined, value: subSerde }, { key: right.keySerde as Serde<U> | undefined, value: subSerde });
  b.addNode(reg, send);

  // Right: subscription store, answers on subscription and on right-table change.
  // A DSL default store, like Kafka's: on disk under `defaultDslStore: 'persistent'`.
  const subStoreBuilder = (): never => {
    const sb = Stores.timestampedKeyValueStoreBuilder(dslDefaultKeyValueStore(subStore), Serdes.Bytes(), Serdes.Bytes());
    return sb as never;
  };
  const receive = new ProcessorGraphNode(receiveName, asSupplier(fkSubscriptionReceive<KO, K, VO>({ subscriptionStoreName: subStore, rightView, rightStoreName: rightStore })), () => [subStoreBuilder()], () => rightView.storeNames(), () => [regSource, ...right.sourceNodes]);
  b.addNode(receive, reg);
  const foreign = new ProcessorGraphNode(foreignName, asSupplier(fkForeignTableJoin<KO, VO>({ subscriptionStoreName: subStore, rightStoreName: rightStore })), () => [], () => [subStore, ...rightView.storeNames()]);
  b.addNode(foreign, right.node);
  const respSerde = responseSerde<VO>(right.valueSerde) as Serde<U>;
  const resp = new InternalTopicHopNode(respTopic, respSink, respSource, { key: Serdes.Bytes() as Serde<U>, value: respSerde }, { key: left.keySerde as Serde<U> | undefined, value: respSerde });
  b.addNode(resp, receive, foreign);

  // Left: responses in, stale ones dropped, joined, materialized if asked.
  const resolver = new ProcessorGraphNode(resolverName, asSupplier(fkResponseResolver<K, V, VO, VR>({ leftView, leftStoreName: leftStore, joiner, leftJoin })), () => [], () => leftView.storeNames(), () => [respSource, ...left.sourceNodes]);
  b.addNode(resolver, resp, send);
  const sendOld = { value: false };
  const outStore = outStoreName === null ? null : dslStore(outStoreName, materialized, materialized?.keySerde ?? left.keySerde, materialized?.valueSerde);
  const output = new ProcessorGraphNode(outputName, asSupplier(ktableKTableJoinMerger<K, VR>(outStoreName, () => sendOld.value)), () => (outStore === null ? [] : [outStore()]));
  b.addNode(output, resolver);
  const supplier: KTableProcessorSupplier<K, VR> = {
    enableSendingOldValues: () => {
      if (outStoreName === null) return false;
      sendOld.value = true;
      return true;
    },
    view: () => storeValueGetter<K, VR>(outStoreName ?? `${outputName}-unmaterialized`),
  };
  return new KTable<K, VR>(b, output, materialized?.keySerde ?? left.keySerde, materialized?.valueSerde, new Set([...left.sourceNodes]), supplier, materialized?.storeName ?? null);
}
