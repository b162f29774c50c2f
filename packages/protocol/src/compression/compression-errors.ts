import { TributaryError } from '../errors/tributary-error.js';

/** A codec that loads asynchronously (zstd, WebAssembly) was used before `initCompression()` resolved. */
export class CompressionNotReadyError extends TributaryError {
  constructor(codec: string) {
    super('COMPRESSION_NOT_READY', `${codec} is not loaded yet: await initCompression() once at startup`);
  }
}
