package dev.tributary.reference.streams;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The key/value types a scenario can carry, with their Kafka serde and their JSON form. */
public enum SerdeKind {
    STRING(Serdes.String()),
    LONG(Serdes.Long()),
    INTEGER(Serdes.Integer());

    private final Serde<?> serde;

    SerdeKind(Serde<?> serde) {
        this.serde = serde;
    }

    @SuppressWarnings("unchecked")
    public <T> Serde<T> serde() {
        return (Serde<T>) serde;
    }

    /** Converts a scenario's JSON key or value; strict, so a mistyped scenario fails instead of drifting. */
    public Object fromJson(JsonNode node, String what) {
        if (node == null || node.isNull()) return null;
        switch (this) {
            case STRING:
                if (!node.isTextual()) throw new IllegalArgumentException(what + " must be a string or null, got " + node);
                return node.textValue();
            case LONG:
                if (!node.isIntegralNumber()) throw new IllegalArgumentException(what + " must be an integer or null, got " + node);
                return node.longValue();
            default:
                if (!node.canConvertToInt()) throw new IllegalArgumentException(what + " must be a 32-bit integer or null, got " + node);
                return node.intValue();
        }
    }
}
