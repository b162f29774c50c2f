package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.TopologySpec;
import org.apache.kafka.streams.kstream.TimeWindows;

/** Like hopping-count with advance = size: TimeWindows.ofSizeAndGrace(sizeMs, graceMs). Params: sizeMs, graceMs, emit, op. */
public final class TumblingCount implements NamedTopology {
    @Override
    public String name() {
        return "tumbling-count";
    }

    @Override
    public TopologySpec build(Params params) {
        return TimeWindowedTopology.build(
            TimeWindows.ofSizeAndGrace(params.requiredMillis("sizeMs"), params.millis("graceMs", 0)), params);
    }
}
