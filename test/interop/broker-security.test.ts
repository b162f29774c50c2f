import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningBroker } from '@tributary/broker';
import { brokerConfigFromProperties } from '@tributary/broker';
import type { Consumer, KafkaConfig, SASLOptions } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KafkaTool, runKafkaTool } from '../helpers/java-tools.js';
import { runKcat } from '../helpers/kcat.js';
import { requireKcat, requirePeer, requireReferenceKafka } from '../helpers/peers.js';
import { waitFor } from '../helpers/wait-for.js';
import { RawClient } from '../../packages/broker/src/testing/raw-client.test-helper.js';
import { startLogBroker } from '../../packages/broker/src/testing/test-broker.test-helper.js';
import { TestScramClient } from '../../packages/broker/src/sasl/scram-client.test-helper.js';
import { kafkajs, uniqueName } from './broker-targets.js';
import { processIo, runCli } from '@tributary/cli';

/*
 * TLS listeners and SASL (SCRAM-SHA-256/512, PLAIN) against Tributary's broker, with kafkajs,
 * kcat (librdkafka) and Kafka's Java console tools. A throwaway CA and certificates are made with
 * openssl in a temp dir for each run; nothing secret is committed. (The shared Apache Kafka of
 * the interop run has no SSL/SASL listeners, so these cases run against Tributary only.)
 */

const openssl = requirePeer('openssl', () => spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0 || 'not runnable', 'apt-get install openssl');
const kcat = requireKcat();
const java = requireReferenceKafka();

interface Pki {
  dir: string;
  ca: string;
  caPem: string;
  serverKey: string;
  serverCert: string;
  clientKeyPem: string;
  clientCertPem: string;
  otherCaPem: string;
}

/** A CA, a server certificate for 127.0.0.1/localhost, a client certificate and an unrelated CA. */
async function makePki(): Promise<Pki> {
  const dir = await mkdtemp(join(tmpdir(), 'trib-tls-'));
  const run = (args: string[]): void => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tributary-test-ca']);
  run(['req', '-x509', ...ec, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=unrelated-ca']);
  await writeFile(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, cn, ext] of [['server', 'localhost', ['-extfile', 'server.ext']], ['client', 'app-client', []]] as const) {
    run(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/O=tributary/CN=${cn}`]);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...ext]);
  }
  const text = (f: string): Promise<string> => readFile(join(dir, f), 'utf8');
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    caPem: await text('ca.pem'),
    serverKey: join(dir, 'server.key'),
    serverCert: join(dir, 'server.pem'),
    clientKeyPem: await text('client.key'),
    clientCertPem: await text('client.pem'),
    otherCaPem: await text('other-ca.pem'),
  };
}

async function startSecureBroker(pki: Pki, extra: string[] = []): Promise<RunningBroker> {
  const config = brokerConfigFromProperties(
    [
      'listeners=PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
      'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN',
      'sasl.scram.users=alice:alice-secret',
      'sasl.plain.users=app:app-secret',
      `ssl.key.location=${pki.serverKey}`,
      `ssl.certificate.location=${pki.serverCert}`,
      `ssl.ca.location=${pki.ca}`,
      ...extra,
    ].join('\n'),
  );
  return startLogBroker({ ...config, groupInitialRebalanceDelayMs: 0, shutdownTimeoutMs: 2_000 });
}

const portOf = (b: RunningBroker, name: string): number => b.listeners.find((l) => l.name === name)!.port;
const addr = (b: RunningBroker, name: string): string => `127.0.0.1:${portOf(b, name)}`;
const scram = (mechanism: 'scram-sha-256' | 'scram-sha-512', password = 'alice-secret'): SASLOptions => ({ mechanism, username: 'alice', password });

describe.skipIf(!openssl.available)('TLS and SASL listeners (Tributary)', () => {
  let pki: Pki;
  let broker: RunningBroker;
  const consumers: Consumer[] = [];
  beforeAll(async () => {
    pki = await makePki();
    broker = await startSecureBroker(pki);
  });
  afterAll(async () => {
    await broker?.close();
    if (pki) await rm(pki.dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const c of consumers.splice(0)) await c.disconnect().catch(() => {});
  });

  const client = (listener: string, extra: Partial<KafkaConfig>) =>
    kafkajs(addr(broker, listener), { connectionTimeout: 5_000, ...extra });

  async function consumeAll(k: ReturnType<typeof client>, topic: string, count: number): Promise<string[]> {
    const seen: string[] = [];
    const consumer = k.consumer({ groupId: uniqueName('sec-g'), maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(`${message.key}=${message.value}`) });
    await waitFor(() => seen.length >= count, { timeoutMs: 20_000, message: `${count} records consumed` });
    return seen;
  }

  it('kafkajs over SSL (ca only): metadata advertises the SSL listener; produce and consume round-trip', async () => {
    const k = client('SSL', { ssl: { ca: [pki.caPem] } });
    const admin = k.admin();
    await admin.connect();
    expect((await admin.describeCluster()).brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: portOf(broker, 'SSL') }]);
    await admin.disconnect();
    const topic = uniqueName('ssl');
    const producer = k.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
    await producer.disconnect();
    expect(await consumeAll(k, topic, 2)).toEqual(['a=1', 'b=2']);
  });

  it('kafkajs SCRAM-SHA-256 over SASL_PLAINTEXT and SCRAM-SHA-512 over SASL_SSL share one log; PLAIN still works', async () => {
    const topic = uniqueName('scram');
    const p256 = client('SASL_PLAINTEXT', { sasl: scram('scram-sha-256') }).producer({ allowAutoTopicCreation: true });
    await p256.connect();
    await p256.send({ topic, messages: [{ key: 'k', value: 'via-256' }] });
    await p256.disconnect();
    const plain = client('SASL_SSL', { ssl: { ca: [pki.caPem] }, sasl: { mechanism: 'plain', username: 'app', password: 'app-secret' } }).producer();
    await plain.connect();
    await plain.send({ topic, messages: [{ key: 'k', value: 'via-plain' }] });
    await plain.disconnect();
    const k512 = client('SASL_SSL', { ssl: { ca: [pki.caPem] }, sasl: scram('scram-sha-512') });
    const admin = k512.admin();
    await admin.connect();
    expect((await admin.describeCluster()).brokers[0]!.port).toBe(portOf(broker, 'SASL_SSL'));
    await admin.disconnect();
    expect(await consumeAll(k512, topic, 2)).toEqual(['k=via-256', 'k=via-plain']);
  });

  it('kafkajs is refused with a wrong SCRAM password, without TLS on the SSL port, and with an untrusted CA', async () => {
    const wrong = client('SASL_SSL', { ssl: { ca: [pki.caPem] }, sasl: scram('scram-sha-256', 'nope'), retry: { retries: 0 } }).admin();
    await expect(wrong.connect()).rejects.toThrow(/authentication failed/i);
    const noTls = client('SSL', { retry: { retries: 0 }, connectionTimeout: 2_000, requestTimeout: 2_000 }).admin();
    await expect(noTls.connect()).rejects.toThrow();
    const untrusted = client('SSL', { ssl: { ca: [pki.otherCaPem] }, retry: { retries: 0 } }).admin();
    await expect(untrusted.connect()).rejects.toThrow(/self.signed|certificate/i);
  });

  it('raw protocol: only ApiVersions and SASL pass before login; a bad proof answers 58 and closes; a good one is verified both ways', async () => {
    const early = await RawClient.connect(portOf(broker, 'SASL_PLAINTEXT'));
    await expect(early.request(3, 1, { topics: null } as never)).rejects.toThrow(/closed/);

    const bad = await RawClient.connect(portOf(broker, 'SASL_PLAINTEXT'));
    expect((await bad.request(18, 3, { clientSoftwareName: 'raw', clientSoftwareVersion: '1' })).apiKeys.find((k) => k.apiKey === 36)).toBeDefined();
    const hs = await bad.request(17, 1, { mechanism: 'SCRAM-SHA-256' });
    expect(hs).toMatchObject({ errorCode: 0, mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN'] });
    const badClient = new TestScramClient('sha256', 'alice', 'wrong', 'rawnonce1');
    const first = await bad.request(36, 2, { authBytes: Buffer.from(badClient.clientFirst()) });
    expect(first.errorCode).toBe(0);
    expect(first.authBytes.toString()).toMatch(/^r=rawnonce1[^,]+,s=[^,]+,i=4096$/);
    const denied = await bad.request(36, 2, { authBytes: Buffer.from(badClient.clientFinal(first.authBytes.toString())) });
    expect(denied).toMatchObject({ errorCode: 58, errorMessage: expect.stringMatching(/invalid credentials/) });
    await bad.closed;

    const good = await RawClient.connect(portOf(broker, 'SASL_PLAINTEXT'));
    await good.request(17, 1, { mechanism: 'SCRAM-SHA-512' });
    const c = new TestScramClient('sha512', 'alice', 'alice-secret', 'rawnonce2');
    const sf = await good.request(36, 1, { authBytes: Buffer.from(c.clientFirst()) });
    const fin = await good.request(36, 1, { authBytes: Buffer.from(c.clientFinal(sf.authBytes.toString())) });
    expect(fin.errorCode).toBe(0);
    expect(fin.authBytes.toString()).toBe(c.expectedServerFinal());
    expect((await good.request(3, 1, { topics: null } as never)).brokers[0]!.port).toBe(portOf(broker, 'SASL_PLAINTEXT'));
    good.close();
  });

  it('tributary CLI: topics and produce take --command-config with SCRAM over SASL_SSL', async () => {
    const topic = uniqueName('cli-sec');
    const file = join(pki.dir, 'cli.properties');
    await writeFile(
      file,
      ['security.protocol=SASL_SSL', `ssl.truststore.location=${pki.ca}`, 'sasl.mechanism=SCRAM-SHA-256', 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-secret";'].join('\n'),
    );
    const out: string[] = [];
    const io = { ...processIo(), stdout: { isTTY: false, write: (t: string) => void out.push(t) }, stderr: { isTTY: false, write: (t: string) => void out.push(t) } };
    const common = ['--bootstrap-server', addr(broker, 'SASL_SSL'), '--command-config', file];
    expect(await runCli(['topics', '--create', '--topic', topic, ...common], io), out.join('')).toBe(0);
    expect(await runCli(['topics', '--list', ...common], io)).toBe(0);
    expect(out.join('')).toContain(topic);
    const noConfig = await runCli(['topics', '--list', '--bootstrap-server', addr(broker, 'SASL_SSL')], { ...io, cluster: (c) => processIo().cluster({ ...c, connectionTimeoutMs: 1_000, retry: { retries: 0 } }) });
    expect(noConfig).not.toBe(0);
  });

  it.skipIf(!kcat.available)('kcat (librdkafka): SSL, and SCRAM-SHA-256/512 over SASL_SSL; a wrong password fails', async () => {
    const topic = uniqueName('kcat-sec');
    const ssl = ['-X', 'security.protocol=ssl', '-X', `ssl.ca.location=${pki.ca}`];
    const saslSsl = (mech: string, password: string) => [
      '-X', 'security.protocol=sasl_ssl', '-X', `ssl.ca.location=${pki.ca}`,
      '-X', `sasl.mechanisms=${mech}`, '-X', 'sasl.username=alice', '-X', `sasl.password=${password}`,
    ];
    const p1 = await runKcat(addr(broker, 'SSL'), [...ssl, '-P', '-t', topic, '-K:'], { input: 'a:one\n' });
    expect(p1.code, p1.stderr).toBe(0);
    const p2 = await runKcat(addr(broker, 'SASL_SSL'), [...saslSsl('SCRAM-SHA-256', 'alice-secret'), '-P', '-t', topic, '-K:'], { input: 'b:two\n' });
    expect(p2.code, p2.stderr).toBe(0);
    const c = await runKcat(addr(broker, 'SASL_SSL'), [...saslSsl('SCRAM-SHA-512', 'alice-secret'), '-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k=%s\n']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.trim().split('\n')).toEqual(['a=one', 'b=two']);
    const denied = await runKcat(addr(broker, 'SASL_SSL'), [...saslSsl('SCRAM-SHA-256', 'nope'), '-L'], { timeoutMs: 15_000 });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/auth/i);
  });

  it.skipIf(!java.available)('Java console producer and consumer: SCRAM-SHA-512 over SASL_SSL with a PEM truststore', async () => {
    const topic = uniqueName('java-sec');
    const props = join(pki.dir, 'client.properties');
    await writeFile(
      props,
      [
        'security.protocol=SASL_SSL',
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${pki.ca}`,
        'sasl.mechanism=SCRAM-SHA-512',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-secret";',
      ].join('\n'),
    );
    const bs = addr(broker, 'SASL_SSL');
    const produce = await runKafkaTool(KafkaTool.consoleProducer, ['--bootstrap-server', bs, '--topic', topic, '--producer.config', props], { input: 'j1\nj2\n' });
    expect(produce.code, produce.stderr).toBe(0);
    const consume = await runKafkaTool(KafkaTool.consoleConsumer, [
      '--bootstrap-server', bs, '--topic', topic, '--from-beginning', '--max-messages', '2', '--timeout-ms', '20000', '--consumer.config', props,
    ]);
    expect(consume.stdout.trim().split('\n')).toEqual(['j1', 'j2']);
  });
});

describe.skipIf(!openssl.available)('mutual TLS (ssl.client.auth=required)', () => {
  let pki: Pki;
  let broker: RunningBroker;
  beforeAll(async () => {
    pki = await makePki();
    broker = await startSecureBroker(pki, ['ssl.client.auth=required']);
  });
  afterAll(async () => {
    await broker?.close();
    if (pki) await rm(pki.dir, { recursive: true, force: true });
  });

  it('accepts a client certificate signed by ssl.ca.location and refuses a client without one', async () => {
    const bs = `127.0.0.1:${portOf(broker, 'SSL')}`;
    const withCert = kafkajs(bs, { ssl: { ca: [pki.caPem], cert: pki.clientCertPem, key: pki.clientKeyPem } }).admin();
    await withCert.connect();
    expect((await withCert.describeCluster()).brokers[0]!.port).toBe(portOf(broker, 'SSL'));
    await withCert.disconnect();
    const without = kafkajs(bs, { ssl: { ca: [pki.caPem] }, retry: { retries: 0 }, connectionTimeout: 3_000, requestTimeout: 3_000 }).admin();
    await expect(without.connect()).rejects.toThrow();
  });
});
