package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.SerdeKind;
import dev.tributary.reference.streams.TopologySpec;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedTable;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * table("input").groupBy((k, v) -> (newKey, newValue)) → count (Long) | aggregate (init "0",
 * adder agg+"+"+v, subtractor agg+"-"+v) | reduce (adder agg+"+"+v, subtractor agg+"-"+v)
 * → toStream → "output". Params: groupKey = firstChar|value|key (default firstChar: the value's
 * first character), groupValue = value|key, op = count|aggregate|reduce. Store: "agg-store".
 */
public final class KTableGroupByAggregate implements NamedTopology {
    static final String STORE = "agg-store";

    @Override
    public String name() {
        return "ktable-groupby-aggregate";
    }

    @Override
    public TopologySpec build(Params params) {
        String groupKey = params.choice("groupKey", "firstChar", "value", "key");
        boolean valueIsKey = params.choice("groupValue", "value", "key").equals("key");
        String op = params.choice("op", "count", "aggregate", "reduce");

        StreamsBuilder builder = new StreamsBuilder();
        KGroupedTable<String, String> grouped = builder.table("input", Consumed.with(Serdes.String(), Serdes.String()))
            .groupBy((key, value) -> KeyValue.pair(
                switch (groupKey) {
                    case "firstChar" -> value.isEmpty() ? "" : value.substring(0, 1);
                    case "value" -> value;
                    default -> key;
                },
                valueIsKey ? key : value), Grouped.with(Serdes.String(), Serdes.String()));
        SerdeKind valueKind;
        if (op.equals("count")) {
            valueKind = SerdeKind.LONG;
            KTable<String, Long> counts = grouped.count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
            counts.toStream().to("output", Produced.with(Serdes.String(), Serdes.Long()));
        } else {
            valueKind = SerdeKind.STRING;
            Materialized<String, String, KeyValueStore<Bytes, byte[]>> store =
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STORE)
                    .withKeySerde(Serdes.String()).withValueSerde(Serdes.String());
            KTable<String, String> table = op.equals("aggregate")
                ? grouped.aggregate(() -> "0", (key, value, agg) -> agg + "+" + value, (key, value, agg) -> agg + "-" + value, store)
                : grouped.reduce((agg, value) -> agg + "+" + value, (agg, value) -> agg + "-" + value, store);
            table.toStream().to("output", Produced.with(Serdes.String(), Serdes.String()));
        }
        return new TopologySpec(builder.build(), List.of(STORE))
            .input("input", SerdeKind.STRING, SerdeKind.STRING)
            .output("output", SerdeKind.STRING, valueKind, false);
    }
}
