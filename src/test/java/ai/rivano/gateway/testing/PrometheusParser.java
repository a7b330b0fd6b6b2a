package ai.rivano.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Parses a scrape with the Prometheus project's own parsers — the official Python client's
 * ({@code python3-prometheus-client}, installed by {@code .ci/run}): {@code prometheus_client.parser} for the text
 * format 0.0.4 and the strict {@code prometheus_client.openmetrics.parser} for OpenMetrics (which rejects, e.g., a
 * counter without {@code _total}, a missing {@code # EOF}, a histogram without {@code +Inf}). A scrape it cannot
 * parse fails the test with the parser's own message.
 */
public final class PrometheusParser {

  /** One parsed sample. */
  public record Sample(String family, String type, String name, Map<String, String> labels, double value) {
  }

  /** All samples of a scrape. */
  public record Scrape(List<Sample> samples) {
    public List<Sample> named(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one sample with this name whose labels include {@code labels}. */
    public Optional<Double> value(String name, Map<String, String> labels) {
      List<Sample> matching = named(name).stream()
          .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
      if (matching.size() > 1) {
        throw new AssertionError("more than one sample " + name + labels + ": " + matching);
      }
      return matching.stream().findFirst().map(Sample::value);
    }

    /** The cumulative count of histogram {@code name}'s bucket whose upper bound {@code le} equals {@code bound}. */
    public Optional<Double> bucket(String name, Map<String, String> labels, double bound) {
      return named(name + "_bucket").stream()
          .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
          .filter(s -> Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity")) == bound)
          .map(Sample::value).findFirst();
    }

    public String typeOf(String family) {
      return samples.stream().filter(s -> s.family().equals(family)).map(Sample::type).findFirst().orElse(null);
    }
  }

  private static final String PYTHON = "/usr/bin/python3";
  private static final String SCRIPT = """
      import json, sys
      from prometheus_client.parser import text_string_to_metric_families as text
      from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
      parse = openmetrics if sys.argv[1] == 'openmetrics' else text
      out = []
      for family in parse(sys.stdin.read()):
          for s in family.samples:
              v = s.value
              finite = v == v and v not in (float('inf'), float('-inf'))
              out.append({'family': family.name, 'type': family.type, 'name': s.name, 'labels': s.labels,
                          'value': v if finite else str(v)})
      json.dump(out, sys.stdout)
      """;

  private PrometheusParser() {
  }

  public static Scrape parseText(String scrape) {
    return parse(scrape, "text");
  }

  public static Scrape parseOpenMetrics(String scrape) {
    return parse(scrape, "openmetrics");
  }

  private static Scrape parse(String scrape, String format) {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      throw new AssertionError(PYTHON + " is missing: install python3-prometheus-client (.ci/run does)");
    }
    try {
      Path err = Files.createTempFile("promparse", ".err");
      Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT, format).redirectError(err.toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(scrape.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the Prometheus parser did not finish");
      }
      String error = Files.readString(err);
      Files.deleteIfExists(err);
      if (p.exitValue() != 0) {
        throw new AssertionError("the Prometheus " + format + " parser rejected the scrape (is python3-prometheus-client"
            + " installed? .ci/run installs it):\n" + error + "\n--- scrape\n" + scrape);
      }
      List<Sample> samples = new ArrayList<>();
      for (Object o : new JsonArray(out)) {
        JsonObject s = (JsonObject) o;
        Map<String, String> labels = new java.util.TreeMap<>();
        s.getJsonObject("labels").forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
        Object value = s.getValue("value");
        double number = value instanceof Number n ? n.doubleValue()
            : switch (String.valueOf(value)) {
              case "inf" -> Double.POSITIVE_INFINITY;
              case "-inf" -> Double.NEGATIVE_INFINITY;
              default -> Double.NaN;
            };
        samples.add(new Sample(s.getString("family"), s.getString("type"), s.getString("name"), labels, number));
      }
      return new Scrape(List.copyOf(samples));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + PYTHON + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
