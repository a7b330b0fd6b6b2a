package ai.rivano.gateway.bench;

import ai.rivano.gateway.bench.GatewayVitals.Sample;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak run ({@code deploy/bench/run-benchmark.sh --soak}): one real gateway (started with the launcher's JVM
 * flags) in front of the upstream stub, first driven to saturation for a short while to measure its capacity, then
 * for {@code --soak-minutes} at a share of that capacity ({@code --load-share}, 0.5) with the {@link SoakMix}: JSON,
 * streams read to the end, streams the client abandons, requests into which the stub injects faults, and one
 * {@link Slowloris} client. Meanwhile it watches the gateway's vitals ({@link GatewayVitals}) and its log
 * ({@link LogWatch}). The markdown report ({@link SoakReport}) goes to stdout, progress to stderr. Exit code 0 only
 * when every check held: no unexpected answer, no unexplained log line, vitals flat, back to idle afterwards.
 */
public final class SoakRun {

  /** Arguments, with their defaults; see {@link #HELP}. */
  record Settings(Path repo, double soakMinutes, long warmupSeconds, long capacitySeconds, double loadShare,
                  double fixedRate, int connections, long headerTimeoutMs, int samples, int maxInFlight,
                  String gatewayJavaOpts, String stubJavaOpts, boolean keepTmp, double tolerancePct) {
    static Settings from(Map<String, String> a) {
      return new Settings(Path.of(a.getOrDefault("repo", ".")).toAbsolutePath().normalize(),
          Double.parseDouble(a.getOrDefault("soak-minutes", "10")),
          Long.parseLong(a.getOrDefault("warmup-seconds", "30")),
          Long.parseLong(a.getOrDefault("capacity-seconds", "10")),
          Double.parseDouble(a.getOrDefault("load-share", "0.5")),
          Double.parseDouble(a.getOrDefault("rate", "0")),
          Integer.parseInt(a.getOrDefault("connections", "256")),
          Long.parseLong(a.getOrDefault("header-timeout-ms", "10000")),
          Integer.parseInt(a.getOrDefault("samples", "4")),
          Integer.parseInt(a.getOrDefault("max-in-flight", "2000")),
          a.get("gateway-java-opts"),
          a.getOrDefault("stub-java-opts", "-Xms64m -Xmx256m -XX:+UseSerialGC"),
          a.containsKey("keep-tmp"),
          Double.parseDouble(a.getOrDefault("tolerance-pct", "10")));
    }
  }

  static final String HELP = """
      Soak run options (deploy/bench/run-benchmark.sh --soak [options]; defaults in brackets):
        --soak-minutes M         measured soak, from the start sample to the end sample [10]
        --warmup-seconds S       traffic at the soak rate before the start sample [30]
        --capacity-seconds S     saturation phase that measures the mix's capacity (after a warm-up as long) [10]
        --connections N          users (connections) of the saturation phase [256]
        --load-share F           soak rate = F x measured capacity [0.5]
        --rate R                 fixed soak rate in requests/s instead (skips the saturation phase)
        --header-timeout-ms MS   the gateway's headerTimeoutMs, which must close the slowloris client [10000]
        --samples N              vitals samples between start and end [4]
        --max-in-flight N        cap on requests in flight; an arrival over it is shed (fails the run) [2000]
        --tolerance-pct P        end vs start growth that counts as a leak [10]
        --gateway-java-opts "…"  RIVANO_JAVA_OPTS for the gateway [the launcher's defaults]
        --stub-java-opts "…"     JVM flags of the stub [-Xms64m -Xmx256m -XX:+UseSerialGC]
        --keep-tmp               keep the temp dir (config, gateway log, audit file)
      """;

  /** Readings 1 s apart averaged for the start and end samples: one reading is one moment of a moving load. */
  private static final int WINDOW_READINGS = 10;
  private static final long UPSTREAM_KEEP_ALIVE_MS = 60_000;

  private final Settings s;
  private final SoakReport report = new SoakReport();
  private Path tmp;
  private BenchProcesses.Stub stub;
  private Process gateway;

  SoakRun(Settings settings) {
    this.s = settings;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = Args.parse(argv);
    args.remove("soak");
    if (args.containsKey("help")) {
      System.out.println(HELP);
      return;
    }
    SoakRun run = new SoakRun(Settings.from(args));
    int code;
    try {
      code = run.run();
    } finally {
      run.cleanUp();
    }
    System.exit(code);
  }

  int run() throws Exception {
    Path launcher = s.repo().resolve("deploy/bin/rivano-gateway");
    Path jar = s.repo().resolve("target/rivano-gateway.jar");
    if (!Files.isExecutable(launcher) || !Files.isRegularFile(jar)) {
      System.err.println("✖ need " + launcher + " and " + jar);
      return 2;
    }
    tmp = Files.createTempDirectory("rivano-soak-");
    Runtime.getRuntime().addShutdownHook(new Thread(this::killChildren));
    report.started = Instant.now();
    report.loadAtStart = BenchProcesses.loadavg();
    report.settings = s;

    stub = BenchProcesses.startStub(tmp.resolve("stub.log"), s.stubJavaOpts(), List.of("--port", "0",
        "--latency-ms", "20", "--sse-events", Integer.toString(SoakMix.STREAM_EVENTS), "--sse-interval-ms", "2",
        "--instances", "2"));
    int port = BenchProcesses.freePort();
    Path dir = Files.createDirectories(tmp.resolve("gateway"));
    Files.writeString(dir.resolve("rivano.yaml"), SoakRun.gatewayYaml(port, stub.port(), s.headerTimeoutMs(),
        dir.resolve("audit.jsonl")));
    gateway = BenchProcesses.launchGateway(launcher, jar, dir, port, s.gatewayJavaOpts());
    long pid = BenchProcesses.awaitRunning(gateway, dir);
    report.gatewayPid = pid;
    progress("stub on 127.0.0.1:" + stub.port() + " (PID " + stub.pid() + "), gateway on 127.0.0.1:" + port
        + " (PID " + pid + ")");
    GatewayVitals vitals = new GatewayVitals(pid, stub.port(), port);
    LogWatch log = new LogWatch(dir.resolve("gateway.log"));
    ProcStats proc = new ProcStats();
    report.samples.add(vitals.sample("idle, before any traffic", true));

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try {
      double rate = s.fixedRate() > 0 ? s.fixedRate() : s.loadShare() * measureCapacity(vertx, port);
      report.rate = rate;
      SoakTraffic traffic = new SoakTraffic(vertx, port, s.maxInFlight(), SoakMix.SOAK_FIRST_SEQ);
      long soakMs = (long) (s.soakMinutes() * 60_000);
      Slowloris slowloris = new Slowloris(vertx, port, s.headerTimeoutMs(),
          (s.warmupSeconds() * 1000 + soakMs) / s.headerTimeoutMs() + 5);
      progress(String.format(java.util.Locale.ROOT, "soak: %.0f requests/s for %d s of warm-up + %.1f min",
          rate, s.warmupSeconds(), s.soakMinutes()));
      traffic.start(rate);
      slowloris.start();
      long t0 = System.nanoTime();
      watchUntil(t0, s.warmupSeconds() * 1000, traffic, vitals, log);

      double cpu0 = proc.cpuMillis(pid);
      long windowMs = WINDOW_READINGS * 1000L;
      long soakStart = System.nanoTime();
      report.samples.add(window("start", vitals));
      long between = (soakMs - 2 * windowMs) / (s.samples() + 1);
      for (int i = 1; i <= s.samples(); i++) {
        watchUntil(soakStart, windowMs + i * between, traffic, vitals, log);
        report.samples.add(vitals.sample("during, " + Math.round((System.nanoTime() - soakStart) / 6e10 * 10) / 10.0
            + " min", true));
      }
      watchUntil(soakStart, soakMs - windowMs, traffic, vitals, log);
      report.samples.add(window("end", vitals));
      report.gatewayCpuShare = (proc.cpuMillis(pid) - cpu0) / ((System.nanoTime() - soakStart) / 1e6);
      report.soakSeconds = (System.nanoTime() - soakStart) / 1e9;

      progress("stopping the traffic; waiting for the answers in flight");
      Future<Void> stopped = traffic.stop();
      stopped.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      report.trafficSeconds = traffic.elapsedSeconds();
      slowloris.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      traffic.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      report.traffic = traffic;
      report.slowloris = slowloris;
      report.samples.add(awaitIdle(vitals));
    } finally {
      vertx.close().await();
    }
    report.stopOutput = BenchProcesses.stopGateway(launcher, dir, gateway);
    log.poll();
    report.log = log;
    report.auditRecords = countLines(dir.resolve("audit.jsonl"));
    report.loadAtEnd = BenchProcesses.loadavg();
    System.out.print(report.render());
    System.out.flush();
    return report.passed() ? 0 : 1;
  }

  /**
   * Saturation: the same mix, closed loop, {@code connections} users each sending its next request when it has the
   * answer to the previous one; capacity is the rate answers come back at, after a warm-up as long as the measurement.
   */
  private double measureCapacity(Vertx vertx, int port) throws Exception {
    SoakTraffic saturation = new SoakTraffic(vertx, port, s.connections(), 0);
    progress("capacity: the soak's mix, closed loop, " + s.connections() + " users: " + s.capacitySeconds()
        + " s warm-up, then " + s.capacitySeconds() + " s measured");
    saturation.startClosedLoop(s.connections());
    Thread.sleep(s.capacitySeconds() * 1000);
    long[] before = saturation.progress().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    long t1 = System.nanoTime();
    Thread.sleep(s.capacitySeconds() * 1000);
    long[] after = saturation.progress().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    double rps = (after[4] - before[4]) / ((System.nanoTime() - t1) / 1e9);
    saturation.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    saturation.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    report.capacity = rps;
    report.capacityTraffic = saturation;
    progress(String.format(java.util.Locale.ROOT, "capacity: %.0f requests/s (%d unexpected answers)", rps,
        saturation.unexpected()));
    return rps;
  }

  /** Readings 1 s apart, averaged, with the heap after a full GC read once at the end. */
  private static Sample window(String label, GatewayVitals vitals) throws InterruptedException {
    long rss = 0;
    long fds = 0;
    long upstream = 0;
    long clients = 0;
    for (int i = 0; i < WINDOW_READINGS; i++) {
      Sample r = vitals.sample(label, false);
      rss += r.rssKb();
      fds += r.fds();
      upstream += r.upstreamConnections();
      clients += r.clientConnections();
      Thread.sleep(1_000);
    }
    Sample gc = vitals.sample(label, true);
    int n = WINDOW_READINGS;
    return new Sample(label + " (mean of " + n + " readings in " + n + " s)", gc.atSeconds(), rss / n,
        gc.heapAfterGcKb(), (int) Math.round((double) fds / n), (int) Math.round((double) upstream / n),
        (int) Math.round((double) clients / n));
  }

  /** After the traffic: waits until the gateway holds no client and no upstream connection (its pool's keep-alive). */
  private static Sample awaitIdle(GatewayVitals vitals) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UPSTREAM_KEEP_ALIVE_MS + 15_000);
    progress("waiting for the gateway to close its idle connections (upstream keep-alive "
        + UPSTREAM_KEEP_ALIVE_MS / 1000 + " s)");
    Sample light;
    do {
      Thread.sleep(1_000);
      light = vitals.sample("", false);
    } while ((light.upstreamConnections() > 0 || light.clientConnections() > 0) && System.nanoTime() < deadline);
    return vitals.sample("idle, after the traffic", true);
  }

  /** Sleeps until {@code offsetMs} after {@code t0}, polling the log and printing progress every 30 s. */
  private static void watchUntil(long t0, long offsetMs, SoakTraffic traffic, GatewayVitals vitals, LogWatch log)
      throws Exception {
    long until = t0 + offsetMs * 1_000_000;
    long nextProgress = System.nanoTime();
    while (System.nanoTime() < until) {
      log.poll();
      if (System.nanoTime() >= nextProgress) {
        long[] p = traffic.progress().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Sample v = vitals.sample("", false);
        progress(String.format(java.util.Locale.ROOT, "%.0f s: %d sent, %d in flight, %d shed, %d unexpected; "
                + "log: %d explained, %d unexplained; RSS %d MB, %d fds, %d upstream / %d client connections",
            traffic.elapsedSeconds(), p[0], p[1], p[2], p[3], log.explainedCount(), log.unexplainedCount(),
            v.rssKb() / 1024, v.fds(), v.upstreamConnections(), v.clientConnections()));
        nextProgress += 30_000_000_000L;
      }
      Thread.sleep(Math.max(1, Math.min(1_000, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  /**
   * The gateway's config: the primary ({@code openai}) and the provider without a fallback ({@code cohere}) on the
   * stub, the fallback ({@code mistral}) on the stub's fault-free path. Circuits open only past 1000 failed attempts
   * in a second (far above the injected rate), so every fault is answered by the failover path itself and each
   * kind has one expected answer (the breakers opening is {@code CircuitBreakerTest}'s subject). Logging in JSON so
   * {@link LogWatch} can read every field; the audit trail to a file, one line per request, counted at the end.
   */
  static String gatewayYaml(int port, int stubPort, long headerTimeoutMs, Path auditFile) {
    return """
        # Written by SoakRun (see SoakRun#gatewayYaml).
        gateway:
          port: %d
          host: 127.0.0.1
          headerTimeoutMs: %d
          providers:
            openai: { apiKey: "sk-bench", baseUrl: "http://127.0.0.1:%d/v1", isPrimary: true }
            mistral: { apiKey: "sk-bench", baseUrl: "http://127.0.0.1:%d%sv1", isFallback: true }
            cohere: { apiKey: "sk-bench", baseUrl: "http://127.0.0.1:%d/v1" }
          middleware:
            rateLimit: 0
            audit: file
            auditFile: "%s"
          logging: { format: json, level: info }
          failover:
            circuitBreaker: { failures: 1000, windowMs: 1000 }
        """.formatted(port, headerTimeoutMs, stubPort, stubPort, UpstreamStub.NO_FAULT_PREFIX, stubPort, auditFile);
  }

  private static long countLines(Path file) {
    try (var lines = Files.lines(file)) {
      return lines.count();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void progress(String line) {
    System.err.println("[soak] " + line);
    System.err.flush();
  }

  private void killChildren() {
    List<Process> children = new ArrayList<>();
    children.add(gateway);
    children.add(stub == null ? null : stub.process());
    children.forEach(BenchProcesses::destroy);
  }

  void cleanUp() {
    killChildren();
    if (tmp != null) {
      if (s.keepTmp()) {
        progress("kept " + tmp);
      } else {
        BenchProcesses.deleteTree(tmp);
      }
    }
  }
}
