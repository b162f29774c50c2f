/**
 * Vitest global setup: one reference Apache Kafka shared by every test file of a run. Enable it
 * with `globalSetup: ['test/helpers/kafka-global-setup.ts']` (best on a vitest project that holds
 * only test/interop and test/reference, so unit-test runs don't start a JVM). Test files reach it
 * through `acquireReferenceKafka()` (shared-kafka.ts), which falls back to a private broker when
 * this setup is not enabled.
 */
import type { TestProject } from 'vitest/node';
import { requireReferenceKafka } from './peers.js';
import { startReferenceKafka } from './reference-kafka.js';
import type { ReferenceKafka } from './reference-kafka.js';
import { BOOTSTRAP_ENV } from './reference-paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `127.0.0.1:<port>` of the shared reference Kafka, or '' when none runs. */
    referenceKafkaBootstrap: string;
  }
}

let kafka: ReferenceKafka | undefined;

export async function setup(project: TestProject): Promise<void> {
  const external = process.env[BOOTSTRAP_ENV];
  if (external) {
    project.provide('referenceKafkaBootstrap', external);
    return;
  }
  // Throws in CI when java or the jars are missing; locally the peer tests skip themselves.
  if (!requireReferenceKafka().available) {
    project.provide('referenceKafkaBootstrap', '');
    return;
  }
  kafka = await startReferenceKafka();
  project.provide('referenceKafkaBootstrap', kafka.bootstrap);
}

export async function teardown(): Promise<void> {
  await kafka?.stop();
  kafka = undefined;
}
