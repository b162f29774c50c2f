// Byte layouts. Changelog keys follow Kafka exactly so a Java app could restore them:
//   window store:  <key><8-byte BE window start><4-byte BE seqnum>
//   session store: <key><8-byte BE end><8-byte BE start>
// Engine keys put time first (sign bit flipped so negative times still sort) for time-ordered scans.

const SIGN = 0x80000000;

export function writeOrderedTime(buf: Buffer, ts: number, offset: number): void {
  const hi = Math.floor(ts / 0x100000000);
  const lo = ts - hi * 0x100000000;
  buf.writeUInt32BE(((hi | 0) ^ SIGN) >>> 0, offset);
  buf.writeUInt32BE(lo >>> 0, offset + 4);
}

export function readOrderedTime(buf: Buffer, offset: number): number {
  const hi = (buf.readUInt32BE(offset) ^ SIGN) | 0;
  return hi * 0x100000000 + buf.readUInt32BE(offset + 4);
}

export function orderedTime(ts: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  writeOrderedTime(b, ts, 0);
  return b;
}

function writeLong(buf: Buffer, v: number, offset: number): void {
  buf.writeBigInt64BE(BigInt(v), offset);
}
function readLong(buf: Buffer, offset: number): number {
  return Number(buf.readBigInt64BE(offset));
}

export function windowChangelogKey(key: Buffer, windowStart: number, seq: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + 12);
  key.copy(out, 0);
  writeLong(out, windowStart, key.length);
  out.writeInt32BE(seq, key.length + 8);
  return out;
}

export function parseWindowChangelogKey(b: Buffer): { key: Buffer; windowStart: number; seq: number } {
  const n = b.length - 12;
  return { key: b.subarray(0, n), windowStart: readLong(b, n), seq: b.readInt32BE(n + 8) };
}

export function sessionChangelogKey(key: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + 16);
  key.copy(out, 0);
  writeLong(out, end, key.length);
  writeLong(out, start, key.length + 8);
  return out;
}

export function parseSessionChangelogKey(b: Buffer): { key: Buffer; start: number; end: number } {
  const n = b.length - 16;
  return { key: b.subarray(0, n), end: readLong(b, n), start: readLong(b, n + 8) };
}
