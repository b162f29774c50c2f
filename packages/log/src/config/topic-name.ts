import { InvalidTopicError } from '../errors/log-errors.js';

const MAX_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Kafka's topic-name rules. */
export function assertValidTopicName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidTopicError('topic name is empty');
  if (name === '.' || name === '..') throw new InvalidTopicError(`topic name cannot be "${name}"`);
  if (name.length > MAX_LENGTH) throw new InvalidTopicError(`topic name is longer than ${MAX_LENGTH} characters`);
  if (!LEGAL.test(name)) throw new InvalidTopicError(`topic name ${name} contains characters other than [a-zA-Z0-9._-]`);
}

/** Kafka's internal topics: hidden from plain listings (others can opt in at creation). */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state']);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}
