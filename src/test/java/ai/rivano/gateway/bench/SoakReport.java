package ai.rivano.gateway.bench;

import ai.rivano.gateway.bench.GatewayVitals.Sample;
import ai.rivano.gateway.bench.SoakMix.Kind;
import ai.rivano.gateway.bench.SoakTraffic.Tally;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The soak's markdown report and its verdict ({@link #passed}): what {@link SoakRun} measured, as tables. */
final class SoakReport {

  Instant started;
  String loadAtStart;
  String loadAtEnd;
  SoakRun.Settings settings;
  long gatewayPid;
  double capacity;
  SoakTraffic capacityTraffic;
  double rate;
  double soakSeconds;
  double trafficSeconds;
  double gatewayCpuShare;
  SoakTraffic traffic;
  Slowloris slowloris;
  LogWatch log;
  long auditRecords;
  String stopOutput;
  final List<Sample> samples = new ArrayList<>();
  private final List<Boolean> checks = new ArrayList<>();

  boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Boolean::booleanValue);
  }

  String render() {
    checks.clear();
    StringBuilder o = new StringBuilder();
    o.append("## Rivano Gateway soak — ").append(started).append("\n\n");
    machine(o);
    vitals(o);
    answers(o);
    slowloris(o);
    logLines(o);
    verdicts(o);
    return o.toString();
  }

  private void machine(StringBuilder o) {
    o.append("- machine: nproc ").append(BenchProcesses.run("nproc")).append(", ").append(BenchProcesses.cpuModel())
        .append(", shared with other work; load average at start ").append(loadAtStart).append(", at end ")
        .append(loadAtEnd).append('\n');
    o.append("- java: ").append(BenchProcesses.run(BenchProcesses.javaBin(), "-version").replace("\n", " | "))
        .append('\n');
    o.append("- gateway: `deploy/bin/rivano-gateway start`, PID ").append(gatewayPid).append(", JVM flags ")
        .append(settings.gatewayJavaOpts() == null ? "the launcher's defaults" : "`" + settings.gatewayJavaOpts() + "`")
        .append("; headerTimeoutMs ").append(settings.headerTimeoutMs()).append("; JSON logging, audit to a file\n");
    o.append("- load generator: this JVM (`").append(String.join(" ", ManagementFactory.getRuntimeMXBean()
        .getInputArguments())).append("`), one event loop; stub: own JVM (`").append(settings.stubJavaOpts())
        .append("`), 20 ms latency\n");
    if (capacityTraffic != null) {
      boolean clean = capacityTraffic.unexpected() == 0;
      checks.add(clean);
      o.append(String.format(Locale.ROOT, "- capacity: %.0f requests/s (the same mix, closed loop, %d users, "
              + "measured %d s after a %d s warm-up; %d requests, %d unexpected answers %s)%n", capacity,
          settings.connections(), settings.capacitySeconds(), settings.capacitySeconds(), capacityTraffic.sent(),
          capacityTraffic.unexpected(), clean ? "✅" : "❌"));
    }
    o.append(String.format(Locale.ROOT, "- soak: %.0f requests/s (%s) for %.1f min measured, after %d s of warm-up "
            + "at that rate; %d requests in all; gateway CPU during the measured part: %.0f %% of one core%n",
        rate, settings.fixedRate() > 0 ? "fixed" : Math.round(settings.loadShare() * 100) + " % of capacity",
        soakSeconds / 60, settings.warmupSeconds(), traffic.sent(), gatewayCpuShare * 100));
    o.append("- shutdown: ").append(stopOutput).append("\n\n");
  }

  private void vitals(StringBuilder o) {
    o.append("### Gateway vitals\n\n");
    o.append("| sample | at | RSS | heap after full GC | open fds | upstream connections | client connections |\n");
    o.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Sample s : samples) {
      o.append(String.format(Locale.ROOT, "| %s | %.0f s | %s | %s | %d | %d | %d |%n", s.label(), s.atSeconds(),
          mb(s.rssKb()), mb(s.heapAfterGcKb()), s.fds(), s.upstreamConnections(), s.clientConnections()));
    }
    Sample start = find("start");
    Sample end = find("end");
    o.append("\n| figure | start | end | change | verdict (grows ≤ ").append(trim(settings.tolerancePct()))
        .append(" %) |\n|---|---:|---:|---:|---|\n");
    flat(o, "RSS", start, end, Sample::rssKb, true);
    flat(o, "heap after full GC", start, end, Sample::heapAfterGcKb, true);
    flat(o, "open fds", start, end, Sample::fds, false);
    flat(o, "upstream connections", start, end, Sample::upstreamConnections, false);
    Sample before = samples.get(0);
    Sample after = samples.get(samples.size() - 1);
    o.append("\n| after the traffic | before any traffic | after | verdict |\n|---|---:|---:|---|\n");
    row(o, "upstream connections", before.upstreamConnections(), after.upstreamConnections(),
        after.upstreamConnections() == 0, "none left");
    row(o, "client connections", before.clientConnections(), after.clientConnections(),
        after.clientConnections() == 0, "none left");
    row(o, "open fds", before.fds(), after.fds(), after.fds() <= before.fds() + 2, "back to idle (± 2)");
    o.append('\n');
  }

  private Sample find(String prefix) {
    return samples.stream().filter(s -> s.label().startsWith(prefix)).findFirst().orElseThrow();
  }

  private void flat(StringBuilder o, String what, Sample start, Sample end, ToLongFunction<Sample> f, boolean mb) {
    long a = f.applyAsLong(start);
    long b = f.applyAsLong(end);
    double change = a <= 0 ? Double.NaN : 100.0 * (b - a) / a;
    boolean ok = a >= 0 && b >= 0 && (a == b || change <= settings.tolerancePct());
    checks.add(ok);
    o.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", what, mb ? mb(a) : Long.toString(a),
        mb ? mb(b) : Long.toString(b), Double.isNaN(change) ? (a == b ? "0" : "n/a")
            : String.format(Locale.ROOT, "%+.1f %%", change),
        ok ? (Double.isNaN(change) || change >= -settings.tolerancePct() ? "✅ flat" : "✅ fell") : "❌ grew"));
  }

  private void row(StringBuilder o, String what, long before, long after, boolean ok, String rule) {
    checks.add(ok);
    o.append(String.format(Locale.ROOT, "| %s | %d | %d | %s %s |%n", what, before, after, ok ? "✅" : "❌", rule));
  }

  private void answers(StringBuilder o) {
    o.append("### Answers, by kind of request\n\n");
    o.append("| kind | share | expected answer | sent | as expected | unexpected | p50 | p99 | max |\n");
    o.append("|---|---:|---|---:|---|---:|---:|---:|---:|\n");
    for (Map.Entry<Kind, Tally> e : traffic.tallies().entrySet()) {
      Kind k = e.getKey();
      Tally t = e.getValue();
      o.append(String.format(Locale.ROOT, "| %s | %.1f %% | %s | %d | %s | %d | %s | %s | %s |%n", k.label(),
          k.perMille / 10.0, k.expected, t.sent(), counts(t.expected), t.unexpectedCount(),
          ms(t.latency.getValueAtPercentile(50)), ms(t.latency.getValueAtPercentile(99)), ms(t.latency.getMaxValue())));
    }
    long unexpected = traffic.unexpected();
    checks.add(unexpected == 0 && traffic.shed() == 0);
    o.append(String.format(Locale.ROOT, "%nUnexpected answers: **%d**; arrivals shed at the in-flight cap of %d: "
        + "**%d**.%n", unexpected, settings.maxInFlight(), traffic.shed()));
    unexpectedDetails(o, traffic, "");
    if (capacityTraffic != null) {
      unexpectedDetails(o, capacityTraffic, "capacity phase, ");
      o.append("\nCapacity phase, latency by kind (p50 / p99): ");
      capacityTraffic.tallies().forEach((k, t) -> o.append(k.label()).append(' ')
          .append(ms(t.latency.getValueAtPercentile(50))).append(" / ").append(ms(t.latency.getValueAtPercentile(99)))
          .append("; "));
      o.append('\n');
    }
    long sentToGateway = (capacityTraffic == null ? 0 : capacityTraffic.sent()) + traffic.sent();
    boolean audited = auditRecords == sentToGateway;
    checks.add(audited);
    o.append(String.format(Locale.ROOT, "%nAudit records: %d for %d requests sent to the gateway (capacity phase "
        + "included) %s%n%n", auditRecords, sentToGateway, audited ? "✅ one each" : "❌ should be one each"));
  }

  private static void unexpectedDetails(StringBuilder o, SoakTraffic traffic, String phase) {
    traffic.tallies().forEach((k, t) -> {
      if (!t.unexpected.isEmpty()) {
        o.append("\n").append(phase).append(k.label()).append(", unexpected: ").append(counts(t.unexpected))
            .append('\n');
        t.examples.forEach(x -> o.append("- `").append(x.replace('`', '\'')).append("`\n"));
      }
    });
  }

  private void slowloris(StringBuilder o) {
    boolean ok = slowloris.problems == 0 && slowloris.closedInTime > 0;
    checks.add(ok);
    o.append("### Slowloris\n\n");
    o.append(String.format(Locale.ROOT, "One client trickling a request head (a byte every 250 ms, never ending it), "
            + "reconnecting when closed: %d connections, %d closed by the gateway's header deadline (%d ms) after "
            + "%s–%s ms without an answer, %d bytes trickled in all; problems: %d%s. %s%n%n",
        slowloris.cycles, slowloris.closedInTime, settings.headerTimeoutMs(),
        slowloris.closedInTime == 0 ? "n/a" : Long.toString(slowloris.minLifetimeMs),
        slowloris.closedInTime == 0 ? "n/a" : Long.toString(slowloris.maxLifetimeMs), slowloris.bytesSent,
        slowloris.problems, slowloris.firstProblem == null ? "" : " (first: " + slowloris.firstProblem + ")",
        ok ? "✅" : "❌"));
  }

  private void logLines(StringBuilder o) {
    long unexplained = log.unexplainedCount();
    checks.add(unexplained == 0);
    o.append("### Gateway log\n\n");
    o.append(String.format(Locale.ROOT, "%d lines. WARN/ERROR explained by an injected fault (event and trace id of "
        + "a faulted request): %s. Unexplained: **%d** %s%s%n", log.lines, counts(log.explained), unexplained,
        unexplained == 0 ? "✅" : "❌ ", counts(log.unexplained)));
    log.examples.forEach(x -> o.append("- `").append(x.replace('`', '\'')).append("`\n"));
    o.append(String.format(Locale.ROOT, "%nDuring the saturation phase (capacity), WARN lines about requests with no "
        + "injected fault (reported, not a failure of the soak): %s%n", counts(log.saturation)));
    log.saturationExamples.forEach(x -> o.append("- `").append(x.replace('`', '\'')).append("`\n"));
    o.append(String.format(Locale.ROOT, "%nUpstream resets the soak did not inject, at the working load (the gateway "
        + "retried; the answer checks above say whether any client noticed): %s%n", counts(log.spontaneousResets)));
    o.append('\n');
  }

  private void verdicts(StringBuilder o) {
    boolean stopped = stopOutput != null && stopOutput.contains("gateway exit code 0");
    checks.add(stopped);
    o.append("### Verdict\n\n").append(passed() ? "✅ passed" : "❌ failed").append(": ")
        .append(checks.stream().filter(Boolean::booleanValue).count()).append(" of ").append(checks.size())
        .append(" checks held.\n");
  }

  private static String counts(Map<String, Long> m) {
    if (m.isEmpty()) {
      return "—";
    }
    StringBuilder out = new StringBuilder();
    m.forEach((k, v) -> out.append(out.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
    return out.toString();
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
  }

  private static String mb(long kb) {
    return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
