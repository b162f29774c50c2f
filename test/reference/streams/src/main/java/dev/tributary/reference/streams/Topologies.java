package dev.tributary.reference.streams;

import dev.tributary.reference.streams.topologies.Cogroup;
import dev.tributary.reference.streams.topologies.FilterMapCount;
import dev.tributary.reference.streams.topologies.FkJoin;
import dev.tributary.reference.streams.topologies.HoppingCount;
import dev.tributary.reference.streams.topologies.KTableGroupByAggregate;
import dev.tributary.reference.streams.topologies.SessionCount;
import dev.tributary.reference.streams.topologies.SlidingCount;
import dev.tributary.reference.streams.topologies.StreamStreamJoin;
import dev.tributary.reference.streams.topologies.StreamTableJoin;
import dev.tributary.reference.streams.topologies.TableTableJoin;
import dev.tributary.reference.streams.topologies.TumblingCount;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Registry of the named topologies; add a new one to ALL. */
public final class Topologies {
    private static final List<NamedTopology> ALL = List.of(
        new HoppingCount(),
        new TumblingCount(),
        new SessionCount(),
        new SlidingCount(),
        new StreamStreamJoin(),
        new StreamTableJoin(),
        new TableTableJoin(),
        new KTableGroupByAggregate(),
        new FilterMapCount(),
        new FkJoin(),
        new Cogroup());

    private static final Map<String, NamedTopology> BY_NAME = new TreeMap<>();

    static {
        for (NamedTopology topology : ALL) BY_NAME.put(topology.name(), topology);
    }

    private Topologies() {}

    public static NamedTopology get(String name) {
        NamedTopology topology = BY_NAME.get(name);
        if (topology == null) throw new IllegalArgumentException("unknown topology " + name + "; known: " + BY_NAME.keySet());
        return topology;
    }
}
