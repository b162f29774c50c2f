import { EncodedBody } from '../dispatch/encoded-body.js';

export interface FetchPartitionData {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: Array<{ producerId: number; firstOffset: number }> | null;
  preferredReadReplica: number;
  records: Buffer;
}

export interface FetchResponseData {
  throttleTimeMs: number;
  errorCode: number;
  sessionId: number;
  responses: Array<{ topic: string; partitions: FetchPartitionData[] }>;
}

/** Fetch versions this encoder writes (the classic, non-flexible encodings). */
export const ENCODED_FETCH_VERSIONS = { min: 4, max: 11 } as const;

/**
 * Small fields go into a scratch buffer; each partition's records are referenced, not copied, so
 * a Fetch response costs one writev of the stored batches instead of two copies into a growing
 * response buffer.
 */
class PartsWriter {
  readonly parts: Buffer[] = [];
  private scratch = Buffer.allocUnsafe(1024);
  private pos = 0;
  byteLength = 0;

  private room(n: number): void {
    if (this.pos + n <= this.scratch.length) return;
    this.flush();
    if (n > this.scratch.length) this.scratch = Buffer.allocUnsafe(n);
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.parts.push(this.scratch.subarray(0, this.pos));
    this.scratch = this.scratch.subarray(this.pos);
    if (this.scratch.length < 64) this.scratch = Buffer.allocUnsafe(1024);
    this.pos = 0;
  }

  int16(v: number): void {
    this.room(2);
    this.pos = this.scratch.writeInt16BE(v, this.pos);
    this.byteLength += 2;
  }

  int32(v: number): void {
    this.room(4);
    this.pos = this.scratch.writeInt32BE(v, this.pos);
    this.byteLength += 4;
  }

  int64(v: number): void {
    this.room(8);
    this.pos = this.scratch.writeBigInt64BE(BigInt(v), this.pos);
    this.byteLength += 8;
  }

  string(s: string): void {
    const n = Buffer.byteLength(s);
    this.int16(n);
    this.room(n);
    this.pos += this.scratch.write(s, this.pos);
    this.byteLength += n;
  }

  /** A length-prefixed bytes field whose content is kept by reference. */
  bytes(b: Buffer): void {
    this.int32(b.length);
    if (b.length === 0) return;
    this.flush();
    this.parts.push(b);
    this.byteLength += b.length;
  }

  done(): EncodedBody {
    this.flush();
    return new EncodedBody(this.parts, this.byteLength);
  }
}

/** Encodes a Fetch response body for v4–v11 exactly as the schema-driven encoder would. */
export function encodeFetchResponse(version: number, res: FetchResponseData): EncodedBody {
  if (version < ENCODED_FETCH_VERSIONS.min || version > ENCODED_FETCH_VERSIONS.max) {
    throw new RangeError(`Fetch v${version} is not encoded here`);
  }
  const w = new PartsWriter();
  w.int32(res.throttleTimeMs);
  if (version >= 7) {
    w.int16(res.errorCode);
    w.int32(res.sessionId);
  }
  w.int32(res.responses.length);
  for (const t of res.responses) {
    w.string(t.topic);
    w.int32(t.partitions.length);
    for (const p of t.partitions) {
      w.int32(p.partitionIndex);
      w.int16(p.errorCode);
      w.int64(p.highWatermark);
      w.int64(p.lastStableOffset);
      if (version >= 5) w.int64(p.logStartOffset);
      if (p.abortedTransactions === null) w.int32(-1);
      else {
        w.int32(p.abortedTransactions.length);
        for (const a of p.abortedTransactions) {
          w.int64(a.producerId);
          w.int64(a.firstOffset);
        }
      }
      if (version >= 11) w.int32(p.preferredReadReplica);
      w.bytes(p.records);
    }
  }
  return w.done();
}
