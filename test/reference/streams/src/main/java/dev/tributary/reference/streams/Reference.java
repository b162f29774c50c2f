package dev.tributary.reference.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CLI: runs scenario files through Kafka Streams' TopologyTestDriver, many per JVM start.
 * Usage: Reference [--verbose] in1.json out1.jsonl [in2.json out2.jsonl ...]
 *        Reference [--verbose] DIR   (every DIR/*.json → DIR/*.jsonl)
 * A failing scenario writes one line {"error": "..."} to its output and makes the exit code 1;
 * the other scenarios still run.
 */
public final class Reference {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reference() {}

    public static void main(String[] args) throws IOException {
        boolean verbose = false;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--verbose")) verbose = true;
            else rest.add(arg);
        }
        List<Path[]> jobs = jobs(rest);
        int failed = 0;
        long start = System.nanoTime();
        for (Path[] job : jobs) {
            long began = System.nanoTime();
            if (!runOne(job[0], job[1])) failed++;
            if (verbose) System.err.printf("%s: %d ms%n", job[0], (System.nanoTime() - began) / 1_000_000);
        }
        if (verbose) System.err.printf("%d scenarios, %d failed, %d ms%n", jobs.size(), failed, (System.nanoTime() - start) / 1_000_000);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static List<Path[]> jobs(List<String> args) throws IOException {
        List<Path[]> jobs = new ArrayList<>();
        if (args.size() == 1 && new File(args.get(0)).isDirectory()) {
            try (var files = Files.list(Path.of(args.get(0)))) {
                files.filter(path -> path.toString().endsWith(".json")).sorted().forEach(path ->
                    jobs.add(new Path[] {path, Path.of(path.toString().replaceAll("\\.json$", ".jsonl"))}));
            }
            return jobs;
        }
        if (args.isEmpty() || args.size() % 2 != 0) {
            System.err.println("usage: Reference [--verbose] (in.json out.jsonl)... | DIR");
            System.exit(2);
        }
        for (int i = 0; i < args.size(); i += 2) jobs.add(new Path[] {Path.of(args.get(i)), Path.of(args.get(i + 1))});
        return jobs;
    }

    private static boolean runOne(Path in, Path out) throws IOException {
        List<Map<String, Object>> lines;
        boolean ok = true;
        try {
            JsonNode scenario = JSON.readTree(in.toFile());
            lines = ScenarioRunner.run(scenario);
        } catch (RuntimeException | IOException error) {
            ok = false;
            String message = error.getClass().getSimpleName() + ": " + error.getMessage();
            for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
                message += " / caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
            System.err.println(in + ": " + message);
            lines = List.of(Map.of("error", message));
        }
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Map<String, Object> line : lines) {
                writer.write(JSON.writeValueAsString(line));
                writer.write('\n');
            }
        }
        return ok;
    }
}
