package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.TopologySpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.SlidingWindows;

/**
 * stream("input").groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(diffMs, graceMs))
 * → op → "output". Params: diffMs (required), graceMs (default 0), emit, op.
 */
public final class SlidingCount implements NamedTopology {
    @Override
    public String name() {
        return "sliding-count";
    }

    @Override
    public TopologySpec build(Params params) {
        StreamsBuilder builder = new StreamsBuilder();
        SlidingWindows windows = SlidingWindows.ofTimeDifferenceAndGrace(params.requiredMillis("diffMs"), params.millis("graceMs", 0));
        return WindowedOutput.timeWindowed(builder,
            builder.stream("input", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(windows),
            params);
    }
}
