// The hand-written reference against a broker: a kafkajs consumer (eachBatch) → the stateless
// transformation → a kafkajs producer (one awaited send per fetched batch, acks=all, kafkajs
// defaults otherwise). Input is pre-produced untimed; the clock runs from consumer.run() until
// every input record was transformed and its output send acknowledged. Prints `RESULT <json>`.
import { Kafka, logLevel, type Message } from 'kafkajs';
import { keep, project, records, type Event } from './data.js';
import { cpuSeconds, statusMiB } from './proc-stats.js';

interface KafkajsSpec {
  readonly bootstrap: string;
  readonly n: number;
  readonly seed: number;
  readonly input: string;
  readonly output: string;
}

const spec = JSON.parse(process.argv[2]!) as KafkajsSpec;
const kafka = new Kafka({ clientId: 'bench-kafkajs-loop', brokers: [spec.bootstrap], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: spec.input, numPartitions: 1 }, { topic: spec.output, numPartitions: 1 }] });
await admin.disconnect();

const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();
const input = records(spec.n, spec.seed);
for (let i = 0; i < input.length; i += 2_000) {
  await producer.send({ topic: spec.input, messages: input.slice(i, i + 2_000).map((r) => ({ key: r.key, value: r.value, timestamp: String(r.timestamp) })) });
}

const consumer = kafka.consumer({ groupId: `bench-loop-${Date.now()}`, maxBytes: 10 * 1024 * 1024 });
await consumer.connect();
await consumer.subscribe({ topic: spec.input, fromBeginning: true });
let processed = 0;
let done!: () => void;
const finished = new Promise<void>((r) => (done = r));
const cpu0 = cpuSeconds('self');
const t0 = performance.now();
await consumer.run({
  eachBatchAutoResolve: true,
  eachBatch: async ({ batch }) => {
    const out: Message[] = [];
    for (const m of batch.messages) {
      const e = JSON.parse(m.value!.toString('utf8')) as Event;
      if (keep(e)) out.push({ key: m.key, value: Buffer.from(JSON.stringify(project(e)), 'utf8'), timestamp: m.timestamp });
    }
    if (out.length > 0) await producer.send({ topic: spec.output, messages: out });
    processed += batch.messages.length;
    if (processed >= spec.n) done();
  },
});
await finished;
const ms = performance.now() - t0;
const cpuSec = cpuSeconds('self') - cpu0;
await consumer.disconnect();
await producer.disconnect();
process.stdout.write(`RESULT ${JSON.stringify({ ms, peakRssMiB: statusMiB('self', 'VmHWM'), cpuSec })}\n`);
process.exit(0);
