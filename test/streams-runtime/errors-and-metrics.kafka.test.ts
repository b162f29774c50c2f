import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '@tributary/client';
import { Consumed, DLQ_HEADERS, ExceptionHandlers, Produced, StreamsBuilder, TributaryStreams } from '@tributary/streams';
import { requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka, type KafkaLease } from '../helpers/shared-kafka.js';
import { createTopics, kafkaCluster, L, readUntil, S, tempDir, testLogger, unique, waitForState } from './harness.js';

const peer = requireReferenceKafka();

const long = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

describe.skipIf(!peer.available)('poison records and metrics', () => {
  let lease: KafkaLease | undefined;
  let cluster: Cluster;
  beforeAll(async () => {
    lease = await acquireReferenceKafka();
    cluster = kafkaCluster(lease.bootstrap);
    await cluster.connect();
  });
  afterAll(async () => {
    await cluster?.disconnect();
    await lease?.release();
  });

  it('dead-letters deserialization and processing failures with error headers, counts them, and serves /metrics', async () => {
    const input = unique('px-in');
    const output = unique('px-out');
    const dlq = unique('px-dlq');
    await createTopics(cluster, [{ name: input, partitions: 1 }, { name: output, partitions: 1 }, { name: dlq, partitions: 1 }]);
    const b = new StreamsBuilder();
    b.stream(input, Consumed.with(S, L))
      .mapValues((v) => {
        if (v === 13) throw new RangeError('unlucky number');
        return v * 2;
      })
      .to(output, Produced.with(S, L));
    const dir = tempDir('px');
    const app = new TributaryStreams(b.build(), {
      applicationId: unique('px-app'),
      cluster,
      stateDir: dir.path,
      commitIntervalMs: 100,
      deserializationExceptionHandler: ExceptionHandlers.deadLetter(dlq),
      processingExceptionHandler: ExceptionHandlers.deadLetter(dlq),
      logger: testLogger,
    });
    try {
      await app.start();
      const server = await app.serveMetrics();
      const producer = cluster.producer();
      await producer.connect();
      await producer.send(input, [
        { key: Buffer.from('a'), value: long(1) },
        { key: Buffer.from('poison'), value: Buffer.from('oops') },
        { key: Buffer.from('b'), value: long(13) },
        { key: Buffer.from('c'), value: long(3) },
      ]);
      await producer.disconnect();

      const out = await readUntil(cluster, output, (rs) => rs.length >= 2);
      expect(out.map((r) => [r.key!.toString(), Number(r.value!.readBigInt64BE(0))])).toEqual([['a', 2], ['c', 6]]);
      const dead = await readUntil(cluster, dlq, (rs) => rs.length >= 2);
      const header = (i: number, key: string): string | undefined => dead[i]!.headers.find((h) => h.key === key)?.value?.toString();
      expect(dead.map((r) => r.key!.toString())).toEqual(['poison', 'b']);
      expect(dead[0]!.value!.toString()).toBe('oops');
      expect(header(0, DLQ_HEADERS.exception)).toBe('SerializationError');
      expect(header(0, DLQ_HEADERS.message)).toMatch(/expects 8 bytes/);
      expect(header(0, DLQ_HEADERS.topic)).toBe(input);
      expect(header(0, DLQ_HEADERS.partition)).toBe('0');
      expect(header(0, DLQ_HEADERS.offset)).toBe('1');
      expect(header(1, DLQ_HEADERS.exception)).toBe('RangeError');
      expect(header(1, DLQ_HEADERS.message)).toBe('unlucky number');
      expect(header(1, DLQ_HEADERS.offset)).toBe('2');
      await waitForState(app, 'RUNNING');

      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const name of [
        'tributary_streams_process_total',
        'tributary_streams_process_latency_seconds',
        'tributary_streams_records_lag',
        'tributary_streams_commit_latency_seconds',
        'tributary_streams_restore_remaining_records',
      ]) {
        expect(text).toContain(name);
      }
      expect(text).toMatch(/tributary_streams_dropped_records_total\{task="0_0",reason="deserialization"[^}]*\} 1/);
      expect(text).toMatch(/tributary_streams_dropped_records_total\{task="0_0",reason="processing"[^}]*\} 1/);
      expect(text).toMatch(/tributary_streams_dead_lettered_records_total\{[^}]*\} 2/);
      expect(text).toMatch(/tributary_streams_process_total\{task="0_0"[^}]*\} 4/);
      expect((await fetch(server.url.replace('/metrics', '/nope'))).status).toBe(404);
      await app.close();
      await expect(fetch(server.url)).rejects.toThrow();
    } finally {
      await app.close();
      dir.remove();
    }
  });
});
