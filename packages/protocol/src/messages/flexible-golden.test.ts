import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../schema/frames.js';
import { UNKNOWN_TAGGED_FIELDS } from '../schema/tagged-fields.js';

// Flexible-version frames built byte by byte from the protocol spec (KIP-482: compact lengths are
// uvarint N+1, every struct ends with a tagged-field section; request header v2 keeps an int16 client id).

const i16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const i32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const i64 = (v: number): number[] => [...i32(Math.floor(v / 2 ** 32)), ...i32(v >>> 0)];
const str16 = (s: string): number[] => [...i16(s.length), ...Buffer.from(s)];
const compact = (s: string): number[] => [s.length + 1, ...Buffer.from(s)];
const NO_TAGS = 0;
const frame = (...parts: number[][]): Buffer => {
  const body = parts.flat();
  return Buffer.from([...i32(body.length), ...body]);
};
const headerV2 = (apiKey: number, version: number, correlationId: number, clientId: string): number[] => [
  ...i16(apiKey),
  ...i16(version),
  ...i32(correlationId),
  ...str16(clientId),
  NO_TAGS,
];

describe('hand-built flexible frames', () => {
  it('ApiVersions v3 request as librdkafka 2.0.2 sends it', () => {
    const bytes = frame(headerV2(18, 3, 1, 'rdkafka'), compact('librdkafka'), compact('2.0.2'), [NO_TAGS]);
    const decoded = decodeRequest(bytes);
    expect(decoded.header).toEqual({ apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'rdkafka' });
    expect(decoded.body).toEqual({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(encodeRequest(decoded.header, decoded.body)).toEqual(bytes);
  });

  it('ApiVersions v3 response keeps header v0 (no header tags) and compact api keys', () => {
    const body = { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }], throttleTimeMs: 0, supportedFeatures: [], finalizedFeaturesEpoch: -1, finalizedFeatures: [], zkMigrationReady: false };
    const expected = frame(i32(1), i16(0), [2], i16(18), i16(0), i16(4), [NO_TAGS], i32(0), [NO_TAGS]);
    expect(encodeResponse(18, 3, 1, body)).toEqual(expected);
    expect(decodeResponse(18, 3, expected).body).toEqual(body);
  });

  it('ApiVersions v3 response writes non-default tagged fields in tag order', () => {
    const body = { errorCode: 0, apiKeys: [], throttleTimeMs: 0, supportedFeatures: [], finalizedFeaturesEpoch: 5, finalizedFeatures: [], zkMigrationReady: true };
    // tag 1 FinalizedFeaturesEpoch (int64, 8 bytes), tag 3 ZkMigrationReady (bool, 1 byte).
    const expected = frame(i32(9), i16(0), [1], i32(0), [2, 1, 8, ...i64(5), 3, 1, 1]);
    expect(encodeResponse(18, 3, 9, body)).toEqual(expected);
    expect(decodeResponse(18, 3, expected).body).toEqual(body);
  });

  it('OffsetFetch v7 request with RequireStable', () => {
    const bytes = frame(
      headerV2(9, 7, 42, 'rdkafka'),
      compact('group-a'),
      [2, ...compact('orders'), 3, ...i32(0), ...i32(5), NO_TAGS],
      [1],
      [NO_TAGS],
    );
    const decoded = decodeRequest(bytes);
    expect(decoded.body).toEqual({ groupId: 'group-a', topics: [{ name: 'orders', partitionIndexes: [0, 5] }], requireStable: true, groups: [] });
    expect(encodeRequest(decoded.header, decoded.body)).toEqual(bytes);
  });

  it('OffsetFetch v7 request with null topics (all committed offsets)', () => {
    const bytes = frame(headerV2(9, 7, 43, 'rdkafka'), compact('group-a'), [0], [0], [NO_TAGS]);
    expect(decodeRequest(bytes).body).toMatchObject({ groupId: 'group-a', topics: null, requireStable: false });
  });

  it('OffsetFetch v7 response uses header v1', () => {
    const body = {
      throttleTimeMs: 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 12, committedLeaderEpoch: -1, metadata: null, errorCode: 88 }] }],
      errorCode: 0,
      groups: [],
    };
    const expected = frame(
      i32(42),
      [NO_TAGS],
      i32(0),
      [2, ...compact('orders'), 2, ...i32(0), ...i64(12), ...i32(-1), 0, ...i16(88), NO_TAGS, NO_TAGS],
      i16(0),
      [NO_TAGS],
    );
    expect(encodeResponse(9, 7, 42, body)).toEqual(expected);
    expect(decodeResponse(9, 7, expected).body).toEqual(body);
  });

  it('TxnOffsetCommit v3 request (EOS-v2 group metadata)', () => {
    const bytes = frame(
      headerV2(28, 3, 5, 'java'),
      compact('tx-1'),
      compact('app'),
      i64(1000),
      i16(3),
      i32(7),
      compact('member-1'),
      [0],
      [2, ...compact('orders'), 2, ...i32(1), ...i64(99), ...i32(0), ...compact(''), NO_TAGS, NO_TAGS],
      [NO_TAGS],
    );
    const decoded = decodeRequest(bytes);
    expect(decoded.body).toEqual({
      transactionalId: 'tx-1',
      groupId: 'app',
      producerId: 1000,
      producerEpoch: 3,
      generationId: 7,
      memberId: 'member-1',
      groupInstanceId: null,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 99, committedLeaderEpoch: 0, committedMetadata: '' }] }],
    });
    expect(encodeRequest(decoded.header, decoded.body)).toEqual(bytes);
  });

  it('InitProducerId v4 request and response', () => {
    const request = frame(headerV2(22, 4, 3, 'rdkafka'), compact('tx-1'), i32(60000), i64(-1), i16(-1), [NO_TAGS]);
    const decoded = decodeRequest(request);
    expect(decoded.body).toEqual({ transactionalId: 'tx-1', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 });
    expect(encodeRequest(decoded.header, decoded.body)).toEqual(request);

    const response = frame(i32(3), [NO_TAGS], i32(0), i16(0), i64(4000), i16(1), [NO_TAGS]);
    expect(encodeResponse(22, 4, 3, { throttleTimeMs: 0, errorCode: 0, producerId: 4000, producerEpoch: 1 })).toEqual(response);
  });

  it('ListTransactions v1 request (state, producer id and duration filters) and v1 response', () => {
    const request = frame(headerV2(66, 1, 5, 'adminclient-1'), [2, ...compact('Ongoing')], [2, ...i64(4000)], i64(60000), [NO_TAGS]);
    const decoded = decodeRequest(request);
    expect(decoded.body).toEqual({ stateFilters: ['Ongoing'], producerIdFilters: [4000], durationFilter: 60000 });
    expect(encodeRequest(decoded.header, decoded.body)).toEqual(request);
    // v0 has no DurationFilter: it decodes as the default -1.
    const v0 = frame(headerV2(66, 0, 6, 'adminclient-1'), [1], [1], [NO_TAGS]);
    expect(decodeRequest(v0).body).toEqual({ stateFilters: [], producerIdFilters: [], durationFilter: -1 });

    const body = {
      throttleTimeMs: 0,
      errorCode: 0,
      unknownStateFilters: ['Bogus'],
      transactionStates: [{ transactionalId: 'tx-1', producerId: 4000, transactionState: 'Ongoing' }],
    };
    const response = frame(
      i32(5), [NO_TAGS], i32(0), i16(0), [2, ...compact('Bogus')],
      [2, ...compact('tx-1'), ...i64(4000), ...compact('Ongoing'), NO_TAGS], [NO_TAGS],
    );
    expect(encodeResponse(66, 1, 5, body)).toEqual(response);
    expect(decodeResponse(66, 1, response).body).toEqual(body);
  });

  it('DescribeTransactions v0 request and response (int16 epoch, partitions grouped by topic)', () => {
    const request = frame(headerV2(65, 0, 7, 'adminclient-1'), [3, ...compact('tx-1'), ...compact('tx-2')], [NO_TAGS]);
    const decoded = decodeRequest(request);
    expect(decoded.body).toEqual({ transactionalIds: ['tx-1', 'tx-2'] });
    expect(encodeRequest(decoded.header, decoded.body)).toEqual(request);

    const body = {
      throttleTimeMs: 0,
      transactionStates: [{
        errorCode: 0, transactionalId: 'tx-1', transactionState: 'Ongoing', transactionTimeoutMs: 60000,
        transactionStartTimeMs: 1700000000000, producerId: 4000, producerEpoch: 2,
        topics: [{ topic: 'orders', partitions: [0, 3] }],
      }],
    };
    const response = frame(
      i32(7), [NO_TAGS], i32(0),
      [2, ...i16(0), ...compact('tx-1'), ...compact('Ongoing'), ...i32(60000), ...i64(1700000000000), ...i64(4000), ...i16(2),
        2, ...compact('orders'), 3, ...i32(0), ...i32(3), NO_TAGS, NO_TAGS],
      [NO_TAGS],
    );
    expect(encodeResponse(65, 0, 7, body)).toEqual(response);
    expect(decodeResponse(65, 0, response).body).toEqual(body);
  });

  it('unknown tagged fields are skipped, or kept and re-encoded on request', () => {
    // Tag 9 (unknown to v4) carrying two bytes, after the known fields.
    const bytes = frame(headerV2(22, 4, 3, 'x'), [0], i32(1), i64(7), i16(2), [1, 9, 2, 0xab, 0xcd]);
    expect(decodeRequest(bytes).body).toEqual({ transactionalId: null, transactionTimeoutMs: 1, producerId: 7, producerEpoch: 2 });
    const kept = decodeRequest(bytes, { keepUnknownTaggedFields: true });
    expect((kept.body as Record<symbol, unknown>)[UNKNOWN_TAGGED_FIELDS]).toEqual([{ tag: 9, data: Buffer.from([0xab, 0xcd]) }]);
    expect(encodeRequest(kept.header, kept.body)).toEqual(bytes);
  });
});
