/** Why the byte stream cannot be framed any further; the connection must be closed. */
export interface FramingFailure {
  reason: 'oversized' | 'invalid-size';
  size: number;
}

/**
 * Splits a TCP byte stream into Kafka frames (int32 big-endian size prefix, excluded from the
 * size). Frames keep their prefix (decoders check it). Frames contained in one chunk are zero-copy views; frames spanning chunks are copied once.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: FramingFailure | undefined;

  constructor(private readonly maxFrameBytes: number) {}

  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feeds bytes; returns complete frames (with the prefix) and a failure if framing broke. */
  push(chunk: Buffer): { frames: Buffer[]; failure?: FramingFailure } {
    const frames: Buffer[] = [];
    if (this.failure) return { frames, failure: this.failure };
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    while (this.buffered >= 4) {
      const size = this.peekSize();
      if (size < 0) {
        this.failure = { reason: 'invalid-size', size };
        break;
      }
      if (size > this.maxFrameBytes) {
        this.failure = { reason: 'oversized', size };
        break;
      }
      if (this.buffered < 4 + size) break;
      frames.push(this.take(4 + size));
    }
    if (this.failure) {
      this.chunks = [];
      this.buffered = 0;
      return { frames, failure: this.failure };
    }
    return { frames };
  }

  private peekSize(): number {
    const first = this.chunks[0]!;
    if (first.length >= 4) return first.readInt32BE(0);
    return this.take(4, true).readInt32BE(0);
  }

  /** Removes (or with `peek`, just gathers) the first `n` buffered bytes. */
  private take(n: number, peek = false): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      if (peek) return first;
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let i = 0;
    while (filled < n) {
      const c = this.chunks[i]!;
      const used = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, used);
      filled += used;
      if (!peek) {
        if (used === c.length) {
          i++;
        } else {
          this.chunks[i] = c.subarray(used);
        }
      } else {
        i++;
      }
    }
    if (!peek) {
      this.chunks.splice(0, i);
      this.buffered -= n;
    }
    return out;
  }
}
