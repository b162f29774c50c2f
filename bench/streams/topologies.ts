// The Tributary topologies of the streams benchmarks (the Java twins live in
// test/reference/streams-bench/…/StreamsBench.java).
import {
  Consumed,
  JoinWindows,
  Materialized,
  Produced,
  Serdes,
  StreamJoined,
  StreamsBuilder,
  TimeWindows,
  keyValue,
  persistentKeyValueStore,
  type Topology,
} from '@tributary/streams';
import { WINDOW_MS, keep, project, type Event } from './data.js';

export type Workload = 'stateless' | 'count' | 'windowed-count' | 'join';

const S = Serdes.String();
const L = Serdes.Long();

export function topology(workload: Workload, inputs: readonly string[], output: string): Topology {
  const b = new StreamsBuilder();
  switch (workload) {
    case 'stateless':
      b.stream(inputs[0]!, Consumed.with(S, Serdes.Json<Event>()))
        .filter((_k, v) => keep(v))
        .mapValues((v) => project(v))
        .to(output, Produced.with(S, Serdes.Json<ReturnType<typeof project>>()));
      break;
    case 'count':
      // Persistent (classic-level) store, cached, changelogged: Kafka Streams' default shape.
      b.stream(inputs[0]!, Consumed.with(S, Serdes.Bytes()))
        .groupByKey()
        .count(Materialized.as<string, number>(persistentKeyValueStore('counts')).withKeySerde(S).withValueSerde(L))
        .toStream()
        .to(output, Produced.with(S, L));
      break;
    case 'windowed-count':
      b.stream(inputs[0]!, Consumed.with(S, S))
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW_MS))
        .count()
        .toStream()
        .map((wk, v) => keyValue(`${wk.key}@${wk.window.start}`, v))
        .to(output, Produced.with(S, L));
      break;
    case 'join': {
      const left = b.stream(inputs[0]!, Consumed.with(S, S));
      const right = b.stream(inputs[1]!, Consumed.with(S, S));
      left
        .join(right, (l: string, r: string) => `${l.slice(0, 8)}|${r.slice(0, 8)}`, JoinWindows.ofTimeDifferenceWithNoGrace(WINDOW_MS), StreamJoined.with(S, S, S))
        .to(output, Produced.with(S, S));
      break;
    }
  }
  return b.build();
}
