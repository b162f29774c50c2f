import { merge, timer, type Observable } from 'rxjs';
import { catchError, distinctUntilChanged, filter, map, share, shareReplay } from 'rxjs/operators';
import type { AnalyticsQueries } from './analytics-queries.js';

/** One Server-Sent Event: its name and JSON payload. */
export interface FeedEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Each result table as an RxJS observable: polled from the interactive queries every `periodMs`,
 * passed on only when it changed, the latest value replayed to each new subscriber (a browser
 * that connects sees everything at once). A table that is unavailable (rebalancing) is skipped.
 */
export function liveFeed(queries: AnalyticsQueries, periodMs: number): Observable<FeedEvent> {
  const tick$ = timer(0, periodMs).pipe(share());
  const table = (event: string, read: () => unknown): Observable<FeedEvent> =>
    tick$.pipe(
      map(() => {
        try {
          return JSON.stringify(read());
        } catch {
          return null;
        }
      }),
      filter((data): data is string => data !== null),
      distinctUntilChanged(),
      map((data) => ({ event, data })),
      catchError(() => []),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  return merge(
    table('page-views', () => queries.pageViews()),
    table('top-pages', () => queries.topPages()),
    table('unique-visitors', () => queries.uniqueVisitors()),
    table('sessions', () => queries.sessions()),
    table('funnel', () => queries.funnel()),
    table('progress', () => queries.progress()),
  );
}
