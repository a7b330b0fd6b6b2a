package ai.rivano.gateway.cli;

import ai.rivano.gateway.middleware.LocalRateLimiter;
import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Futures;
import ai.rivano.gateway.testing.LoopbackCluster;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three gateway processes (the built jar through {@code deploy/bin/rivano-gateway}) clustered on loopback behind
 * nginx as a round-robin virtual IP, with a real upstream on loopback. Through the VIP: one endpoint, the
 * cluster-wide rate limit, status from every node agreeing, {@code X-Forwarded-For} believed only from nginx,
 * a node killed with SIGKILL mid-traffic, a restarted node rejoining, and a rolling restart with no failed
 * request. The cluster is shared by the ordered tests.
 *
 * <p>nginx (OSS) has no active health checks: it learns a node is gone when a connection to it fails, and then
 * retries the request on the next node (the request never reached a gateway, so this is safe for a POST). A
 * draining gateway closes its listening socket at once, so nginx sees exactly that. nginx keeps no idle
 * connections to the gateways ({@code keepalive} off): a POST sent on an idle connection that a draining node is
 * closing would otherwise fail without being retried (see docs/cluster.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterVipIT {

  private static final int RATE_LIMIT = 120;
  private static final long UPSTREAM_DELAY_MS = 50;
  private static final Duration START_BOUND = Duration.ofSeconds(120);

  @TempDir
  static Path dir;

  private Vertx vertx;
  private UpstreamStub upstream;
  private final LoopbackCluster loopback = LoopbackCluster.create();
  private int vipPort;
  private final List<Node> nodes = new ArrayList<>();
  private Process nginx;
  private Path nginxPrefix;
  private Path nginxBinary;
  private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** One gateway process: its port, working directory (pid file) and the running process. */
  private final class Node {
    final int port = Cli.freePort();
    final Path workDir;
    Cli.Running process;

    Node(int index) throws IOException {
      workDir = Files.createDirectories(dir.resolve("node-" + index));
      Files.writeString(workDir.resolve("rivano.yaml"), gatewayYaml());
    }

    void spawn() {
      process = Cli.spawn(workDir, Map.of(), Cli.launcher("start", "--port", Integer.toString(port), "--file",
          "rivano.yaml"));
    }

    void awaitRunning() {
      String line = "Gateway running on http://localhost:" + port;
      await().atMost(START_BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (!process.process.isAlive() && !process.stdout.contains(line)) {
          fail("node on " + port + " exited: " + process.stdout + process.stderr);
        }
        return process.stdout.contains(line);
      });
    }

    JsonObject status() throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/_rivano/status")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      return new JsonObject(r.body());
    }

    /** True when this node lists {@code size} members and every one of them answered. */
    boolean seesCluster(int size) {
      try {
        JsonArray list = status().getJsonObject("cluster").getJsonArray("nodes");
        return list.size() == size && list.stream().allMatch(n -> ((JsonObject) n).getBoolean("answered"));
      } catch (Exception | AssertionError e) {
        return false;
      }
    }
  }

  private String gatewayYaml() {
    return """
        gateway:
          host: 127.0.0.1
          shutdownTimeoutMs: 10000
          # nginx connects from 127.0.0.2 (proxy_bind): only it may name the client in X-Forwarded-For
          trustedProxies: ["127.0.0.2"]
          providers:
            openai: { apiKey: sk-upstream-test, baseUrl: "%s/v1", isPrimary: true }
          middleware: { rateLimit: %d, audit: off }
        """.formatted(upstream.baseUrl(), RATE_LIMIT) + loopback.yaml();
  }

  @BeforeAll
  void startClusterAndVip() throws Exception {
    vertx = Vertx.vertx();
    upstream = UpstreamStub.start(vertx, Behaviors.delayedJson(UPSTREAM_DELAY_MS, 200,
        Behaviors.openAiCompletion("gpt-4o", "hello from upstream")));
    for (int i = 1; i <= 3; i++) {
      nodes.add(new Node(i));
    }
    // The first node forms the cluster; the other two join it at the same time.
    nodes.get(0).spawn();
    nodes.get(0).awaitRunning();
    nodes.get(1).spawn();
    nodes.get(2).spawn();
    nodes.get(1).awaitRunning();
    nodes.get(2).awaitRunning();
    for (Node node : nodes) {
      await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> node.seesCluster(3));
    }
    startNginx();
  }

  private void startNginx() throws Exception {
    Path nginxBinary = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"),
            Path.of("/usr/bin/nginx"), Path.of("/usr/local/nginx/sbin/nginx")).stream()
        .filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new AssertionError("nginx is not installed (.ci/run installs it with apt)"));
    vipPort = Cli.freePort();
    Path prefix = Files.createDirectories(dir.resolve("nginx"));
    nginxPrefix = prefix;
    writeNginxConf(null);
    this.nginxBinary = nginxBinary;
    nginx = new ProcessBuilder(nginxCommand()).redirectErrorStream(true)
        .redirectOutput(prefix.resolve("stdout.log").toFile()).start();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!nginx.isAlive()) {
        fail("nginx exited: " + Files.readString(prefix.resolve("stdout.log")) + errorLog(prefix));
      }
      try {
        return vip("GET", "/health", null, null).statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private List<String> nginxCommand(String... extra) {
    List<String> command = new ArrayList<>(List.of(nginxBinary.toString(), "-p", nginxPrefix.toString(), "-c",
        nginxPrefix.resolve("nginx.conf").toString(), "-e", nginxPrefix.resolve("error.log").toString()));
    command.addAll(List.of(extra));
    return command;
  }

  /** The VIP's configuration; {@code down} (may be null) is marked down, so nginx sends it nothing. */
  private void writeNginxConf(Node down) throws IOException {
    StringBuilder upstreams = new StringBuilder();
    for (Node node : nodes) {
      upstreams.append("    server 127.0.0.1:").append(node.port).append(" max_fails=1 fail_timeout=2s")
          .append(node == down ? " down" : "").append(";\n");
    }
    Files.writeString(nginxPrefix.resolve("nginx.conf"), """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream gateways {
        %2$s  }
          server {
            listen 127.0.0.1:%3$d;
            location /_rivano/ { return 404; }
            location / {
              proxy_pass http://gateways;
              proxy_bind 127.0.0.2;
              proxy_http_version 1.1;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_buffering off;
              proxy_request_buffering off;
              proxy_connect_timeout 2s;
              proxy_next_upstream error timeout;
              proxy_next_upstream_tries 3;
            }
          }
        }
        """.formatted(nginxPrefix, upstreams, vipPort));
  }

  /**
   * Takes {@code node} out of the VIP (or puts every node back, for null) the way an operator does with nginx
   * OSS: edit the upstream, {@code nginx -s reload}, and wait until the old worker has finished the requests it
   * held (nginx then has exactly one worker again).
   */
  private void reloadNginxWith(Node down) throws Exception {
    writeNginxConf(down);
    Process reload = new ProcessBuilder(nginxCommand("-s", "reload")).redirectErrorStream(true).start();
    assertTrue(reload.waitFor(20, TimeUnit.SECONDS) && reload.exitValue() == 0,
        () -> "nginx -s reload: " + quietly(() -> new String(reload.getInputStream().readAllBytes())));
    await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(100))
        .until(() -> nginx.toHandle().children().count() == 1);
  }

  private static String errorLog(Path prefix) throws IOException {
    Path log = prefix.resolve("error.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @AfterAll
  void stopEverything() {
    if (nginx != null) {
      nginx.destroy(); // SIGTERM to the foreground master, by its own handle
      try {
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
          nginx.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (Node node : nodes) {
      if (node.process != null) {
        stops.add(CompletableFuture.runAsync(node.process::close));
      }
    }
    stops.forEach(CompletableFuture::join);
    if (vertx != null) {
      Futures.await(vertx.close());
    }
    pool.shutdownNow();
  }

  private HttpResponse<String> vip(String method, String path, String body, String forwardedFor)
      throws IOException, InterruptedException {
    return send(vipPort, method, path, body, forwardedFor);
  }

  private HttpResponse<String> send(int port, String method, String path, String body, String forwardedFor)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(15));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  /**
   * A loopback address other than 127.0.0.1/127.0.0.2 to send from: nginx names it in X-Forwarded-For, so every
   * one is a different client to the gateways' rate limiter.
   */
  private static String randomClient() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
  }

  /** What a raw request got: the status (-1: no answer) and the whole response text. */
  private record Answer(int status, String text) {
    String header(String name) {
      for (String line : text.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return null;
    }
  }

  /**
   * A chat request from the loopback address {@code from} (the JDK client cannot choose its source address), with
   * an optional X-Forwarded-For header of the client's own making.
   */
  private static Answer post(String from, int port, String forwardedFor) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(20_000);
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
      String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"
          + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n") + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!text.startsWith("HTTP/1.1 ")) {
        return new Answer(-1, text);
      }
      return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }
  }

  /** Clients sending chat requests through the VIP as fast as they are answered, each request from a new IP. */
  private final class Load implements AutoCloseable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong ok = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final List<Thread> threads = new ArrayList<>();

    Load(int clients) {
      for (int i = 0; i < clients; i++) {
        Thread t = new Thread(() -> {
          while (running.get()) {
            long at = System.nanoTime();
            try {
              Answer r = post(randomClient(), vipPort, null);
              if (r.status() == 200) {
                ok.incrementAndGet();
              } else {
                failures.add(at + " " + r.status() + " " + r.text().replace("\r\n", " | "));
              }
            } catch (IOException e) {
              failures.add(at + " " + e);
            }
          }
        }, "vip-load-" + i);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(30_000);
      }
    }
  }

  @Test
  @Order(1)
  void oneEndpointServedByEveryNode() throws Exception {
    for (int i = 0; i < 30; i++) {
      Answer r = post(randomClient(), vipPort, null);
      assertEquals(200, r.status(), r.text());
      assertTrue(r.text().contains("hello from upstream"), r.text());
      assertEquals("openai", r.header("X-Rivano-Provider"));
    }
    assertEquals(404, vip("GET", "/_rivano/status", null, null).statusCode(), "status is not exposed on the VIP");
    JsonObject status = nodes.get(0).status();
    assertEquals(30, status.getJsonObject("stats").getLong("requests"), status::encodePrettily);
    for (Object n : status.getJsonObject("cluster").getJsonArray("nodes")) {
      long served = ((JsonObject) n).getJsonObject("stats").getLong("requests");
      assertTrue(served >= 5, "round robin reached every node: " + status.encodePrettily());
    }
  }

  @Test
  @Order(2)
  void statusFromEveryNodeAgrees() {
    List<CompletableFuture<Cli.Result>> asked = new ArrayList<>();
    for (Node node : nodes) {
      asked.add(CompletableFuture.supplyAsync(() -> Cli.run(dir, "status", "--port", Integer.toString(node.port))));
    }
    String requestsLine = null;
    List<String> addresses = null;
    for (int i = 0; i < nodes.size(); i++) {
      Cli.Result r = asked.get(i).join();
      assertEquals(0, r.exitCode(), r::toString);
      List<String> lines = r.outLines();
      assertEquals(11, lines.size(), r::toString);
      assertEquals("Gateway status: running", lines.get(0));
      assertEquals("Port: " + nodes.get(i).port, lines.get(2));
      assertTrue(lines.get(4).startsWith("Requests: 30 ("), r::toString);
      requestsLine = requestsLine == null ? lines.get(4) : requestsLine;
      assertEquals(requestsLine, lines.get(4), "every node reports the same cluster total");
      assertEquals("Cluster: 3 nodes", lines.get(7));
      assertTrue(lines.get(8).startsWith("  127.0.0.1:" + nodes.get(i).port + " (this node): serving, up "),
          r::toString);
      List<String> seen = lines.subList(8, 11).stream().map(l -> l.trim().split("[ :]")[1]).sorted().toList();
      addresses = addresses == null ? seen : addresses;
      assertEquals(addresses, seen, "every node lists the same members");
    }
    Cli.Result json = Cli.run(dir, "status", "--json", "--port", Integer.toString(nodes.get(1).port));
    assertEquals(0, json.exitCode(), json::toString);
    JsonObject parsed = new JsonObject(json.stdout());
    assertEquals("running", parsed.getString("status"));
    assertEquals(30, parsed.getJsonObject("stats").getLong("requests"));
    assertEquals(3, parsed.getJsonObject("cluster").getJsonArray("nodes").size());
  }

  /**
   * One client, round-robin over three nodes by nginx, far over its limit: the cluster admits what one node's
   * exact limiter would for the same arrivals, within 5 %.
   */
  @Test
  @Order(3)
  void oneClientIsHeldToItsLimitAcrossTheNodes() throws Exception {
    String client = "127.0.5.7";
    List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>()); // [sentNanos, status]
    long end = System.nanoTime() + 6_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          long sent = System.nanoTime();
          try {
            arrivals.add(new long[] {sent, post(client, vipPort, null).status()});
          } catch (Exception e) {
            arrivals.add(new long[] {sent, -1});
          }
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    List<long[]> sorted = new ArrayList<>(arrivals);
    sorted.sort((x, y) -> Long.compare(x[0], y[0]));
    AtomicLong clock = new AtomicLong();
    LocalRateLimiter exact = new LocalRateLimiter(RATE_LIMIT, clock::get);
    long exactAdmitted = 0;
    long admitted = 0;
    for (long[] a : sorted) {
      clock.set(a[0]);
      exactAdmitted += exact.acquire(client).allowed() ? 1 : 0;
      admitted += a[1] == 200 ? 1 : 0;
      assertTrue(a[1] == 200 || a[1] == 429, "status " + a[1]);
    }
    System.out.printf("VIP rate limit: %d requests, %d admitted by the cluster, %d by one exact node (%+.2f%%)%n",
        sorted.size(), admitted, exactAdmitted, 100.0 * (admitted - exactAdmitted) / exactAdmitted);
    assertTrue(sorted.size() > 3L * exactAdmitted, "the client sent well over its limit: " + sorted.size());
    assertTrue(admitted <= Math.ceil(exactAdmitted * 1.05), admitted + " admitted vs " + exactAdmitted);
    assertTrue(admitted >= exactAdmitted * 0.9, admitted + " admitted vs " + exactAdmitted);
  }

  /**
   * The client's address is the one nginx saw: distinct senders through the VIP are distinct clients (more than
   * one client's minute passes), and an X-Forwarded-For a client writes itself is ignored, whether it goes
   * through nginx (which only appends) or straight to a node (the sender is not a trusted proxy).
   */
  @Test
  @Order(4)
  void forwardedForIsBelievedFromNginxOnly() throws Exception {
    List<CompletableFuture<Integer>> distinct = new ArrayList<>();
    for (int i = 0; i < RATE_LIMIT + 30; i++) {
      distinct.add(CompletableFuture.supplyAsync(() -> {
        try {
          return post(randomClient(), vipPort, null).status();
        } catch (IOException e) {
          return -1;
        }
      }, pool));
    }
    assertEquals(List.of(200), distinct.stream().map(CompletableFuture::join).distinct().toList(),
        "each sender is its own client to the gateways, although every connection comes from nginx");

    // One sender forging a fresh client address per request: every request is charged to the sender.
    assertForgedHeaderIgnored("127.0.6.1", nodes.get(0).port, "straight to a node");
    assertForgedHeaderIgnored("127.0.6.2", vipPort, "through the VIP");
  }

  private void assertForgedHeaderIgnored(String sender, int port, String how) throws Exception {
    List<Long> remaining = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Answer r = post(sender, port, "198.51.100." + (i + 1));
      assertEquals(200, r.status(), r.text());
      remaining.add(Long.parseLong(r.header("X-RateLimit-Remaining")));
      Thread.sleep(60); // lets the nodes merge, so each sees what the others counted
    }
    // Believed, each forged address would be a new client with its whole minute left (the limit minus one).
    assertTrue(remaining.get(remaining.size() - 1) <= RATE_LIMIT - 6, how + ": " + remaining);
  }

  /**
   * SIGKILL of a node while clients send through the VIP: only requests that node held fail (nginx retries the
   * rest elsewhere), the survivors drop it from the member list within seconds, and it rejoins when restarted.
   */
  @Test
  @Order(5)
  void aKilledNodeCostsOnlyTheRequestsItHeldAndRejoinsWhenRestarted() throws Exception {
    int clients = 6;
    Node victim = nodes.get(2);
    long killedAt;
    long deadAt;
    Load load = new Load(clients);
    try (load) {
      await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() >= 100);
      long okBefore = load.ok.get();
      killedAt = System.nanoTime();
      victim.process.process.toHandle().destroyForcibly(); // kill -9 <pid>
      assertTrue(victim.process.process.waitFor(10, TimeUnit.SECONDS));
      deadAt = System.nanoTime(); // reaped: its sockets are closed
      await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() >= okBefore + 300);
    }
    // Each client has one request outstanding at a time: at most one per client was held by the node while it
    // died (in flight, or queued on its port until the kernel closed it). Nothing sent once it is gone fails:
    // nginx finds the node's port closed and retries on another node.
    List<String> heldByVictim = load.failures.stream().filter(f -> Long.parseLong(f.split(" ")[0]) < deadAt).toList();
    List<String> afterKill = load.failures.stream().filter(f -> Long.parseLong(f.split(" ")[0]) >= deadAt).toList();
    System.out.println("VIP kill -9: " + load.ok.get() + " answered, failed (held by the killed node): "
        + heldByVictim.size() + ", failed once it was gone: " + afterKill.size() + " (dead "
        + (deadAt - killedAt) / 1_000_000 + " ms after SIGKILL)");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> nodes.get(0).seesCluster(2) && nodes.get(1).seesCluster(2));
    long detectedMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("VIP kill -9: member list updated " + detectedMs + " ms after the kill");

    long restartedAt = System.nanoTime();
    victim.spawn();
    victim.awaitRunning();
    await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250))
        .until(() -> nodes.stream().allMatch(n -> n.seesCluster(3)));
    System.out.println("VIP restart: rejoined and answering " + (System.nanoTime() - restartedAt) / 1_000_000
        + " ms after start");
    assertTrue(detectedMs <= 15_000, "removed within the heartbeat timeout (10 s) plus margin: " + detectedMs);
    assertTrue(heldByVictim.size() <= clients, heldByVictim::toString);
    assertEquals(List.of(), afterKill, () -> "nginx says:\n" + quietly(() -> errorLog(nginxPrefix)));
  }

  private interface Text {
    String get() throws IOException;
  }

  private static String quietly(Text text) {
    try {
      return text.get();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * A rolling restart as an operator does it behind nginx OSS (no active health checks): for each node, take it
   * out of the upstream and reload nginx (requests it holds finish), SIGTERM it (it drains and leaves the
   * cluster), start it again, wait until it is ready ({@code /health} 200, cluster rejoined), put it back. Clients
   * sending all along see no failed request.
   */
  @Test
  @Order(6)
  void aRollingRestartFailsNoRequest() throws Exception {
    Load load = new Load(6);
    try (load) {
      await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() >= 50);
      for (Node node : nodes) {
        long before = load.ok.get();
        reloadNginxWith(node);
        node.process.sigterm();
        assertEquals(0, node.process.awaitExit(), () -> "drained and exited: " + node.process.stdout);
        node.spawn();
        node.awaitRunning();
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250))
            .until(() -> nodes.stream().allMatch(n -> n.seesCluster(3)));
        assertEquals(200, send(node.port, "GET", "/health", null, null).statusCode());
        reloadNginxWith(null);
        assertTrue(load.ok.get() > before, "traffic kept flowing while the node restarted");
      }
      // every restarted node takes traffic again (its counters start from zero with the new process)
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
          nodes.get(0).status().getJsonObject("cluster").getJsonArray("nodes").stream()
              .allMatch(n -> ((JsonObject) n).getJsonObject("stats").getLong("requests") > 0));
    }
    System.out.println("VIP rolling restart: " + load.ok.get() + " requests answered, " + load.failures.size()
        + " failed");
    assertEquals(List.of(), List.copyOf(load.failures),
        () -> "no request failed during the rolling restart; nginx says:\n" + quietly(() -> errorLog(nginxPrefix)));
  }
}
