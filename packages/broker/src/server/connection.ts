import type { Socket } from 'node:net';
import type { Logger } from '../logging/logger.js';
import type { BrokerMetrics } from '../logging/metrics.js';
import { FrameReader } from './frame-reader.js';
import type { ConnectionInfo, DispatchOutcome, RequestDispatcher } from './request-dispatcher.js';

export interface ConnectionOptions {
  id: number;
  socket: Socket;
  dispatcher: RequestDispatcher;
  logger: Logger;
  metrics?: BrokerMetrics | undefined;
  maxRequestBytes: number;
  /** Reading pauses while this many received requests wait their turn (Kafka mutes the channel). */
  maxQueuedRequests?: number;
  /**
   * Reading also pauses while received requests not yet answered (queued or in flight) hold this
   * many bytes: a fast producer's 1 MB requests would otherwise pile up in memory instead of in
   * the kernel's socket buffer. Default 8 MiB.
   */
  maxQueuedBytes?: number;
  /** Attributes the connection starts with (the listener's name, an SSL or anonymous principal). */
  initialAttributes?: ReadonlyMap<string, unknown>;
  onClosed(conn: Connection): void;
}

/**
 * One client connection: frames requests and answers them strictly in arrival order (clients pair
 * responses with requests by order). Requests run one at a time, except that consecutive Produce
 * requests are started back to back: each one's append takes its offsets synchronously when it
 * starts (so in arrival order, with the same idempotence checks as serial handling), and their
 * disk writes and fsyncs overlap instead of queueing behind each other. A slow request (long-poll
 * Fetch, held JoinGroup) delays only this socket.
 */
export class Connection {
  readonly info: ConnectionInfo;
  private readonly socket: Socket;
  private readonly frames: FrameReader;
  private readonly queue: Buffer[] = [];
  /** Started requests whose responses are not written yet, oldest first. */
  private readonly inflight: Array<Promise<DispatchOutcome>> = [];
  /** True while `inflight` holds a request other than Produce (then nothing else starts). */
  private exclusive = false;
  private readonly abort = new AbortController();
  private readonly maxQueued: number;
  private readonly maxQueuedBytes: number;
  /** Bytes of requests received and not yet answered (queued and in flight). */
  private heldBytes = 0;
  private busy = false;
  private closed = false;
  private draining = false;
  private drainReason = '';
  private lastActivity = Date.now();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: ConnectionOptions) {
    this.socket = opts.socket;
    this.frames = new FrameReader(opts.maxRequestBytes);
    this.maxQueued = opts.maxQueuedRequests ?? 64;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? 8 * 1024 * 1024;
    const remote = `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
    this.info = {
      id: opts.id,
      remote,
      signal: this.abort.signal,
      logger: opts.logger,
      attributes: new Map(opts.initialAttributes ?? []),
    };
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // A half-closed peer still gets answers to what it already sent (the server allows half-open).
    this.socket.on('end', () => void this.drain('client closed'));
    this.socket.on('error', (err) => this.close(`socket error: ${err.message}`));
    this.socket.on('close', () => this.close('socket closed'));
    opts.metrics?.connectionOpened?.(remote);
  }

  /** True while a request is being handled or waits in the queue. */
  get isBusy(): boolean {
    return this.busy || this.queue.length > 0 || this.inflight.length > 0;
  }

  idleForMs(now: number): number {
    return this.isBusy ? 0 : now - this.lastActivity;
  }

  /** Stops reading, lets queued requests finish, then ends the socket. Resolves once closed. */
  drain(reason = 'broker shutting down'): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.draining = true;
    this.drainReason = reason;
    this.socket.pause();
    this.abort.abort();
    if (!this.isBusy) this.close(reason);
    return new Promise((resolve) => {
      if (this.closed) resolve();
      else this.idleWaiters.push(resolve);
    });
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.abort.abort();
    this.opts.logger.debug({ conn: this.info.id, remote: this.info.remote, reason }, 'connection closed');
    this.opts.metrics?.connectionClosed?.(this.info.remote, reason);
    if (!this.socket.destroyed) {
      this.socket.end();
      // A paused socket never sees the peer's FIN; read (and drop) so the close completes.
      this.socket.resume();
      // Don't wait on a peer that never reads its FIN.
      setTimeout(() => this.socket.destroy(), 1_000).unref();
    }
    for (const w of this.idleWaiters) w();
    this.idleWaiters = [];
    this.opts.onClosed(this);
  }

  destroy(reason: string): void {
    this.close(reason);
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closed || this.draining) return;
    this.lastActivity = Date.now();
    const { frames, failure } = this.frames.push(chunk);
    for (const f of frames) {
      this.queue.push(f);
      this.heldBytes += f.length;
    }
    if (failure) {
      this.opts.logger.warn(
        { conn: this.info.id, remote: this.info.remote, size: failure.size, max: this.opts.maxRequestBytes },
        failure.reason === 'oversized'
          ? 'request size exceeds socket.request.max.bytes; closing connection'
          : 'invalid request size prefix; closing connection',
      );
      // Requests framed before the bad prefix are still answered; then the connection goes.
      this.queue.push(CLOSE_MARKER);
      this.socket.pause();
    }
    if (this.queue.length >= this.maxQueued || this.heldBytes >= this.maxQueuedBytes) this.socket.pause();
    this.startProduces();
    void this.pump();
  }

  /** Starts queued Produce requests behind the Produce requests already in flight (never behind another kind). */
  private startProduces(): void {
    while (
      !this.closed &&
      !this.exclusive &&
      this.inflight.length < MAX_PIPELINED_PRODUCES &&
      this.queue.length > 0 &&
      isProduce(this.queue[0]!)
    ) {
      this.inflight.push(this.handle(this.queue.shift()!));
    }
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed) {
        this.startProduces();
        if (this.inflight.length === 0) {
          const frame = this.queue.shift();
          if (frame === undefined) break;
          if (frame === CLOSE_MARKER) {
            this.close('framing error');
            return;
          }
          this.exclusive = true;
          this.inflight.push(this.handle(frame));
        }
        const outcome = await this.inflight[0]!;
        this.inflight.shift();
        if (this.inflight.length === 0) this.exclusive = false;
        if (this.closed) return;
        if (outcome.kind === 'close') {
          this.close(outcome.reason);
          return;
        }
        if (outcome.kind === 'respond') {
          await this.write(outcome.bytes);
          if (outcome.closeAfter !== undefined) {
            this.close(outcome.closeAfter);
            return;
          }
        }
        this.lastActivity = Date.now();
        if (!this.draining && this.queue.length < this.maxQueued / 2 && this.heldBytes < this.maxQueuedBytes / 2 && this.socket.isPaused()) {
          this.socket.resume();
        }
      }
    } finally {
      this.busy = false;
      if (this.draining && !this.closed && this.queue.length === 0) this.close(this.drainReason);
    }
  }

  private async handle(frame: Buffer): Promise<DispatchOutcome> {
    const started = performance.now();
    try {
      return await this.opts.dispatcher.dispatch(frame, this.info);
    } catch (err) {
      this.opts.logger.error(
        { conn: this.info.id, remote: this.info.remote, err },
        'unexpected error while handling a request; closing connection',
      );
      return { kind: 'close', reason: 'handler failure' };
    } finally {
      // The request's work is done (a Produce is written): its bytes no longer hold reading back.
      this.heldBytes -= frame.length;
      if (this.opts.metrics?.requestCompleted && frame.length >= 8) {
        this.opts.metrics.requestCompleted(frame.readInt16BE(4), frame.readInt16BE(6), performance.now() - started, false);
      }
    }
  }

  private write(bytes: Buffer | readonly Buffer[]): Promise<void> {
    const s = this.socket;
    if (s.destroyed || !s.writable) return Promise.resolve();
    let ok: boolean;
    if (Buffer.isBuffer(bytes)) {
      ok = s.write(bytes);
    } else {
      s.cork();
      ok = true;
      for (const b of bytes) ok = s.write(b) && ok;
      s.uncork();
    }
    if (ok) return Promise.resolve();
    // Wait for the kernel to take the bytes before producing the next response: bounds memory.
    return new Promise((resolve) => {
      const done = (): void => {
        s.off('drain', done);
        s.off('close', done);
        resolve();
      };
      s.on('drain', done);
      s.on('close', done);
    });
  }
}

const CLOSE_MARKER = Buffer.alloc(0);
const PRODUCE_KEY = 0;
/** Java producers keep up to 5 requests in flight per connection, librdkafka up to 1,000,000. */
const MAX_PIPELINED_PRODUCES = 16;

function isProduce(frame: Buffer): boolean {
  return frame.length >= 6 && frame.readInt16BE(4) === PRODUCE_KEY;
}
