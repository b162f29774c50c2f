export { TributaryError, CorruptRecordError, BufferUnderflowError } from './errors/tributary-error.js';
export * from './primitives/index.js';
export * from './crc/index.js';
export * from './compression/index.js';
export * from './records/index.js';
export * from './schema/index.js';
export * from './messages/index.js';
