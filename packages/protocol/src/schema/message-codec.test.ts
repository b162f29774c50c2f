import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TributaryError } from '../errors/tributary-error.js';
import { ByteReader } from '../primitives/byte-reader.js';
import { apiSchemas } from './api-registry.js';
import { decodeMessage, encodeMessage, readMessage } from './message-codec.js';
import { messageArbitrary } from './schema-arbitrary.test-helper.js';
import type { MessageSchema } from './schema-types.js';
import { CorruptRecordError } from '../errors/tributary-error.js';

const cases: { schema: MessageSchema; version: number }[] = [];
for (const api of Object.values(apiSchemas)) {
  for (let v = api.minVersion; v <= api.maxVersion; v++) {
    cases.push({ schema: api.request, version: v }, { schema: api.response, version: v });
  }
}

describe('schema-driven codec', () => {
  it('covers every API version in the registry', () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases.map((c) => [`${c.schema.name} v${c.version}`, c] as const))(
    'decode(encode(x)) equals x, oracle: the generated value itself — %s',
    (_label, { schema, version }) => {
      fc.assert(
        fc.property(messageArbitrary(schema, version), (value) => {
          const bytes = encodeMessage(schema, version, value as never);
          const r = new ByteReader(bytes);
          expect(readMessage(r, schema, version)).toEqual(value);
          expect(r.remaining).toBe(0);
          // A second encoding is byte-identical: the decoded value loses nothing the wire carries.
          expect(encodeMessage(schema, version, decodeMessage(schema, version, bytes))).toEqual(bytes);
        }),
        { numRuns: 15 },
      );
    },
  );

  it.each(cases.map((c) => [`${c.schema.name} v${c.version}`, c] as const))(
    'truncated encodings throw CorruptRecordError, oracle: every strict prefix underflows — %s',
    (_label, { schema, version }) => {
      fc.assert(
        fc.property(messageArbitrary(schema, version), fc.nat(), (value, cut) => {
          const bytes = encodeMessage(schema, version, value as never);
          if (bytes.length === 0) return;
          const prefix = bytes.subarray(0, cut % bytes.length);
          expect(() => decodeMessage(schema, version, prefix)).toThrow(CorruptRecordError);
        }),
        { numRuns: 8 },
      );
    },
  );

  it('random bytes decode or throw only TributaryError, oracle: error class of every failure', () => {
    const versions = cases;
    fc.assert(
      fc.property(fc.nat({ max: versions.length - 1 }), fc.uint8Array({ maxLength: 64 }), (i, bytes) => {
        const { schema, version } = versions[i]!;
        try {
          decodeMessage(schema, version, Buffer.from(bytes));
        } catch (err) {
          expect(err).toBeInstanceOf(TributaryError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
