package ai.rivano.gateway.bench;

import ai.rivano.gateway.bench.LoadGenerator.Result;
import ai.rivano.gateway.bench.LoadGenerator.Target;
import ai.rivano.gateway.testing.LoopbackCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The gateway overhead benchmark: the same load against the upstream stub directly and through a real gateway
 * process, interleaved, so what differs is the gateway. Not a test: run it with
 * {@code deploy/bench/run-benchmark.sh} (see docs/benchmarks.md). The markdown report goes to stdout, progress
 * to stderr.
 *
 * <p>Processes: this JVM is the load generator (one Vert.x event loop) and orchestrator; the upstream stub is a
 * second JVM (or, with {@code --stub-inprocess}, a separate Vert.x instance in this JVM); the gateway is a third,
 * started with {@code deploy/bin/rivano-gateway start} and stopped with {@code rivano-gateway stop}.
 */
public final class GatewayBenchmark {

  enum Scenario {
    SEQ("1 conn, sequential JSON"),
    SAT("N conns, JSON (saturation)"),
    SSE("SSE stream, 1 conn");

    final String label;

    Scenario(String label) {
      this.label = label;
    }
  }

  /**
   * DIRECT: the stub itself; GATEWAY: the product as shipped (metrics on, logging at info); GATEWAY_OFF (with
   * {@code --compare-observability}): a second gateway with {@code metrics.enabled: false} and logging at warn, so
   * the cost of metrics and logging is measured in the same run, interleaved; CLUSTER (with {@code --cluster}): one
   * node of a cluster of gateways on loopback (the others idle members), against the standalone GATEWAY;
   * GATEWAY_BARE (with {@code --compare-guardrails}): every guardrail off (no PII detection, no injection scoring,
   * no policies, no audit), while GATEWAY then runs the {@code foundational} pack with response PII and an audit
   * file, so the guardrails' cost is measured in the same run, interleaved.
   */
  enum Side { DIRECT, GATEWAY, GATEWAY_OFF, CLUSTER, GATEWAY_BARE }

  /** Everything measured for one (scenario, side) over all rounds. */
  static final class Totals {
    final Histogram latency = LoadGenerator.newHistogram();
    final Histogram ttfe = LoadGenerator.newHistogram();
    final Histogram eventGaps = LoadGenerator.newHistogram();
    long ok;
    long errors;
    String firstError;
    long elapsedNanos;
    double gatewayCpuMs;
    long gatewaySchedNanos;
    double stubCpuMs;
    double gatewaySysMs;
    final Map<String, Long> gatewayThreadNanos = new java.util.TreeMap<>();
    final List<Result> rounds = new ArrayList<>();

    void add(Result r) {
      latency.add(r.latency);
      if (r.ttfe != null) {
        ttfe.add(r.ttfe);
        eventGaps.add(r.eventGaps);
      }
      ok += r.ok;
      errors += r.errors;
      if (firstError == null) {
        firstError = r.firstError;
      }
      elapsedNanos += r.elapsedNanos;
      rounds.add(r);
    }

    double rps() {
      return elapsedNanos == 0 ? 0 : ok * 1e9 / elapsedNanos;
    }
  }

  private final Map<String, String> args;
  private final Path repo;
  private final int rounds;
  private final long phaseMs;
  private final long warmupMs;
  private final int connections;
  private final long latencyMs;
  private final long satLatencyMs;
  private final int sseEvents;
  private final long sseIntervalMs;
  private final int stubInstances;
  private final boolean stubInProcess;
  private final String gatewayJavaOpts;
  private final String stubJavaOpts;
  private final boolean keepTmp;
  private final List<Side> sides = new ArrayList<>(List.of(Side.DIRECT, Side.GATEWAY));
  private final Map<Side, Process> gatewayProcesses = new EnumMap<>(Side.class);
  private final Map<Side, Long> gatewayPids = new EnumMap<>(Side.class);
  private final Map<Side, Integer> gatewayPorts = new EnumMap<>(Side.class);
  private final int clusterNodes;
  private final boolean compareGuardrails;
  private final LoopbackCluster loopback = LoopbackCluster.create();
  private final List<Process> clusterPeers = new ArrayList<>();
  private final List<Path> clusterPeerDirs = new ArrayList<>();
  private String clusterStatus = "";
  private final List<Scenario> scenarios = new ArrayList<>();
  private final long jitSettleMs;
  private final long jitSettleMaxMs;
  private String jitSettle = "not attempted";
  private final ProcStats proc = new ProcStats();
  private final Map<Scenario, Map<Side, Totals>> totals = new EnumMap<>(Scenario.class);
  private final List<String> roundLines = new ArrayList<>();
  private long rssKb = -1;
  private long hwmKb = -1;

  private Path tmp;
  private Process stubProcess;
  private Vertx stubVertx;
  private Process gatewayProcess;
  private long gatewayPid;
  private long stubPid = -1;

  GatewayBenchmark(Map<String, String> args) {
    this.args = args;
    this.repo = Path.of(args.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    this.rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
    this.phaseMs = (long) (Double.parseDouble(args.getOrDefault("phase-seconds", "4")) * 1000);
    this.warmupMs = (long) (Double.parseDouble(args.getOrDefault("warmup-seconds", "5")) * 1000);
    this.connections = Integer.parseInt(args.getOrDefault("connections", "64"));
    this.latencyMs = Long.parseLong(args.getOrDefault("latency-ms", "20"));
    this.satLatencyMs = Long.parseLong(args.getOrDefault("sat-latency-ms", Long.toString(latencyMs)));
    this.sseEvents = Integer.parseInt(args.getOrDefault("sse-events", "10"));
    this.sseIntervalMs = Long.parseLong(args.getOrDefault("sse-interval-ms", "2"));
    this.stubInstances = Integer.parseInt(args.getOrDefault("stub-instances", "2"));
    this.stubInProcess = Boolean.parseBoolean(args.getOrDefault("stub-inprocess", "false"));
    this.gatewayJavaOpts = args.getOrDefault("gateway-java-opts",
        "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
    this.stubJavaOpts = args.getOrDefault("stub-java-opts", "-Xms64m -Xmx256m -XX:+UseSerialGC");
    this.keepTmp = Boolean.parseBoolean(args.getOrDefault("keep-tmp", "false"));
    if (Boolean.parseBoolean(args.getOrDefault("compare-observability", "false"))) {
      sides.add(Side.GATEWAY_OFF);
    }
    this.compareGuardrails = Boolean.parseBoolean(args.getOrDefault("compare-guardrails", "false"));
    if (compareGuardrails) {
      sides.add(Side.GATEWAY_BARE);
    }
    this.clusterNodes = args.containsKey("cluster") ? Integer.parseInt(args.getOrDefault("cluster-nodes", "3")) : 0;
    if (clusterNodes > 0) {
      sides.add(Side.CLUSTER);
    }
    for (String name : args.getOrDefault("scenarios", "seq,sat,sse").split(",")) {
      scenarios.add(Scenario.valueOf(name.trim().toUpperCase(Locale.ROOT)));
    }
    this.jitSettleMs = Long.parseLong(args.getOrDefault("jit-settle-ms", "20"));
    this.jitSettleMaxMs = (long) (Double.parseDouble(args.getOrDefault("jit-settle-max-seconds", "30")) * 1000);
    for (Scenario s : Scenario.values()) {
      Map<Side, Totals> m = new EnumMap<>(Side.class);
      for (Side side : Side.values()) {
        m.put(side, new Totals());
      }
      totals.put(s, m);
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = Args.parse(argv);
    if (args.containsKey("help")) {
      System.out.println("""
          GatewayBenchmark options (defaults in brackets):
            --rounds N               interleaved rounds [3]
            --phase-seconds S        length of each measured phase [4]
            --warmup-seconds S       warm-up per scenario and side [5]
            --connections N          concurrent connections in the saturation scenario [64]
            --latency-ms MS          stub latency before the answer / first event [20]
            --sat-latency-ms MS      stub latency in the saturation scenario [= latency-ms]
            --sse-events N           content events after the first one [10]
            --sse-interval-ms MS     interval between those events [2]
            --stub-instances N       stub verticles / event loops [2]
            --stub-inprocess         run the stub in the benchmark JVM instead of its own JVM
            --gateway-java-opts "…"  RIVANO_JAVA_OPTS for the gateway [-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError]
            --stub-java-opts "…"     JVM flags of the stub process [-Xms64m -Xmx256m -XX:+UseSerialGC]
            --scenarios LIST         which of seq,sat,sse to run [seq,sat,sse] (e.g. seq alone to profile it)
            --jit-settle-ms MS       after warm-up, keep warming the gateway until its JIT threads use ≤ MS CPU/s [20]
            --jit-settle-max-seconds S   …for at most S seconds [30]
            --keep-tmp               keep the temp dir (config, logs) after a successful run
            --compare-observability  also run a second gateway with metrics off and logging at warn, interleaved,
                                     and report the CPU per request of metrics + logging (target: within +10 %)
            --cluster                also run a node of a 3-node cluster (all on loopback) as another side, and
                                     compare it with the standalone gateway in the same run; every gateway then
                                     gets a rate limit (1e9/min, never reached) so both pay for the limiter
            --cluster-nodes N        cluster size with --cluster [3]
            --compare-guardrails     run the gateway with the foundational policy pack, response PII and an audit
                                     file, and a second gateway with every guardrail off, interleaved; report
                                     what the guardrails add (issue-7 targets) and the hold-back window's effect
            --rate-limit N           rateLimit of every gateway [0; 1000000000 with --cluster]
            --repo DIR               source checkout holding deploy/bin/rivano-gateway and target/rivano-gateway.jar [.]
          """);
      return;
    }
    GatewayBenchmark bench = new GatewayBenchmark(args);
    int code;
    try {
      code = bench.run();
    } finally {
      bench.cleanUp();
    }
    System.exit(code);
  }

  int run() throws Exception {
    Path launcher = repo.resolve("deploy/bin/rivano-gateway");
    Path jar = repo.resolve("target/rivano-gateway.jar");
    if (!Files.isExecutable(launcher) || !Files.isRegularFile(jar)) {
      System.err.println("✖ need " + launcher + " and " + jar + " (build with mvn -B -q -DskipTests test-compile package)");
      return 2;
    }
    tmp = Files.createTempDirectory("rivano-bench-");
    String loadAtStart = loadavg();
    Instant started = Instant.now();
    Runtime.getRuntime().addShutdownHook(new Thread(this::killChildren));

    int stubPort = startStub();
    progress("stub listening on 127.0.0.1:" + stubPort + (stubInProcess ? " (in the benchmark JVM)" : " (own JVM, PID " + stubPid + ")"));
    for (Side side : sides) {
      if (side != Side.DIRECT) {
        gatewayPorts.put(side, freePort());
        startGateway(side, launcher, jar, stubPort, gatewayPorts.get(side));
        progress(side + " listening on 127.0.0.1:" + gatewayPorts.get(side) + " (PID " + gatewayPids.get(side) + ")");
      }
    }
    gatewayPid = gatewayPids.get(Side.GATEWAY);
    gatewayProcess = gatewayProcesses.get(Side.GATEWAY);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    Map<Side, LoadGenerator> gens = new EnumMap<>(Side.class);
    gens.put(Side.DIRECT, new LoadGenerator(vertx,
        new Target("direct", stubPort, "/v1/chat/completions", UpstreamStub.API_KEY, false), connections, sseEvents));
    for (Side side : sides) {
      if (side != Side.DIRECT) {
        gens.put(side, new LoadGenerator(vertx, new Target(side.name().toLowerCase(Locale.ROOT), gatewayPorts.get(side),
            "/openai/v1/chat/completions", "sk-client-key-the-gateway-replaces", true), connections, sseEvents));
      }
    }
    try {
      // Smoke: one request of each kind per side must succeed, or the numbers would mean nothing.
      for (Side side : sides) {
        for (Scenario s : Scenario.values()) {
          Result r = phase(gens.get(side), s, 1);
          if (r.ok == 0) {
            System.err.println("✖ smoke request failed (" + side + ", " + s + "): " + r.firstError);
            System.err.println(tail(gatewayDir(Side.GATEWAY).resolve("gateway.log")));
            return 1;
          }
        }
      }
      progress("smoke requests OK; warm-up " + warmupMs + " ms per scenario and side");
      for (Side side : sides) {
        for (Scenario s : scenarios) {
          phase(gens.get(side), s, warmupMs);
        }
      }
      for (Side side : sides) {
        if (side != Side.DIRECT) {
          settleJit(side, gens.get(side));
        }
      }
      for (int round = 1; round <= rounds; round++) {
        // ABBA order: direct first in odd rounds, gateway first in even ones, so drift hits both sides alike.
        List<Side> order = new ArrayList<>(sides);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (Scenario s : scenarios) {
          for (Side side : order) {
            measure(round, s, side, gens.get(side));
          }
        }
        progress("round " + round + "/" + rounds + " done");
      }
    } finally {
      for (LoadGenerator g : gens.values()) {
        g.close();
      }
      vertx.close().await();
    }
    String stopOutput = "";
    for (Side side : sides) {
      if (side != Side.DIRECT) {
        stopOutput += (stopOutput.isEmpty() ? "" : "; ") + side + ": " + stopGateway(side, launcher);
      }
    }
    String loadAtEnd = loadavg();
    report(started, loadAtStart, loadAtEnd, stopOutput);
    return 0;
  }

  /**
   * On a 2-core box the gateway's C2 compiler is still busy long after a few seconds of warm-up, and its CPU would
   * be billed to the measured requests. Keep warming the gateway (1 s per scenario) until its JIT compiler threads
   * use less than {@code --jit-settle-ms} CPU per second, for at most {@code --jit-settle-max-seconds}.
   */
  private void settleJit(Side side, LoadGenerator gateway) throws Exception {
    long pid = gatewayPids.get(side);
    long deadline = System.nanoTime() + jitSettleMaxMs * 1_000_000L;
    while (true) {
      Map<Long, ProcStats.ThreadCpu> before = proc.threadCpu(pid);
      long t0 = System.nanoTime();
      for (Scenario s : scenarios) {
        phase(gateway, s, 1_000);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double jitMsPerSec = ProcStats.delta(before, proc.threadCpu(pid))
          .getOrDefault("JIT compiler", 0L) / 1e6 / seconds;
      jitSettle = String.format(Locale.ROOT, "%.1f ms JIT CPU per second in the last settle window", jitMsPerSec);
      if (jitMsPerSec <= jitSettleMs) {
        jitSettle = "settled: " + jitSettle;
        break;
      }
      if (System.nanoTime() >= deadline) {
        jitSettle = "NOT settled after " + jitSettleMaxMs / 1000 + " s: " + jitSettle;
        break;
      }
    }
    progress(side + " JIT " + jitSettle);
  }

  private Result phase(LoadGenerator gen, Scenario s, long durationMs) throws Exception {
    Future<Result> f = switch (s) {
      case SEQ -> gen.json(1, durationMs, latencyMs);
      case SAT -> gen.json(connections, durationMs, satLatencyMs);
      case SSE -> gen.sse(durationMs, latencyMs);
    };
    return f.toCompletionStage().toCompletableFuture().get(durationMs + 60_000, TimeUnit.MILLISECONDS);
  }

  private void measure(int round, Scenario s, Side side, LoadGenerator gen) throws Exception {
    // the gateway that serves this side (the direct side reads the main gateway's idle cost)
    long gatewayPid = gatewayPids.get(side == Side.DIRECT ? Side.GATEWAY : side);
    double[] gwUs0 = proc.userSysMillis(gatewayPid);
    double gwCpu0 = gwUs0[0] + gwUs0[1];
    long gwSched0 = proc.schedstatNanos(gatewayPid);
    Map<Long, ProcStats.ThreadCpu> threads0 = proc.threadCpu(gatewayPid);
    double stubCpu0 = stubPid > 0 ? proc.cpuMillis(stubPid) : Double.NaN;
    Result r = phase(gen, s, phaseMs);
    double[] gwUs1 = proc.userSysMillis(gatewayPid);
    double gwCpu = gwUs1[0] + gwUs1[1] - gwCpu0;
    double gwSys = gwUs1[1] - gwUs0[1];
    long gwSched = proc.schedstatNanos(gatewayPid) - gwSched0;
    Map<String, Long> byGroup = ProcStats.delta(threads0, proc.threadCpu(gatewayPid));
    double stubCpu = stubPid > 0 ? proc.cpuMillis(stubPid) - stubCpu0 : Double.NaN;
    Totals t = totals.get(s).get(side);
    t.add(r);
    t.gatewayCpuMs += gwCpu;
    t.gatewaySysMs += gwSys;
    t.gatewaySchedNanos += gwSched;
    t.stubCpuMs += stubCpu;
    byGroup.forEach((g, ns) -> t.gatewayThreadNanos.merge(g, ns, Long::sum));
    String rss = "";
    if (s == Scenario.SAT && side == Side.GATEWAY) {
      long[] m = proc.rssKb(gatewayPid);
      rssKb = Math.max(rssKb, m[0]);
      hwmKb = Math.max(hwmKb, m[1]);
      rss = mb(m[0]) + " / " + mb(m[1]);
    }
    double perReq = r.ok == 0 ? Double.NaN : 1.0 / r.ok;
    roundLines.add(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.0f | %s | %s | %s | %d | %.0f (%.0f sys) | %s | %s | %s | %s |",
        round, s.label, side.name().toLowerCase(Locale.ROOT), r.ok, r.rps(),
        ms(r.latency.getValueAtPercentile(50)), ms(r.latency.getValueAtPercentile(99)),
        r.ttfe == null ? "" : ms(r.ttfe.getValueAtPercentile(50)) + " / " + ms(r.ttfe.getValueAtPercentile(99)),
        r.errors, gwCpu, gwSys, fmt3(gwCpu * perReq), fmt3(gwSched / 1e6 * perReq),
        Double.isNaN(stubCpu) ? "n/a" : fmt3(stubCpu * perReq), rss));
    if (r.errors > 0) {
      progress("⚠ " + r.errors + " errors in round " + round + " " + s + " " + side + ": " + r.firstError);
    }
  }

  // ---------------------------------------------------------------- processes

  private int startStub() throws Exception {
    UpstreamStub.Settings settings = new UpstreamStub.Settings("127.0.0.1", 0, latencyMs, sseEvents, sseIntervalMs,
        stubInstances);
    if (stubInProcess) {
      stubVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(stubInstances));
      return UpstreamStub.start(stubVertx, settings).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    BenchProcesses.Stub stub = BenchProcesses.startStub(tmp.resolve("stub.log"), stubJavaOpts, List.of(
        "--port", "0", "--latency-ms", Long.toString(latencyMs), "--sse-events", Integer.toString(sseEvents),
        "--sse-interval-ms", Long.toString(sseIntervalMs), "--instances", Integer.toString(stubInstances)));
    stubProcess = stub.process();
    stubPid = stub.pid();
    return stub.port();
  }

  /** Each gateway runs in its own directory (its pid file and log live there). */
  private Path gatewayDir(Side side) throws IOException {
    return Files.createDirectories(tmp.resolve(side.name().toLowerCase(Locale.ROOT)));
  }

  private void startGateway(Side side, Path launcher, Path jar, int stubPort, int port) throws Exception {
    Path dir = gatewayDir(side);
    Files.writeString(dir.resolve("rivano.yaml"), gatewayYaml(side, port, stubPort));
    Process gatewayProcess = launch(launcher, jar, dir, port);
    gatewayProcesses.put(side, gatewayProcess);
    long pid = BenchProcesses.awaitRunning(gatewayProcess, dir);
    gatewayPids.put(side, pid);
    if (pid != gatewayProcess.pid()) {
      progress("note: pid file says " + pid + ", launched process is " + gatewayProcess.pid());
    }
    if (side == Side.CLUSTER) {
      startClusterPeers(launcher, jar, stubPort, port);
    }
  }

  /**
   * The gateway's config: the OpenAI primary points at the local stub; an Anthropic fallback with prefill is
   * configured so healthy requests pay for the whole failover path (plan of two candidates, circuit breaker, stream
   * progress kept for a rescue) without ever using it. Rate limiting off unless {@code --cluster} or
   * {@code --rate-limit}.
   */
  private String gatewayYaml(Side side, int port, int stubPort) {
    return """
        # Written by GatewayBenchmark (see GatewayBenchmark#gatewayYaml).
        gateway:
          port: %d
          host: 127.0.0.1
          providers:
            openai: { apiKey: "sk-bench", baseUrl: "http://127.0.0.1:%d/v1", isPrimary: true }
            anthropic: { apiKey: "sk-bench-fallback", baseUrl: "http://127.0.0.1:%d", isFallback: true, supportsPrefill: true }
          middleware: { %srateLimit: %d }
        """.formatted(port, stubPort, stubPort, guardrailSettings(side), benchRateLimit())
        + (side == Side.GATEWAY_OFF ? "  metrics: { enabled: false }\n  logging: { level: warn }\n" : "")
        + (side == Side.CLUSTER ? loopback.yaml() : "")
        + (compareGuardrails && (side == Side.GATEWAY || side == Side.GATEWAY_OFF) ? "policyPacks: [foundational]\n" : "");
  }

  /**
   * With {@code --compare-guardrails}: GATEWAY as an operator who wants governance runs it (PII detection, injection
   * scoring, the foundational pack — block-injection, block-ssn, warn-large-prompt, redact-pii-response — and audit
   * records to a file), GATEWAY_BARE with every guardrail off. Without it, every side keeps the shipped defaults.
   */
  private String guardrailSettings(Side side) {
    if (!compareGuardrails) {
      return "";
    }
    return switch (side) {
      // GATEWAY_OFF too: with --compare-observability in the same run, it must differ from GATEWAY in metrics and
      // logging only
      case GATEWAY, GATEWAY_OFF -> "pii: true, injection: true, audit: file, auditFile: audit.jsonl, ";
      case GATEWAY_BARE -> "pii: false, injection: false, audit: off, cache: false, ";
      default -> "";
    };
  }

  /** Off for the plain comparison; with {@code --cluster} on everywhere (never reached) so both pay for it. */
  private long benchRateLimit() {
    return Long.parseLong(args.getOrDefault("rate-limit", clusterNodes > 0 ? "1000000000" : "0"));
  }

  private Process launch(Path launcher, Path jar, Path dir, int port) throws IOException {
    return BenchProcesses.launchGateway(launcher, jar, dir, port, gatewayJavaOpts);
  }

  /**
   * {@code --cluster}: the other members of the measured node's cluster, idle (holding backups, answering status),
   * each joining the running cluster; returns once the measured node lists every member answering.
   */
  private void startClusterPeers(Path launcher, Path jar, int stubPort, int measuredPort) throws Exception {
    for (int i = 2; i <= clusterNodes; i++) {
      Path dir = Files.createDirectories(tmp.resolve("cluster-peer-" + i));
      int port = freePort();
      Files.writeString(dir.resolve("rivano.yaml"), gatewayYaml(Side.CLUSTER, port, stubPort));
      Process peer = launch(launcher, jar, dir, port);
      clusterPeers.add(peer);
      clusterPeerDirs.add(dir);
      BenchProcesses.awaitRunning(peer, dir);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String status;
    while (!(status = clusterStatusLines(measuredPort)).contains("Cluster: " + clusterNodes + " nodes")
        || status.contains("not answering")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not form within 90 s:\n" + status);
      }
      Thread.sleep(250);
    }
    progress(clusterNodes + "-node cluster formed");
  }

  /** {@code rivano-gateway status} of a node, as printed. */
  private String clusterStatusLines(int port) {
    return run(repo.resolve("deploy/bin/rivano-gateway").toString(), "status", "--port", Integer.toString(port));
  }

  private String stopGateway(Side side, Path launcher) throws Exception {
    if (side == Side.CLUSTER) {
      clusterStatus = clusterStatusLines(gatewayPorts.get(side));
      for (Path peer : clusterPeerDirs) {
        new ProcessBuilder(launcher.toString(), "stop").directory(peer.toFile()).redirectErrorStream(true)
            .redirectOutput(peer.resolve("stop.log").toFile()).start().waitFor(60, TimeUnit.SECONDS);
      }
    }
    return BenchProcesses.stopGateway(launcher, gatewayDir(side), gatewayProcesses.get(side));
  }

  private void killChildren() {
    List<Process> children = new ArrayList<>(gatewayProcesses.values());
    children.addAll(clusterPeers);
    children.add(stubProcess);
    children.forEach(BenchProcesses::destroy);
  }

  void cleanUp() {
    killChildren();
    if (stubVertx != null) {
      stubVertx.close();
    }
    if (tmp != null) {
      if (keepTmp) {
        progress("kept " + tmp);
      } else {
        BenchProcesses.deleteTree(tmp);
      }
    }
  }

  // ---------------------------------------------------------------- report

  private void report(Instant started, String loadStart, String loadEnd, String stopOutput) throws Exception {
    StringBuilder o = new StringBuilder();
    o.append("## Rivano Gateway benchmark — ").append(started).append("\n\n");
    o.append("### Machine and setup\n\n");
    o.append("- nproc: ").append(run("nproc")).append(" (JVM sees ").append(Runtime.getRuntime().availableProcessors())
        .append("); CPU: ").append(cpuModel()).append("\n");
    o.append("- load average at start: ").append(loadStart).append("; at end: ").append(loadEnd).append("\n");
    o.append("- java -version: ").append(run(javaBin(), "-version").replace("\n", " | ")).append("\n");
    o.append("- gateway: separate process via `deploy/bin/rivano-gateway start`, RIVANO_JAVA_OPTS=`")
        .append(gatewayJavaOpts).append("`, ingress instances = nproc (default), PID ").append(gatewayPid).append("\n");
    o.append("- upstream stub: ").append(stubInProcess
        ? "IN the benchmark JVM (separate Vert.x instance, " + stubInstances + " event loops)"
        : "separate JVM (" + stubJavaOpts + "), " + stubInstances + " event loops").append("; latency ")
        .append(latencyMs).append(" ms (saturation: ").append(satLatencyMs).append(" ms); SSE: first event after ")
        .append(latencyMs).append(" ms, then ").append(sseEvents).append(" events every ").append(sseIntervalMs)
        .append(" ms, then [DONE]\n");
    o.append("- load generator: this JVM (`").append(String.join(" ", ManagementFactory.getRuntimeMXBean()
        .getInputArguments())).append("`), Vert.x HttpClient, keep-alive, 1 event loop, closed loop\n");
    o.append("- schedule: smoke + warm-up ").append(warmupMs / 1000.0).append(" s per scenario and side, then ")
        .append(rounds).append(" rounds × 3 scenarios × (direct, gateway) × ").append(phaseMs / 1000.0)
        .append(" s, ABBA-interleaved; saturation uses ").append(connections).append(" connections\n");
    o.append("- gateway JIT after warm-up: ").append(jitSettle).append("\n");
    o.append("- CPU: utime+stime from /proc/PID/stat (CLK_TCK=").append(proc.clockTicksPerSecond)
        .append(") summed over the gateway phases ÷ requests completed in them; \"w/o JIT\" = per-thread schedstat "
            + "CPU of all gateway threads except the C1/C2 compiler threads\n");
    o.append("- shutdown: ").append(stopOutput).append("\n\n");

    o.append("### Request/response (JSON)\n\n");
    o.append("| scenario | RPS direct | RPS gateway | p50 direct | p50 gateway | p99 direct | p99 gateway | added p50 | added p99 | gateway CPU/req | gateway RSS / HWM | errors d/g |\n");
    o.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Scenario s : new Scenario[] {Scenario.SEQ, Scenario.SAT}) {
      Totals d = totals.get(s).get(Side.DIRECT);
      Totals g = totals.get(s).get(Side.GATEWAY);
      String label = s == Scenario.SAT ? connections + " conns, JSON (saturation)" : s.label;
      o.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |\n",
          label, d.rps(), g.rps(), ms(p(d.latency, 50)), ms(p(g.latency, 50)), ms(p(d.latency, 99)),
          ms(p(g.latency, 99)), added(d.latency, g.latency, 50), added(d.latency, g.latency, 99),
          cpuPerReq(g), s == Scenario.SAT ? mb(rssKb) + " / " + mb(hwmKb) : "—", d.errors, g.errors));
    }
    o.append("\n### Streaming (SSE)\n\n");
    o.append("| scenario | streams/s direct | streams/s gateway | TTFE p50 direct | TTFE p50 gateway | TTFE p99 direct | TTFE p99 gateway | added TTFE p50 | added TTFE p99 | total p50 direct | total p50 gateway | gateway CPU/stream | errors d/g |\n");
    o.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Totals sd = totals.get(Scenario.SSE).get(Side.DIRECT);
    Totals sg = totals.get(Scenario.SSE).get(Side.GATEWAY);
    o.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |\n",
        Scenario.SSE.label, sd.rps(), sg.rps(), ms(p(sd.ttfe, 50)), ms(p(sg.ttfe, 50)), ms(p(sd.ttfe, 99)),
        ms(p(sg.ttfe, 99)), added(sd.ttfe, sg.ttfe, 50), added(sd.ttfe, sg.ttfe, 99), ms(p(sd.latency, 50)),
        ms(p(sg.latency, 50)), cpuPerReq(sg), sd.errors, sg.errors));
    o.append("\nAll times in ms; percentiles over all rounds merged (HdrHistogram, 4 significant digits). "
        + "\"added\" = gateway − direct.\n\n");

    o.append("### Targets\n\n| target | limit | measured | verdict |\n|---|---:|---:|---|\n");
    Totals seqD = totals.get(Scenario.SEQ).get(Side.DIRECT);
    Totals seqG = totals.get(Scenario.SEQ).get(Side.GATEWAY);
    Totals satG = totals.get(Scenario.SAT).get(Side.GATEWAY);
    target(o, "added p50, 1 connection", 0.2, addedMs(seqD.latency, seqG.latency, 50), "ms");
    target(o, "added p99, 1 connection", 1.0, addedMs(seqD.latency, seqG.latency, 99), "ms");
    target(o, "CPU per proxied request, 1 connection", 0.1, cpuPerReqMs(seqG), "ms");
    target(o, "CPU per proxied request, " + connections + " connections", 0.1, cpuPerReqMs(satG), "ms");
    target(o, "CPU per proxied request, 1 connection, without JIT threads", 0.1, cpuPerReqNoJitMs(seqG), "ms");
    target(o, "CPU per proxied request, " + connections + " connections, without JIT threads", 0.1,
        cpuPerReqNoJitMs(satG), "ms");
    target(o, "CPU per proxied stream (" + (sseEvents + 2) + " events)", 0.1, cpuPerReqMs(sg), "ms");
    target(o, "added time to first event, p50", 1.0, addedMs(sd.ttfe, sg.ttfe, 50), "ms");
    target(o, "added time to first event, p99", 1.0, addedMs(sd.ttfe, sg.ttfe, 99), "ms");
    target(o, "gateway RSS under load (VmHWM)", 300, hwmKb / 1024.0, "MB");

    if (sides.contains(Side.GATEWAY_OFF)) {
      o.append("\n### Cost of metrics and logging (same run, interleaved)\n\n");
      o.append("`gateway` is the product as shipped (`/metrics` on: Vert.x HTTP server/client, pool and JVM series plus "
          + "the gateway's own; logging at info); `gateway_off` has `metrics: { enabled: false }` and logging at warn. "
          + "CPU per request from per-thread schedstat without the JIT compiler threads (the stat figure in brackets).\n\n");
      o.append("| scenario | CPU/req on (ms) | CPU/req off (ms) | on vs off | p50 on | p50 off | verdict (≤ +10 %) |\n");
      o.append("|---|---:|---:|---:|---:|---:|---|\n");
      for (Scenario sc : scenarios) {
        Totals on = totals.get(sc).get(Side.GATEWAY);
        Totals off = totals.get(sc).get(Side.GATEWAY_OFF);
        double a = cpuPerReqNoJitMs(on);
        double b = cpuPerReqNoJitMs(off);
        double delta = (a - b) / b * 100;
        o.append(String.format(Locale.ROOT, "| %s | %.4f (%.4f) | %.4f (%.4f) | %+.1f %% | %s | %s | %s |\n", sc.label,
            a, cpuPerReqMs(on), b, cpuPerReqMs(off), delta, ms(p(on.latency, 50)), ms(p(off.latency, 50)),
            Double.isNaN(delta) ? "n/a" : delta <= 10 ? "✅ met" : "❌ missed"));
      }
    }
    if (sides.contains(Side.CLUSTER)) {
      clusterReport(o);
    }
    if (sides.contains(Side.GATEWAY_BARE)) {
      guardrailsReport(o);
    }

    o.append("\n### Where the gateway's CPU went (gateway phases, all rounds; ms per request, from per-thread schedstat)\n\n");
    o.append("| scenario | total | kernel (stime) share | by thread group |\n|---|---:|---:|---|\n");
    for (Scenario s : Scenario.values()) {
      Totals g = totals.get(s).get(Side.GATEWAY);
      if (g.ok == 0) {
        continue;
      }
      long sum = g.gatewayThreadNanos.values().stream().mapToLong(Long::longValue).sum();
      StringBuilder parts = new StringBuilder();
      g.gatewayThreadNanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> parts.append(parts.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
              .append(String.format(Locale.ROOT, "%.3f", e.getValue() / 1e6 / g.ok)));
      o.append(String.format(Locale.ROOT, "| %s | %.3f | %.0f%% | %s |\n", s.label, sum / 1e6 / g.ok,
          g.gatewayCpuMs == 0 ? 0 : 100 * g.gatewaySysMs / g.gatewayCpuMs, parts));
    }
    Totals idle = totals.get(Scenario.SEQ).get(Side.DIRECT);
    o.append(String.format(Locale.ROOT, "%nIdle gateway during the 1-connection direct phases: %.1f ms CPU per second (%s).%n",
        idle.elapsedNanos == 0 ? 0 : idle.gatewaySchedNanos / 1e6 / (idle.elapsedNanos / 1e9), idle.gatewayThreadNanos.entrySet()
            .stream().map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.1f ms", e.getValue() / 1e6))
            .reduce((x, y) -> x + ", " + y).orElse("none")));

    o.append("\n### Per phase\n\n");
    o.append("Gateway CPU is also read during direct phases (the idle gateway's background cost). ");
    o.append("\"sched\" is the same CPU figure from /proc/PID/task/*/schedstat (ns resolution) as a cross-check ");
    o.append("of the 10 ms-tick stat figure; stub CPU/req should match between the two sides.\n\n");
    o.append("| round | scenario | side | ok | RPS | p50 | p99 | TTFE p50 / p99 | errors | gw CPU ms (sys) | gw CPU/req (stat) | gw CPU/req (sched) | stub CPU/req | gw RSS / HWM |\n");
    o.append("|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
    roundLines.forEach(l -> o.append(l).append('\n'));
    for (Scenario s : Scenario.values()) {
      for (Side side : Side.values()) {
        Totals t = totals.get(s).get(side);
        if (t.firstError != null) {
          o.append("\nfirst error, ").append(s.label).append(' ').append(side).append(": ").append(t.firstError);
        }
      }
    }
    o.append('\n');
    System.out.print(o);
    System.out.flush();
  }

  /** A node of the cluster against the standalone gateway, measured in the same run. */
  private void clusterReport(StringBuilder o) {
    o.append("\n### Cluster node vs standalone (same run)\n\n");
    o.append("One node of a ").append(clusterNodes).append("-node cluster on this machine (the other nodes idle "
        + "members) against the standalone gateway; both with the rate limiter on (").append(benchRateLimit())
        .append("/min), so the cluster's limiter merges and counter flushes are included.\n\n");
    o.append("| scenario | standalone | cluster node | ratio / added |\n|---|---:|---:|---:|\n");
    Totals seqG = totals.get(Scenario.SEQ).get(Side.GATEWAY);
    Totals seqC = totals.get(Scenario.SEQ).get(Side.CLUSTER);
    Totals satG = totals.get(Scenario.SAT).get(Side.GATEWAY);
    Totals satC = totals.get(Scenario.SAT).get(Side.CLUSTER);
    o.append(String.format(Locale.ROOT, "| 1 conn, p50 (ms) | %s | %s | %s |%n", ms(p(seqG.latency, 50)),
        ms(p(seqC.latency, 50)), added(seqG.latency, seqC.latency, 50)));
    o.append(String.format(Locale.ROOT, "| 1 conn, p99 (ms) | %s | %s | %s |%n", ms(p(seqG.latency, 99)),
        ms(p(seqC.latency, 99)), added(seqG.latency, seqC.latency, 99)));
    o.append(String.format(Locale.ROOT, "| 1 conn, RPS | %.0f | %.0f | %.1f %% |%n", seqG.rps(), seqC.rps(),
        100 * seqC.rps() / seqG.rps()));
    o.append(String.format(Locale.ROOT, "| %d conns, RPS | %.0f | %.0f | %.1f %% |%n", connections, satG.rps(),
        satC.rps(), 100 * satC.rps() / satG.rps()));
    o.append(String.format(Locale.ROOT, "| CPU per request, %d conns (ms) | %s | %s | |%n", connections,
        cpuPerReq(satG), cpuPerReq(satC)));
    o.append("\n| target | limit | measured | verdict |\n|---|---:|---:|---|\n");
    double share = 100 * satC.rps() / satG.rps();
    o.append(String.format(Locale.ROOT, "| cluster node throughput, %d conns, share of standalone | ≥ 90 %% | %.1f %% | %s |%n",
        connections, share, Double.isNaN(share) ? "n/a" : share >= 90 ? "✅ met" : "❌ missed"));
    target(o, "cluster node added p50, 1 connection", 0.05, addedMs(seqG.latency, seqC.latency, 50), "ms");
    o.append("\n`rivano-gateway status` of the measured node after the rounds:\n\n```\n").append(clusterStatus)
        .append("\n```\n");
  }

  /** The guarded gateway against the bare one, measured in the same run (issue-7 targets). */
  private void guardrailsReport(StringBuilder o) {
    o.append("\n### Cost of the guardrails (same run, interleaved)\n\n");
    o.append("`guarded` is the gateway above (`gateway`): PII detection and injection scoring on every message of "
        + "the ~1 KB request, the `foundational` pack (block-injection, block-ssn, warn-large-prompt, "
        + "redact-pii-response: response PII on JSON answers and on every stream event, with the hold-back window) "
        + "and one audit record per request to a file. `bare` is the same gateway with `pii: false, injection: "
        + "false, audit: off` and no policies. CPU per request from /proc stat (per-thread schedstat without the JIT "
        + "compiler threads in brackets).\n\n");
    o.append("| scenario | p50 bare | p50 guarded | p99 bare | p99 guarded | added p50 | added p99 | CPU/req bare (ms) | CPU/req guarded (ms) |\n");
    o.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Scenario sc : scenarios) {
      Totals bare = totals.get(sc).get(Side.GATEWAY_BARE);
      Totals guarded = totals.get(sc).get(Side.GATEWAY);
      String label = sc == Scenario.SSE ? sc.label + " (whole stream)" : sc.label;
      o.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.4f (%.4f) | %.4f (%.4f) |%n",
          label, ms(p(bare.latency, 50)), ms(p(guarded.latency, 50)), ms(p(bare.latency, 99)),
          ms(p(guarded.latency, 99)), added(bare.latency, guarded.latency, 50),
          added(bare.latency, guarded.latency, 99), cpuPerReqMs(bare), cpuPerReqNoJitMs(bare),
          cpuPerReqMs(guarded), cpuPerReqNoJitMs(guarded)));
    }
    Totals sd = totals.get(Scenario.SSE).get(Side.DIRECT);
    Totals sb = totals.get(Scenario.SSE).get(Side.GATEWAY_BARE);
    Totals sg = totals.get(Scenario.SSE).get(Side.GATEWAY);
    if (scenarios.contains(Scenario.SSE)) {
      o.append("\nStreams: time to the first event, and the gaps between consecutive events at the client (the "
          + "upstream sends one every ").append(sseIntervalMs).append(" ms). Text that could be the start of a PII "
          + "match is held until the next event, so a held event arrives with the next one: a short gap followed by "
          + "a long one.\n\n");
      o.append("| side | TTFE p50 | TTFE p99 | gap p50 | gap p90 | gap p99 | gap max | whole stream p50 |\n");
      o.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Map.Entry<String, Totals> e : List.of(Map.entry("direct", sd), Map.entry("bare", sb),
          Map.entry("guarded", sg))) {
        Totals t = e.getValue();
        o.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", e.getKey(),
            ms(p(t.ttfe, 50)), ms(p(t.ttfe, 99)), ms(p(t.eventGaps, 50)), ms(p(t.eventGaps, 90)),
            ms(p(t.eventGaps, 99)), ms(t.eventGaps.getTotalCount() == 0 ? -1 : t.eventGaps.getMaxValue()),
            ms(p(t.latency, 50))));
      }
    }
    o.append("\n| target | limit | measured | verdict |\n|---|---:|---:|---|\n");
    Totals seqB = totals.get(Scenario.SEQ).get(Side.GATEWAY_BARE);
    Totals seqG = totals.get(Scenario.SEQ).get(Side.GATEWAY);
    Totals satG = totals.get(Scenario.SAT).get(Side.GATEWAY);
    target(o, "guardrails' added p99, 1 connection, 1 KB request", 0.3, addedMs(seqB.latency, seqG.latency, 99), "ms");
    target(o, "CPU per request with guardrails, " + connections + " connections", 0.1, cpuPerReqMs(satG), "ms");
    target(o, "CPU per request with guardrails, " + connections + " connections, without JIT threads", 0.1,
        cpuPerReqNoJitMs(satG), "ms");
    target(o, "guardrails' added time to first event, p50", 1.0, addedMs(sb.ttfe, sg.ttfe, 50), "ms");
    target(o, "guardrails' added time to first event, p99", 1.0, addedMs(sb.ttfe, sg.ttfe, 99), "ms");
    long guardedRequests = scenarios.stream().mapToLong(sc -> totals.get(sc).get(Side.GATEWAY).ok).sum();
    o.append("\nAudit records in the guarded gateway's file: ").append(auditLines(Side.GATEWAY))
        .append(" (requests it answered in the measured phases alone: ").append(guardedRequests)
        .append("; smoke, warm-up and JIT settling add the rest).\n");
  }

  private String auditLines(Side side) {
    try (Stream<String> lines = Files.lines(gatewayDir(side).resolve("audit.jsonl"))) {
      return Long.toString(lines.count());
    } catch (IOException e) {
      return "n/a (" + e.getMessage() + ")";
    }
  }

  private static void target(StringBuilder o, String what, double limit, double measured, String unit) {
    String verdict = Double.isNaN(measured) ? "n/a" : measured <= limit ? "✅ met" : "❌ missed";
    o.append(String.format(Locale.ROOT, "| %s | ≤ %s %s | %s %s | %s |\n", what, trim(limit), unit,
        Double.isNaN(measured) ? "n/a" : String.format(Locale.ROOT, "%.3f", measured), unit, verdict));
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static long p(Histogram h, double pct) {
    return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(pct);
  }

  private static double addedMs(Histogram direct, Histogram gateway, double pct) {
    if (direct.getTotalCount() == 0 || gateway.getTotalCount() == 0) {
      return Double.NaN;
    }
    return (gateway.getValueAtPercentile(pct) - direct.getValueAtPercentile(pct)) / 1e6;
  }

  private static String added(Histogram direct, Histogram gateway, double pct) {
    double v = addedMs(direct, gateway, pct);
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.3f", v);
  }

  private static double cpuPerReqMs(Totals t) {
    return t.ok == 0 ? Double.NaN : t.gatewayCpuMs / t.ok;
  }

  /** Per-thread schedstat CPU minus the JIT compiler threads: the steady-state cost once compilation is done. */
  private static double cpuPerReqNoJitMs(Totals t) {
    if (t.ok == 0) {
      return Double.NaN;
    }
    long ns = t.gatewayThreadNanos.entrySet().stream().filter(e -> !e.getKey().equals("JIT compiler"))
        .mapToLong(Map.Entry::getValue).sum();
    return ns / 1e6 / t.ok;
  }

  private static String cpuPerReq(Totals t) {
    double v = cpuPerReqMs(t);
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f ms (%.3f w/o JIT)", v,
        cpuPerReqNoJitMs(t));
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  private static String fmt3(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String mb(long kb) {
    return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
  }

  // ---------------------------------------------------------------- helpers

  private static void progress(String line) {
    System.err.println("[bench] " + line);
    System.err.flush();
  }

  private static int freePort() throws IOException {
    return BenchProcesses.freePort();
  }

  private static String loadavg() {
    return BenchProcesses.loadavg();
  }

  private static String cpuModel() {
    return BenchProcesses.cpuModel();
  }

  private static String run(String... cmd) {
    return BenchProcesses.run(cmd);
  }

  private static String javaBin() {
    return BenchProcesses.javaBin();
  }

  private static String tail(Path log) {
    return BenchProcesses.tail(log);
  }
}
