import { embedded, type Cluster, type ConsumedRecord } from '@tributary/client';
import { describe, expect, it } from 'vitest';
import type { Order, PaymentResult } from '../domain/order.js';
import { SimulatedGateway, gatewayBehaviour, type ChargeOutcome } from '../domain/payment-gateway.js';
import { DEFAULT_RETRY_POLICY, backoffMs } from '../domain/retry-policy.js';
import { DLQ_HEADERS, TOPICS } from '../topology/topics.js';
import { jsonRecord } from './json.js';
import { PaymentService } from './payment-service.js';
import { ensureTopics } from './topics-setup.js';

/** The simulated gateway, remembering when each order was tried. */
class RecordingGateway extends SimulatedGateway {
  readonly attempts = new Map<string, number[]>();
  override charge(order: Order, attempt: number): Promise<ChargeOutcome> {
    this.attempts.set(order.orderId, [...(this.attempts.get(order.orderId) ?? []), Date.now()]);
    return super.charge(order, attempt);
  }
}

/** The first order id `pay-<n>` whose gateway behaviour passes `test`. */
function idWhere(test: (b: ReturnType<typeof gatewayBehaviour>) => boolean): string {
  for (let n = 0; ; n++) if (test(gatewayBehaviour(`pay-${n}`))) return `pay-${n}`;
}

async function readUntil(cluster: Cluster, topic: string, count: number): Promise<ConsumedRecord[]> {
  const consumer = cluster.consumer({ groupId: `read-${topic}`, autoOffsetReset: 'earliest' });
  await consumer.connect();
  await consumer.subscribe([topic]);
  const out: ConsumedRecord[] = [];
  const deadline = Date.now() + 10_000;
  while (out.length < count && Date.now() < deadline) for (const b of await consumer.poll(200)) out.push(...b.records);
  await consumer.disconnect();
  return out;
}

describe('payment service (embedded log)', () => {
  it('retries transient failures with exponential backoff, then dead-letters the order with the error in headers', async () => {
    const ids = {
      ok: idWhere((b) => !b.declined && b.transientFailures === 0),
      declined: idWhere((b) => b.declined),
      flaky: idWhere((b) => b.transientFailures === 2),
      down: idWhere((b) => b.transientFailures >= DEFAULT_RETRY_POLICY.maxAttempts),
    };
    const cluster = embedded({ inMemory: true });
    const gateway = new RecordingGateway(0);
    const service = new PaymentService(cluster, { instanceId: 't', gateway });
    try {
      await cluster.connect();
      await ensureTopics(cluster, 2);
      const producer = cluster.producer();
      await producer.connect();
      const order = (orderId: string): Order => ({ orderId, customerId: 'c', email: 'c@example.com', sku: 'sku-01', quantity: 1, amountCents: 999, placedAt: 0 });
      await producer.send(TOPICS.orders, Object.values(ids).map((id) => jsonRecord(id, order(id))));
      const loopErrors: unknown[] = [];
      await service.start((e) => loopErrors.push(e));

      const results = new Map((await readUntil(cluster, TOPICS.payments, 4)).map((r) => [r.key!.toString(), JSON.parse(r.value!.toString()) as PaymentResult]));
      expect(results.get(ids.ok)).toMatchObject({ status: 'PAID', attempts: 1 });
      expect(results.get(ids.declined)).toMatchObject({ status: 'FAILED', attempts: 1, reason: 'card declined' });
      expect(results.get(ids.flaky)).toMatchObject({ status: 'PAID', attempts: 3 });
      expect(results.get(ids.down)).toMatchObject({ status: 'FAILED', attempts: 3, reason: expect.stringMatching(/gave up after 3 attempts/) });

      const times = gateway.attempts.get(ids.down)!;
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(backoffMs(DEFAULT_RETRY_POLICY, i) - 2);

      const [dead, ...more] = await readUntil(cluster, TOPICS.paymentsDlq, 1);
      expect(more).toEqual([]);
      expect(dead!.key?.toString()).toBe(ids.down);
      expect(JSON.parse(dead!.value!.toString())).toEqual(order(ids.down));
      const h = Object.fromEntries(dead!.headers.map((x) => [x.key, x.value?.toString()]));
      expect(h).toMatchObject({ [DLQ_HEADERS.errorCode]: 'GATEWAY_UNAVAILABLE', [DLQ_HEADERS.attempts]: '3', [DLQ_HEADERS.sourceTopic]: TOPICS.orders, [DLQ_HEADERS.failedBy]: 'payment-t' });
      expect(Number(h[DLQ_HEADERS.sourceOffset])).toBeGreaterThanOrEqual(0);
      expect(loopErrors).toEqual([]);
    } finally {
      await service.stop();
      await cluster.disconnect();
    }
  });
});
