import { StreamsArgumentError } from '../../errors/streams-errors.js';

/** Kafka's SessionBytesStoreSupplier: what kind of session store a SessionStoreBuilder makes. */
export interface SessionBytesStoreSupplier {
  readonly kind: 'session';
  readonly name: string;
  readonly persistent: boolean;
  readonly retentionMs: number;
  /** Where a persistent store lives when built outside the runtime (which uses the task directory). */
  readonly defaultDirectory: string | undefined;
}

export function sessionSupplier(name: string, persistent: boolean, retentionMs: number, defaultDirectory?: string): SessionBytesStoreSupplier {
  if (name.length === 0) throw new StreamsArgumentError('session store name must not be empty');
  if (!Number.isSafeInteger(retentionMs) || retentionMs < 0) throw new StreamsArgumentError(`retentionMs (${retentionMs}) must be a non-negative integer`);
  return { kind: 'session', name, persistent, retentionMs, defaultDirectory };
}

export function isSessionStoreSupplier(s: unknown): s is SessionBytesStoreSupplier {
  return (s as Partial<SessionBytesStoreSupplier> | null)?.kind === 'session';
}
