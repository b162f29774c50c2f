import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { embedded } from '@tributary/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalytics, type RunningAnalytics } from '../../examples/realtime-analytics/src/app/analytics-app.js';
import { requirePeer } from '../helpers/peers.js';
import { waitFor } from '../helpers/wait-for.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = resolve(import.meta.dirname, '../../test-artifacts/dashboard.png');

const chromiumPeer = requirePeer('chromium', () => existsSync(CHROMIUM) || `${CHROMIUM} not found`, 'bash .ci/setup-20-chromium.sh (apt-get install chromium)');

/** What the page shows, read from the DOM. */
interface Shown {
  activeSessions: number;
  latestVisitors: number;
  latestWindowTotal: number;
  topPages: { page: string; views: number }[];
  funnel: { [referrer: string]: { sessions: number; carted: number; purchased: number } };
}

async function readDom(page: Page): Promise<Shown> {
  return await page.evaluate(() => {
    const num = (id: string): number => Number((document.getElementById(id)?.textContent ?? '').replace(/,/g, ''));
    const funnel: Shown['funnel'] = {};
    for (const tr of document.querySelectorAll<HTMLTableRowElement>('#funnel-table tbody tr[data-referrer]')) {
      const field = (f: string): number => Number(tr.querySelector(`[data-field="${f}"]`)?.textContent);
      if (tr.dataset['referrer'] !== 'all') funnel[tr.dataset['referrer']!] = { sessions: field('sessions'), carted: field('carted'), purchased: field('purchased') };
    }
    return {
      activeSessions: Number(document.getElementById('kpi-active')?.dataset['value']),
      latestVisitors: Number(document.getElementById('kpi-visitors')?.dataset['value']),
      latestWindowTotal: num('latest-window-total'),
      topPages: [...document.querySelectorAll<HTMLLIElement>('#top-pages-list li')].map((li) => ({ page: li.dataset['page']!, views: Number(li.querySelector('.views')?.textContent) })),
      funnel,
    };
  });
}

/** The same numbers, from the app's HTTP interactive-query endpoints. */
async function readQueries(base: string): Promise<Shown> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, base));
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const [sessions, visitors, views, top, funnel] = await Promise.all([
    get<{ active: number }>('api/sessions'),
    get<{ visitors: number }[]>('api/unique-visitors'),
    get<{ windows: { total: number }[] }>('api/page-views'),
    get<{ top: { page: string; views: number }[] } | null>('api/top-pages'),
    get<{ byReferrer: Shown['funnel'] }>('api/funnel'),
  ]);
  const byReferrer: Shown['funnel'] = {};
  for (const [r, f] of Object.entries(funnel.byReferrer)) byReferrer[r] = { sessions: f.sessions, carted: f.carted, purchased: f.purchased };
  return {
    activeSessions: sessions.active,
    latestVisitors: visitors[visitors.length - 1]?.visitors ?? Number.NaN,
    latestWindowTotal: views.windows[views.windows.length - 1]?.total ?? Number.NaN,
    topPages: top?.top ?? [],
    funnel: byReferrer,
  };
}

describe.skipIf(!chromiumPeer.available)('realtime-analytics dashboard in headless Chromium', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'tributary-dashboard-'));
  let running: RunningAnalytics;
  let browser: Browser;

  beforeAll(async () => {
    running = await startAnalytics({
      cluster: embedded({ inMemory: true }, { clientId: 'dashboard-e2e' }),
      partitions: 2, stateDir, port: 0, recordsPerSecond: 600, maxRecords: 6000,
      seed: 7, startTime: Date.UTC(2025, 2, 3, 9, 0, 0), feedPeriodMs: 250,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows live results that match the interactive queries, and the topology', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(running.url);
    // A stream thread that dies fails the test at once, with the runtime's own error.
    const appFailed = firstValueFrom(running.app.state$.pipe(filter((s) => s === 'ERROR'))).then(() => {
      throw new Error(`the app failed: ${running.failure instanceof Error ? (running.failure.stack ?? running.failure.message) : String(running.failure)}`);
    });
    const unlessFailed = <T>(p: Promise<T>): Promise<T> => Promise.race([p, appFailed]);

    // Live data arrives over SSE while the generator still runs.
    await unlessFailed(page.waitForFunction(() => document.querySelectorAll('#top-pages-list li').length === 10 && document.querySelectorAll('#funnel-table tbody tr').length > 1, undefined, { timeout: 60_000 }));
    await page.waitForFunction(() => document.getElementById('topology')?.dataset['rendered'] === 'true', undefined, { timeout: 60_000 });
    expect(await page.locator('#topology svg .node').count()).toBeGreaterThan(20);
    expect(await page.locator('#feed-status').textContent()).toBe('live');

    // Bounded run: once the app has read every click and the tables stop changing, the page must
    // show exactly what the interactive queries answer.
    await unlessFailed(running.caughtUp(90_000));
    let previous = '';
    const settled = await waitFor(async () => {
      const [dom, iq] = await Promise.all([readDom(page), readQueries(running.url)]);
      const now = JSON.stringify(iq);
      const stable = now === previous;
      previous = now;
      return stable && JSON.stringify(dom) === now ? { dom, iq } : null;
    }, { timeoutMs: 30_000, intervalMs: 500, message: 'dashboard numbers equal to the interactive queries' });
    expect(settled.dom).toEqual(settled.iq);
    expect(settled.iq.topPages).toHaveLength(10);
    expect(Object.keys(settled.iq.funnel).length).toBe(5);
    expect(settled.iq.latestVisitors).toBeGreaterThan(0);

    // Per-task throughput from the runtime's metrics.
    const tasks = await page.locator('#tasks-table tbody tr').count();
    expect(tasks).toBeGreaterThanOrEqual(8);
    expect(errors).toEqual([]);

    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });
});
