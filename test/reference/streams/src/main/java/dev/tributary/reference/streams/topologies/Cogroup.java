package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.SerdeKind;
import dev.tributary.reference.streams.TopologySpec;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * stream("input-a").groupByKey().cogroup((k, v, agg) -> agg+"+a"+v)
 * .cogroup(stream("input-b").groupByKey(), (k, v, agg) -> agg+"+b"+v).aggregate(() -> "0")
 * → toStream → "output". No params. Store: "cogroup-store".
 */
public final class Cogroup implements NamedTopology {
    @Override
    public String name() {
        return "cogroup";
    }

    @Override
    public TopologySpec build(Params params) {
        StreamsBuilder builder = new StreamsBuilder();
        Grouped<String, String> grouped = Grouped.with(Serdes.String(), Serdes.String());
        KGroupedStream<String, String> a = builder.stream("input-a", Consumed.with(Serdes.String(), Serdes.String())).groupByKey(grouped);
        KGroupedStream<String, String> b = builder.stream("input-b", Consumed.with(Serdes.String(), Serdes.String())).groupByKey(grouped);
        a.<String>cogroup((key, value, agg) -> agg + "+a" + value)
            .cogroup(b, (key, value, agg) -> agg + "+b" + value)
            .aggregate(() -> "0", Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("cogroup-store")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
            .toStream()
            .to("output", Produced.with(Serdes.String(), Serdes.String()));
        return new TopologySpec(builder.build(), List.of("cogroup-store"))
            .input("input-a", SerdeKind.STRING, SerdeKind.STRING)
            .input("input-b", SerdeKind.STRING, SerdeKind.STRING)
            .output("output", SerdeKind.STRING, SerdeKind.STRING, false);
    }
}
