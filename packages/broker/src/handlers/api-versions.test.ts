import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startTestBroker } from '../testing/test-broker.test-helper.js';

let broker: Awaited<ReturnType<typeof startTestBroker>> | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

describe('ApiVersions', () => {
  it('advertises the brief\'s ranges for every served API and nothing else', async () => {
    broker = await startTestBroker();
    const c = await RawClient.connect(broker.port);
    const res = await c.request(18, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(res.errorCode).toBe(0);
    const ranges = Object.fromEntries(res.apiKeys.map((k) => [k.apiKey, [k.minVersion, k.maxVersion]]));
    expect(ranges[0]).toEqual([0, 8]);
    expect(ranges[1]).toEqual([4, 11]);
    expect(ranges[2]).toEqual([1, 5]);
    expect(ranges[3]).toEqual([0, 12]);
    expect(ranges[18]).toEqual([0, 4]);
    expect(ranges[19]).toEqual([2, 4]);
    expect(ranges[75]).toEqual([0, 0]);
    expect(ranges[23]).toBeUndefined();
    expect(ranges[17]).toBeUndefined();
    c.close();
  });

  it('answers v0..v4 and, above max, a v0-format UNSUPPORTED_VERSION with {18,0,4}', async () => {
    broker = await startTestBroker();
    const c = await RawClient.connect(broker.port);
    for (const v of [0, 1, 2, 3, 4]) expect((await c.request(18, v, {})).errorCode).toBe(0);
    // v5 request with a v3-style body: the broker must not parse it.
    const frame = Buffer.from([0, 0, 0, 14, 0, 18, 0, 5, 0, 0, 0, 42, 0, 2, 0x61, 0x62, 0, 0]);
    const res = await c.send(frame);
    expect(res.readInt32BE(4)).toBe(42);
    expect(res.readInt16BE(8)).toBe(35);
    expect(res.readInt32BE(10)).toBe(1);
    expect([res.readInt16BE(14), res.readInt16BE(16), res.readInt16BE(18)]).toEqual([18, 0, 4]);
    c.close();
  });
});
