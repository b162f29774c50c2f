import { Record, type FixedKeyProcessorSupplier, type Headers } from '@tributary/streams';
import { DLQ_ERROR_HEADER, DLQ_SOURCE_HEADER } from './topics.js';

/** What the parser hands the dead-letter branch: the original bytes and why they were refused. */
export interface Rejected {
  readonly raw: Buffer | null;
  readonly error: string;
}

/**
 * Forwards the original bytes unchanged with the error in headers, so the dead-letter topic can
 * be replayed into `transactions` once the cause is fixed.
 */
export function deadLetter(sourceTopic: string): FixedKeyProcessorSupplier<string, Rejected, Buffer | null> {
  return () => {
    let forward: ((record: Record<string, Buffer | null>) => void) | null = null;
    return {
      init(context) {
        forward = (record) => context.forward(record);
      },
      process(record) {
        const headers: Headers = [
          ...record.headers,
          { key: DLQ_ERROR_HEADER, value: Buffer.from(record.value.error) },
          { key: DLQ_SOURCE_HEADER, value: Buffer.from(sourceTopic) },
        ];
        forward?.(new Record(record.key, record.value.raw, record.timestamp, headers));
      },
    };
  };
}
