import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FraudAlert } from '../domain/alert.js';
import type { CardProfile } from '../domain/card-profile.js';
import { DASHBOARD_HTML } from './dashboard-page.js';

/** What the endpoint answers from: the app's local stores and its live counters. */
export interface FraudQueries {
  profile(cardId: string): CardProfile | null;
  recentAlerts(cardId: string): readonly FraudAlert[];
  /** The newest alerts seen on `fraud-alerts`, newest first. */
  latestAlerts(): readonly FraudAlert[];
  stats(): { readonly [name: string]: number | string };
}

export interface QueryServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * GET /                  a small live page (alerts, progress, card lookup)
 * GET /api/cards/:id     { profile, recentAlerts } from the interactive-query stores
 * GET /api/alerts        the latest alerts
 * GET /api/stats         progress counters
 * Binds to 127.0.0.1 only: the stores hold card data.
 */
export async function startQueryServer(queries: FraudQueries, port: number): Promise<QueryServer> {
  const server = createServer((req, res) => {
    try {
      route(queries, req, res);
    } catch (error) {
      // Stores are unavailable while the app rebalances or restores: tell the caller to retry.
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

function route(queries: FraudQueries, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET') return send(res, 405, { error: 'GET only' });
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(DASHBOARD_HTML);
    return;
  }
  if (path === '/api/alerts') return send(res, 200, queries.latestAlerts());
  if (path === '/api/stats') return send(res, 200, queries.stats());
  const card = /^\/api\/cards\/([A-Za-z0-9_-]+)$/.exec(path);
  if (card !== null) {
    const id = card[1]!;
    const profile = queries.profile(id);
    if (profile === null) return send(res, 404, { error: `no card ${id}` });
    return send(res, 200, { profile, recentAlerts: queries.recentAlerts(id) });
  }
  send(res, 404, { error: 'not found' });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
