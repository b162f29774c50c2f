package dev.tributary.reference.streams;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/** Typed access to a scenario's "params"; remembers what was read so unknown (mistyped) params fail. */
public final class Params {
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();

    public Params(JsonNode node) {
        this.node = node;
    }

    private JsonNode get(String name) {
        read.add(name);
        JsonNode value = node == null ? null : node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    public long longValue(String name, long fallback) {
        JsonNode value = get(name);
        if (value == null) return fallback;
        if (!value.isIntegralNumber()) throw new IllegalArgumentException("param " + name + " must be an integer, got " + value);
        return value.longValue();
    }

    public long requiredLong(String name) {
        if (get(name) == null) throw new IllegalArgumentException("param " + name + " is required");
        return longValue(name, 0);
    }

    public Duration millis(String name, long fallback) {
        return Duration.ofMillis(longValue(name, fallback));
    }

    public Duration requiredMillis(String name) {
        return Duration.ofMillis(requiredLong(name));
    }

    public String string(String name, String fallback) {
        JsonNode value = get(name);
        if (value == null) return fallback;
        if (!value.isTextual()) throw new IllegalArgumentException("param " + name + " must be a string, got " + value);
        return value.textValue();
    }

    /** A string param restricted to the given choices (the first is the default). */
    public String choice(String name, String... choices) {
        String value = string(name, choices[0]);
        for (String choice : choices) if (choice.equals(value)) return value;
        throw new IllegalArgumentException("param " + name + " must be one of " + String.join("|", choices) + ", got " + value);
    }

    /** Throws if the scenario set a param nobody read. Call after the topology and driver are built. */
    public void rejectUnknown() {
        if (node == null) return;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) throw new IllegalArgumentException("unknown param " + name);
        }
    }
}
