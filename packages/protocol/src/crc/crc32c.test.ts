import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32c } from './crc32c.js';
import { crc32cTable } from './crc32c-table.js';

describe('crc32c', () => {
  it('matches the RFC 3720 check value for "123456789"', () => {
    const b = Buffer.from('123456789');
    expect(crc32c(b)).toBe(0xe3069283);
    expect(crc32cTable(b)).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 zero bytes
  });

  it('native equals the 256-entry table implementation (oracle: table CRC)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat({ max: 0xffffffff }), (bytes, init) => {
        expect(crc32c(bytes, init)).toBe(crc32cTable(bytes, init));
      }),
      { numRuns: 200 },
    );
  });

  it('continues across chunks (oracle: CRC of the concatenation)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.uint8Array({ maxLength: 500 }), (a, b) => {
        expect(crc32c(b, crc32c(a))).toBe(crc32c(Buffer.concat([a, b])));
      }),
      { numRuns: 100 },
    );
  });
});
