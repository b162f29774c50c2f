import type { IHeaders } from 'kafkajs';
import { UnsupportedFeatureError } from '../errors/client-errors.js';
import type { RecordHeader } from '../records/record.js';

const NONE: readonly RecordHeader[] = [];

/**
 * kafkajs wants headers as an object (repeated keys as arrays), which keeps order within a key
 * but not across interleaved keys — the only loss on this path.
 */
export function headersToKafkajs(headers: readonly RecordHeader[] | undefined): IHeaders | undefined {
  if (headers === undefined || headers.length === 0) return undefined;
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const { key, value } of headers) {
    // kafkajs 2.2.4 sizes header values with Buffer.byteLength before its null check and throws.
    if (value === null) throw new UnsupportedFeatureError(`kafka adapter: header "${key}" has a null value, which kafkajs cannot produce`);
    const v = value;
    const existing = out[key];
    if (existing === undefined) out[key] = v;
    else if (Array.isArray(existing)) existing.push(v);
    else out[key] = [existing, v];
  }
  return out;
}

export function headersFromKafkajs(headers: IHeaders | undefined): readonly RecordHeader[] {
  if (headers === undefined) return NONE;
  const keys = Object.keys(headers);
  if (keys.length === 0) return NONE;
  const out: RecordHeader[] = [];
  for (const key of keys) {
    const value = headers[key];
    if (Array.isArray(value)) for (const v of value) out.push({ key, value: toBuffer(v) });
    else out.push({ key, value: toBuffer(value) });
  }
  return out;
}

function toBuffer(value: Buffer | string | null | undefined): Buffer | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? Buffer.from(value) : value;
}
