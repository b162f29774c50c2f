import { InvalidArgumentError } from '../errors/client-errors.js';

/** kafkajs speaks int64 as decimal strings; we speak numbers, checked at this edge. */
export function int64ToNumber(value: string | number, what: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`${what} ${String(value)} is not a safe integer`);
  }
  return n;
}

export function numberToInt64(value: number, what: string): string {
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`${what} ${value} is not a safe integer`);
  return String(value);
}
