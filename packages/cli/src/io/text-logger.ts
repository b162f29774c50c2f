import type { TextSink } from './cli-io.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

type LogMethod = (obj: object | string, msg?: string) => void;

/** A pino-shaped logger (what the broker and client accept) that prints readable lines. */
export interface TextLogger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  child(bindings: Record<string, unknown>): TextLogger;
}

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(RANK, value);
}

/** `2024-05-01T10:00:00.000Z INFO  broker started port=9092 nodeId=1` */
export function formatLogLine(level: LogLevel, fields: Readonly<Record<string, unknown>>, msg: string | undefined, now: Date): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const value = v instanceof Error ? v.message : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    parts.push(`${k}=${/\s/.test(value) ? JSON.stringify(value) : value}`);
  }
  const head = `${now.toISOString()} ${level.toUpperCase().padEnd(5)} ${msg ?? ''}`.trimEnd();
  return (parts.length > 0 ? `${head} ${parts.join(' ')}` : head) + '\n';
}

/** Writes lines at or above `level` to `sink` (stderr in the CLI). */
export function textLogger(sink: TextSink, level: LogLevel, bindings: Record<string, unknown> = {}): TextLogger {
  const method =
    (l: LogLevel): LogMethod =>
    (obj, msg) => {
      if (RANK[l] < RANK[level]) return;
      const fields = typeof obj === 'string' ? bindings : { ...bindings, ...(obj as Record<string, unknown>) };
      sink.write(formatLogLine(l, fields, typeof obj === 'string' ? obj : msg, new Date()));
    };
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (more) => textLogger(sink, level, { ...bindings, ...more }),
  };
}
