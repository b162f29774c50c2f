import { KafkaErrorCode } from './kafka-error-code.js';

/** Kafka error name (as the coordinators report per-item results) → numeric code. */
export function codeOfErrorName(name: string): number {
  return (KafkaErrorCode as Record<string, number>)[name] ?? KafkaErrorCode.UNKNOWN_SERVER_ERROR;
}
