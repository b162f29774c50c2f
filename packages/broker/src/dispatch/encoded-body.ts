/**
 * A response body a handler encoded itself, as a list of buffers written with one writev: Fetch
 * uses it to send stored record batches without copying them into a response buffer. Only for
 * non-flexible versions (response header v0: just the correlation id).
 */
export class EncodedBody {
  constructor(
    readonly parts: readonly Buffer[],
    readonly byteLength: number,
  ) {}
}

/** Size prefix + response header v0 + the body's parts. */
export function frameEncodedBody(correlationId: number, body: EncodedBody): Buffer[] {
  const head = Buffer.allocUnsafe(8);
  head.writeInt32BE(4 + body.byteLength, 0);
  head.writeInt32BE(correlationId, 4);
  return [head, ...body.parts];
}
