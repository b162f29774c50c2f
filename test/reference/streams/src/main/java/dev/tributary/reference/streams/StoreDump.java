package dev.tributary.reference.streams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;

/** Final contents of a named store as JSON-ready lines {store, key, value, timestamp?, windowStart?, windowEnd?}. */
final class StoreDump {
    private StoreDump() {}

    static List<Map<String, Object>> dump(TopologyTestDriver driver, String name) {
        List<Map<String, Object>> lines = new ArrayList<>();
        KeyValueStore<Object, ValueAndTimestamp<Object>> kv = driver.getTimestampedKeyValueStore(name);
        if (kv != null) {
            try (KeyValueIterator<Object, ValueAndTimestamp<Object>> all = kv.all()) {
                all.forEachRemaining(entry -> lines.add(line(name, entry.key, entry.value)));
            }
            return lines;
        }
        WindowStore<Object, ValueAndTimestamp<Object>> window = driver.getTimestampedWindowStore(name);
        if (window != null) {
            try (KeyValueIterator<Windowed<Object>, ValueAndTimestamp<Object>> all = window.all()) {
                all.forEachRemaining(entry -> lines.add(windowedLine(name, entry)));
            }
            return lines;
        }
        SessionStore<Object, Object> session = driver.getSessionStore(name);
        if (session != null) {
            // Null bounds mean "all keys" (open-ended range fetch).
            try (KeyValueIterator<Windowed<Object>, Object> all = session.fetch(null, null)) {
                all.forEachRemaining(entry -> lines.add(windowedLine(name, KeyValue.pair(entry.key, ValueAndTimestamp.make(entry.value, entry.key.window().end())))));
            }
            return lines;
        }
        throw new IllegalStateException("store " + name + " not found or of an unsupported type");
    }

    private static Map<String, Object> line(String store, Object key, ValueAndTimestamp<Object> value) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("store", store);
        line.put("key", key);
        line.put("value", value == null ? null : value.value());
        line.put("timestamp", value == null ? null : value.timestamp());
        return line;
    }

    private static Map<String, Object> windowedLine(String store, KeyValue<Windowed<Object>, ValueAndTimestamp<Object>> entry) {
        Windowed<Object> key = entry.key;
        Map<String, Object> line = line(store, key.key() + "@" + key.window().start() + "/" + key.window().end(), entry.value);
        line.put("windowStart", key.window().start());
        line.put("windowEnd", key.window().end());
        return line;
    }
}
