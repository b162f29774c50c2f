package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.TopologySpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.TimeWindows;

/** stream("input") → groupByKey → windowedBy(windows) → op → "output", shared by hopping and tumbling. */
final class TimeWindowedTopology {
    private TimeWindowedTopology() {}

    static TopologySpec build(TimeWindows windows, Params params) {
        StreamsBuilder builder = new StreamsBuilder();
        return WindowedOutput.timeWindowed(builder,
            builder.stream("input", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(windows),
            params);
    }
}
