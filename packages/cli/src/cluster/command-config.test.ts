import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaClusterConfig } from '@tributary/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError } from '../errors/cli-usage-error.js';
import { runCli } from '../program.js';
import { fakeIo } from '../testing/fake-io.test-helper.js';
import { readCommandConfig } from './command-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trib-cmdcfg-'));
  await writeFile(join(dir, 'ca.pem'), 'CA-PEM');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function props(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.join('\n'));
  return path;
}

describe('--command-config', () => {
  it('maps Java client properties (JAAS, PEM truststore) and librdkafka ones to kafkajs ssl/sasl options', async () => {
    const java = await props('java.properties', [
      'security.protocol=SASL_SSL',
      'sasl.mechanism=SCRAM-SHA-512',
      'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-secret";',
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${join(dir, 'ca.pem')}`,
    ]);
    expect(await readCommandConfig(java)).toEqual({
      ssl: { ca: ['CA-PEM'] },
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' },
    });
    const rdkafka = await props('rd.properties', ['security.protocol=sasl_plaintext', 'sasl.mechanisms=PLAIN', 'sasl.username=u', 'sasl.password=p']);
    expect(await readCommandConfig(rdkafka)).toEqual({ sasl: { mechanism: 'plain', username: 'u', password: 'p' } });
    expect(await readCommandConfig(await props('ssl.properties', ['security.protocol=SSL']))).toEqual({ ssl: true });
    expect(await readCommandConfig(await props('none.properties', ['# nothing']))).toEqual({});
  });

  it('names what is wrong: missing credentials, unknown mechanism or protocol, unreadable files', async () => {
    await expect(readCommandConfig(await props('a', ['security.protocol=SASL_SSL', 'sasl.mechanism=PLAIN']))).rejects.toThrow(/username and password/);
    await expect(readCommandConfig(await props('b', ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=GSSAPI', 'sasl.username=u', 'sasl.password=p']))).rejects.toThrow(/GSSAPI/);
    await expect(readCommandConfig(await props('c', ['security.protocol=TLS']))).rejects.toThrow(/security.protocol/);
    await expect(readCommandConfig(await props('d', ['security.protocol=SSL', 'ssl.ca.location=/nope/ca.pem']))).rejects.toBeInstanceOf(CliUsageError);
    await expect(readCommandConfig(join(dir, 'missing'))).rejects.toThrow(/cannot read/);
  });

  it('client commands pass the security options to the cluster they connect', async () => {
    const file = await props('cli.properties', ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=SCRAM-SHA-256', 'sasl.username=a', 'sasl.password=b']);
    const io = fakeIo();
    let seen: KafkaClusterConfig | undefined;
    const makeCluster = io.cluster;
    io.cluster = (config) => {
      seen = config;
      return makeCluster(config);
    };
    await runCli(['topics', '--list', '--bootstrap-server', '127.0.0.1:9', '--command-config', file], io);
    expect(seen?.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'a', password: 'b' });
    expect(seen?.brokers).toEqual(['127.0.0.1:9']);
  });
});
