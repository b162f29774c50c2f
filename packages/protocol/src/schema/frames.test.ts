import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError, TributaryError } from '../errors/tributary-error.js';
import { ValueOutOfRangeError } from '../primitives/value-range-error.js';
import { apiSchemas, ApiKey } from './api-registry.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from './frames.js';
import { messageArbitrary } from './schema-arbitrary.test-helper.js';
import { InvalidRequestError, UnsupportedVersionError } from './schema-errors.js';

const metadataV1 = (): Buffer => encodeRequest({ apiKey: 3, apiVersion: 1, correlationId: 11, clientId: 'c' }, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });

describe('request and response frames', () => {
  it('registry entries carry Kafka 3.9 ranges and the first flexible version', () => {
    expect(apiSchemas[ApiKey.Produce]).toMatchObject({ name: 'Produce', minVersion: 0, maxVersion: 11, flexibleFrom: 9 });
    expect(apiSchemas[ApiKey.ApiVersions]).toMatchObject({ name: 'ApiVersions', minVersion: 0, maxVersion: 4, flexibleFrom: 3 });
    expect(apiSchemas[ApiKey.SaslHandshake]).toMatchObject({ minVersion: 0, maxVersion: 1, flexibleFrom: null });
    expect(apiSchemas[ApiKey.DescribeTopicPartitions]).toMatchObject({ minVersion: 0, maxVersion: 0, flexibleFrom: 0 });
    expect(Object.keys(apiSchemas)).toHaveLength(36);
  });

  it('an unknown API key throws UnsupportedVersionError carrying the header', () => {
    const frame = Buffer.from([0, 0, 0, 10, 0, 99, 0, 1, 0, 0, 0, 5, 0xff, 0xff]);
    const err = captureError(() => decodeRequest(frame));
    expect(err).toBeInstanceOf(UnsupportedVersionError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_VERSION', header: { apiKey: 99, apiVersion: 1, correlationId: 5, clientId: null } });
  });

  it('a too-new ApiVersions request still yields its header (broker answers v0 with error 35)', () => {
    // v5 would be flexible: header v2 with tags, body unknown to us; only the v1 header prefix is read.
    const frame = Buffer.from([0, 0, 0, 13, 0, 18, 0, 5, 0, 0, 0, 9, 0, 1, 0x61, 0, 0]);
    expect(captureError(() => decodeRequest(frame))).toMatchObject({ code: 'UNSUPPORTED_VERSION', header: { apiKey: 18, apiVersion: 5, correlationId: 9, clientId: 'a' } });
  });

  it('a malformed body throws InvalidRequestError with the header and the cause', () => {
    const good = metadataV1();
    const truncated = Buffer.concat([Buffer.from([0, 0, 0, good.length - 5]), good.subarray(4, good.length - 1)]);
    const err = captureError(() => decodeRequest(truncated));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ code: 'INVALID_REQUEST', header: { apiKey: 3, apiVersion: 1, correlationId: 11 } });
    expect((err as Error).cause).toBeInstanceOf(CorruptRecordError);
  });

  it('a size prefix that disagrees with the frame length is corruption', () => {
    const frame = metadataV1();
    frame.writeInt32BE(frame.length, 0);
    expect(() => decodeRequest(frame)).toThrow(CorruptRecordError);
  });

  it('flexible responses get header v1, except ApiVersions (always v0)', () => {
    const initPid = encodeResponse(22, 2, 77, { throttleTimeMs: 0, errorCode: 0, producerId: 1, producerEpoch: 0 });
    expect([...initPid.subarray(4, 9)]).toEqual([0, 0, 0, 77, 0]);
    const apiVersions = encodeResponse(18, 3, 77, { errorCode: 0, apiKeys: [], throttleTimeMs: 0, supportedFeatures: [], finalizedFeaturesEpoch: -1, finalizedFeatures: [], zkMigrationReady: false });
    expect([...apiVersions.subarray(4, 10)]).toEqual([0, 0, 0, 77, 0, 0]);
    expect(apiVersions.length).toBe(4 + 4 + 2 + 1 + 4 + 1);
    expect(decodeResponse(18, 3, apiVersions).correlationId).toBe(77);
  });

  it('encoding a null into a non-nullable field throws ValueOutOfRangeError', () => {
    expect(() => encodeResponse(22, 0, 1, { throttleTimeMs: 0, errorCode: null as never, producerId: 1, producerEpoch: 0 })).toThrow(ValueOutOfRangeError);
    expect(() => encodeResponse(22, 0, 1, { throttleTimeMs: 2 ** 40, errorCode: 0, producerId: 1, producerEpoch: 0 })).toThrow(ValueOutOfRangeError);
  });

  it('encoding an unsupported version throws UnsupportedVersionError', () => {
    expect(() => encodeResponse(0, 12, 1, {} as never)).toThrow(UnsupportedVersionError);
  });

  const versions = Object.values(apiSchemas).flatMap((api) => Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => ({ api, version: api.minVersion + i })));

  it('decodeRequest(encodeRequest(h, x)) returns h and x, oracle: the generated header and body', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...versions).chain(({ api, version }) =>
          fc.record({
            header: fc.record({ apiKey: fc.constant(api.apiKey), apiVersion: fc.constant(version), correlationId: fc.integer(), clientId: fc.option(fc.string(), { nil: null }) }),
            body: messageArbitrary(api.request, version),
          }),
        ),
        ({ header, body }) => {
          const decoded = decodeRequest(encodeRequest(header as never, body as never));
          expect(decoded.header).toEqual(header);
          expect(decoded.body).toEqual(body);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random and mutated frames throw only our typed errors, oracle: error class of every failure', () => {
    fc.assert(
      fc.property(fc.constantFrom(...versions), fc.uint8Array({ maxLength: 48 }), fc.nat(), (target, noise, at) => {
        // Half the time: a valid header for a real API/version followed by random body bytes.
        const head = Buffer.alloc(8);
        head.writeInt16BE(target.api.apiKey, 0);
        head.writeInt16BE(target.version, 2);
        const payload = at % 2 === 0 ? Buffer.concat([head, Buffer.from([0xff, 0xff]), Buffer.from(noise)]) : Buffer.from(noise);
        const frame = Buffer.concat([Buffer.alloc(4), payload]);
        frame.writeInt32BE(payload.length, 0);
        try {
          decodeRequest(frame);
        } catch (err) {
          expect(err).toBeInstanceOf(TributaryError);
          expect(['UNSUPPORTED_VERSION', 'INVALID_REQUEST', 'CORRUPT_RECORD']).toContain((err as TributaryError).code);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
