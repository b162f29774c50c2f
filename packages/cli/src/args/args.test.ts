import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../errors/cli-usage-error.js';
import { parseBootstrapServers } from './bootstrap.js';
import { collectKeyValue, parseBooleanProperty, parseIntFlag, parseKeyValues, unescapeSeparator } from './key-values.js';

describe('argument helpers', () => {
  it('collects repeated k=v flags, last key wins, values may contain =', () => {
    const entries = collectKeyValue('b=2', collectKeyValue('a=1'));
    expect(parseKeyValues([...entries, 'a=3', 'c=x=y'], '--config')).toEqual({ a: '3', b: '2', c: 'x=y' });
    expect(() => parseKeyValues(['novalue'], '--config')).toThrow(/--config expects key=value, got "novalue"/);
    expect(() => parseKeyValues(['=v'], '--config')).toThrow(CliUsageError);
  });

  it('parses bounded integers and names the flag when they are not', () => {
    expect(parseIntFlag(' 42 ', '--partitions', 1)).toBe(42);
    expect(parseIntFlag(undefined, '--partitions')).toBeUndefined();
    expect(() => parseIntFlag('4.5', '--partitions')).toThrow(/--partitions expects a whole number/);
    expect(() => parseIntFlag('0', '--partitions', 1)).toThrow(/--partitions must be between 1/);
  });

  it('reads Kafka-style booleans and separator escapes', () => {
    expect(parseBooleanProperty('TRUE', 'print.key')).toBe(true);
    expect(parseBooleanProperty('false', 'print.key')).toBe(false);
    expect(() => parseBooleanProperty('yes', 'print.key')).toThrow(/print.key expects true or false/);
    expect(unescapeSeparator('\\t|\\n')).toBe('\t|\n');
    expect(unescapeSeparator(':')).toBe(':');
  });

  it('requires --bootstrap-server and checks each host:port', () => {
    expect(parseBootstrapServers('127.0.0.1:9092, kafka:19092')).toEqual(['127.0.0.1:9092', 'kafka:19092']);
    expect(parseBootstrapServers('[::1]:9092')).toEqual(['[::1]:9092']);
    expect(() => parseBootstrapServers(undefined)).toThrow(/--bootstrap-server <host:port> is required/);
    expect(() => parseBootstrapServers('localhost')).toThrow(/expects host:port, got "localhost"/);
    expect(() => parseBootstrapServers('h:99999')).toThrow(CliUsageError);
  });
});
