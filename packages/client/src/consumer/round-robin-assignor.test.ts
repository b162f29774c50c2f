import { describe, expect, it } from 'vitest';
import { roundRobinAssignor } from './round-robin-assignor.js';

describe('roundRobinAssignor', () => {
  it('deals sorted partitions to sorted members, honouring subscriptions', async () => {
    const result = await roundRobinAssignor().assign({
      groupId: 'g',
      members: [
        { memberId: 'b', groupInstanceId: null, topics: ['x', 'y'], userData: null },
        { memberId: 'a', groupInstanceId: null, topics: ['x'], userData: null },
      ],
      partitionCounts: new Map([
        ['x', 3],
        ['y', 2],
      ]),
    });
    expect(result.get('a')?.partitions).toEqual([
      { topic: 'x', partition: 0 },
      { topic: 'x', partition: 2 },
    ]);
    expect(result.get('b')?.partitions).toEqual([
      { topic: 'x', partition: 1 },
      { topic: 'y', partition: 0 },
      { topic: 'y', partition: 1 },
    ]);
  });
});
