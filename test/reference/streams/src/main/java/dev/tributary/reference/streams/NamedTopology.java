package dev.tributary.reference.streams;

/** One named topology of the reference harness; builds a fresh Topology for a scenario's params. */
public interface NamedTopology {
    String name();

    TopologySpec build(Params params);
}
