import type { KTable } from './ktable.js';

/** How long after its end a windowed table's window stays open: grace (time/sliding) or gap + grace (sessions). */
const closeDelays = new WeakMap<object, number>();

export function markWindowedTable(table: KTable<unknown, unknown>, closeDelayMs: number): void {
  closeDelays.set(table, closeDelayMs);
}

export function windowCloseDelay(table: KTable<unknown, unknown>): number | undefined {
  return closeDelays.get(table);
}
