import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_SETUP_STEP, REPO_ROOT, referenceKafkaVersion } from './reference-paths.js';

/** Whether a real peer (java, kcat, Kafka jars, ...) can be used by this test file. */
export interface PeerStatus {
  readonly name: string;
  readonly available: boolean;
  /** Why it is missing and how to install it; empty when available. */
  readonly reason: string;
}

/** A check returns true when the peer is usable, or a string saying what is wrong. */
export type PeerCheck = () => boolean | string;

const isCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Checks a real peer once, at collection time. In CI (`CI=true`) a missing peer throws, so the
 * test file fails loudly; locally it warns with the install step and returns an unavailable
 * status, meant for `describe.skipIf(!status.available)`.
 */
export function requirePeer(name: string, check: PeerCheck, installStep = KAFKA_SETUP_STEP): PeerStatus {
  let verdict: boolean | string;
  try {
    verdict = check();
  } catch (error) {
    verdict = error instanceof Error ? error.message : String(error);
  }
  if (verdict === true) return { name, available: true, reason: '' };
  const why = typeof verdict === 'string' ? verdict : 'not found';
  const reason = `${name} is missing (${why}); install it with: ${installStep}`;
  if (isCi()) throw new Error(`required test peer ${reason}`);
  console.warn(`[skip] ${reason}`);
  return { name, available: false, reason };
}

/** Checks several peers; available only when all are. */
export function requirePeers(...statuses: PeerStatus[]): PeerStatus {
  const missing = statuses.filter((status) => !status.available);
  return {
    name: statuses.map((status) => status.name).join('+'),
    available: missing.length === 0,
    reason: missing.map((status) => status.reason).join('; '),
  };
}

function commandRuns(command: string, args: readonly string[]): boolean | string {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  if (result.error) return result.error.message;
  return result.status === 0 || `${command} exited with ${result.status}`;
}

/** Ready-made checks for the peers the interop and reference tests use. */
export const peerChecks = {
  java: (): boolean | string => commandRuns('java', ['-version']),
  kcat: (): boolean | string => commandRuns('kcat', ['-V']),
  kafkaJars: (): boolean | string => referenceKafkaVersion() !== undefined || 'no kafka_2.13 jar in test/reference/lib',
} as const;

/** java + Kafka jars: enough to run a reference broker and Kafka's CLI tools. */
export function requireReferenceKafka(): PeerStatus {
  return requirePeers(requirePeer('java', peerChecks.java), requirePeer('Apache Kafka jars', peerChecks.kafkaJars));
}

/** Where `.ci/setup-15-kafka4-clients.sh` copies the Kafka 4.x client + tools jars (no broker). */
export const KAFKA4_CLIENTS_LIB = join(REPO_ROOT, 'test', 'reference', 'lib-4x');
/** The step that installs the Kafka 4.x client jars. */
export const KAFKA4_SETUP_STEP = 'bash .ci/setup-15-kafka4-clients.sh';

/** The 4.x version of the jars in lib-4x/ (from the kafka-tools-<v>.jar name), or undefined. */
export function kafka4ClientsVersion(): string | undefined {
  if (!existsSync(KAFKA4_CLIENTS_LIB)) return undefined;
  for (const name of readdirSync(KAFKA4_CLIENTS_LIB)) {
    const match = /^kafka-tools-(4\..+)\.jar$/.exec(name);
    if (match) return match[1];
  }
  return undefined;
}

/** java + Kafka 4.x client/tools jars: enough to run 4.x CLI tools against a broker. */
export function requireKafka4Clients(): PeerStatus {
  return requirePeers(
    requirePeer('java', peerChecks.java),
    requirePeer('Kafka 4.x client jars', () => kafka4ClientsVersion() !== undefined || 'no kafka-tools-4.x jar in test/reference/lib-4x', KAFKA4_SETUP_STEP),
  );
}

/** kcat (librdkafka's CLI). */
export function requireKcat(): PeerStatus {
  return requirePeer('kcat', peerChecks.kcat);
}
