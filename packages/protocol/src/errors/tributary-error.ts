/**
 * Base class of every error Tributary raises on purpose. `code` is stable across releases so
 * callers (and the broker's Kafka error-code table) can switch on it instead of on messages.
 */
export class TributaryError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bytes that do not decode as what they claim to be: torn writes, bit flips, lying lengths. */
export class CorruptRecordError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CORRUPT_RECORD', message, options);
  }
}

/** A read ran past the end of its buffer: always a sign of truncated or malformed input. */
export class BufferUnderflowError extends CorruptRecordError {
  constructor(needed: number, available: number) {
    super(`read past end of buffer: needed ${needed} byte(s), ${available} available`);
  }
}
