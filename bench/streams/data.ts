// Deterministic benchmark inputs: every system (Tributary, bare loops, kafkajs loop, Kafka
// Streams) sees the same records because they are generated from the same seed.

/** Throughput records carry timestamps from here; latency probes carry wall-clock ones (far later). */
export const BASE_TIMESTAMP = 1_700_000_000_000;
export const KEY_SPACE = 10_000;
export const VALUE_BYTES = 100;
export const WINDOW_MS = 60_000;

export interface BenchRecord {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly timestamp: number;
}

/** mulberry32: small, fast, good enough to spread keys. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 100-byte JSON event: `{"id":..,"user":"u..","amount":..,"kind":"buy"|"view","pad":"xx.."}`. */
export function jsonValue(id: number, rnd: () => number): Buffer {
  const head = `{"id":${id},"user":"u${Math.floor(rnd() * KEY_SPACE)}","amount":${(rnd() * 1000).toFixed(2)},"kind":"${rnd() < 0.5 ? 'buy' : 'view'}","pad":"`;
  return Buffer.from(head + 'x'.repeat(Math.max(0, VALUE_BYTES - head.length - 2)) + '"}');
}

/** `n` records with uniform keys over KEY_SPACE, 100-byte JSON values, timestamps `stamp(i)`. */
export function records(n: number, seed: number, stamp: (i: number) => number = (i) => BASE_TIMESTAMP + i): BenchRecord[] {
  const rnd = prng(seed);
  const out: BenchRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = { key: Buffer.from(`k${Math.floor(rnd() * KEY_SPACE)}`), value: jsonValue(i, rnd), timestamp: stamp(i) };
  }
  return out;
}

/** Timestamps spread evenly over `spanMs` (in order), for windowed workloads. */
export function spread(n: number, spanMs: number): (i: number) => number {
  return (i) => BASE_TIMESTAMP + Math.floor((i * spanMs) / n);
}

/** The stateless workload's transformation, shared by the DSL topology and the bare loops. */
export interface Event {
  id: number;
  user: string;
  amount: number;
  kind: string;
}
export const keep = (e: Event): boolean => e.kind === 'buy';
export const project = (e: Event): { id: number; user: string; cents: number } => ({ id: e.id, user: e.user, cents: Math.round(e.amount * 100) });

/** How many records pass the stateless filter. */
export function expectedStateless(rs: readonly BenchRecord[]): number {
  let n = 0;
  for (const r of rs) if (keep(JSON.parse(r.value.toString('utf8')) as Event)) n++;
  return n;
}

/** Inner stream-stream join pairs with |tl - tr| <= windowMs per key (two pointers per key). */
export function expectedJoinPairs(left: readonly BenchRecord[], right: readonly BenchRecord[], windowMs: number): number {
  const byKey = (rs: readonly BenchRecord[]): Map<string, number[]> => {
    const m = new Map<string, number[]>();
    for (const r of rs) {
      const k = r.key.toString();
      let l = m.get(k);
      if (l === undefined) m.set(k, (l = []));
      l.push(r.timestamp);
    }
    return m;
  };
  const L = byKey(left);
  const R = byKey(right);
  let pairs = 0;
  for (const [k, ls] of L) {
    const rs = R.get(k);
    if (rs === undefined) continue;
    ls.sort((a, b) => a - b);
    rs.sort((a, b) => a - b);
    let lo = 0;
    let hi = 0;
    for (const t of ls) {
      while (lo < rs.length && rs[lo]! < t - windowMs) lo++;
      while (hi < rs.length && rs[hi]! <= t + windowMs) hi++;
      pairs += hi - lo;
    }
  }
  return pairs;
}
