import { describe, expect, it } from 'vitest';
import { embedded } from '@tributary/client';
import { Consumed, Grouped, Produced, QueryableStoreTypes, Serdes, StreamsBuilder, TributaryStreams, persistentKeyValueStore, Materialized } from '@tributary/streams';
import { waitFor } from '../helpers/wait-for.js';
import { tempDir } from './harness.js';

// The snippets of docs/concepts.md and docs/state-stores.md, run as written (embedded cluster).
describe('docs snippets', () => {
  it('concepts.md: word count with state$, IQ and metadata', async () => {
    const S = Serdes.String();
    const b = new StreamsBuilder();
    b.stream('lines', Consumed.with(S, S))
      .flatMapValues((line) => line.toLowerCase().split(/\s+/))
      .groupBy((_k, word) => word, Grouped.with(S, S))
      .count(Materialized.as<string, number>('counts'))
      .toStream()
      .to('word-counts', Produced.with(S, Serdes.Long()));

    const cluster = embedded({ inMemory: true });
    await cluster.connect();
    await cluster.admin.createTopics([{ name: 'lines', partitions: 3 }, { name: 'word-counts', partitions: 1 }]);
    const dir = tempDir('docs');
    const app = new TributaryStreams(b.build(), { applicationId: 'word-count', cluster, commitIntervalMs: 100, stateDir: dir.path, applicationServer: 'localhost:8080' });
    const states: string[] = [];
    app.state$.subscribe((s) => states.push(s));
    await app.start();
    const p = cluster.producer();
    await p.connect();
    await p.send('lines', [{ key: null, value: Buffer.from('Kafka streams in TypeScript') }, { key: null, value: Buffer.from('kafka again') }]);
    await p.disconnect();
    await waitFor(() => app.state === 'RUNNING');
    const counts = app.store('counts', QueryableStoreTypes.keyValueStore<string, number>());
    await waitFor(() => counts.get('kafka') === 2, { message: 'kafka counted twice' });
    const all: string[] = [];
    for await (const kv of counts.allAsync()) all.push(`${kv.key}=${kv.value}`);
    expect(all.sort()).toEqual(['again=1', 'in=1', 'kafka=2', 'streams=1', 'typescript=1']);
    expect(app.metadataForKey('counts', 'kafka', Serdes.String())?.activeHost).toEqual({ host: 'localhost', port: 8080 });
    expect(await app.close({ timeoutMs: 10_000 })).toBe(true);
    expect(states).toEqual(['CREATED', 'REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING']);
    await cluster.disconnect();
    dir.remove();
  });

  it('state-stores.md: a persistent store under stateDir/applicationId/taskId', async () => {
    const S = Serdes.String();
    const builder = new StreamsBuilder();
    builder.stream('orders', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).count(Materialized.as(persistentKeyValueStore('order-counts')));
    const cluster = embedded({ inMemory: true });
    await cluster.connect();
    await cluster.admin.createTopics([{ name: 'orders', partitions: 1 }]);
    const dir = tempDir('docs-orders');
    const app = new TributaryStreams(builder.build(), { applicationId: 'orders', cluster, stateDir: dir.path, commitIntervalMs: 100 });
    await app.start();
    const p = cluster.producer();
    await p.connect();
    await p.send('orders', [{ key: Buffer.from('o-1'), value: Buffer.from('x') }, { key: Buffer.from('o-1'), value: Buffer.from('y') }]);
    await p.disconnect();
    await waitFor(() => app.state === 'RUNNING');
    const view = app.store('order-counts', QueryableStoreTypes.keyValueStore<string, number>());
    await waitFor(() => view.get('o-1') === 2);
    const ts = app.store('order-counts', QueryableStoreTypes.timestampedKeyValueStore<string, number>());
    expect(ts.get('o-1')?.value).toBe(2);
    await app.close();
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${dir.path}/orders/0_0/order-counts`)).toBe(true);
    expect(existsSync(`${dir.path}/orders/0_0/.checkpoint`)).toBe(true);
    await cluster.disconnect();
    dir.remove();
  });
});
