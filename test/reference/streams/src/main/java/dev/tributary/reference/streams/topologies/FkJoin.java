package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.SerdeKind;
import dev.tributary.reference.streams.TopologySpec;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Foreign-key join: table("left") with values "a|b", table("right") keyed by the FK;
 * (l, r) -> "("+l+","+r+")" → "output". Params: type = inner|left; fkPart = first|last: the FK is
 * the part before the first '|' (default, values "fk|payload") or after the last '|' (Kafka's
 * own FK tests use "payload|fk"). A value without '|' has a null FK. Result store: "join-store".
 */
public final class FkJoin implements NamedTopology {
    @Override
    public String name() {
        return "fk-join";
    }

    @Override
    public TopologySpec build(Params params) {
        String type = params.choice("type", "inner", "left");
        boolean first = params.choice("fkPart", "first", "last").equals("first");
        Function<String, String> foreignKey = value -> {
            int bar = first ? value.indexOf('|') : value.lastIndexOf('|');
            if (bar < 0) return null;
            return first ? value.substring(0, bar) : value.substring(bar + 1);
        };
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> left = builder.table("left", Consumed.with(Serdes.String(), Serdes.String()));
        KTable<String, String> right = builder.table("right", Consumed.with(Serdes.String(), Serdes.String()));
        Materialized<String, String, KeyValueStore<Bytes, byte[]>> store =
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("join-store")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String());
        KTable<String, String> joined = type.equals("inner")
            ? left.join(right, foreignKey, Joiners::pair, store)
            : left.leftJoin(right, foreignKey, Joiners::pair, store);
        joined.toStream().to("output", Produced.with(Serdes.String(), Serdes.String()));
        return new TopologySpec(builder.build(), List.of("join-store"))
            .input("left", SerdeKind.STRING, SerdeKind.STRING)
            .input("right", SerdeKind.STRING, SerdeKind.STRING)
            .output("output", SerdeKind.STRING, SerdeKind.STRING, false);
    }
}
