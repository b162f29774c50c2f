package dev.tributary.reference.streamsbench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * One benchmark run of a real KafkaStreams app against a broker, driven by bench/streams-windowed.ts.
 *
 * <p>Workloads (same shapes as the Tributary side in bench/streams/topologies.ts):
 * windowed-count: groupByKey, 1-minute tumbling windows (no grace), count, re-keyed to "key@start";
 * join: inner stream-stream join, JoinWindows 1 minute (no grace), value "l[0..8)|r[0..8)".
 *
 * <p>A reader thread in this JVM (read_committed) follows the output topic. Throughput records
 * (timestamp below --latency-from) count towards completion: windowed-count is complete when the
 * latest counts sum to --expect; join when --expect records arrived. Records stamped at or after
 * --latency-from are latency probes: wall clock minus record timestamp.
 *
 * <p>Protocol on stdout: "RUNNING", "COMPLETE ms count" or "INCOMPLETE ms count" (ms from start()
 * to the last counted output), and on stdin "REPORT" answers "LATENCY n p50 p99 max"; "STOP" or
 * EOF closes the app and prints "CLOSED".
 */
public final class StreamsBench {
  private StreamsBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = parse(argv);
    String workload = a.get("workload");
    String output = a.get("output");
    List<String> inputs = Arrays.asList(a.get("input").split(","));
    long expect = Long.parseLong(a.get("expect"));
    long latencyFrom = Long.parseLong(a.get("latency-from"));
    long idleMs = Long.parseLong(a.getOrDefault("idle-ms", "15000"));

    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, a.get("app-id"));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, a.get("bootstrap"));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, a.get("guarantee"));
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, a.get("commit-ms"));
    p.put(StreamsConfig.STATE_DIR_CONFIG, a.get("state-dir"));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

    KafkaStreams streams = new KafkaStreams(topology(workload, inputs, output), p);
    AtomicBoolean running = new AtomicBoolean(true);
    Reader reader = new Reader(a.get("bootstrap"), output, workload.equals("windowed-count"), expect, latencyFrom, idleMs, running);
    streams.setStateListener((next, prev) -> {
      if (next == KafkaStreams.State.RUNNING) say("RUNNING");
      if (next == KafkaStreams.State.ERROR) say("ERROR streams");
      System.err.println("state " + prev + " -> " + next);
    });
    Thread readerThread = new Thread(reader, "bench-reader");
    reader.startNanos = System.nanoTime();
    streams.start();
    readerThread.start();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("REPORT")) say(reader.latencyReport());
      if (line.equals("STOP")) break;
    }
    running.set(false);
    readerThread.join(10_000);
    streams.close(Duration.ofSeconds(30));
    say("CLOSED");
  }

  static Topology topology(String workload, List<String> inputs, String output) {
    StreamsBuilder b = new StreamsBuilder();
    Consumed<String, String> consumed = Consumed.with(Serdes.String(), Serdes.String());
    if (workload.equals("windowed-count")) {
      b.stream(inputs.get(0), consumed)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
          .count()
          .toStream()
          .map((wk, v) -> KeyValue.pair(wk.key() + "@" + wk.window().start(), v))
          .to(output, Produced.with(Serdes.String(), Serdes.Long()));
    } else if (workload.equals("join")) {
      KStream<String, String> left = b.stream(inputs.get(0), consumed);
      KStream<String, String> right = b.stream(inputs.get(1), consumed);
      left.join(right, (l, r) -> l.substring(0, 8) + "|" + r.substring(0, 8),
              JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(1)),
              StreamJoined.with(Serdes.String(), Serdes.String(), Serdes.String()))
          .to(output, Produced.with(Serdes.String(), Serdes.String()));
    } else {
      throw new IllegalArgumentException("unknown workload " + workload);
    }
    return b.build();
  }

  static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  static Map<String, String> parse(String[] argv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) m.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    return m;
  }

  /** Follows the output topic from the beginning; see the class comment. */
  static final class Reader implements Runnable {
    final String bootstrap;
    final String topic;
    final boolean sumCounts;
    final long expect;
    final long latencyFrom;
    final long idleMs;
    final AtomicBoolean running;
    final Map<String, Long> latest = new HashMap<>();
    final List<Long> latencies = new ArrayList<>();
    volatile long startNanos;
    long progress;
    long lastCountedNanos;
    boolean reported;

    Reader(String bootstrap, String topic, boolean sumCounts, long expect, long latencyFrom, long idleMs, AtomicBoolean running) {
      this.bootstrap = bootstrap;
      this.topic = topic;
      this.sumCounts = sumCounts;
      this.expect = expect;
      this.latencyFrom = latencyFrom;
      this.idleMs = idleMs;
      this.running = running;
    }

    @Override
    public void run() {
      Properties c = new Properties();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
            .map(pi -> new TopicPartition(pi.topic(), pi.partition())).collect(Collectors.toList());
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        while (running.get()) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
          long now = System.currentTimeMillis();
          for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.timestamp() >= latencyFrom) {
              synchronized (latencies) {
                latencies.add(now - r.timestamp());
              }
              continue;
            }
            lastCountedNanos = System.nanoTime();
            if (sumCounts) {
              String k = new String(r.key(), StandardCharsets.UTF_8);
              long v = java.nio.ByteBuffer.wrap(r.value()).getLong();
              Long old = latest.put(k, v);
              progress += v - (old == null ? 0 : old);
            } else {
              progress++;
            }
          }
          if (!reported && progress >= expect) {
            reported = true;
            say("COMPLETE " + countedMs() + " " + progress);
          }
          long quietMs = (System.nanoTime() - (progress > 0 ? lastCountedNanos : startNanos)) / 1_000_000;
          if (!reported && quietMs > (progress > 0 ? idleMs : 120_000)) {
            reported = true;
            say("INCOMPLETE " + countedMs() + " " + progress);
          }
        }
      }
    }

    /** ms from start() to the last counted output; with nothing counted, to now (never negative). */
    long countedMs() {
      return ((progress > 0 ? lastCountedNanos : System.nanoTime()) - startNanos) / 1_000_000;
    }

    String latencyReport() {
      long[] xs;
      synchronized (latencies) {
        xs = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      }
      if (xs.length == 0) return "LATENCY 0 -1 -1 -1";
      return "LATENCY " + xs.length + " " + xs[(int) Math.floor(0.5 * (xs.length - 1))] + " "
          + xs[(int) Math.floor(0.99 * (xs.length - 1))] + " " + xs[xs.length - 1];
    }
  }
}
