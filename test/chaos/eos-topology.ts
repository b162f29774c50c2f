import { Consumed, Grouped, Joined, keyValue, Materialized, persistentKeyValueStore, Produced, Serdes, StreamsBuilder, type Topology } from '@tributary/streams';

export const S = Serdes.String();
export const L = Serdes.Long();

export interface EosTopics {
  readonly clicks: string;
  readonly users: string;
  readonly counts: string;
  readonly enriched: string;
}

export function eosTopics(prefix: string): EosTopics {
  return { clicks: `${prefix}-clicks`, users: `${prefix}-users`, counts: `${prefix}-counts`, enriched: `${prefix}-enriched` };
}

/**
 * clicks (clickId → user) re-keyed by user (a repartition topic), counted per user in a
 * persistent store (one output per click: caching off) and left-joined with the users table
 * (user → region): every click yields exactly one `clickId@region` record.
 */
export function eosTopology(t: EosTopics): Topology {
  const b = new StreamsBuilder();
  const users = b.table(t.users, Consumed.with(S, S));
  const byUser = b.stream(t.clicks, Consumed.with(S, S)).map((clickId, user) => keyValue(user, clickId));
  byUser
    .groupByKey(Grouped.with(S, S, 'by-user'))
    .count(Materialized.as<string, number>(persistentKeyValueStore('counts')).withKeySerde(S).withValueSerde(L))
    .toStream()
    .to(t.counts, Produced.with(S, L));
  byUser.leftJoin(users, (clickId: string, region: string | null) => `${clickId}@${region ?? 'none'}`, Joined.with(S, S, S)).to(t.enriched, Produced.with(S, S));
  return b.build();
}

/** The input: `users` users with a region each, `clicks` clicks spread over them (seeded). */
export function eosInput(clicks: number, users: number, rand: () => number): { users: [string, string][]; clicks: [string, string][]; perUser: Map<string, number> } {
  const u: [string, string][] = Array.from({ length: users }, (_, i) => [`u${i}`, `r${i % 5}`]);
  const perUser = new Map<string, number>();
  const c: [string, string][] = Array.from({ length: clicks }, (_, i) => {
    const user = `u${Math.floor(rand() * users)}`;
    perUser.set(user, (perUser.get(user) ?? 0) + 1);
    return [`c${i}`, user];
  });
  return { users: u, clicks: c, perUser };
}
