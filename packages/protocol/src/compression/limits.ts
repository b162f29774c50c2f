/**
 * Upper bound on one batch's decompressed records. Far above Kafka's default 1 MiB batches, low
 * enough that a hostile "decompression bomb" cannot exhaust memory.
 */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
