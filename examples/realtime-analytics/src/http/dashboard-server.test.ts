import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FUNNEL } from '../domain/results.js';
import type { AnalyticsQueries, Progress } from './analytics-queries.js';
import { startDashboardServer, type DashboardServer } from './dashboard-server.js';
import { liveFeed } from './live-feed.js';

/** Tables that change when the test says so; `topPages` is unavailable, like a store mid-rebalance. */
function fakeQueries(): AnalyticsQueries & { active: number } {
  const progress: Progress = { state: 'RUNNING', produced: 10, lag: 0, eventTime: 0, tasks: [{ task: '0_0', processed: 10, rate: 5 }], lags: [], processed: 10, rate: 5, peakRate: 5 };
  const q = {
    active: 3,
    pageViews: () => ({ windows: [{ start: 0, views: { '/': 2 }, total: 2 }] }),
    topPages: () => {
      throw new Error('store unavailable while rebalancing');
    },
    uniqueVisitors: () => [{ start: 0, end: 60_000, visitors: 7 }],
    sessions: () => ({ eventTime: 1, active: q.active, users: 9, byReferrer: { search: q.active }, history: [] }),
    funnel: () => ({ total: EMPTY_FUNNEL, byReferrer: {} }),
    progress: () => progress,
  };
  return q;
}

/** Reads Server-Sent Events until `until` returns true for the events seen so far. */
async function readEvents(url: string, until: (events: { event: string; data: unknown }[]) => boolean): Promise<{ event: string; data: unknown }[]> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events: { event: string; data: unknown }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body!) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (name !== undefined && data !== undefined) events.push({ event: name, data: JSON.parse(data) });
    }
    if (until(events)) break;
  }
  controller.abort();
  return events;
}

describe('dashboard server', () => {
  const queries = fakeQueries();
  let server: DashboardServer;
  beforeAll(async () => {
    server = await startDashboardServer({ queries, feed: liveFeed(queries, 20), topology: { text: 'Topologies:', mermaid: 'flowchart TD' } }, 0);
  });
  afterAll(() => server.close());

  it('answers interactive queries as JSON, and 503 while a store is unavailable', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(`${server.url}api/unique-visitors`)).json()).toEqual([{ start: 0, end: 60_000, visitors: 7 }]);
    expect(await (await fetch(`${server.url}api/topology`)).json()).toEqual({ text: 'Topologies:', mermaid: 'flowchart TD' });
    const unavailable = await fetch(`${server.url}api/top-pages`);
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({ error: 'store unavailable while rebalancing' });
  });

  it('serves the page and the chart and graph libraries from local files, nothing else', async () => {
    const page = await (await fetch(server.url)).text();
    expect(page).toContain('<canvas id="chart-page-views">');
    expect(page).not.toMatch(/src="https?:/);
    for (const asset of ['vendor/chart.umd.min.js', 'vendor/mermaid.min.js', 'dashboard.js', 'dashboard.css']) {
      const res = await fetch(`${server.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.text()).length, asset).toBeGreaterThan(1000);
    }
    expect((await fetch(`${server.url}..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}nope.js`)).status).toBe(404);
  });

  it('streams each table as a named event on connect, then only its changes', async () => {
    const first = await readEvents(`${server.url}events`, (es) => ['page-views', 'unique-visitors', 'sessions', 'funnel', 'progress'].every((n) => es.some((e) => e.event === n)));
    expect(first.find((e) => e.event === 'sessions')?.data).toMatchObject({ active: 3 });
    expect(first.some((e) => e.event === 'top-pages')).toBe(false); // unavailable tables are skipped, not sent as errors

    const active = (es: { event: string; data: unknown }[]): number[] => es.filter((e) => e.event === 'sessions').map((e) => (e.data as { active: number }).active);
    const seen = await readEvents(`${server.url}events`, (es) => {
      if (active(es).length > 0) queries.active = 4; // change the table once this client has its first value
      return active(es).includes(4);
    });
    expect(active(seen)).toEqual([3, 4]); // the replayed value, then the change; unchanged polls send nothing
  });
});
