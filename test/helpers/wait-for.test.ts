import { describe, expect, it } from 'vitest';
import { waitFor, WaitForTimeoutError } from './wait-for.js';

describe('waitFor', () => {
  it('resolves with the first truthy value of the condition', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('after 3');
  });

  it('treats a throwing condition as not yet and reports its last error on timeout', async () => {
    const attempt = waitFor(
      () => {
        throw new Error('broker not up');
      },
      { timeoutMs: 30, intervalMs: 5, message: 'the broker' },
    );
    await expect(attempt).rejects.toBeInstanceOf(WaitForTimeoutError);
    await expect(attempt).rejects.toThrow(/timed out after 30 ms waiting for the broker \(last error: broker not up\)/);
  });
});
