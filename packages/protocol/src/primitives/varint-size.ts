/** Encoded sizes of Kafka's variable-length integers, for pre-sizing buffers without encoding. */

/** Bytes of `v` as an unsigned LEB128 varint (Kafka's "unsigned varint"); `v` in [0, 2^32). */
export function sizeOfUvarint(v: number): number {
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

/** Bytes of a zigzag int32 varint. */
export function sizeOfVarint(v: number): number {
  return sizeOfUvarint(((v << 1) ^ (v >> 31)) >>> 0);
}

/** Bytes of an unsigned LEB128 value up to 2^64 - 1 (number within safe range, or bigint). */
export function sizeOfUvarlong(v: number | bigint): number {
  if (typeof v === 'bigint') {
    let n = 1;
    while (v >= 0x80n) {
      v >>= 7n;
      n++;
    }
    return n;
  }
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Bytes of a zigzag int64 varint for a safe-integer `v`. */
export function sizeOfVarlong(v: number): number {
  // zigzag in float arithmetic: exact for |v| <= 2^53.
  return sizeOfUvarlong(v >= 0 ? v * 2 : -v * 2 - 1);
}
