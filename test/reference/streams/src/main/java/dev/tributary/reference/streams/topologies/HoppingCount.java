package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.TopologySpec;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * stream("input").groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(sizeMs, graceMs).advanceBy(advanceMs))
 * .count() → "output". Params: sizeMs (required), advanceMs (default sizeMs), graceMs (default 0),
 * emit, op (see WindowedOutput).
 */
public final class HoppingCount implements NamedTopology {
    @Override
    public String name() {
        return "hopping-count";
    }

    @Override
    public TopologySpec build(Params params) {
        long size = params.requiredLong("sizeMs");
        TimeWindows windows = TimeWindows.ofSizeAndGrace(java.time.Duration.ofMillis(size), params.millis("graceMs", 0))
            .advanceBy(params.millis("advanceMs", size));
        return TimeWindowedTopology.build(windows, params);
    }
}
