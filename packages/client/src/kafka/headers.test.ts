import { describe, expect, it } from 'vitest';
import { UnsupportedFeatureError } from '../errors/client-errors.js';
import { headersFromKafkajs, headersToKafkajs } from './headers.js';

describe('kafkajs header conversion', () => {
  it('round-trips repeated keys', () => {
    const headers = [
      { key: 'a', value: Buffer.from('1') },
      { key: 'a', value: Buffer.from('2') },
      { key: 'b', value: Buffer.from('3') },
    ];
    expect(headersFromKafkajs(headersToKafkajs(headers))).toEqual(headers);
  });

  it('decodes null values but refuses to produce them (kafkajs 2.2.4 throws on them)', () => {
    expect(headersFromKafkajs({ n: null as unknown as Buffer })).toEqual([{ key: 'n', value: null }]);
    expect(() => headersToKafkajs([{ key: 'n', value: null }])).toThrow(UnsupportedFeatureError);
  });

  it('maps no headers to undefined and back to an empty list', () => {
    expect(headersToKafkajs([])).toBeUndefined();
    expect(headersFromKafkajs(undefined)).toEqual([]);
  });
});
