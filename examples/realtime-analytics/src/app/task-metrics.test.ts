import { describe, expect, it } from 'vitest';
import { ProgressTracker, parseMetrics } from './task-metrics.js';

const scrape = (a: number, b: number): string => `# HELP tributary_streams_process_total Records processed
# TYPE tributary_streams_process_total counter
tributary_streams_process_total{task="1_0",application_id="realtime-analytics"} ${b}
tributary_streams_process_total{task="0_0",application_id="realtime-analytics"} ${a}
tributary_streams_records_lag{topic="clicks",partition="1",application_id="realtime-analytics"} 5
tributary_streams_records_lag{topic="clicks",partition="0",application_id="realtime-analytics"} 12
`;

describe('task metrics', () => {
  it('parses Prometheus text samples with their labels', () => {
    const samples = parseMetrics(scrape(10, 20));
    expect(samples).toHaveLength(4);
    expect(samples[0]).toEqual({ name: 'tributary_streams_process_total', labels: { task: '1_0', application_id: 'realtime-analytics' }, value: 20 });
  });

  it('turns two scrapes into per-task records per second, and lag per partition', () => {
    const tracker = new ProgressTracker();
    tracker.sample(scrape(100, 50), 1_000);
    const p = tracker.sample(scrape(300, 150), 3_000);
    expect(p.tasks).toEqual([{ task: '0_0', processed: 300, rate: 100 }, { task: '1_0', processed: 150, rate: 50 }]);
    expect(p.processed).toBe(450);
    expect(p.rate).toBe(150);
    expect(tracker.sample(scrape(310, 150), 4_000).peakRate).toBe(150);
    expect(p.lags).toEqual([{ topic: 'clicks', partition: 0, lag: 12 }, { topic: 'clicks', partition: 1, lag: 5 }]);
  });
});
