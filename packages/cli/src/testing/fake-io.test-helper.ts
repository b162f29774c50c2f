import { Readable } from 'node:stream';
import type { Admin, Cluster } from '@tributary/client';
import type { CliIo, TextSink } from '../io/cli-io.js';

export interface BufferSink extends TextSink {
  readonly text: () => string;
}

export function bufferSink(): BufferSink {
  let text = '';
  return { write: (s) => void (text += s), isTTY: false, text: () => text };
}

/** A Cluster whose admin answers from `admin`; anything else throws. */
export function fakeCluster(admin: Partial<Admin>): Cluster {
  const missing = (name: string) => () => {
    throw new Error(`fake cluster: ${name} not faked`);
  };
  return {
    kind: 'fake',
    connect: async () => {},
    disconnect: async () => {},
    admin: new Proxy(admin as Admin, { get: (t, p: string) => (t as unknown as Record<string, unknown>)[p] ?? missing(`admin.${p}`) }),
    producer: missing('producer'),
    consumer: missing('consumer'),
  };
}

export function fakeIo(options: { cluster?: Cluster; stdin?: string } = {}): CliIo & { out: BufferSink; err: BufferSink } {
  const out = bufferSink();
  const err = bufferSink();
  return {
    out,
    err,
    stdout: out,
    stderr: err,
    stdin: Readable.from([options.stdin ?? '']),
    onShutdownSignal: () => () => {},
    cluster: () => options.cluster ?? fakeCluster({}),
  };
}
