import { connect, type Socket } from 'node:net';
import { decodeResponse, encodeRequest, type ApiKeyNumber, type ApiRequestMap, type ApiResponseMap } from '@tributary/protocol';

/** A minimal Kafka client for tests: typed requests, in-order responses, raw byte access. */
export class RawClient {
  private buf = Buffer.alloc(0);
  private pending: Array<{ resolve: (frame: Buffer) => void; reject: (e: Error) => void }> = [];
  private nextCorrelation = 1;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => this.onData(d));
    this.closed = new Promise((resolve) => socket.on('close', () => {
      for (const p of this.pending) p.reject(new Error('connection closed'));
      this.pending = [];
      resolve();
    }));
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Sends a typed request; resolves with the decoded body. */
  async request<K extends ApiKeyNumber>(apiKey: K, apiVersion: number, body: object): Promise<ApiResponseMap[K]> {
    const correlationId = this.nextCorrelation++;
    const frame = encodeRequest({ apiKey, apiVersion, correlationId, clientId: 'raw-test' }, body as ApiRequestMap[K]);
    const res = await this.send(frame);
    const decoded = decodeResponse(apiKey, apiVersion, res);
    if (decoded.correlationId !== correlationId) throw new Error(`correlation ${decoded.correlationId} != ${correlationId}`);
    return decoded.body;
  }

  /** Writes raw bytes and waits for the next response frame. */
  send(bytes: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(bytes);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) break;
      const frame = this.buf.subarray(0, 4 + size);
      this.buf = this.buf.subarray(4 + size);
      this.pending.shift()?.resolve(frame);
    }
  }
}
