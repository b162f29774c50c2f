import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in test/helpers/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where `.ci/setup-10-kafka.sh` copies the Apache Kafka jars. */
export const REFERENCE_LIB = join(REPO_ROOT, 'test', 'reference', 'lib');
/** Static configuration files for the reference Kafka (log4j). */
export const REFERENCE_KAFKA_DIR = join(REPO_ROOT, 'test', 'reference', 'kafka');
/** The step that installs every reference peer (kcat, Kafka jars). */
export const KAFKA_SETUP_STEP = 'bash .ci/setup-10-kafka.sh';

/** Java classpath holding every reference jar (a JVM wildcard entry). */
export function referenceClasspath(): string {
  return join(REFERENCE_LIB, '*');
}

/** The Kafka version of the jars in lib/ (from the kafka_2.13-<v>.jar name), or undefined. */
export function referenceKafkaVersion(): string | undefined {
  if (!existsSync(REFERENCE_LIB)) return undefined;
  for (const name of readdirSync(REFERENCE_LIB)) {
    const match = /^kafka_2\.13-(.+)\.jar$/.exec(name);
    if (match) return match[1];
  }
  return undefined;
}
/** Set this to point every reference-Kafka test at an already running broker (no JVM is started). */
export const BOOTSTRAP_ENV = 'TRIBUTARY_KAFKA_BOOTSTRAP';
