package dev.tributary.reference.streams;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/**
 * A built topology plus what the runner needs to drive it: the serdes of each input topic, the
 * output topics in the order they are drained after each input, and the stores to dump.
 */
public final class TopologySpec {
    /** Serdes of one topic; windowed outputs carry keys rendered as "key@start/end". */
    public record TopicSpec(SerdeKind key, SerdeKind value, boolean windowed) {}

    public final Topology topology;
    public final Map<String, TopicSpec> inputs = new LinkedHashMap<>();
    public final Map<String, TopicSpec> outputs = new LinkedHashMap<>();
    public final List<String> stores;

    public TopologySpec(Topology topology, List<String> stores) {
        this.topology = topology;
        this.stores = stores;
    }

    public TopologySpec input(String topic, SerdeKind key, SerdeKind value) {
        inputs.put(topic, new TopicSpec(key, value, false));
        return this;
    }

    public TopologySpec output(String topic, SerdeKind key, SerdeKind value, boolean windowed) {
        outputs.put(topic, new TopicSpec(key, value, windowed));
        return this;
    }
}
