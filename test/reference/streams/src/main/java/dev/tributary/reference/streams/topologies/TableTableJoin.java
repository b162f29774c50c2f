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
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * table("left").{join|leftJoin|outerJoin}(table("right"), (l, r) -> l+"+"+r).toStream() → "output";
 * result tombstones appear as value null. Params: type = inner|left|outer. The result is
 * materialized as "join-store".
 */
public final class TableTableJoin implements NamedTopology {
    @Override
    public String name() {
        return "table-table-join";
    }

    @Override
    public TopologySpec build(Params params) {
        String type = params.choice("type", "inner", "left", "outer");
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> left = builder.table("left", Consumed.with(Serdes.String(), Serdes.String()));
        KTable<String, String> right = builder.table("right", Consumed.with(Serdes.String(), Serdes.String()));
        Materialized<String, String, KeyValueStore<Bytes, byte[]>> store =
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("join-store")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String());
        KTable<String, String> joined = switch (type) {
            case "inner" -> left.join(right, Joiners::plus, store);
            case "left" -> left.leftJoin(right, Joiners::plus, store);
            default -> left.outerJoin(right, Joiners::plus, store);
        };
        joined.toStream().to("output", Produced.with(Serdes.String(), Serdes.String()));
        return new TopologySpec(builder.build(), List.of("join-store"))
            .input("left", SerdeKind.STRING, SerdeKind.STRING)
            .input("right", SerdeKind.STRING, SerdeKind.STRING)
            .output("output", SerdeKind.STRING, SerdeKind.STRING, false);
    }
}
