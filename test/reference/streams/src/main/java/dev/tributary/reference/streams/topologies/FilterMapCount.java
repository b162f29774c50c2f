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
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * stream("input").filter(v != null && !v.startsWith(dropPrefix)).mapValues(toUpperCase) → "mapped";
 * the same stream grouped (groupByKey, or groupBy value with groupBy=value, which repartitions)
 * .count() → "output" (Long). Params: dropPrefix (default "x"), groupBy = key|value. Store: "count-store".
 */
public final class FilterMapCount implements NamedTopology {
    @Override
    public String name() {
        return "filter-map-count";
    }

    @Override
    public TopologySpec build(Params params) {
        String dropPrefix = params.string("dropPrefix", "x");
        boolean byValue = params.choice("groupBy", "key", "value").equals("value");
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> mapped = builder.stream("input", Consumed.with(Serdes.String(), Serdes.String()))
            .filter((key, value) -> value != null && !value.startsWith(dropPrefix))
            .mapValues(value -> value.toUpperCase(java.util.Locale.ROOT));
        mapped.to("mapped", Produced.with(Serdes.String(), Serdes.String()));
        Grouped<String, String> grouped = Grouped.with(Serdes.String(), Serdes.String());
        Materialized<String, Long, KeyValueStore<Bytes, byte[]>> store =
            Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("count-store")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long());
        (byValue ? mapped.groupBy((key, value) -> value, grouped) : mapped.groupByKey(grouped))
            .count(store)
            .toStream()
            .to("output", Produced.with(Serdes.String(), Serdes.Long()));
        return new TopologySpec(builder.build(), List.of("count-store"))
            .input("input", SerdeKind.STRING, SerdeKind.STRING)
            .output("mapped", SerdeKind.STRING, SerdeKind.STRING, false)
            .output("output", SerdeKind.STRING, SerdeKind.LONG, false);
    }
}
