import type { Cluster } from '@tributary/client';
import { TributaryStreams, type TributaryStreamsConfig } from '@tributary/streams';
import { buildInventoryTopology } from '../topology/inventory-topology.js';
import { buildOrderStatusTopology } from '../topology/order-status-topology.js';
import { SERDE_DEFAULTS } from '../topology/serdes.js';
import { APPS } from '../topology/topics.js';

export interface StreamsAppOptions {
  /** Local state; one directory per instance (it also holds the instance's stable process id). */
  readonly stateDir: string;
  readonly commitIntervalMs?: number;
  readonly sessionTimeoutMs?: number;
}

// Exactly-once ('exactly_once_v2') once the runtime ships it; until then the inventory's
// per-order decisions and the status transitions make replays harmless.
function config(cluster: Cluster, applicationId: string, o: StreamsAppOptions): TributaryStreamsConfig {
  return {
    applicationId,
    cluster,
    stateDir: o.stateDir,
    processingGuarantee: 'at_least_once',
    commitIntervalMs: o.commitIntervalMs ?? 500,
    ...(o.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: o.sessionTimeoutMs, heartbeatIntervalMs: Math.floor(o.sessionTimeoutMs / 4) }),
    ...SERDE_DEFAULTS,
  };
}

/** The inventory service: stock per SKU as a KTable, reserved by orders. */
export function inventoryApp(cluster: Cluster, options: StreamsAppOptions): TributaryStreams {
  return new TributaryStreams(buildInventoryTopology(), config(cluster, APPS.inventory, options));
}

/** The order-status service: every service's answer joined per order into `order-status`. */
export function orderStatusApp(cluster: Cluster, options: StreamsAppOptions): TributaryStreams {
  return new TributaryStreams(buildOrderStatusTopology(), config(cluster, APPS.orderStatus, options));
}
