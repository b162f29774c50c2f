import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Observable } from 'rxjs';
import type { AnalyticsQueries } from './analytics-queries.js';
import type { FeedEvent } from './live-feed.js';

export interface DashboardServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface DashboardSources {
  readonly queries: AnalyticsQueries;
  readonly feed: Observable<FeedEvent>;
  readonly topology: { readonly text: string; readonly mermaid: string };
}

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const require = createRequire(import.meta.url);
/** Browser bundles served from node_modules: nothing comes from a CDN. */
const VENDOR: { readonly [path: string]: string } = {
  '/vendor/chart.umd.min.js': join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
  '/vendor/mermaid.min.js': join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js'),
};
const TYPES: { readonly [ext: string]: string } = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * GET /                     the live dashboard (public/)
 * GET /events               Server-Sent Events: one named event per result table, on change
 * GET /api/page-views | /api/top-pages | /api/unique-visitors | /api/sessions | /api/funnel
 *                           interactive queries on the app's local stores
 * GET /api/progress         per-task throughput and lag (runtime metrics)
 * GET /api/topology         describe() as text and Mermaid
 * Binds to 127.0.0.1 only.
 */
export async function startDashboardServer(sources: DashboardSources, port: number): Promise<DashboardServer> {
  const server = createServer((req, res) => {
    try {
      route(sources, req, res);
    } catch (error) {
      // Stores are unavailable while the app rebalances or restores: the caller retries.
      send(res, 503, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}/`, close: () => closeServer(server) };
}

function route(sources: DashboardSources, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (req.method !== 'GET') return send(res, 405, { error: 'GET only' });
  const q = sources.queries;
  const last = url.searchParams.has('last') ? Number(url.searchParams.get('last')) : undefined;
  switch (path) {
    case '/events':
      return streamEvents(sources.feed, req, res);
    case '/api/page-views':
      return send(res, 200, q.pageViews(last));
    case '/api/top-pages':
      return send(res, 200, q.topPages());
    case '/api/unique-visitors':
      return send(res, 200, q.uniqueVisitors(last));
    case '/api/sessions':
      return send(res, 200, q.sessions());
    case '/api/funnel':
      return send(res, 200, q.funnel());
    case '/api/progress':
      return send(res, 200, q.progress());
    case '/api/topology':
      return send(res, 200, sources.topology);
  }
  const vendor = VENDOR[path];
  if (vendor !== undefined) return sendFile(res, vendor, 'text/javascript; charset=utf-8');
  const file = path === '/' ? 'index.html' : path.slice(1);
  if (/^[a-z0-9-]+\.(html|js|css)$/.test(file) && existsSync(join(PUBLIC_DIR, file))) return sendFile(res, join(PUBLIC_DIR, file), TYPES[extname(file)]!);
  send(res, 404, { error: 'not found' });
}

function streamEvents(feed: Observable<FeedEvent>, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  const subscription = feed.subscribe((e) => res.write(`event: ${e.event}\ndata: ${e.data}\n\n`));
  req.once('close', () => subscription.unsubscribe());
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendFile(res: ServerResponse, file: string, type: string): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
