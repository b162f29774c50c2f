/**
 * A TCP proxy that records Kafka protocol frames: clients connect to it, it forwards bytes
 * untouched to a real broker and keeps every size-prefixed request and response frame.
 * `flush()` writes one request/response pair per (client, apiKey, version) as
 *   <outDir>/<client>/<seq>-<apiKey>-v<version>-request.bin / -response.bin
 * (golden bytes for codec tests). The broker must advertise the proxy's port, or clients leave
 * the proxy after their first Metadata (startReferenceKafka's `advertisedPort` does this).
 *
 * CLI: node --conditions=@tributary/source --import tsx test/reference/capture-frames.ts \
 *        --target 127.0.0.1:9092 --listen 19092 --client kcat --out test/fixtures/frames
 *      (records until SIGINT/SIGTERM, then writes the files)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import { apiName } from './api-names.js';

export interface CapturedExchange {
  readonly seq: number;
  readonly client: string;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  /** The whole request frame, size prefix included. */
  readonly request: Buffer;
  /** The whole response frame, size prefix included; absent for acks=0 Produce. */
  response?: Buffer;
}

export interface FrameCaptureOptions {
  targetHost?: string;
  targetPort: number;
  /** Port on 127.0.0.1 to listen on; default ephemeral. */
  listenPort?: number;
  /** Label for connections accepted from now on (changeable with setClient). */
  client?: string;
}

export interface WrittenFixture {
  readonly client: string;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly files: readonly string[];
  readonly bytes: number;
}

/** Splits a byte stream into size-prefixed frames. */
class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (frame: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const total = 4 + this.pending.readInt32BE(0);
      if (this.pending.length < total) return;
      this.onFrame(Buffer.from(this.pending.subarray(0, total)));
      this.pending = this.pending.subarray(total);
    }
  }
}

export class FrameCapture {
  readonly exchanges: CapturedExchange[] = [];
  private client: string;
  private seq = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
    client: string,
  ) {
    this.client = client;
    server.on('connection', (socket) => this.proxy(socket));
  }

  static async start(options: FrameCaptureOptions): Promise<FrameCapture> {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listenPort ?? 0, '127.0.0.1', () => {
        const address = server.address();
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
    return new FrameCapture(server, port, { host: options.targetHost ?? '127.0.0.1', port: options.targetPort }, options.client ?? 'client');
  }

  /** Connections accepted from now on are recorded under this client name. */
  setClient(client: string): void {
    this.client = client;
  }

  /** Number of client connections currently open through the proxy. */
  get openConnections(): number {
    return this.sockets.size;
  }

  private proxy(downstream: Socket): void {
    const client = this.client;
    const upstream = createConnection({ host: this.target.host, port: this.target.port });
    const inFlight = new Map<number, CapturedExchange>();
    this.sockets.add(downstream);
    const requests = new FrameSplitter((frame) => {
      if (frame.length < 12) return;
      const exchange: CapturedExchange = {
        seq: ++this.seq,
        client,
        apiKey: frame.readInt16BE(4),
        apiVersion: frame.readInt16BE(6),
        correlationId: frame.readInt32BE(8),
        request: frame,
      };
      this.exchanges.push(exchange);
      inFlight.set(exchange.correlationId, exchange);
    });
    const responses = new FrameSplitter((frame) => {
      if (frame.length < 8) return;
      const exchange = inFlight.get(frame.readInt32BE(4));
      if (exchange === undefined) return;
      inFlight.delete(exchange.correlationId);
      exchange.response = frame;
    });
    downstream.on('data', (chunk: Buffer) => {
      requests.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      responses.push(chunk);
      downstream.write(chunk);
    });
    const close = (): void => {
      downstream.destroy();
      upstream.destroy();
      this.sockets.delete(downstream);
    };
    downstream.on('close', close);
    upstream.on('close', close);
    downstream.on('error', close);
    upstream.on('error', close);
  }

  /**
   * Writes one exchange per (client, apiKey, version) under `outRoot/<client>/`, replacing that
   * client's directory. Picks the exchange with the largest response not over `maxResponseBytes`
   * (so a Fetch with records beats an empty long-poll), else the first.
   */
  flush(outRoot: string, maxResponseBytes = 64 * 1024): WrittenFixture[] {
    const chosen = new Map<string, CapturedExchange>();
    for (const exchange of this.exchanges) {
      const key = `${exchange.client}/${exchange.apiKey}/${exchange.apiVersion}`;
      const best = chosen.get(key);
      const size = exchange.response?.length ?? 0;
      if (best === undefined || (size <= maxResponseBytes && size > (best.response?.length ?? 0))) chosen.set(key, exchange);
    }
    const written: WrittenFixture[] = [];
    const cleared = new Set<string>();
    for (const exchange of [...chosen.values()].sort((a, b) => a.seq - b.seq)) {
      const dir = join(outRoot, exchange.client);
      if (!cleared.has(dir)) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        cleared.add(dir);
      }
      const stem = `${String(exchange.seq).padStart(4, '0')}-${exchange.apiKey}-v${exchange.apiVersion}`;
      const files = [`${stem}-request.bin`];
      writeFileSync(join(dir, files[0] ?? ''), exchange.request);
      if (exchange.response) {
        files.push(`${stem}-response.bin`);
        writeFileSync(join(dir, `${stem}-response.bin`), exchange.response);
      }
      written.push({
        client: exchange.client,
        apiKey: exchange.apiKey,
        apiVersion: exchange.apiVersion,
        files,
        bytes: exchange.request.length + (exchange.response?.length ?? 0),
      });
    }
    return written;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One line per written pair, e.g. `kcat  3 Metadata v4  0005-3-v4-request.bin (+response)  812 B`. */
export function describeFixtures(written: readonly WrittenFixture[]): string[] {
  return written.map(
    (w) => `${w.client}\t${w.apiKey}\t${apiName(w.apiKey)}\tv${w.apiVersion}\t${w.files.join(' ')}\t${w.bytes} B`,
  );
}

function argValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const [host, port] = (argValue(args, '--target') ?? '').split(':');
  if (!host || !port) throw new Error('usage: capture-frames.ts --target host:port [--listen port] [--client name] [--out dir]');
  const listen = argValue(args, '--listen');
  const capture = await FrameCapture.start({
    targetHost: host,
    targetPort: Number(port),
    listenPort: listen ? Number(listen) : undefined,
    client: argValue(args, '--client') ?? 'client',
  });
  const out = argValue(args, '--out') ?? 'test/fixtures/frames';
  process.stdout.write(`capturing on 127.0.0.1:${capture.port} -> ${host}:${port}; Ctrl-C writes ${out}/\n`);
  const finish = async (): Promise<void> => {
    await capture.close();
    for (const line of describeFixtures(capture.flush(out))) process.stdout.write(`${line}\n`);
    process.exit(0);
  };
  process.once('SIGINT', () => void finish());
  process.once('SIGTERM', () => void finish());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
