import { describe, expect, it } from 'vitest';
import { Consumed, Joined, Materialized, PUT_RETURN_CODE_NOT_PUT, Serdes, StreamsBuilder, TopologyTestDriver, VersionedStores } from '../../index.js';

const S = Serdes.String();

function setup(grace: number | undefined) {
  const b = new StreamsBuilder();
  const table = b.table('T', Consumed.with(S, S), Materialized.as<string, string>(VersionedStores.inMemoryVersionedKeyValueStore('versioned', 5 * 60_000)));
  const joined = grace === undefined ? Joined.with(S, S, S) : Joined.with(S, S, S, 'Grace', grace);
  b.stream('S', Consumed.with(S, S)).join(table, (v, t) => `${v}+${t}`, joined).to('out');
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S });
  const out = d.createOutputTopic('out', S, S);
  return { d, T: d.createInputTopic('T', S, S), St: d.createInputTopic('S', S, S), read: () => out.readRecordsToList().map((r) => `${r.key}:${r.value}@${r.timestamp}`) };
}

describe('S22: stream-table join against a versioned table with grace', () => {
  it('buffers stream records for the grace period and joins them as of their timestamp', () => {
    const { T, St, read } = setup(2);
    for (let i = 0; i < 4; i++) T.pipeInput(String(i), `Y${i}`, 0);
    for (let i = 0; i < 4; i++) St.pipeInput(String(i), `X${i}`, i);
    expect(read()).toEqual(['0:X0+Y0@0', '1:X1+Y1@1']);
    for (let i = 0; i < 4; i++) T.pipeInput(String(i), `YY${i}`, 0);
    expect(read()).toEqual([]);
    St.pipeInput('0', 'X0', 0);
    expect(read()).toEqual(['0:X0+YY0@0']);
    St.pipeInput('1', 'X1', 1);
    expect(read()).toEqual(['1:X1+YY1@1']);
    St.pipeInput('2', 'X2', 2);
    St.pipeInput('3', 'X3', 3);
    expect(read()).toEqual([]);
    St.pipeInput('5', 'test', 7);
    expect(read()).toEqual(['2:X2+YY2@2', '2:X2+YY2@2', '3:X3+YY3@3', '3:X3+YY3@3']);
  });

  it('without grace, a versioned table is read as of the stream timestamp', () => {
    const { T, St, read } = setup(undefined);
    T.pipeInput('k', 'old', 10);
    T.pipeInput('k', 'new', 20);
    St.pipeInput('k', 'a', 15);
    St.pipeInput('k', 'b', 25);
    St.pipeInput('k', 'c', 5);
    expect(read()).toEqual(['k:a+old@15', 'k:b+new@25']);
  });

  it('the versioned view answers get(key, asOf) and refuses puts older than the history retention', () => {
    const { d, T } = setup(undefined);
    T.pipeInput('k', 'v1', 100);
    T.pipeInput('k', 'v2', 200);
    const v = VersionedStores.asVersioned<string, string>(d.getStateStore('versioned')!);
    expect(v.get('k')).toEqual({ value: 'v2', timestamp: 200, validTo: null });
    expect(v.get('k', 150)).toEqual({ value: 'v1', timestamp: 100, validTo: 200 });
    expect(v.get('k', 99)).toBeNull();
    expect(v.put('k', 'v0', 50)).toBe(100);
    expect(v.get('k', 60)?.value).toBe('v0');
    expect(v.put('k', 'ancient', 200 - 5 * 60_000 - 1)).toBe(PUT_RETURN_CODE_NOT_PUT);
  });

  it('a grace period needs a versioned table', () => {
    const b = new StreamsBuilder();
    const table = b.table('T', Consumed.with(S, S), Materialized.as<string, string>('plain'));
    b.stream('S', Consumed.with(S, S)).join(table, (v, t) => `${v}+${t}`, Joined.with(S, S, S, 'g', 5)).to('out');
    expect(() => new TopologyTestDriver(b.build(), { applicationId: 'app', defaultKeySerde: S, defaultValueSerde: S })).toThrow(/versioned/);
  });
});
