import { join } from 'node:path';
import { REFERENCE_KAFKA_DIR, referenceClasspath } from './reference-paths.js';
import { runProcess } from './run-process.js';
import type { ProcessResult } from './run-process.js';

/**
 * Main classes of Kafka's own CLI tools in the 3.9 jars (checked with `unzip -l`). 3.9 keeps
 * ConsoleProducer and StorageTool in core (`kafka.tools`); everything else is in kafka-tools.
 * On 4.x, ConsoleProducer moves to `org.apache.kafka.tools.ConsoleProducer`.
 */
export const KafkaTool = {
  storage: 'kafka.tools.StorageTool',
  topics: 'org.apache.kafka.tools.TopicCommand',
  consoleProducer: 'kafka.tools.ConsoleProducer',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  producerPerformance: 'org.apache.kafka.tools.ProducerPerformance',
  consumerPerformance: 'org.apache.kafka.tools.ConsumerPerformance',
  transactions: 'org.apache.kafka.tools.TransactionsCommand',
  getOffsetShell: 'org.apache.kafka.tools.GetOffsetShell',
  verifiableProducer: 'org.apache.kafka.tools.VerifiableProducer',
  verifiableConsumer: 'org.apache.kafka.tools.VerifiableConsumer',
} as const;

export interface KafkaToolOptions {
  /** Piped to the tool's stdin (e.g. lines for the console producer), then stdin is closed. */
  input?: string | Buffer;
  /** Kill the tool after this long. Default 60 s. */
  timeoutMs?: number;
  /** JVM options replacing the defaults (small heap, quick-start JIT for short-lived tools). */
  jvmArgs?: readonly string[];
}

/** Short-lived tools start faster with the C1 JIT only; perf tools keep the full JIT. */
function defaultJvmArgs(className: string): string[] {
  const quick = className.endsWith('Performance') ? [] : ['-XX:TieredStopAtLevel=1'];
  return ['-Xmx256m', '-XX:+UseSerialGC', ...quick];
}

/**
 * Runs one of Kafka's CLI classes from test/reference/lib/ as a child process
 * (`java -cp lib/* <className> ...args`) and collects its output. Logging goes to stderr at WARN.
 */
export async function runKafkaTool(className: string, args: readonly string[], options: KafkaToolOptions = {}): Promise<ProcessResult> {
  const jvm = options.jvmArgs ?? defaultJvmArgs(className);
  const log4j = `-Dlog4j.configuration=file:${join(REFERENCE_KAFKA_DIR, 'log4j-tools.properties')}`;
  return await runProcess('java', [...jvm, log4j, '-cp', referenceClasspath(), className, ...args], {
    input: options.input,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}
