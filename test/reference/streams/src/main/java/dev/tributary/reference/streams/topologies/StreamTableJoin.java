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
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * stream("left").{join|leftJoin}(table("right"), (l, r) -> l+"+"+r) → "output".
 * Params: type = inner|left. The table is materialized as "right-store".
 */
public final class StreamTableJoin implements NamedTopology {
    @Override
    public String name() {
        return "stream-table-join";
    }

    @Override
    public TopologySpec build(Params params) {
        String type = params.choice("type", "inner", "left");
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> left = builder.stream("left", Consumed.with(Serdes.String(), Serdes.String()));
        KTable<String, String> right = builder.table("right", Consumed.with(Serdes.String(), Serdes.String()),
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("right-store")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        Joined<String, String, String> serdes = Joined.with(Serdes.String(), Serdes.String(), Serdes.String());
        KStream<String, String> joined = type.equals("inner")
            ? left.join(right, Joiners::plus, serdes)
            : left.leftJoin(right, Joiners::plus, serdes);
        joined.to("output", Produced.with(Serdes.String(), Serdes.String()));
        return new TopologySpec(builder.build(), List.of("right-store"))
            .input("left", SerdeKind.STRING, SerdeKind.STRING)
            .input("right", SerdeKind.STRING, SerdeKind.STRING)
            .output("output", SerdeKind.STRING, SerdeKind.STRING, false);
    }
}
