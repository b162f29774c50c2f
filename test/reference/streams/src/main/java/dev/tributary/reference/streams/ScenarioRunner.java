package dev.tributary.reference.streams;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs one scenario through a fresh TopologyTestDriver. After each input step every output topic
 * is drained, in the topology's declared order, so records keep the order Kafka produced them in
 * (per topic) and carry the index of the input step that caused them.
 */
public final class ScenarioRunner {
    private static final Pattern WINDOWED_KEY = Pattern.compile("^(.*)@(-?\\d+)/(-?\\d+)$");

    private ScenarioRunner() {}

    /** Returns the output lines (each a JSON object as an ordered map). */
    public static List<Map<String, Object>> run(JsonNode scenario) {
        JsonNode name = scenario.get("topology");
        if (name == null || !name.isTextual()) throw new IllegalArgumentException("scenario needs a string \"topology\"");
        Params params = new Params(scenario.get("params"));
        long cacheMaxBytes = params.longValue("cacheMaxBytes", 0);
        String dslStore = params.choice("dslStore", "rocksDB", "in_memory");
        long wallClockStart = params.longValue("wallClockStartMs", 0);
        TopologySpec spec = Topologies.get(name.textValue()).build(params);
        params.rejectUnknown();

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reference-" + name.textValue());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        // Caching off by default: every update is emitted (the TS driver runs both modes).
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
        // Written as a literal: the constant is deprecated in 3.7+ in favour of dsl.store.suppliers.class.
        props.put("default.dsl.store", dslStore);

        List<Map<String, Object>> lines = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(spec.topology, props, Instant.ofEpochMilli(wallClockStart))) {
            Map<String, TestInputTopic<Object, Object>> inputs = new LinkedHashMap<>();
            spec.inputs.forEach((topic, serdes) -> inputs.put(topic,
                driver.createInputTopic(topic, serdes.key().serde().serializer(), serdes.value().serde().serializer())));
            Map<String, TestOutputTopic<Object, Object>> outputs = new LinkedHashMap<>();
            spec.outputs.forEach((topic, serdes) -> outputs.put(topic,
                driver.createOutputTopic(topic, serdes.key().serde().deserializer(), serdes.value().serde().deserializer())));

            JsonNode steps = scenario.get("inputs");
            if (steps == null || !steps.isArray()) throw new IllegalArgumentException("scenario needs an \"inputs\" array");
            for (int step = 0; step < steps.size(); step++) {
                pipe(driver, spec, inputs, steps.get(step), step);
                for (Map.Entry<String, TestOutputTopic<Object, Object>> output : outputs.entrySet()) {
                    boolean windowed = spec.outputs.get(output.getKey()).windowed();
                    for (TestRecord<Object, Object> record : output.getValue().readRecordsToList()) {
                        lines.add(outputLine(output.getKey(), record, windowed, step));
                    }
                }
            }
            if (scenario.path("dumpStores").asBoolean(false)) {
                for (String store : spec.stores) lines.addAll(StoreDump.dump(driver, store));
            }
        }
        return lines;
    }

    private static void pipe(TopologyTestDriver driver, TopologySpec spec, Map<String, TestInputTopic<Object, Object>> inputs,
                             JsonNode step, int index) {
        String where = "inputs[" + index + "]";
        if (step.has("advanceWallClockMs")) {
            driver.advanceWallClockTime(Duration.ofMillis(step.get("advanceWallClockMs").longValue()));
            return;
        }
        String topic = step.path("topic").asText(null);
        TestInputTopic<Object, Object> input = topic == null ? null : inputs.get(topic);
        if (input == null) throw new IllegalArgumentException(where + ": topic must be one of " + inputs.keySet() + ", got " + topic);
        JsonNode timestamp = step.get("timestamp");
        if (timestamp == null || !timestamp.isIntegralNumber()) throw new IllegalArgumentException(where + ": integer timestamp required");
        TopologySpec.TopicSpec serdes = spec.inputs.get(topic);
        Object key = serdes.key().fromJson(step.get("key"), where + ".key");
        Object value = serdes.value().fromJson(step.get("value"), where + ".value");
        input.pipeInput(new TestRecord<>(key, value, null, timestamp.longValue()));
    }

    private static Map<String, Object> outputLine(String topic, TestRecord<Object, Object> record, boolean windowed, int step) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", topic);
        line.put("key", record.key());
        line.put("value", record.value());
        line.put("timestamp", record.timestamp());
        if (windowed && record.key() instanceof String key) putWindow(line, key);
        line.put("step", step);
        return line;
    }

    /** Adds windowStart/windowEnd parsed back from a "key@start/end" rendering. */
    static void putWindow(Map<String, Object> line, String renderedKey) {
        Matcher match = WINDOWED_KEY.matcher(renderedKey);
        if (!match.matches()) return;
        line.put("windowStart", Long.parseLong(match.group(2)));
        line.put("windowEnd", Long.parseLong(match.group(3)));
    }
}
