/** One open file of a segment; positional I/O only. */
export interface StorageFile {
  /** Writes all of `buffers` at `position` (one writev on disk). */
  writev(buffers: readonly Buffer[], position: number): Promise<void>;
  /** Up to `length` bytes at `position`; shorter at end of file. The Buffer is the caller's. */
  read(position: number, length: number): Promise<Buffer>;
  size(): Promise<number>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** The file system the log runs on: the disk, or Buffers in memory for tests. */
export interface Storage {
  /** False for memory: fsyncs are no-ops. */
  readonly durable: boolean;
  mkdirp(dir: string): Promise<void>;
  /** Entry names in `dir`; empty when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** Opens read/write, creating the file when missing. */
  open(path: string): Promise<StorageFile>;
  /** Whole file, or undefined when missing. */
  readFile(path: string): Promise<Buffer | undefined>;
  /** Plain (non-atomic) write, fsynced. */
  writeFile(path: string, data: Buffer): Promise<void>;
  /** temp + fsync + rename + fsync dir: readers see the old or the new content, never a mix. */
  writeFileAtomic(path: string, data: Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; missing is fine. */
  remove(path: string): Promise<void>;
  /** Removes a directory tree; missing is fine. */
  removeDir(dir: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}
