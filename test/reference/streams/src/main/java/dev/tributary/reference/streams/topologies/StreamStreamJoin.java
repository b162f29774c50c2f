package dev.tributary.reference.streams.topologies;

import dev.tributary.reference.streams.NamedTopology;
import dev.tributary.reference.streams.Params;
import dev.tributary.reference.streams.SerdeKind;
import dev.tributary.reference.streams.TopologySpec;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.ValueJoiner;

/**
 * stream("left").{join|leftJoin|outerJoin}(stream("right"), (l, r) -> l+"+"+r,
 * JoinWindows.ofTimeDifferenceAndGrace(diffMs, graceMs)[.before(beforeMs)][.after(afterMs)]) → "output".
 * Params: type = inner|left|outer, diffMs (required), graceMs (default 0), beforeMs, afterMs.
 */
public final class StreamStreamJoin implements NamedTopology {
    @Override
    public String name() {
        return "stream-stream-join";
    }

    @Override
    public TopologySpec build(Params params) {
        String type = params.choice("type", "inner", "left", "outer");
        JoinWindows windows = JoinWindows.ofTimeDifferenceAndGrace(params.requiredMillis("diffMs"), params.millis("graceMs", 0));
        if (params.has("beforeMs")) windows = windows.before(params.requiredMillis("beforeMs"));
        if (params.has("afterMs")) windows = windows.after(params.requiredMillis("afterMs"));

        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> left = builder.stream("left", Consumed.with(Serdes.String(), Serdes.String()));
        KStream<String, String> right = builder.stream("right", Consumed.with(Serdes.String(), Serdes.String()));
        ValueJoiner<String, String, String> joiner = Joiners::plus;
        StreamJoined<String, String, String> serdes = StreamJoined.with(Serdes.String(), Serdes.String(), Serdes.String());
        KStream<String, String> joined = switch (type) {
            case "inner" -> left.join(right, joiner, windows, serdes);
            case "left" -> left.leftJoin(right, joiner, windows, serdes);
            default -> left.outerJoin(right, joiner, windows, serdes);
        };
        joined.to("output", Produced.with(Serdes.String(), Serdes.String()));
        return new TopologySpec(builder.build(), List.of())
            .input("left", SerdeKind.STRING, SerdeKind.STRING)
            .input("right", SerdeKind.STRING, SerdeKind.STRING)
            .output("output", SerdeKind.STRING, SerdeKind.STRING, false);
    }
}
