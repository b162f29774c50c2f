import type { Cluster } from '@tributary/client';
import { ExceptionHandlers, TributaryStreams, type ProcessingGuarantee } from '@tributary/streams';
import { FRAUD_SERDE_DEFAULTS, buildFraudTopology } from '../topology/fraud-topology.js';
import { TOPICS } from '../topology/topics.js';

export const APPLICATION_ID = 'fraud-detection';
// Alerts must not repeat after a crash: outputs, state and offsets commit in one transaction.
export const PROCESSING_GUARANTEE: ProcessingGuarantee = 'exactly_once_v2';

/**
 * The streams app `npm start` runs (and the embedded test drives): the fraud topology with
 * exactly-once and dead letters, state under `stateDir`. Kept apart from `main.ts` so a test runs
 * the very same configuration without the console, generator and HTTP server around it.
 */
export function createFraudApp(cluster: Cluster, stateDir: string): TributaryStreams {
  return new TributaryStreams(buildFraudTopology(), {
    applicationId: APPLICATION_ID,
    cluster,
    stateDir,
    processingGuarantee: PROCESSING_GUARANTEE,
    commitIntervalMs: 1000,
    ...FRAUD_SERDE_DEFAULTS,
    // Bytes that break even the raw read (a bad key, say) are dead-lettered by the runtime; the
    // topology itself dead-letters values that are not valid transactions.
    deserializationExceptionHandler: ExceptionHandlers.deadLetter(TOPICS.deadLetter),
  });
}
