import type { TopicRecords } from '../producer/producer.js';

/** Per-record bytes of a RecordBatch v2 record besides key, value and headers (length, attributes, deltas, counts). */
const RECORD_OVERHEAD = 24;

/**
 * Cuts a send into consecutive chunks of at most `maxBytes` estimated record bytes (a record
 * bigger than that alone), keeping record order within each topic. kafkajs puts a send's records
 * for one partition into one batch, so bounding a whole chunk bounds every batch in it; the
 * chunks are sent one after another. Allocation-free for the common send that fits one chunk.
 */
export function chunkSend(batches: readonly TopicRecords[], maxBytes: number): (readonly TopicRecords[])[] {
  let total = 0;
  for (const b of batches) for (let i = 0; i < b.records.length; i++) total += estimate(b.records[i]!);
  if (total <= maxBytes) return [batches];
  const chunks: TopicRecords[][] = [];
  let chunk: TopicRecords[] = [];
  let size = 0;
  for (const b of batches) {
    let start = 0;
    for (let i = 0; i < b.records.length; i++) {
      const bytes = estimate(b.records[i]!);
      if (size > 0 && size + bytes > maxBytes) {
        if (i > start) chunk.push({ topic: b.topic, records: b.records.slice(start, i) });
        chunks.push(chunk);
        chunk = [];
        size = 0;
        start = i;
      }
      size += bytes;
    }
    if (start < b.records.length) chunk.push({ topic: b.topic, records: start === 0 ? b.records : b.records.slice(start) });
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

function estimate(r: TopicRecords['records'][number]): number {
  let bytes = RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  if (r.headers !== undefined) for (const h of r.headers) bytes += 10 + h.key.length * 3 + (h.value?.length ?? 0);
  return bytes;
}
