package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.SerdeKind;
import dev.tributary.reference.streams.TopologySpec;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindowedKStream;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Shared tail of the windowed topologies: the emit mode ("update", "suppress" =
 * suppress(untilWindowCloses(unbounded())), "onWindowClose" = emitStrategy(onWindowClose())),
 * the aggregation op, and the windowed key rendered as "key@start/end" into topic "output".
 */
final class WindowedOutput {
    static final String STORE = "window-agg-store";

    private WindowedOutput() {}

    static String emit(Params params) {
        return params.choice("emit", "update", "suppress", "onWindowClose");
    }

    static String render(Windowed<String> key) {
        return key.key() + "@" + key.window().start() + "/" + key.window().end();
    }

    /** count (Long), aggregate (init "0", agg+"+"+v) or reduce (agg+"+"+v) over time or sliding windows. */
    static TopologySpec timeWindowed(StreamsBuilder builder, TimeWindowedKStream<String, String> windowed, Params params) {
        String emit = emit(params);
        if (emit.equals("onWindowClose")) windowed = windowed.emitStrategy(EmitStrategy.onWindowClose());
        String op = params.choice("op", "count", "aggregate", "reduce");
        if (op.equals("count")) {
            KTable<Windowed<String>, Long> counts = windowed.count(
                Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(STORE)
                    .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
            return finish(builder, counts, emit, SerdeKind.LONG);
        }
        Materialized<String, String, WindowStore<Bytes, byte[]>> store =
            Materialized.<String, String, WindowStore<Bytes, byte[]>>as(STORE)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String());
        KTable<Windowed<String>, String> table = op.equals("aggregate")
            ? windowed.aggregate(() -> "0", (key, value, agg) -> agg + "+" + value, store)
            : windowed.reduce((agg, value) -> agg + "+" + value, store);
        return finish(builder, table, emit, SerdeKind.STRING);
    }

    static <V> TopologySpec finish(StreamsBuilder builder, KTable<Windowed<String>, V> table, String emit, SerdeKind valueKind) {
        if (emit.equals("suppress")) {
            table = table.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()));
        }
        table.toStream()
            .map((key, value) -> KeyValue.pair(render(key), value))
            .to("output", Produced.with(Serdes.String(), valueKind.<V>serde()));
        return new TopologySpec(builder.build(), List.of(STORE))
            .input("input", SerdeKind.STRING, SerdeKind.STRING)
            .output("output", SerdeKind.STRING, valueKind, true);
    }
}
