import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { SecurityProtocol } from '../config/broker-config.js';
import type { Logger } from '../logging/logger.js';
import type { BrokerMetrics } from '../logging/metrics.js';
import { Connection } from './connection.js';
import type { RequestDispatcher } from './request-dispatcher.js';
import { SaslGate } from './sasl-gate.js';
import { tlsPrincipal } from './tls-principal.js';
import type { ListenerTls } from './tls-options.js';
import { PRINCIPAL_ATTR } from '../sasl/sasl-attributes.js';

export interface TcpServerOptions {
  dispatcher: RequestDispatcher;
  logger: Logger;
  metrics?: BrokerMetrics | undefined;
  maxRequestBytes: number;
  /** connections.max.idle.ms; -1 disables reaping. */
  connectionsMaxIdleMs: number;
  /** The listener's security protocol (PLAINTEXT when absent). */
  securityProtocol?: SecurityProtocol | undefined;
  /** Key, certificates and client-auth policy; required for SSL and SASL_SSL. */
  tls?: ListenerTls | undefined;
}

/** Accepts connections and owns their lifecycle: idle reaping and graceful shutdown. */
export class KafkaTcpServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private nextId = 1;
  private reaper: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private readonly dispatcher: RequestDispatcher;
  /** Every accepted TCP socket (for TLS: the raw socket under the TLS one), until it closes. */
  private readonly sockets = new Set<Socket>();
  /** TLS sockets still in their handshake, by remote address: no Connection owns them yet. */
  private readonly handshaking = new Map<string, Socket>();
  private readonly protocol: SecurityProtocol;

  /** Plain TCP or TLS per the security protocol; SASL protocols put a SaslGate before the dispatcher. */
  constructor(private readonly opts: TcpServerOptions) {
    this.protocol = opts.securityProtocol ?? 'PLAINTEXT';
    const sasl = this.protocol === 'SASL_PLAINTEXT' || this.protocol === 'SASL_SSL';
    this.dispatcher = sasl ? new SaslGate(opts.dispatcher) : opts.dispatcher;
    if (this.protocol === 'SSL' || this.protocol === 'SASL_SSL') {
      const tls = opts.tls;
      if (!tls) throw new Error(`a ${this.protocol} listener needs TLS options`);
      const server = createTlsServer({ ...tls.options, noDelay: true, allowHalfOpen: true }, (socket) => this.acceptTls(socket, tls));
      // A failed handshake (wrong CA, plaintext client on a TLS port) never becomes a connection.
      server.on('tlsClientError', (err, socket) =>
        opts.logger.warn({ remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`, err: err.message }, 'TLS handshake failed'),
      );
      this.server = server;
    } else {
      this.server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => this.accept(socket));
    }
    this.server.on('error', (err) => opts.logger.error({ err }, 'listener error'));
    const tlsListener = this.protocol === 'SSL' || this.protocol === 'SASL_SSL';
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      const key = remoteKey(socket);
      if (tlsListener) this.handshaking.set(key, socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        if (this.handshaking.get(key) === socket) this.handshaking.delete(key);
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections with a request in progress or queued. */
  get busyConnectionCount(): number {
    let n = 0;
    for (const c of this.connections) if (c.isBusy) n++;
    return n;
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host: host === '' ? undefined : host, port }, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        const bound = typeof addr === 'object' && addr !== null ? addr : { address: host, port };
        this.startReaper();
        resolve({ host: bound.address, port: bound.port });
      });
    });
  }

  /**
   * Stops accepting, lets every connection finish the requests it already received, then closes
   * them; connections still busy after `deadlineMs` are cut.
   */
  close(deadlineMs: number): Promise<void> {
    this.closing ??= this.doClose(deadlineMs);
    return this.closing;
  }

  private async doClose(deadlineMs: number): Promise<void> {
    if (this.reaper) clearInterval(this.reaper);
    const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // A client stuck in its TLS handshake has sent no request: nothing to finish for it.
    for (const s of this.handshaking.values()) s.destroy();
    this.handshaking.clear();
    const drained = Promise.all([...this.connections].map((c) => c.drain()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const outcome = await Promise.race([drained, deadline]);
    clearTimeout(timer);
    if (outcome === 'deadline') {
      this.opts.logger.warn({ open: this.connections.size }, 'shutdown deadline reached; cutting connections');
      for (const c of [...this.connections]) c.destroy('shutdown deadline');
    }
    // Closed connections finish their FIN exchange; a peer that never completes it is cut after a grace period.
    const grace = setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, Math.min(deadlineMs, 2_000));
    await listenerClosed;
    clearTimeout(grace);
  }

  private acceptTls(socket: TLSSocket, tls: ListenerTls): void {
    this.handshaking.delete(remoteKey(socket));
    if (tls.clientAuth === 'requested' && !socket.authorized && socket.getPeerCertificate().subject !== undefined) {
      this.opts.logger.warn({ remote: socket.remoteAddress, reason: socket.authorizationError }, 'untrusted client certificate');
      socket.destroy();
      return;
    }
    this.accept(socket, this.protocol === 'SSL' ? tlsPrincipal(socket) : undefined);
  }

  private accept(socket: Socket, sslPrincipal?: string): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const id = this.nextId++;
    const sasl = this.protocol === 'SASL_PLAINTEXT' || this.protocol === 'SASL_SSL';
    const conn = new Connection({
      id,
      socket,
      dispatcher: this.dispatcher,
      // Kafka's principal on listeners without SASL: the client certificate's DN, else ANONYMOUS.
      initialAttributes: sasl ? undefined : new Map([[PRINCIPAL_ATTR, sslPrincipal ?? 'User:ANONYMOUS']]),
      logger: this.opts.logger,
      metrics: this.opts.metrics,
      maxRequestBytes: this.opts.maxRequestBytes,
      onClosed: (c) => this.connections.delete(c),
    });
    this.connections.add(conn);
  }

  private startReaper(): void {
    const idleMs = this.opts.connectionsMaxIdleMs;
    if (idleMs < 0) return;
    const every = Math.max(10, Math.min(30_000, Math.floor(idleMs / 4)));
    this.reaper = setInterval(() => {
      const now = Date.now();
      for (const c of [...this.connections]) {
        if (c.idleForMs(now) > idleMs) {
          this.opts.logger.info({ conn: c.info.id, remote: c.info.remote, idleMs }, 'closing idle connection');
          c.close('idle');
        }
      }
    }, every);
    this.reaper.unref();
  }
}

function remoteKey(socket: Socket): string {
  return `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
}
