package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.SerdeKind;
import dev.tributary.reference.streams.TopologySpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.SessionWindowedKStream;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.state.SessionStore;

/**
 * stream("input").groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(gapMs, graceMs))
 * → count (Long) or reduce (agg+"+"+v) → "output" with keys "key@start/end" (both ends inclusive).
 * Merged-away sessions appear as tombstones (value null). Params: gapMs (required), graceMs
 * (default 0), emit, op = count|reduce.
 */
public final class SessionCount implements NamedTopology {
    @Override
    public String name() {
        return "session-count";
    }

    @Override
    public TopologySpec build(Params params) {
        StreamsBuilder builder = new StreamsBuilder();
        SessionWindowedKStream<String, String> windowed = builder.stream("input", Consumed.with(Serdes.String(), Serdes.String()))
            .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
            .windowedBy(SessionWindows.ofInactivityGapAndGrace(params.requiredMillis("gapMs"), params.millis("graceMs", 0)));
        String emit = WindowedOutput.emit(params);
        if (emit.equals("onWindowClose")) windowed = windowed.emitStrategy(EmitStrategy.onWindowClose());
        if (params.choice("op", "count", "reduce").equals("count")) {
            return WindowedOutput.finish(builder, windowed.count(
                Materialized.<String, Long, SessionStore<Bytes, byte[]>>as(WindowedOutput.STORE)
                    .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long())), emit, SerdeKind.LONG);
        }
        return WindowedOutput.finish(builder, windowed.reduce((agg, value) -> agg + "+" + value,
            Materialized.<String, String, SessionStore<Bytes, byte[]>>as(WindowedOutput.STORE)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String())), emit, SerdeKind.STRING);
    }
}
