import type { Cluster, KafkaClusterConfig } from '@tributary/client';

/** A place the CLI writes text to (stdout, stderr, or a buffer in tests). */
export interface TextSink {
  write(text: string): void;
  /** True when a person is watching (a terminal), which decides progress output defaults. */
  readonly isTTY: boolean;
}

/**
 * Everything a command touches outside itself, so commands run the same in the real process
 * and in tests: output streams, stdin, signals and how a Cluster is made.
 */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: NodeJS.ReadableStream;
  /** Registers a handler for SIGINT/SIGTERM; returns a function that removes it. */
  onShutdownSignal(handler: (signal: string) => void): () => void;
  /** Makes the Cluster the client commands talk to (the kafka adapter by default). */
  cluster(config: KafkaClusterConfig): Cluster;
}
