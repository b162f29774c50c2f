import path from 'node:path';
import type { Storage, StorageFile } from './storage.js';

/** A growable byte array standing in for a file. */
class MemoryFileData {
  bytes = Buffer.alloc(0);
  length = 0;

  ensure(capacity: number): void {
    if (capacity <= this.bytes.length) return;
    const next = Buffer.alloc(Math.max(capacity, this.bytes.length * 2, 4096));
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }
}

class MemoryFile implements StorageFile {
  constructor(private readonly data: MemoryFileData) {}

  async writev(buffers: readonly Buffer[], position: number): Promise<void> {
    let total = 0;
    for (const b of buffers) total += b.length;
    this.data.ensure(position + total);
    let at = position;
    for (const b of buffers) {
      b.copy(this.data.bytes, at);
      at += b.length;
    }
    if (at > this.data.length) this.data.length = at;
  }

  async read(position: number, length: number): Promise<Buffer> {
    const end = Math.min(this.data.length, position + length);
    // A copy, as a disk read would be: later truncations must not change what a reader holds.
    return Buffer.from(this.data.bytes.subarray(Math.min(position, end), end));
  }

  async size(): Promise<number> {
    return this.data.length;
  }

  async datasync(): Promise<void> {}

  async truncate(length: number): Promise<void> {
    if (length < this.data.length) this.data.bytes.fill(0, length, this.data.length);
    else this.data.ensure(length);
    this.data.length = length;
  }

  async close(): Promise<void> {}
}

/** Files as Buffers keyed by normalized path; directories are implied by their files. */
export class MemoryStorage implements Storage {
  readonly durable = false;
  private readonly files = new Map<string, MemoryFileData>();
  private readonly dirs = new Set<string>();

  async mkdirp(dir: string): Promise<void> {
    let d = path.resolve(dir);
    while (!this.dirs.has(d)) {
      this.dirs.add(d);
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
  }

  async list(dir: string): Promise<string[]> {
    const prefix = path.resolve(dir) + path.sep;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split(path.sep)[0]!);
    }
    return [...names];
  }

  async open(file: string): Promise<StorageFile> {
    const key = path.resolve(file);
    let data = this.files.get(key);
    if (!data) {
      data = new MemoryFileData();
      this.files.set(key, data);
    }
    return new MemoryFile(data);
  }

  async readFile(file: string): Promise<Buffer | undefined> {
    const data = this.files.get(path.resolve(file));
    return data ? Buffer.from(data.bytes.subarray(0, data.length)) : undefined;
  }

  async writeFile(file: string, data: Buffer): Promise<void> {
    const d = new MemoryFileData();
    d.ensure(data.length);
    data.copy(d.bytes);
    d.length = data.length;
    this.files.set(path.resolve(file), d);
  }

  async writeFileAtomic(file: string, data: Buffer): Promise<void> {
    await this.writeFile(file, data);
  }

  async rename(from: string, to: string): Promise<void> {
    const src = path.resolve(from);
    const dst = path.resolve(to);
    const data = this.files.get(src);
    if (data) {
      this.files.delete(src);
      this.files.set(dst, data);
      return;
    }
    // A directory: move every file and subdirectory under it.
    const prefix = src + path.sep;
    for (const [p, d] of [...this.files]) {
      if (p.startsWith(prefix)) {
        this.files.delete(p);
        this.files.set(dst + p.slice(src.length), d);
      }
    }
    for (const p of [...this.dirs]) {
      if (p === src || p.startsWith(prefix)) {
        this.dirs.delete(p);
        this.dirs.add(dst + p.slice(src.length));
      }
    }
  }

  async remove(file: string): Promise<void> {
    this.files.delete(path.resolve(file));
  }

  async removeDir(dir: string): Promise<void> {
    const root = path.resolve(dir);
    const prefix = root + path.sep;
    for (const p of [...this.files.keys()]) if (p.startsWith(prefix)) this.files.delete(p);
    for (const p of [...this.dirs]) if (p === root || p.startsWith(prefix)) this.dirs.delete(p);
  }

  async syncDir(): Promise<void> {}

  async exists(file: string): Promise<boolean> {
    const p = path.resolve(file);
    return this.files.has(p) || this.dirs.has(p);
  }
}
