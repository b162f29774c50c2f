import fc from 'fast-check';
import { encodeResponse } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { frameEncodedBody } from '../dispatch/encoded-body.js';
import { encodeFetchResponse, type FetchResponseData } from './fetch-response-encoder.js';

const int64 = fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER });
const partition = fc.record({
  partitionIndex: fc.integer({ min: 0, max: 1000 }),
  errorCode: fc.integer({ min: 0, max: 120 }),
  highWatermark: int64,
  lastStableOffset: int64,
  logStartOffset: int64,
  abortedTransactions: fc.option(fc.array(fc.record({ producerId: int64, firstOffset: int64 }), { maxLength: 3 }), { nil: null }),
  preferredReadReplica: fc.integer({ min: -1, max: 5 }),
  records: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
});
const response: fc.Arbitrary<FetchResponseData> = fc.record({
  throttleTimeMs: fc.integer({ min: 0, max: 1000 }),
  errorCode: fc.integer({ min: 0, max: 120 }),
  sessionId: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  responses: fc.array(fc.record({ topic: fc.string({ maxLength: 40 }), partitions: fc.array(partition, { maxLength: 4 }) }), { maxLength: 4 }),
});

describe('encodeFetchResponse', () => {
  it('writes the same bytes as the schema-driven encoder for Fetch v4–v11 (oracle: @tributary/protocol encodeResponse)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 11 }), response, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (version, res, correlationId) => {
        const ours = Buffer.concat(frameEncodedBody(correlationId, encodeFetchResponse(version, res)));
        expect(ours.equals(encodeResponse(1, version, correlationId, res as never))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('references record buffers instead of copying them', () => {
    const records = Buffer.alloc(10_000, 7);
    const body = encodeFetchResponse(11, {
      throttleTimeMs: 0, errorCode: 0, sessionId: 0,
      responses: [{ topic: 't', partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 1, lastStableOffset: 1, logStartOffset: 0, abortedTransactions: null, preferredReadReplica: -1, records }] }],
    });
    expect(body.parts).toContain(records);
  });
});
