import { describe, expect, it } from 'vitest';
import { RestoreTailDetector } from './restore-tail-detector.js';

describe('RestoreTailDetector', () => {
  it('declares a partition at its tail only after a quiet period spanning several polls of an assigned consumer', () => {
    let now = 0;
    const d = new RestoreTailDetector(2_000, 30_000, 3, () => now);
    d.registered('a');
    now = 29_999;
    d.polled();
    d.polled();
    d.polled();
    expect(d.atTail('a')).toBe(false); // never delivered: only the long bound counts
    now = 30_000;
    expect(d.atTail('a')).toBe(true);
    d.registered('b');
    now = 70_000;
    expect(d.atTail('b')).toBe(false); // quiet, but the consumer never polled with an assignment
    d.progressed('a');
    d.polled();
    d.polled();
    d.polled();
    now = 71_999;
    expect(d.atTail('a')).toBe(false); // data arrived 1.999 s ago
    now = 72_000;
    expect(d.atTail('a')).toBe(true);
    expect(d.atTail('unknown')).toBe(false);
    d.sought('a'); // a seek restarts the quiet period
    expect(d.atTail('a')).toBe(false);
    d.polled();
    d.polled();
    d.polled();
    now = 74_000;
    expect(d.atTail('a')).toBe(true);
    d.forget('a');
    expect(d.atTail('a')).toBe(false);
  });
});
