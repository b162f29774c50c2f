import { describe, expect, it } from 'vitest';
import {
  Consumed,
  Produced,
  Record,
  Serdes,
  StreamsBuilder,
  Stores,
  TopologyTestDriver,
  type ProcessorContext,
  type SessionStore,
  type ValueAndTimestamp,
  type WindowStore,
  windowed,
} from '../index.js';

const S = Serdes.String();
const L = Serdes.Long();
const WIN = 10;

describe('StreamsBuilder.addStateStore with window and session store builders', () => {
  it('a Processor API node counts per key and window through context.getStateStore() on a window store', () => {
    const b = new StreamsBuilder();
    // No casts: addStateStore takes window and session builders as they come from Stores.
    b.addStateStore(Stores.windowStoreBuilder(Stores.inMemoryWindowStore('clicks', { retentionMs: 1_000, windowSizeMs: WIN }), S, L));
    b.addStateStore(Stores.sessionStoreBuilder(Stores.inMemorySessionStore('visits', 1_000), S, L));
    b.stream('in', Consumed.with(S, S))
      .process<string, string>(() => {
        let ctx: ProcessorContext<string, string>;
        let windows: WindowStore<string, number>;
        let sessions: SessionStore<string, number>;
        return {
          init(c) {
            ctx = c;
            windows = c.getStateStore<WindowStore<string, number>>('clicks');
            sessions = c.getStateStore<SessionStore<string, number>>('visits');
          },
          process(r) {
            const start = Math.floor(r.timestamp / WIN) * WIN;
            const n = (windows.fetch(r.key!, start) ?? 0) + 1;
            windows.put(r.key!, n, start);
            // A session per record (start = window start, end = record time), to exercise the session store.
            sessions.put(windowed(r.key!, start, r.timestamp), n);
            ctx.forward(new Record(`${r.key}@${start}`, String(n), r.timestamp));
          },
        };
      }, 'clicks', 'visits')
      .to('out', Produced.with(S, S));
    const driver = new TopologyTestDriver(b.build());
    const input = driver.createInputTopic('in', S, S);
    input.pipeInput('a', 'x', 1);
    input.pipeInput('a', 'x', 5);
    input.pipeInput('b', 'x', 7);
    input.pipeInput('a', 'x', 12);
    expect(driver.createOutputTopic('out', S, S).readKeyValuesToList()).toEqual([
      { key: 'a@0', value: '1' },
      { key: 'a@0', value: '2' },
      { key: 'b@0', value: '1' },
      { key: 'a@10', value: '1' },
    ]);
    expect(driver.getSessionStore<string, number>('visits')!.fetch('a').map((kv) => `${kv.key.window.start}-${kv.key.window.end}=${kv.value}`)).toEqual(['0-1=1', '0-5=2', '10-12=1']);
    const store = driver.getWindowStore<string, number>('clicks')!;
    expect(store.fetchRange('a', 0, 100)).toEqual([
      { key: 0, value: 2 },
      { key: 10, value: 1 },
    ]);
    // The window store is changelogged like any added store.
    expect(driver.producedTopicNames()).toContain('test-app-clicks-changelog');
    void driver.close();
  });

  it('accepts timestamped window builders and persistent window and session suppliers', () => {
    const b = new StreamsBuilder();
    b.addStateStore(Stores.timestampedWindowStoreBuilder(Stores.persistentTimestampedWindowStore('tw', { retentionMs: 100, windowSizeMs: WIN }), S, L));
    b.addStateStore(Stores.sessionStoreBuilder(Stores.persistentSessionStore('ps', 100), S, L).withLoggingDisabled());
    b.stream('in', Consumed.with(S, S))
      .process<string, string>(() => {
        let store: WindowStore<string, ValueAndTimestamp<number>>;
        return {
          init: (c) => void (store = c.getStateStore('tw')),
          process: (r) => store.put(r.key!, { value: 1, timestamp: r.timestamp }, 0),
        };
      }, 'tw', 'ps');
    const topology = b.build();
    expect([...topology.stores.keys()].sort()).toEqual(['ps', 'tw']);
    expect(topology.stores.get('ps')!.changelogTopic).toBeNull();
    const driver = new TopologyTestDriver(topology);
    driver.createInputTopic('in', S, S).pipeInput('k', 'v', 3);
    expect(driver.getTimestampedWindowStore<string, number>('tw')!.fetch('k', 0)).toEqual({ value: 1, timestamp: 3 });
    void driver.close();
  });
});
