import { describe, expect, it } from 'vitest';
import type { Cluster, Consumer, FetchedBatch, Producer, ProducerRecord, TopicPartitionOffset } from '@tributary/client';
import { runCli } from '../program.js';
import { fakeIo } from '../testing/fake-io.test-helper.js';

function recordingProducer(sent: { topic: string; records: readonly ProducerRecord[] }[]): Producer {
  return {
    transactional: false,
    connect: async () => {},
    disconnect: async () => {},
    send: async (topic, records) => {
      sent.push({ topic, records });
      return [];
    },
    sendBatch: async () => [],
    transaction: async () => {
      throw new Error('not transactional');
    },
  };
}

function scriptedConsumer(batches: FetchedBatch[], commits: TopicPartitionOffset[][]): Consumer {
  let polled = false;
  return {
    connect: async () => {},
    disconnect: async () => {},
    subscribe: async () => {},
    poll: async () => {
      polled = true;
      const next = batches.shift();
      return next === undefined ? [] : [next];
    },
    assignment: () => (polled ? [{ topic: 't', partition: 0 }] : []),
    pause: () => {},
    resume: () => {},
    paused: () => [],
    seek: () => {},
    position: () => null,
    committed: async () => [],
    commit: async (offsets) => void commits.push([...offsets]),
    groupMetadata: () => ({ groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null }),
  };
}

function clusterWith(parts: { producer?: Producer; consumer?: Consumer }): Cluster {
  return {
    kind: 'fake',
    connect: async () => {},
    disconnect: async () => {},
    admin: {} as Cluster['admin'],
    producer: () => parts.producer!,
    consumer: () => parts.consumer!,
  };
}

const batch = (from: number, count: number, nextOffset = from + count): FetchedBatch => ({
  topic: 't',
  partition: 0,
  records: Array.from({ length: count }, (_, i) => ({
    offset: from + i,
    timestamp: 1000 + from + i,
    key: Buffer.from(`k${from + i}`),
    value: Buffer.from(`v${from + i}`),
    headers: [],
  })),
  nextOffset,
  highWatermark: nextOffset,
});

describe('produce', () => {
  it('sends every stdin line once, in order, in batches, flushed at EOF (oracle: the input lines)', async () => {
    const sent: { topic: string; records: readonly ProducerRecord[] }[] = [];
    const lines = Array.from({ length: 2500 }, (_, i) => `key${i}:value${i}`);
    const io = fakeIo({ stdin: lines.join('\n') + '\n' });
    const cluster = clusterWith({ producer: recordingProducer(sent) });
    const code = await runCli(['produce', '--topic', 't', '--bootstrap-server', 'h:1', '--property', 'parse.key=true', '--property', 'key.separator=:'], { ...io, cluster: () => cluster });
    expect(io.err.text()).toBe('');
    expect(code).toBe(0);
    expect(sent.map((s) => s.records.length)).toEqual([1000, 1000, 500]);
    const flat = sent.flatMap((s) => s.records.map((r) => `${r.key?.toString()}:${r.value?.toString()}`));
    expect(flat).toEqual(lines);
  });
});

describe('consume', () => {
  it('stops at --max-messages mid-batch and commits exactly past the last printed record', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const io = fakeIo();
    const cluster = clusterWith({ consumer: scriptedConsumer([batch(0, 3), batch(3, 3)], commits) });
    const code = await runCli(
      ['consume', '--topic', 't', '--group', 'g', '--max-messages', '4', '--print-key', '--print-offset', '--bootstrap-server', 'h:1'],
      { ...io, cluster: () => cluster },
    );
    expect(code).toBe(0);
    expect(io.out.text()).toBe('Offset:0\tk0\tv0\nOffset:1\tk1\tv1\nOffset:2\tk2\tv2\nOffset:3\tk3\tv3\n');
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: 3 }], [{ topic: 't', partition: 0, offset: 4 }]]);
    expect(io.err.text()).toBe('Processed a total of 4 messages\n');
  });

  it('commits past trailing control records when a whole batch was printed, and never without --group', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const io = fakeIo();
    const cluster = clusterWith({ consumer: scriptedConsumer([batch(0, 2, 3)], commits) });
    expect(await runCli(['consume', '--topic', 't', '--group', 'g', '--max-messages', '2', '--bootstrap-server', 'h:1'], { ...io, cluster: () => cluster })).toBe(0);
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: 3 }]]);

    const anonCommits: TopicPartitionOffset[][] = [];
    const anon = clusterWith({ consumer: scriptedConsumer([batch(0, 2)], anonCommits) });
    expect(await runCli(['consume', '--topic', 't', '--max-messages', '2', '--bootstrap-server', 'h:1'], { ...fakeIo(), cluster: () => anon })).toBe(0);
    expect(anonCommits).toEqual([]);
  });

  it('exits after --timeout-ms without records', async () => {
    const io = fakeIo();
    const cluster = clusterWith({ consumer: scriptedConsumer([], []) });
    const started = Date.now();
    expect(await runCli(['consume', '--topic', 't', '--timeout-ms', '50', '--bootstrap-server', 'h:1'], { ...io, cluster: () => cluster })).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(io.err.text()).toBe('Processed a total of 0 messages\n');
  });
});
