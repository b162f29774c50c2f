import { Log, LogNode } from '@tributary/log';
import type { LogNodeOptions } from '@tributary/log';
import type { Cluster, ClusterCapabilities } from '../cluster.js';
import type { Consumer, ConsumerOptions } from '../consumer/consumer.js';
import { silentLogger } from '../logger.js';
import type { Logger } from '../logger.js';
import type { Producer, ProducerOptions } from '../producer/producer.js';
import { EmbeddedAdmin } from './embedded-admin.js';
import { EmbeddedConsumer } from './embedded-consumer.js';
import { embeddedCall } from './embedded-errors.js';
import { EmbeddedProducer } from './embedded-producer.js';
import type { NodeHandle } from './embedded-producer.js';

/**
 * What `embedded()` runs on: a LogNode (shared, e.g. with a broker; never closed here), an open Log
 * (a node is started over it; the log is not closed here), or options to open a node of its own
 * (closed on disconnect — an `inMemory` one is gone then; connecting again starts empty).
 * Give a shared log to one node only: two nodes over one log would run two coordinators.
 */
export type EmbeddedTarget = LogNode | Log | LogNodeOptions;

export interface EmbeddedClusterOptions {
  readonly clientId?: string;
  /** Used when the adapter opens the log itself. */
  readonly logger?: Logger;
}

/** Java's `group.initial.rebalance.delay.ms` is 3 s; in-process clients gain nothing from waiting. */
const EMBEDDED_INITIAL_REBALANCE_DELAY_MS = 0;

/** A Cluster made of direct calls into @tributary/log: no sockets, no request encoding. */
export function embedded(target: EmbeddedTarget, options: EmbeddedClusterOptions = {}): Cluster {
  return new EmbeddedCluster(target, options);
}

class EmbeddedCluster implements Cluster, NodeHandle {
  readonly kind = 'embedded';
  readonly capabilities: ClusterCapabilities = {
    groupMetadataFencing: true,
    nullHeaderValues: true,
    staticMembership: true,
  };
  readonly admin: EmbeddedAdmin;
  private opening: Promise<LogNode> | null = null;
  private owned = false;
  private readonly producers = new Set<EmbeddedProducer>();
  private readonly consumers = new Set<EmbeddedConsumer>();
  private readonly clientId: string;

  constructor(
    private readonly target: EmbeddedTarget,
    private readonly options: EmbeddedClusterOptions,
  ) {
    this.admin = new EmbeddedAdmin(this);
    this.clientId = options.clientId ?? 'tributary';
  }

  node(): Promise<LogNode> {
    if (this.opening === null) {
      const opening = embeddedCall('connect', () => this.open());
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
      this.opening = opening;
    }
    return this.opening;
  }

  async connect(): Promise<void> {
    await this.node();
  }

  async disconnect(): Promise<void> {
    const clients = [...this.consumers, ...this.producers];
    await Promise.allSettled(clients.map((c) => c.disconnect()));
    const opening = this.opening;
    this.opening = null;
    if (opening !== null && this.owned) await (await opening).close();
  }

  producer(options: ProducerOptions = {}): Producer {
    const producer = new EmbeddedProducer(this, options, (p) => this.producers.delete(p));
    this.producers.add(producer);
    return producer;
  }

  consumer(options: ConsumerOptions): Consumer {
    const consumer = new EmbeddedConsumer(this, options, this.clientId, (c) => this.consumers.delete(c));
    this.consumers.add(consumer);
    return consumer;
  }

  private async open(): Promise<LogNode> {
    const t = this.target;
    if (t instanceof LogNode) return t;
    this.owned = true;
    if (t instanceof Log) return LogNode.open({ log: t, ownsLog: false, groupConfig: { initialRebalanceDelayMs: EMBEDDED_INITIAL_REBALANCE_DELAY_MS } });
    return LogNode.open({
      ...(this.options.logger === undefined ? {} : { logger: this.options.logger }),
      ...t,
      groupConfig: { initialRebalanceDelayMs: EMBEDDED_INITIAL_REBALANCE_DELAY_MS, ...t.groupConfig },
    });
  }
}
