import { describe, expect, it } from 'vitest';
import { formatGroupOffsets, formatOffsetReset, lagOf } from './group-offsets.js';
import { formatTable } from './table.js';
import { formatTopicDescription } from './topic-description.js';

describe('tables', () => {
  it('pads every column to its widest cell, one space apart, without trailing spaces', () => {
    expect(formatTable(['A', 'LONGER'], [['xyz', '1'], ['q', '']])).toBe('A   LONGER\nxyz 1\nq\n');
  });

  it('prints kafka-consumer-groups --describe columns with lag and dashes for unknowns', () => {
    const text = formatGroupOffsets([
      { group: 'g', topic: 't', partition: 1, currentOffset: null, logEndOffset: 7, consumerId: null, host: null, clientId: null },
      { group: 'g', topic: 't', partition: 0, currentOffset: 990, logEndOffset: 1000, consumerId: 'c-1', host: '/127.0.0.1', clientId: 'cli' },
    ]);
    const lines = text.trimEnd().split('\n').map((l) => l.split(/ +/));
    expect(lines[0]).toEqual(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
    expect(lines[1]).toEqual(['g', 't', '0', '990', '1000', '10', 'c-1', '/127.0.0.1', 'cli']);
    expect(lines[2]).toEqual(['g', 't', '1', '-', '7', '-', '-', '-', '-']);
    expect(lagOf({ currentOffset: 5, logEndOffset: 3 })).toBe(0);
  });

  it('prints planned resets as GROUP TOPIC PARTITION NEW-OFFSET', () => {
    expect(formatOffsetReset([{ group: 'g', topic: 'orders', partition: 0, newOffset: 12 }])).toBe(
      'GROUP TOPIC  PARTITION NEW-OFFSET\ng     orders 0         12\n',
    );
  });
});

describe('topic description', () => {
  it('has the kafka-topics --describe shape: summary line then one tab-indented line per partition', () => {
    const text = formatTopicDescription({
      name: 'orders',
      internal: false,
      partitions: [
        { partition: 0, leader: 1, replicas: [1], isr: [1] },
        { partition: 1, leader: -1, replicas: [1], isr: [] },
      ],
      configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact', 'segment.bytes': '1073741824', 'flush.ms': String(Number.MAX_SAFE_INTEGER) },
    });
    expect(text).toBe(
      'Topic: orders\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: cleanup.policy=compact,retention.ms=1000\n' +
        '\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n' +
        '\tTopic: orders\tPartition: 1\tLeader: none\tReplicas: 1\tIsr: \n',
    );
  });

  it('lists only configs that differ from Kafka\'s defaults unless all are asked for', () => {
    const t = { name: 't', internal: false, partitions: [], configs: { 'segment.bytes': '1073741824', 'flush.ms': '9007199254740991', 'x.custom': '1' } };
    expect(formatTopicDescription(t)).toMatch(/Configs: x\.custom=1\n$/);
    expect(formatTopicDescription(t, true)).toMatch(/Configs: flush\.ms=9007199254740991,segment\.bytes=1073741824,x\.custom=1\n$/);
  });
});
