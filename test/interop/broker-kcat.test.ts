import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcat } from '../helpers/kcat.js';
import { requireKcat } from '../helpers/peers.js';
import { brokerTargets, uniqueName, type BrokerUnderTest } from './broker-targets.js';

const kcat = requireKcat();

describe.each(brokerTargets())('kcat (librdkafka 2.0.2) against $name', (target) => {
  const run = target.available && kcat.available;
  let broker: BrokerUnderTest;
  beforeAll(async () => {
    if (run) broker = await target.start();
  });
  afterAll(async () => {
    await broker?.close();
  });

  it.skipIf(!run)('-L lists the broker (advertised 127.0.0.1:port, controller) and topics', async () => {
    const res = await runKcat(broker.bootstrap, ['-L', '-J']);
    expect(res.code).toBe(0);
    const meta = JSON.parse(res.stdout) as { brokers: Array<{ id: number; name: string }>; controllerid: number };
    expect(meta.brokers).toEqual([{ id: 1, name: `127.0.0.1:${broker.port}` }]);
    expect(meta.controllerid).toBe(1);
  });

  it.skipIf(!run)('-P then -C round-trips 100k keyed records (auto-created topic, lz4) in order', async () => {
    const topic = uniqueName('kc-100k');
    const n = 100_000;
    const input = Array.from({ length: n }, (_, i) => `key${i}:value-${i}`).join('\n') + '\n';
    const produced = await runKcat(broker.bootstrap, ['-P', '-t', topic, '-K:', '-z', 'lz4', '-X', 'linger.ms=5'], { input, timeoutMs: 60_000 });
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = await runKcat(broker.bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k=%s %o\\n'], { timeoutMs: 60_000 });
    expect(consumed.code, consumed.stderr).toBe(0);
    const lines = consumed.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(n);
    // One partition (num.partitions=1): order and offsets are the input's.
    const bad = lines.findIndex((l, i) => l !== `key${i}=value-${i} ${i}`);
    expect(bad, lines[bad]).toBe(-1);
  }, 90_000);

  it.skipIf(!run)('-P then -C round-trips keyed records with gzip, snappy and no compression', async () => {
    for (const codec of ['gzip', 'snappy', 'none']) {
      const topic = uniqueName(`kc-${codec}`);
      const input = Array.from({ length: 20 }, (_, i) => `key${i}:value-${codec}-${i}`).join('\n') + '\n';
      const produced = await runKcat(broker.bootstrap, ['-P', '-t', topic, '-K:', '-z', codec], { input });
      expect(produced.code, produced.stderr).toBe(0);
      const consumed = await runKcat(broker.bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k=%s\\n']);
      expect(consumed.code, consumed.stderr).toBe(0);
      expect(consumed.stdout.trim().split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `key${i}=value-${codec}-${i}`));
      const offsets = await runKcat(broker.bootstrap, ['-Q', '-t', `${topic}:0:-1`]);
      expect(offsets.code, offsets.stderr).toBe(0);
      expect(offsets.stdout).toContain(`${topic} [0] offset 20`);
    }
  });

  it.skipIf(!run)('-G balanced consumer reads a keyed topic once, commits, and a rerun of the group resumes at the end', async () => {
    const [topic, group] = [uniqueName('kc-group'), uniqueName('kc-grp')];
    const input = Array.from({ length: 30 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n';
    const produced = await runKcat(broker.bootstrap, ['-P', '-t', topic, '-K:', '-X', 'topic.partitioner=murmur2_random'], { input });
    expect(produced.code, produced.stderr).toBe(0);
    const args = ['-G', group, topic, '-e', '-f', '%k=%s\n', '-X', 'auto.offset.reset=earliest'];
    const first = await runKcat(broker.bootstrap, args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`assigned: ${topic} [0]`);
    expect(first.stdout.trim().split('\n').sort()).toEqual(Array.from({ length: 30 }, (_, i) => `k${i}=v${i}`).sort());
    const again = await runKcat(broker.bootstrap, args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe('');
  });

  it.skipIf(!run)('idempotent producer (InitProducerId v4, flexible) writes once; read_committed consumer reads it', async () => {
    const topic = uniqueName('kc-idem');
    const input = Array.from({ length: 10 }, (_, i) => `i${i}`).join('\n') + '\n';
    const produced = await runKcat(broker.bootstrap, ['-P', '-t', topic, '-X', 'enable.idempotence=true'], { input });
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = await runKcat(broker.bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-X', 'isolation.level=read_committed']);
    expect(consumed.stdout.trim().split('\n')).toEqual(Array.from({ length: 10 }, (_, i) => `i${i}`));
  });
});
