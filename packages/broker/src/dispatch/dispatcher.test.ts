import { encodeRequest } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { waitFor } from '../../../../test/helpers/wait-for.js';
import { recordingLogger, startTestBroker } from '../testing/test-broker.test-helper.js';

let broker: Awaited<ReturnType<typeof startTestBroker>> | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

const metadataFrame = (apiKey: number, apiVersion: number): Buffer => {
  const f = encodeRequest({ apiKey: 3, apiVersion: 1, correlationId: 7, clientId: 'x' }, { topics: null } as never);
  f.writeInt16BE(apiKey, 4);
  f.writeInt16BE(apiVersion, 6);
  return f;
};

describe('Dispatcher', () => {
  it('closes the connection (with a log line) on an unknown API key, an unserved version or a malformed body', async () => {
    const logger = recordingLogger();
    broker = await startTestBroker({}, { logger });
    for (const [frame, msg] of [
      [metadataFrame(999, 0), /unsupported API key/],
      [metadataFrame(3, 42), /unsupported API version/],
      [metadataFrame(0, 2), /unsupported API version/], // Produce v0-2 advertised but not served
      [metadataFrame(23, 0), /unsupported API key/], // OffsetForLeaderEpoch is not served
      [Buffer.from([0, 0, 0, 9, 0, 3, 0, 1, 0, 0, 0, 1, 0]), /malformed request/],
    ] as const) {
      const c = await RawClient.connect(broker.port);
      c.write(frame);
      await c.closed;
      expect(logger.lines.some((l) => l.level === 'warn' && msg.test(l.msg ?? ''))).toBe(true);
    }
  });

  it('requires SASL/PLAIN before other APIs when users are configured; a failed handshake or login closes the connection, as in Kafka', async () => {
    broker = await startTestBroker({ saslPlainUsers: [{ username: 'alice', password: 's3cret' }] });
    const unauth = await RawClient.connect(broker.port);
    unauth.write(metadataFrame(3, 1));
    await unauth.closed;
    const wrongMechanism = await RawClient.connect(broker.port);
    const versions = await wrongMechanism.request(18, 2, {});
    expect(versions.apiKeys.find((k) => k.apiKey === 17)).toMatchObject({ minVersion: 0, maxVersion: 1 });
    expect(await wrongMechanism.request(17, 1, { mechanism: 'SCRAM-SHA-256' })).toMatchObject({ errorCode: 33, mechanisms: ['PLAIN'] });
    await wrongMechanism.closed;
    const wrongPassword = await RawClient.connect(broker.port);
    expect((await wrongPassword.request(17, 1, { mechanism: 'PLAIN' })).errorCode).toBe(0);
    const bad = await wrongPassword.request(36, 1, { authBytes: Buffer.from('\0alice\0wrong') });
    expect(bad.errorCode).toBe(58);
    await wrongPassword.closed;
    const c = await RawClient.connect(broker.port);
    expect((await c.request(17, 1, { mechanism: 'PLAIN' })).errorCode).toBe(0);
    const ok = await c.request(36, 1, { authBytes: Buffer.from('\0alice\0s3cret') });
    expect(ok.errorCode).toBe(0);
    const meta = await c.request(3, 1, { topics: null } as never);
    expect(meta.brokers[0]!.port).toBe(broker.port);
    c.close();
  });
  it('reports connections and requests to the metrics hooks', async () => {
    const events: string[] = [];
    broker = await startTestBroker({}, {
      metrics: {
        connectionOpened: () => events.push('open'),
        connectionClosed: (_remote, reason) => events.push(`close:${reason}`),
        requestCompleted: (apiKey, apiVersion, ms) => events.push(`req:${apiKey}v${apiVersion}:${ms >= 0}`),
      },
    });
    const c = await RawClient.connect(broker.port);
    await c.request(18, 3, {});
    await c.request(3, 1, { topics: null } as never);
    c.close();
    await c.closed;
    await waitFor(() => events.some((e) => e.startsWith('close:')));
    expect(events.slice(0, 3)).toEqual(['open', 'req:18v3:true', 'req:3v1:true']);
  });
});
