import type { Cluster, ConsumedRecord, FetchedBatch, ProducerRecord, RecordHeader } from '@tributary/client';
import type { Order, PaymentResult } from '../domain/order.js';
import { SimulatedGateway, TransientGatewayError } from '../domain/payment-gateway.js';
import { DEFAULT_RETRY_POLICY, backoffMs, type RetryPolicy } from '../domain/retry-policy.js';
import { DLQ_HEADERS, GROUPS, TOPICS } from '../topology/topics.js';
import { OrderConsumerService } from './order-consumer-service.js';
import { jsonRecord } from './json.js';

export interface PaymentServiceOptions {
  readonly instanceId: string;
  readonly retry?: RetryPolicy;
  readonly gateway?: SimulatedGateway;
  readonly sessionTimeoutMs?: number;
}

/**
 * Charges each order once it arrives. Transient gateway failures are retried with exponential
 * backoff; when the attempts run out the order goes to `payments-dlq` (unchanged, the error in
 * headers) and a FAILED result is published so the order still reaches a final status.
 * Results are a function of the order, so a batch replayed after a crash publishes the same answers.
 */
export class PaymentService extends OrderConsumerService {
  charged = 0;
  deadLettered = 0;
  private readonly retry: RetryPolicy;
  private readonly gateway: SimulatedGateway;

  constructor(cluster: Cluster, options: PaymentServiceOptions) {
    super(cluster, `payment-${options.instanceId}`, GROUPS.payment, options.sessionTimeoutMs);
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.gateway = options.gateway ?? new SimulatedGateway();
  }

  protected async handle(batch: FetchedBatch): Promise<void> {
    const results: ProducerRecord[] = [];
    const deadLetters: ProducerRecord[] = [];
    for (const record of batch.records) {
      if (record.value === null) continue;
      const order = JSON.parse(record.value.toString('utf8')) as Order;
      const { result, error } = await this.charge(order);
      results.push(jsonRecord(order.orderId, result));
      if (error !== null) deadLetters.push(this.deadLetter(batch, record, result, error));
    }
    const sends = [{ topic: TOPICS.payments, records: results }, { topic: TOPICS.paymentsDlq, records: deadLetters }].filter((s) => s.records.length > 0);
    if (sends.length > 0) await this.producer.sendBatch(sends);
    this.charged += results.length;
    this.deadLettered += deadLetters.length;
  }

  private async charge(order: Order): Promise<{ result: PaymentResult; error: TransientGatewayError | null }> {
    const base = { orderId: order.orderId, processedBy: this.name };
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.gateway.charge(order, attempt);
        return outcome.kind === 'approved'
          ? { result: { ...base, status: 'PAID', attempts: attempt, reason: null, authorizationId: outcome.authorizationId }, error: null }
          : { result: { ...base, status: 'FAILED', attempts: attempt, reason: outcome.reason, authorizationId: null }, error: null };
      } catch (error) {
        if (!(error instanceof TransientGatewayError)) throw error;
        if (attempt >= this.retry.maxAttempts) {
          const reason = `${error.message}; gave up after ${attempt} attempts`;
          return { result: { ...base, status: 'FAILED', attempts: attempt, reason, authorizationId: null }, error };
        }
        await new Promise((r) => setTimeout(r, backoffMs(this.retry, attempt)));
      }
    }
  }

  /** The original order bytes, so an operator can replay the topic into `orders` once the gateway is back. */
  private deadLetter(batch: FetchedBatch, record: ConsumedRecord, result: PaymentResult, error: TransientGatewayError): ProducerRecord {
    const header = (key: string, value: string): RecordHeader => ({ key, value: Buffer.from(value) });
    return {
      key: record.key,
      value: record.value,
      headers: [
        ...record.headers,
        header(DLQ_HEADERS.error, result.reason ?? error.message),
        header(DLQ_HEADERS.errorCode, error.code),
        header(DLQ_HEADERS.attempts, String(result.attempts)),
        header(DLQ_HEADERS.sourceTopic, batch.topic),
        header(DLQ_HEADERS.sourcePartition, String(batch.partition)),
        header(DLQ_HEADERS.sourceOffset, String(record.offset)),
        header(DLQ_HEADERS.failedBy, this.name),
      ],
    };
  }
}
