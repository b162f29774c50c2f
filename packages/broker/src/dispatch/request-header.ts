/** The fixed prefix of every request header (v0+), read without trusting anything after it. */
export interface RequestHeaderPrefix {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
}

/** The 8 bytes after a frame's size prefix, or undefined when the frame is too short. */
export function peekRequestHeader(frame: Buffer): RequestHeaderPrefix | undefined {
  if (frame.length < 12) return undefined;
  return { apiKey: frame.readInt16BE(4), apiVersion: frame.readInt16BE(6), correlationId: frame.readInt32BE(8) };
}

/**
 * ApiVersions error answer in the v0 layout (header v0), whatever version was asked:
 * error 35 plus the one entry {18, min, max} so the client can retry with a version we serve.
 */
export function apiVersionsUnsupportedResponse(correlationId: number, min: number, max: number): Buffer {
  const out = Buffer.allocUnsafe(4 + 4 + 2 + 4 + 6);
  out.writeInt32BE(out.length - 4, 0);
  out.writeInt32BE(correlationId, 4);
  out.writeInt16BE(35, 8);
  out.writeInt32BE(1, 10);
  out.writeInt16BE(18, 14);
  out.writeInt16BE(min, 16);
  out.writeInt16BE(max, 18);
  return out;
}
