import type { TaskId } from '../../processor/processor-context.js';

/** Kafka's task id text: `<subtopology>_<partition>`. */
export function formatTaskId(id: TaskId): string {
  return `${id.subtopology}_${id.partition}`;
}

export function parseTaskId(text: string): TaskId {
  const i = text.indexOf('_');
  return { subtopology: Number(text.slice(0, i)), partition: Number(text.slice(i + 1)) };
}

export function compareTaskIds(a: string, b: string): number {
  const x = parseTaskId(a);
  const y = parseTaskId(b);
  return x.subtopology - y.subtopology || x.partition - y.partition;
}
