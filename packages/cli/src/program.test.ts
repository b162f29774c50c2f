import { describe, expect, it } from 'vitest';
import { TopicExistsError } from '@tributary/client';
import { runCli } from './program.js';
import { fakeCluster, fakeIo } from './testing/fake-io.test-helper.js';

describe('runCli', () => {
  it('reports usage errors as one line on stderr with exit code 1', async () => {
    const io = fakeIo();
    expect(await runCli(['topics', '--list'], io)).toBe(1);
    expect(io.err.text()).toBe('tributary: error: --bootstrap-server <host:port> is required [CLI_USAGE]\n');
    expect(io.out.text()).toBe('');
  });

  it('lets commander report unknown options and commands without a stack trace', async () => {
    const io = fakeIo();
    expect(await runCli(['topics', '--lst'], io)).toBe(1);
    expect(io.err.text()).toMatch(/unknown option '--lst'/);
    expect(io.err.text()).not.toMatch(/\n\s+at /);
    expect(await runCli(['nope'], fakeIo())).toBe(1);
  });

  it('prints help and version with exit code 0', async () => {
    const io = fakeIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out.text()).toMatch(/topics .*create, list, describe/);
    expect(await runCli(['--version'], fakeIo())).toBe(0);
  });

  it('turns a typed cluster error into its message and code, with the stack only under --debug', async () => {
    const cluster = fakeCluster({
      listTopics: async () => [],
      createTopics: async () => {
        throw new TopicExistsError("topic 'orders' already exists");
      },
    });
    const io = fakeIo({ cluster });
    expect(await runCli(['topics', '--create', '--topic', 'orders', '--bootstrap-server', 'h:1'], io)).toBe(1);
    expect(io.err.text()).toBe("tributary: error: topic 'orders' already exists [TOPIC_ALREADY_EXISTS]\n");
    const debug = fakeIo({ cluster });
    await runCli(['topics', '--create', '--topic', 'orders', '--bootstrap-server', 'h:1', '--debug'], debug);
    expect(debug.err.text()).toMatch(/\n\s+at /);
  });

  it('describes topics through the cluster admin', async () => {
    const cluster = fakeCluster({
      listTopics: async () => ['b', 'a'],
      describeTopics: async (names) =>
        names.map((name) => ({ name, internal: false, partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1] }], configs: {} })),
    });
    const io = fakeIo({ cluster });
    expect(await runCli(['topics', '--describe', '--bootstrap-server', 'h:1'], io)).toBe(0);
    expect(io.out.text().split('\n').filter((l) => l.startsWith('Topic:'))).toEqual([
      'Topic: a\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: ',
      'Topic: b\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: ',
    ]);
  });

  it('describes a group: committed offsets, log end and lag per partition', async () => {
    const cluster = fakeCluster({
      describeGroups: async () => [{ groupId: 'g', state: 'Empty', protocolType: 'consumer', protocol: '', members: [] }],
      committedOffsets: async () => [
        { topic: 't', partition: 0, offset: 1000, metadata: null },
        { topic: 't', partition: 1, offset: 3, metadata: null },
      ],
      listOffsets: async (reqs) => reqs.map((r) => ({ ...r, offset: r.partition === 0 ? 1000 : 10, timestamp: -1 })),
    });
    const io = fakeIo({ cluster });
    expect(await runCli(['groups', '--describe', '--group', 'g', '--bootstrap-server', 'h:1'], io)).toBe(0);
    const rows = io.out.text().split('\n').filter((l) => l.startsWith('g ')).map((l) => l.split(/ +/));
    expect(rows).toEqual([
      ['g', 't', '0', '1000', '1000', '0', '-', '-', '-'],
      ['g', 't', '1', '3', '10', '7', '-', '-', '-'],
    ]);
    expect(io.out.text()).toMatch(/Consumer group 'g' has no active members/);
  });

  it('says when a group does not exist', async () => {
    const cluster = fakeCluster({
      describeGroups: async () => [{ groupId: 'x', state: 'Dead', protocolType: '', protocol: '', members: [] }],
      committedOffsets: async () => [],
    });
    const io = fakeIo({ cluster });
    expect(await runCli(['groups', '--describe', '--group', 'x', '--bootstrap-server', 'h:1'], io)).toBe(1);
    expect(io.err.text()).toBe("tributary: error: consumer group 'x' does not exist [GROUP_NOT_FOUND]\n");
  });

  it('dry-runs an offset reset without committing', async () => {
    const cluster = fakeCluster({
      describeGroups: async () => [{ groupId: 'g', state: 'Empty', protocolType: 'consumer', protocol: '', members: [] }],
      describeTopics: async () => [{ name: 't', internal: false, partitions: [0, 1].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1] })), configs: {} }],
      listOffsets: async (reqs) => reqs.map((r) => ({ ...r, offset: r.spec === 'earliest' ? 2 : 50, timestamp: -1 })),
      committedOffsets: async () => [{ topic: 't', partition: 0, offset: 40, metadata: null }],
    });
    const io = fakeIo({ cluster });
    expect(await runCli(['groups', '--reset-offsets', '--group', 'g', '--topic', 't', '--shift-by', '-5', '--bootstrap-server', 'h:1'], io)).toBe(0);
    expect(io.out.text().trim().split('\n').slice(1).map((l) => l.split(/ +/))).toEqual([
      ['g', 't', '0', '35'],
      ['g', 't', '1', '2'],
    ]);
    expect(io.err.text()).toMatch(/Dry run/);
  });
});
