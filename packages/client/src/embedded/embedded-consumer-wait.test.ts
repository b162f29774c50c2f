import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster.js';
import type { Consumer } from '../consumer/consumer.js';
import { FAST_GROUP, waitUntil } from '../contract/contract-context.js';
import { embedded } from './embedded-cluster.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cluster(): Promise<Cluster> {
  const c = embedded({ inMemory: true, cleanerIntervalMs: 0 });
  await c.connect();
  cleanups.push(() => c.disconnect());
  return c;
}

/** The signal the consumer's idle polls park on (private; read for the leak check only). */
const wakeSignal = (consumer: Consumer): AbortSignal => (consumer as unknown as { waker: { signal(): AbortSignal } }).waker.signal();

describe('embedded consumer long polls', () => {
  it('keeps abort listeners bounded over thousands of polls woken by data on one of many partitions', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    cleanups.push(async () => void process.off('warning', onWarning));
    const c = await cluster();
    await c.admin.createTopics([{ name: 't', partitions: 8 }]);
    const consumer = c.consumer({ groupId: 'g', autoOffsetReset: 'earliest', ...FAST_GROUP });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    await consumer.subscribe(['t']);
    await waitUntil(async () => (await consumer.poll(20), consumer.assignment().length === 8), 'assignment');
    const producer = c.producer();
    await producer.connect();
    let received = 0;
    let maxListeners = 0;
    for (let i = 0; i < 2_000; i++) {
      const polled = consumer.poll(30_000);
      // Let the poll park on its partitions' waiters before the record that wakes it arrives.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await producer.send('t', [{ key: null, value: Buffer.from(`${i}`), partition: i % 2 }]);
      for (const batch of await polled) received += batch.records.length;
      maxListeners = Math.max(maxListeners, getEventListeners(wakeSignal(consumer), 'abort').length);
    }
    await waitUntil(async () => {
      for (const batch of await consumer.poll(10)) received += batch.records.length;
      return received === 2_000;
    }, 'every record');
    expect(maxListeners).toBeLessThanOrEqual(2);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
