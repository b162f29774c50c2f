import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { embedded } from '@tributary/client';
import {
  Consumed, Grouped, Materialized, persistentWindowStore, Produced, Record, Serdes, StreamsBuilder, TimeWindows, TopologyTestDriver, TributaryStreams,
  type ProcessorContext, type Topology,
} from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';

// Every snippet of docs/testing.md, run as written; the expectations are the outputs the page states.
const S = Serdes.String();
const L = Serdes.Long();

// The topology under test in the page's examples.
function wordCount(): Topology {
  const b = new StreamsBuilder();
  b.stream('lines', Consumed.with(S, S))
    .flatMapValues((line) => line.toLowerCase().split(/\s+/).filter((w) => w.length > 0))
    .groupBy((_k, word) => word, Grouped.with(S, S))
    .count(Materialized.as('counts'))
    .toStream()
    .to('word-counts', Produced.with(S, L));
  return b.build();
}

describe('docs/testing.md snippets', () => {
  it('a full test: input and output topics, time, stores', () => {
    const driver = new TopologyTestDriver(wordCount(), { applicationId: 'wc' });
    const lines = driver.createInputTopic('lines', S, S, { startTimestamp: 1_000, autoAdvanceMs: 10 });
    const counts = driver.createOutputTopic('word-counts', S, L);

    lines.pipeInput(null, 'to be or');          // @1000
    lines.pipeInput(null, 'not to be');         // @1010
    lines.pipeInput(null, 'be', 5_000);         // an explicit timestamp
    // Internal topics carry the applicationId prefix; they can be read like any output.
    expect(driver.producedTopicNames().sort()).toEqual(['wc-counts-changelog', 'wc-counts-repartition', 'word-counts']);

    expect(counts.readKeyValue()).toEqual({ key: 'to', value: 1 });
    expect(counts.readRecord()).toMatchObject({ key: 'be', value: 1, timestamp: 1_000 });
    expect(counts.readKeyValuesToMap()).toEqual(new Map([['or', 1], ['not', 1], ['to', 2], ['be', 3]]));
    expect(counts.isEmpty()).toBe(true);

    const store = driver.getTimestampedKeyValueStore<string, number>('counts')!;
    expect(store.get('be')).toEqual({ value: 3, timestamp: 5_000 });
    driver.close();
  });

  it('punctuation: stream time and wall-clock time', () => {
    const b = new StreamsBuilder();
    b.stream('events', Consumed.with(S, S))
      .process<string, string>(() => {
        let ctx: ProcessorContext<string, string>;
        let seen = 0;
        return {
          init(c) {
            ctx = c;
            c.schedule(1_000, 'WALL_CLOCK_TIME', (now) => ctx.forward(new Record('seen', `${seen}`, now)));
          },
          process: () => void (seen += 1),
        };
      })
      .to('stats', Produced.with(S, S));
    const driver = new TopologyTestDriver(b.build(), {}, 0);   // wall clock starts at 0
    driver.createInputTopic('events', S, S).pipeInput('k', 'v', 50_000);
    const stats = driver.createOutputTopic('stats', S, S);
    expect(stats.isEmpty()).toBe(true);   // stream time alone never fires a wall-clock punctuator
    driver.advanceWallClockTime(1_000);
    expect(stats.readRecordsToList()).toMatchObject([{ key: 'seen', value: '1', timestamp: 1_000 }]);
  });

  it('caching: updates within one input record merge', () => {
    const b = new StreamsBuilder();
    b.stream('lines', Consumed.with(S, S))
      .flatMapValues((line) => line.split(' '))   // key unchanged: no repartition, one task
      .groupByKey()
      .count()
      .toStream()
      .to('words-per-user', Produced.with(S, L));
    const run = (cacheMaxBytes?: number) => {
      const driver = new TopologyTestDriver(b.build(), cacheMaxBytes === undefined ? {} : { cacheMaxBytes });
      driver.createInputTopic('lines', S, S).pipeInput('ann', 'go go go', 1);
      return driver.createOutputTopic('words-per-user', S, L).readValuesToList();
    };
    expect(run()).toEqual([3]);            // default cache: one update per key per input record
    expect(run(0)).toEqual([1, 2, 3]);     // cacheMaxBytes: 0 forwards every update
  });

  it('persistent stores: in memory through the constructor, on disk through create()', async () => {
    const b = new StreamsBuilder();
    b.stream('clicks', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
      .count(Materialized.as(persistentWindowStore('clicks-per-minute', { retentionMs: 3_600_000, windowSizeMs: 60_000 })));

    const inMemory = new TopologyTestDriver(b.build());                   // the same store kind, in memory
    inMemory.createInputTopic('clicks', S, S).pipeInput('ann', 'c', 1_000);
    expect(inMemory.getTimestampedWindowStore<string, number>('clicks-per-minute')!.fetch('ann', 0)).toEqual({ value: 1, timestamp: 1_000 });
    expect(inMemory.getStateStore('clicks-per-minute')!.persistent).toBe(false);
    await inMemory.close();

    const onDisk = await TopologyTestDriver.create(b.build(), { defaultDslStore: 'persistent' });
    onDisk.createInputTopic('clicks', S, S).pipeInput('ann', 'c', 1_000);
    expect(onDisk.getTimestampedWindowStore<string, number>('clicks-per-minute')!.fetch('ann', 0)).toEqual({ value: 1, timestamp: 1_000 });
    expect(onDisk.getStateStore('clicks-per-minute')!.persistent).toBe(true);
    await onDisk.close();   // closes the LevelDB files and removes the temporary directory
  });

  it('property test: the topology against an oracle (word count = a Map of counts)', () => {
    const word = fc.constantFrom('kafka', 'streams', 'log', 'table', 'window');
    const line = fc.array(word, { maxLength: 6 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (input) => {
        const driver = new TopologyTestDriver(wordCount());
        const lines = driver.createInputTopic('lines', S, S);
        input.forEach((l, i) => lines.pipeInput(null, l, i));
        const actual = driver.createOutputTopic('word-counts', S, L).readKeyValuesToMap();

        const oracle = new Map<string, number>();
        for (const w of input.flatMap((l) => l.split(' ').filter((x) => x !== ''))) oracle.set(w, (oracle.get(w) ?? 0) + 1);
        expect(actual).toEqual(oracle);
        driver.close();
      }),
      { numRuns: 50 },
    );
  });

  it('the same topology as a real app on the embedded log', async () => {
    const cluster = embedded({ inMemory: true });
    await cluster.connect();
    await cluster.admin.createTopics([{ name: 'lines', partitions: 2 }, { name: 'word-counts', partitions: 1 }]);
    const app = new TributaryStreams(wordCount(), { applicationId: 'wc-test', cluster, cacheMaxBytes: 0, commitIntervalMs: 50 });
    await app.start();

    const producer = cluster.producer();
    await producer.connect();
    await producer.send('lines', [{ key: null, value: Buffer.from('to be or not to be'), timestamp: 1_000 }]);

    const consumer = cluster.consumer({ groupId: 'wc-test-reader', autoOffsetReset: 'earliest', isolationLevel: 'read_committed' });
    await consumer.connect();
    await consumer.subscribe(['word-counts']);
    const latest = new Map<string, number>();
    await waitFor(async () => {
      for (const batch of await consumer.poll(100)) {
        for (const r of batch.records) latest.set(S.deserialize('word-counts', r.key)!, L.deserialize('word-counts', r.value)!);
      }
      return latest.get('be') === 2 && latest.get('to') === 2;
    }, { timeoutMs: 15_000 });
    expect(latest).toEqual(new Map([['to', 2], ['be', 2], ['or', 1], ['not', 1]]));

    await app.close();
    await cluster.disconnect();   // an inMemory log is gone now
  });
});
