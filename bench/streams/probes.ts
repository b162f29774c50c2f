// Latency probes: records produced open-loop at a fixed rate, stamped with their intended send
// time (so a slow system cannot slow the schedule down: no coordinated omission). The reader
// on the output topic computes wall clock minus the output record's timestamp, which Kafka
// Streams and Tributary both inherit from the input (max of the inputs for joins and windows).
import type { Cluster, ProducerRecord } from '@tributary/client';
import type { Workload } from './topologies.js';

export interface ProbeOptions {
  readonly rate: number;
  readonly seconds: number;
}

/** Probe records for tick `i` at time `ts`, per input topic. Join probes use a fresh key on both sides (one output each). */
function probeRecords(workload: Workload, i: number, ts: number): { topicIndex: number; record: ProducerRecord }[] {
  const value = Buffer.from(`{"id":${i},"user":"probe","amount":1.00,"kind":"buy","pad":"probe-probe-probe-probe"}`);
  const key = Buffer.from(workload === 'join' ? `p${i}` : `k${i % 10_000}`);
  const rec = { key, value, timestamp: ts };
  return workload === 'join' ? [{ topicIndex: 0, record: rec }, { topicIndex: 1, record: rec }] : [{ topicIndex: 0, record: rec }];
}

/** Produces probes for `seconds` at `rate`/s in 10 ms ticks; returns how many probes were sent. */
export async function runProbes(cluster: Cluster, workload: Workload, inputs: readonly string[], o: ProbeOptions): Promise<number> {
  const producer = cluster.producer({ idempotent: false, acks: 1 });
  await producer.connect();
  const start = Date.now();
  const total = Math.round(o.rate * o.seconds);
  let sent = 0;
  try {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - start) * o.rate) / 1000));
      if (due > sent) {
        const byTopic = inputs.map(() => [] as ProducerRecord[]);
        for (let i = sent; i < due; i++) {
          const intended = start + Math.floor((i * 1000) / o.rate);
          for (const p of probeRecords(workload, i, intended)) byTopic[p.topicIndex]!.push(p.record);
        }
        await producer.sendBatch(inputs.map((topic, t) => ({ topic, records: byTopic[t]! })));
        sent = due;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await producer.disconnect();
  }
  return sent;
}
