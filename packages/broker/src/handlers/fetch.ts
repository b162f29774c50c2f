import type { IsolationLevel, ReadOutcome } from '../backend/broker-backend.js';
import { defineHandler, type RequestContext } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { encodeFetchResponse, ENCODED_FETCH_VERSIONS, type FetchPartitionData } from './fetch-response-encoder.js';

interface FetchPartitionRequest {
  partition: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  logStartOffset: number;
  partitionMaxBytes: number;
}

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: Array<{ topic: string; partitions: FetchPartitionRequest[] }>;
}

type PartitionData = FetchPartitionData;

const EMPTY = Buffer.alloc(0);

/**
 * Long-polling fetch without sessions (SessionId 0 → clients send full fetches). Returns every
 * requested partition, whole stored batches from the one containing FetchOffset, and waits for
 * appends (not timers) until MinBytes arrive or MaxWaitMs passes.
 */
export const fetchHandler = defineHandler<FetchRequest, unknown>({
  apiKey: 1,
  name: 'Fetch',
  advertised: ENCODED_FETCH_VERSIONS,
  async handle(req, ctx) {
    const isolation: IsolationLevel = req.isolationLevel === 1 ? 'read_committed' : 'read_uncommitted';
    const maxBytes = ctx.apiVersion >= 3 && req.maxBytes > 0 ? req.maxBytes : 0x7fffffff;
    const deadline = Date.now() + Math.max(0, req.maxWaitMs);
    let result = await readAll(req, ctx, isolation, maxBytes);
    while (result.bytes < req.minBytes && !result.error && !ctx.conn.signal.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      await waitForAny(ctx, result.next, remaining, isolation);
      result = await readAll(req, ctx, isolation, maxBytes);
    }
    // Encoded here so the stored batches are written by reference (no copy into a response buffer).
    return encodeFetchResponse(ctx.apiVersion, { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: result.responses });
  },
});

interface ReadAllResult {
  responses: Array<{ topic: string; partitions: PartitionData[] }>;
  bytes: number;
  error: boolean;
  /** Offset to wait past, per healthy partition. */
  next: Array<{ topic: string; partition: number; offset: number }>;
}

async function readAll(req: FetchRequest, ctx: RequestContext, isolation: IsolationLevel, maxBytes: number): Promise<ReadAllResult> {
  let sumOfLimits = 0;
  for (const t of req.topics) for (const p of t.partitions) sumOfLimits += p.partitionMaxBytes > 0 ? p.partitionMaxBytes : 0x7fffffff;
  // The usual case (Java: 1 MiB per partition, 50 MiB per response): the response limit cannot
  // bind, so the partitions' disk reads overlap instead of running one after another.
  if (sumOfLimits <= maxBytes) return readAllConcurrently(req, ctx, isolation);
  let budget = maxBytes;
  let bytes = 0;
  let error = false;
  const next: ReadAllResult['next'] = [];
  const responses = [];
  for (const t of req.topics) {
    const partitions: PartitionData[] = [];
    for (const p of t.partitions) {
      const limit = Math.min(p.partitionMaxBytes > 0 ? p.partitionMaxBytes : 0x7fffffff, budget);
      const data = await readOne(ctx, t.topic, p, isolation, limit, bytes === 0);
      partitions.push(data);
      const n = data.records.length;
      bytes += n;
      budget = Math.max(0, budget - n);
      if (data.errorCode !== 0) error = true;
      else {
        // Wait for data past what is visible now (read_committed: past the last stable offset).
        const visibleEnd = isolation === 'read_committed' ? data.lastStableOffset : data.highWatermark;
        next.push({ topic: t.topic, partition: p.partition, offset: Math.max(p.fetchOffset, visibleEnd) });
      }
    }
    responses.push({ topic: t.topic, partitions });
  }
  return { responses, bytes, error, next };
}

async function readAllConcurrently(req: FetchRequest, ctx: RequestContext, isolation: IsolationLevel): Promise<ReadAllResult> {
  const reads = req.topics.map((t) => Promise.all(t.partitions.map((p) => readOne(ctx, t.topic, p, isolation, p.partitionMaxBytes > 0 ? p.partitionMaxBytes : 0x7fffffff, true))));
  const done = await Promise.all(reads);
  let bytes = 0;
  let error = false;
  const next: ReadAllResult['next'] = [];
  const responses = [];
  for (let i = 0; i < req.topics.length; i++) {
    const t = req.topics[i]!;
    const partitions = done[i]!;
    for (let j = 0; j < partitions.length; j++) {
      const data = partitions[j]!;
      bytes += data.records.length;
      if (data.errorCode !== 0) error = true;
      else {
        const visibleEnd = isolation === 'read_committed' ? data.lastStableOffset : data.highWatermark;
        const fetchOffset = t.partitions[j]!.fetchOffset;
        next.push({ topic: t.topic, partition: t.partitions[j]!.partition, offset: Math.max(fetchOffset, visibleEnd) });
      }
    }
    responses.push({ topic: t.topic, partitions });
  }
  return { responses, bytes, error, next };
}

async function readOne(
  ctx: RequestContext,
  topic: string,
  p: FetchPartitionRequest,
  isolation: IsolationLevel,
  limit: number,
  firstWithData: boolean,
): Promise<PartitionData> {
  if (p.currentLeaderEpoch > 0) return failed(p.partition, KafkaErrorCode.UNKNOWN_LEADER_EPOCH);
  // KIP-74: only the first non-empty partition may exceed the limits (by one batch).
  if (limit <= 0 && !firstWithData) {
    try {
      const o = await ctx.broker.partitions.offsets(topic, p.partition);
      return { ...base(p.partition, o, isolation), records: EMPTY };
    } catch (err) {
      return failed(p.partition, kafkaErrorCodeOf(err));
    }
  }
  let out: ReadOutcome;
  try {
    out = await ctx.broker.partitions.read(topic, p.partition, p.fetchOffset, Math.max(1, limit), isolation);
  } catch (err) {
    return failed(p.partition, kafkaErrorCodeOf(err));
  }
  const records = Buffer.isBuffer(out.records) ? out.records : Buffer.concat(out.records as Buffer[]);
  return {
    ...base(p.partition, out, isolation),
    abortedTransactions: isolation === 'read_committed' ? (out.abortedTransactions ?? []) : null,
    records,
  };
}

function base(
  partitionIndex: number,
  o: { highWatermark: number; lastStableOffset: number; logStartOffset: number },
  isolation: IsolationLevel,
): Omit<PartitionData, 'records'> {
  return {
    partitionIndex,
    errorCode: 0,
    highWatermark: o.highWatermark,
    lastStableOffset: o.lastStableOffset,
    logStartOffset: o.logStartOffset,
    abortedTransactions: isolation === 'read_committed' ? [] : null,
    preferredReadReplica: -1,
  };
}

function failed(partitionIndex: number, errorCode: number): PartitionData {
  return {
    partitionIndex,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: EMPTY,
  };
}

/** Resolves when any partition gets data past its offset, the time passes, or the connection aborts. */
async function waitForAny(
  ctx: RequestContext,
  next: ReadAllResult['next'],
  timeoutMs: number,
  isolation: IsolationLevel,
): Promise<void> {
  if (next.length === 0) return;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  ctx.conn.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race(
      next.map((n) =>
        ctx.broker.partitions
          .waitForData(n.topic, n.partition, n.offset, timeoutMs, stop.signal, isolation)
          .catch(() => undefined),
      ),
    );
  } finally {
    stop.abort();
    ctx.conn.signal.removeEventListener('abort', onAbort);
  }
}
