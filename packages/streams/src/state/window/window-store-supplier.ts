import { StreamsArgumentError } from '../../errors/streams-errors.js';

/**
 * Kafka's WindowBytesStoreSupplier: what kind of window store to make. The store itself is made
 * by a WindowStoreBuilder, which the runtime asks to build per task (placing persistent ones
 * under the task directory).
 */
export interface WindowBytesStoreSupplier {
  readonly kind: 'window';
  readonly name: string;
  readonly persistent: boolean;
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  /** Stream-stream join stores keep every record; aggregation stores keep one value per window. */
  readonly retainDuplicates: boolean;
  /** Values carry their timestamp (what DSL aggregations use); informational, the builder decides the value layout. */
  readonly timestamped: boolean;
  readonly segmentIntervalMs: number | undefined;
  /** Where a persistent store lives when built outside the runtime (which uses the task directory). */
  readonly defaultDirectory: string | undefined;
}

export interface WindowStoreParams {
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates?: boolean;
  readonly segmentIntervalMs?: number;
}

/** Checks Kafka's rules for window store parameters (retention >= window size, both >= 0). */
export function windowSupplier(name: string, persistent: boolean, timestamped: boolean, p: WindowStoreParams, defaultDirectory?: string): WindowBytesStoreSupplier {
  if (name.length === 0) throw new StreamsArgumentError('window store name must not be empty');
  if (!Number.isSafeInteger(p.retentionMs) || p.retentionMs < 0) throw new StreamsArgumentError(`retentionMs (${p.retentionMs}) must be a non-negative integer`);
  if (!Number.isSafeInteger(p.windowSizeMs) || p.windowSizeMs < 0) throw new StreamsArgumentError(`windowSizeMs (${p.windowSizeMs}) must be a non-negative integer`);
  if (p.windowSizeMs > p.retentionMs) throw new StreamsArgumentError(`retentionMs (${p.retentionMs}) must be at least windowSizeMs (${p.windowSizeMs})`);
  if (p.segmentIntervalMs !== undefined && (!Number.isSafeInteger(p.segmentIntervalMs) || p.segmentIntervalMs < 1)) {
    throw new StreamsArgumentError(`segmentIntervalMs (${p.segmentIntervalMs}) must be a positive integer`);
  }
  return {
    kind: 'window',
    name,
    persistent,
    retentionMs: p.retentionMs,
    windowSizeMs: p.windowSizeMs,
    retainDuplicates: p.retainDuplicates ?? false,
    timestamped,
    segmentIntervalMs: p.segmentIntervalMs,
    defaultDirectory,
  };
}

export function isWindowStoreSupplier(s: unknown): s is WindowBytesStoreSupplier {
  return (s as Partial<WindowBytesStoreSupplier> | null)?.kind === 'window';
}
