import { JoinWindows, StreamJoined, type KStream } from '@tributary/streams';
import type { FraudAlert } from '../domain/alert.js';
import { distanceKm } from '../domain/geo.js';
import type { Transaction } from '../domain/transaction.js';
import { serdes } from './serdes.js';

interface TravelRules {
  readonly travelMinKm: number;
  readonly travelWindowMs: number;
  readonly graceMs: number;
}

interface Trip {
  readonly earlier: Transaction;
  readonly later: Transaction;
}

/** Whether `a` happened before `b` (ties broken by id, so exactly one order of a pair wins). */
const before = (a: Transaction, b: Transaction): boolean => a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.id < b.id);

/**
 * Joins the card's transactions with themselves within the travel window. A self join sees each
 * pair twice (once from each side) and each record with itself: keeping only earlier→later pairs
 * leaves exactly one trip per pair.
 */
export function impossibleTravel(txs: KStream<string, Transaction>, rules: TravelRules): KStream<string, FraudAlert> {
  return txs
    .join(
      txs,
      (left, right): Trip | null => (before(left, right) ? { earlier: left, later: right } : null),
      JoinWindows.ofTimeDifferenceAndGrace(rules.travelWindowMs, rules.graceMs),
      StreamJoined.with(serdes.key, serdes.transaction, serdes.transaction).withName('travel').withStoreName('travel'),
    )
    .filter((_card, trip) => trip !== null && trip.earlier.country !== trip.later.country && (distanceKm(trip.earlier.country, trip.later.country) ?? 0) >= rules.travelMinKm, 'distant-pairs')
    .mapValues((trip): FraudAlert => {
      const { earlier, later } = trip!;
      const km = Math.round(distanceKm(earlier.country, later.country) ?? 0);
      const minutes = Math.max(1, Math.round((later.timestamp - earlier.timestamp) / 60_000));
      return {
        id: `impossible-travel:${later.id}`, cardId: later.cardId, reason: 'impossible-travel', transactionId: later.id, timestamp: later.timestamp,
        summary: `${earlier.country} → ${later.country} (${km} km) in ${minutes} min`,
        evidence: {
          reason: 'impossible-travel', from: earlier.country, to: later.country, distanceKm: km, minutesApart: minutes,
          speedKmh: Math.round(km / (minutes / 60)), previousTransactionId: earlier.id,
        },
      };
    }, 'travel-alert');
}
