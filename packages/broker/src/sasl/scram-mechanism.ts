/** One SCRAM mechanism's hash (RFC 5802 with SHA-256 per RFC 7677, SHA-512 as Kafka adds). */
export interface ScramMechanism {
  readonly name: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  /** node:crypto hash name. */
  readonly hash: 'sha256' | 'sha512';
  /** Output size of the hash in bytes. */
  readonly keyLength: number;
}

export const SCRAM_SHA_256: ScramMechanism = { name: 'SCRAM-SHA-256', hash: 'sha256', keyLength: 32 };
export const SCRAM_SHA_512: ScramMechanism = { name: 'SCRAM-SHA-512', hash: 'sha512', keyLength: 64 };
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = [SCRAM_SHA_256, SCRAM_SHA_512];

/** Kafka refuses fewer iterations (KIP-84); so do we. */
export const MIN_SCRAM_ITERATIONS = 4096;

export function scramMechanism(name: string): ScramMechanism | undefined {
  return SCRAM_MECHANISMS.find((m) => m.name === name);
}
