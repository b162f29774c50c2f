import type { EosTopics } from './eos-topology.js';
import type { TopicRecord } from './eos-child-process.js';

/**
 * Differences between what read_committed consumers see (and the final store dump) and the
 * exactly-once oracle: per user the count outputs are exactly 1..n in order, every click is
 * enriched exactly once with its user's region, and the store holds n per user.
 */
export function oracleProblems(
  t: EosTopics,
  records: readonly TopicRecord[],
  input: { users: [string, string][]; clicks: [string, string][]; perUser: Map<string, number> },
  dump: [string, number][] | null,
): string[] {
  const problems: string[] = [];
  const seqs = new Map<string, number[]>();
  const enriched = new Map<string, string[]>();
  for (const r of records) {
    const key = r.key?.toString() ?? '';
    if (r.topic === t.counts) {
      const list = seqs.get(key) ?? [];
      list.push(Number(r.value!.readBigInt64BE(0)));
      seqs.set(key, list);
    } else if (r.topic === t.enriched) {
      const [clickId, region] = r.value!.toString().split('@') as [string, string];
      const list = enriched.get(clickId) ?? [];
      list.push(region);
      enriched.set(clickId, list);
    }
  }
  for (const [user, n] of input.perUser) {
    const got = seqs.get(user) ?? [];
    const ok = got.length === n && got.every((v, i) => v === i + 1);
    if (!ok) problems.push(`counts for ${user}: expected 1..${n}, got [${got.length > 12 ? `${got.slice(0, 6).join(',')},…,${got.slice(-6).join(',')}` : got.join(',')}] (${got.length} values)`);
  }
  for (const user of seqs.keys()) if (!input.perUser.has(user)) problems.push(`counts for unknown user ${user}`);
  const regions = new Map(input.users);
  for (const [clickId, user] of input.clicks) {
    const got = enriched.get(clickId) ?? [];
    if (got.length !== 1) problems.push(`click ${clickId} enriched ${got.length} times`);
    else if (got[0] !== 'none' && got[0] !== regions.get(user)) problems.push(`click ${clickId} joined with ${got[0]}, expected ${regions.get(user)}`);
  }
  if (enriched.size > input.clicks.length) problems.push(`${enriched.size - input.clicks.length} unknown clicks enriched`);
  if (dump !== null) {
    const store = new Map(dump);
    for (const [user, n] of input.perUser) if (store.get(user) !== n) problems.push(`store: ${user} = ${store.get(user)}, expected ${n}`);
    if (store.size !== input.perUser.size) problems.push(`store has ${store.size} users, expected ${input.perUser.size}`);
  }
  return problems;
}
