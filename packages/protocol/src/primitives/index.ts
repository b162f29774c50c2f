export { ByteReader } from './byte-reader.js';
export { ByteWriter } from './byte-writer.js';
export { ValueOutOfRangeError } from './value-range-error.js';
export { sizeOfUvarint, sizeOfVarint, sizeOfUvarlong, sizeOfVarlong } from './varint-size.js';
