import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StorageFile } from './storage.js';

/** Callback-style fs on a raw fd: fewer allocations than FileHandle on the append path. */
class DiskFile implements StorageFile {
  constructor(private readonly fd: number) {}

  writev(buffers: readonly Buffer[], position: number): Promise<void> {
    let total = 0;
    for (const b of buffers) total += b.length;
    return new Promise((resolve, reject) => {
      fs.writev(this.fd, buffers as Buffer[], position, (err, written) => {
        if (err) reject(err);
        else if (written === total) resolve();
        else this.writeRest(buffers, position, written).then(resolve, reject);
      });
    });
  }

  /** libuv already loops on short writes; this only guards a rare partial result. */
  private async writeRest(buffers: readonly Buffer[], position: number, written: number): Promise<void> {
    const rest = Buffer.concat(buffers as Buffer[]).subarray(written);
    await this.writev([rest], position + written);
  }

  read(position: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    return new Promise((resolve, reject) => {
      fs.read(this.fd, buf, 0, length, position, (err, n) => {
        if (err) reject(err);
        else resolve(n === length ? buf : buf.subarray(0, n));
      });
    });
  }

  size(): Promise<number> {
    return new Promise((resolve, reject) => fs.fstat(this.fd, (err, st) => (err ? reject(err) : resolve(st.size))));
  }

  datasync(): Promise<void> {
    return new Promise((resolve, reject) => fs.fdatasync(this.fd, (err) => (err ? reject(err) : resolve())));
  }

  truncate(length: number): Promise<void> {
    return new Promise((resolve, reject) => fs.ftruncate(this.fd, length, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => fs.close(this.fd, (err) => (err ? reject(err) : resolve())));
  }
}

let tempCounter = 0;

export class DiskStorage implements Storage {
  readonly durable = true;

  async mkdirp(dir: string): Promise<void> {
    await fsp.mkdir(dir, { recursive: true });
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await fsp.readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async open(file: string): Promise<StorageFile> {
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644, (err, fd) => (err ? reject(err) : resolve(fd))),
    );
    return new DiskFile(fd);
  }

  async readFile(file: string): Promise<Buffer | undefined> {
    try {
      return await fsp.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async writeFile(file: string, data: Buffer): Promise<void> {
    const fh = await fsp.open(file, 'w');
    try {
      await fh.writeFile(data);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  }

  async writeFileAtomic(file: string, data: Buffer): Promise<void> {
    const temp = `${file}.${process.pid}.${++tempCounter}.tmp`;
    await this.writeFile(temp, data);
    await fsp.rename(temp, file);
    await this.syncDir(path.dirname(file));
  }

  async rename(from: string, to: string): Promise<void> {
    await fsp.rename(from, to);
  }

  async remove(file: string): Promise<void> {
    await fsp.rm(file, { force: true });
  }

  async removeDir(dir: string): Promise<void> {
    await fsp.rm(dir, { recursive: true, force: true });
  }

  async syncDir(dir: string): Promise<void> {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async exists(file: string): Promise<boolean> {
    try {
      await fsp.access(file);
      return true;
    } catch {
      return false;
    }
  }
}
