package ai.rivano.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The files under {@code deploy/}. There is no Docker engine or systemd here, so: every YAML file parses, the
 * Compose/Dockerfile/unit/Kubernetes content is what the deployment page documents, every rivano.yaml shipped
 * validates, and the systemd {@code ExecStart} and the Dockerfile {@code CMD} really run (from an
 * {@code install.sh} into a temp root), serve {@code /health} and exit 0 on SIGTERM.
 */
class DeploymentFilesIT {

  static final Path DEPLOY = Cli.LAUNCHER.getParent().getParent();
  static final Map<String, String> TEST_KEYS = Map.of(
      "OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY", "sk-ant-test", "RIVANO_API_KEY", "rv_test");

  @TempDir
  Path tmp;

  // ---- static checks ------------------------------------------------------------------------------------------

  @Test
  void everyYamlFileUnderDeployParses() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(DEPLOY)) {
      files = walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 9, files::toString);
    for (Path file : files) {
      List<Object> docs = yamlDocuments(file);
      assertFalse(docs.isEmpty(), file + " is empty");
      docs.forEach(d -> assertTrue(d instanceof Map, file + ": every document is a mapping"));
    }
  }

  @Test
  void composeFileIsTheDocumentedOne() throws IOException {
    JsonObject compose = yaml(DEPLOY.resolve("docker/docker-compose.yml"));
    assertEquals("3.8", compose.getString("version"));
    JsonObject gw = compose.getJsonObject("services").getJsonObject("rivano-gateway");
    assertEquals("my-rivano-gateway", gw.getString("image"));
    assertEquals(new JsonArray().add("8080:8080"), gw.getJsonArray("ports"));
    assertEquals(new JsonObject().put("OPENAI_API_KEY", "${OPENAI_API_KEY}")
        .put("ANTHROPIC_API_KEY", "${ANTHROPIC_API_KEY}").put("RIVANO_API_KEY", "${RIVANO_API_KEY}"),
        gw.getJsonObject("environment"));
    assertEquals(new JsonArray().add("./rivano.yaml:/app/rivano.yaml:ro"), gw.getJsonArray("volumes"));
    assertEquals("unless-stopped", gw.getString("restart"));
    JsonObject hc = gw.getJsonObject("healthcheck");
    assertEquals(new JsonArray().add("CMD").add("curl").add("-f").add("http://localhost:8080/health"), hc.getJsonArray("test"));
    assertEquals("30s", hc.getString("interval"));
    assertEquals("5s", hc.getString("timeout"));
    assertEquals(3, hc.getInteger("retries"));
  }

  @Test
  void clusterComposeHasThreeNodesBehindNginxAndAConsistentMemberList() throws Exception {
    JsonObject compose = yaml(DEPLOY.resolve("docker/docker-compose.cluster.yml"));
    JsonObject services = compose.getJsonObject("services");
    List<String> nodes = List.of("gateway-1", "gateway-2", "gateway-3");
    for (String node : nodes) {
      JsonObject s = services.getJsonObject(node);
      assertNotNull(s, node);
      assertEquals("my-rivano-gateway", s.getString("image"), node + " (YAML merge key resolved)");
      assertEquals(new JsonArray().add("CMD").add("curl").add("-f").add("http://localhost:8080/health"),
          s.getJsonObject("healthcheck").getJsonArray("test"));
    }
    JsonObject vip = services.getJsonObject("vip");
    assertTrue(vip.getString("image").startsWith("nginx"));
    assertEquals(new JsonArray().add("8080:8080"), vip.getJsonArray("ports"));
    String trustedIp = vip.getJsonObject("networks").getJsonObject("rivano").getString("ipv4_address");

    String nginx = Files.readString(DEPLOY.resolve("docker/nginx.conf"));
    for (String node : nodes) {
      assertTrue(nginx.contains("server " + node + ":8080"), "nginx upstream lists " + node);
    }
    assertTrue(nginx.contains("proxy_buffering off"), "streams must not be buffered by the VIP");
    assertEquals(count(nginx, '{'), count(nginx, '}'), "nginx.conf braces balance");

    assertFalse(nginx.matches("(?s).*\\n\\s*keepalive\\s.*"), "no idle upstream connections (rolling restarts)");

    // The member list form: no Hazelcast XML to keep in step with the services.
    JsonObject gatewayYaml = yaml(DEPLOY.resolve("docker/cluster/rivano.yaml")).getJsonObject("gateway");
    assertEquals(new JsonArray().add(trustedIp), gatewayYaml.getJsonArray("trustedProxies"));
    JsonObject cluster = gatewayYaml.getJsonObject("cluster");
    assertTrue(cluster.getBoolean("enabled"));
    assertEquals(new JsonArray(nodes), cluster.getJsonArray("members"));
    assertFalse(cluster.containsKey("configFile"));
  }

  @Test
  void dockerfileBuildsFromSourceAndRunsTheDocumentedCommand() throws IOException {
    List<String> lines = dockerfileInstructions();
    assertEquals(List.of("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre"),
        lines.stream().filter(l -> l.startsWith("FROM ")).toList());
    assertTrue(lines.contains("WORKDIR /app"));
    assertTrue(lines.contains("COPY rivano.yaml ./"));
    assertTrue(lines.contains("EXPOSE 8080"));
    assertEquals("CMD [\"rivano-gateway\", \"start\", \"--file\", \"/app/rivano.yaml\"]", last(lines, "CMD "));
    String all = String.join("\n", lines);
    assertTrue(all.contains("apt-get install -y --no-install-recommends curl"), "curl for the healthcheck");
    assertTrue(all.contains("/opt/rivano/lib/rivano-gateway.jar"));
    assertTrue(all.contains("ln -s /opt/rivano/bin/rivano-gateway /usr/local/bin/rivano-gateway"));
    assertFalse(all.matches("(?s).*(sk-|rv_)[A-Za-z0-9]{6,}.*"), "no key is baked into the image");
  }

  @Test
  void systemdUnitIsTheDocumentedOne() throws IOException {
    assertEquals("""
        [Unit]
        Description=Rivano Gateway
        After=network.target

        [Service]
        Type=simple
        User=rivano
        WorkingDirectory=/etc/rivano
        ExecStart=/usr/local/bin/rivano-gateway start --file /etc/rivano/rivano.yaml
        Restart=on-failure
        RestartSec=5
        EnvironmentFile=/etc/rivano/env

        [Install]
        WantedBy=multi-user.target
        """, Files.readString(DEPLOY.resolve("systemd/rivano-gateway.service")));
  }

  @Test
  void kubernetesManifestsWireProbeSecretAndConfig() throws IOException {
    Map<String, JsonObject> byKind = new HashMap<>();
    Map<String, JsonObject> services = new HashMap<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (Object doc : yamlDocuments(f)) {
          JsonObject o = toJson(doc);
          byKind.put(o.getString("kind"), o);
          if ("Service".equals(o.getString("kind"))) {
            services.put(o.getJsonObject("metadata").getString("name"), o);
          }
        }
      }
    }
    byKind.put("Service", services.get("rivano-gateway"));
    JsonObject pod = byKind.get("Deployment").getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
    JsonObject container = pod.getJsonArray("containers").getJsonObject(0);
    JsonObject readiness = container.getJsonObject("readinessProbe").getJsonObject("httpGet");
    assertEquals("/health", readiness.getString("path"));
    assertEquals("rivano-gateway-keys", container.getJsonArray("envFrom").getJsonObject(0)
        .getJsonObject("secretRef").getString("name"));
    assertEquals(byKind.get("Secret").getJsonObject("metadata").getString("name"), "rivano-gateway-keys");
    assertEquals(new JsonArray().add("rivano-gateway").add("start").add("--file").add("/app/rivano.yaml"),
        container.getJsonArray("args"));
    assertEquals("/app/rivano.yaml", container.getJsonArray("volumeMounts").getJsonObject(0).getString("mountPath"));
    assertEquals(byKind.get("ConfigMap").getJsonObject("metadata").getString("name"),
        pod.getJsonArray("volumes").getJsonObject(0).getJsonObject("configMap").getString("name"));
    assertTrue(pod.getInteger("terminationGracePeriodSeconds") > 30, "longer than the 30 s drain");
    JsonObject service = byKind.get("Service").getJsonObject("spec");
    assertEquals(byKind.get("Deployment").getJsonObject("spec").getJsonObject("selector").getJsonObject("matchLabels"),
        service.getJsonObject("selector"));

    // Cluster: a headless Service over the same pods (not-ready ones included, so a starting pod can join) on the
    // Hazelcast port, named in the mounted Hazelcast file's DNS discovery.
    JsonObject headless = services.get("rivano-gateway-hz").getJsonObject("spec");
    assertEquals("None", headless.getString("clusterIP"));
    assertTrue(headless.getBoolean("publishNotReadyAddresses"));
    assertEquals(service.getJsonObject("selector"), headless.getJsonObject("selector"));
    assertEquals(5701, headless.getJsonArray("ports").getJsonObject(0).getInteger("port"));
    JsonObject data = byKind.get("ConfigMap").getJsonObject("data");
    com.hazelcast.config.Config hz;
    try (InputStream in = new java.io.ByteArrayInputStream(data.getString("hazelcast.xml").getBytes())) {
      hz = new com.hazelcast.config.XmlConfigBuilder(in).build();
    }
    var kubernetes = hz.getNetworkConfig().getJoin().getKubernetesConfig();
    assertTrue(kubernetes.isEnabled());
    assertTrue(kubernetes.getProperty("service-dns").startsWith("rivano-gateway-hz."), kubernetes.toString());
    assertEquals("/app/hazelcast.xml", container.getJsonArray("volumeMounts").getJsonObject(1).getString("mountPath"));
  }

  @Test
  void everyShippedRivanoYamlValidates() throws IOException {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("quickstart", Files.readString(DEPLOY.resolve("quickstart/rivano.yaml")));
    configs.put("cluster", Files.readString(DEPLOY.resolve("docker/cluster/rivano.yaml")));
    configs.put("kubernetes", yaml(DEPLOY.resolve("kubernetes/configmap.yaml")).getJsonObject("data").getString("rivano.yaml"));
    for (Map.Entry<String, String> c : configs.entrySet()) {
      Path dir = Files.createDirectories(tmp.resolve(c.getKey()));
      String config = c.getValue();
      if (config.contains("/app/hazelcast.xml")) { // the Kubernetes ConfigMap mounts its own Hazelcast file there
        Path hazelcast = Cli.write(dir.resolve("hazelcast.xml"), yaml(DEPLOY.resolve("kubernetes/configmap.yaml"))
            .getJsonObject("data").getString("hazelcast.xml"));
        config = config.replace("/app/hazelcast.xml", hazelcast.toString());
      }
      Cli.write(dir.resolve("rivano.yaml"), config);
      Cli.Result r = Cli.run(dir, TEST_KEYS, Cli.launcher("validate", "--file", "rivano.yaml"));
      assertEquals(0, r.exitCode(), () -> c.getKey() + ": " + r);
      assertEquals(List.of("✔ rivano.yaml is valid"), r.outLines(), c.getKey());
    }
  }

  // ---- install.sh, then the unit's ExecStart and the image's CMD as real processes ----------------------------

  @Test
  void installThenRunSystemdExecStartAndDockerCmd() throws Exception {
    Path root = tmp.resolve("root");
    Cli.Result install = Cli.run(tmp, Map.of("DESTDIR", root.toString()), List.of(DEPLOY.resolve("install.sh").toString()));
    assertEquals(0, install.exitCode(), install::toString);
    Path bin = root.resolve("usr/local/bin/rivano-gateway");
    assertTrue(Files.isSymbolicLink(bin), "install links /usr/local/bin/rivano-gateway");
    assertEquals(root.resolve("opt/rivano/bin/rivano-gateway").toRealPath(), bin.toRealPath());
    assertEquals(Files.size(Cli.JAR), Files.size(root.resolve("opt/rivano/lib/rivano-gateway.jar")));

    runSystemdUnit(root);
    runDockerCmd(root);
  }

  private void runSystemdUnit(Path root) throws Exception {
    Map<String, String> unit = new HashMap<>();
    for (String line : Files.readAllLines(DEPLOY.resolve("systemd/rivano-gateway.service"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        unit.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    int port = Cli.freePort();
    Path workDir = Files.createDirectories(mapped(root, unit.get("WorkingDirectory")));
    Cli.write(workDir.resolve("rivano.yaml"), Cli.echoConfig());
    // EnvironmentFile= feeds the process environment; here it carries the port the config expands.
    Path envFile = Cli.write(mapped(root, unit.get("EnvironmentFile")), "# keys for the gateway\nPORT=" + port + "\n");
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(envFile)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    List<String> command = new ArrayList<>();
    for (String word : unit.get("ExecStart").split(" ")) {
      command.add(word.startsWith("/") ? mapped(root, word).toString() : word);
    }
    assertEquals(root.resolve("usr/local/bin/rivano-gateway").toString(), command.get(0));
    serveHealthThenSigterm(workDir, env, command, port);
  }

  private void runDockerCmd(Path root) throws Exception {
    List<String> lines = dockerfileInstructions();
    Path workDir = Files.createDirectories(mapped(root, last(lines, "WORKDIR ").substring("WORKDIR ".length())));
    // COPY rivano.yaml ./ -- the README has users copy the quickstart config; bound to loopback for the test.
    String quickstart = Files.readString(DEPLOY.resolve("quickstart/rivano.yaml"));
    Cli.write(workDir.resolve("rivano.yaml"), quickstart.replaceFirst("(?m)^gateway:\\n", "gateway:\n  host: 127.0.0.1\n"));
    JsonArray cmd = new JsonArray(last(lines, "CMD ").substring("CMD ".length()));
    // `rivano-gateway` is looked up on the PATH, as in the image: /usr/bin/env resolves it with the child's PATH
    // (ProcessBuilder would use ours) and execs it, so the PID stays the gateway's.
    List<String> command = new ArrayList<>(List.of("/usr/bin/env"));
    for (Object word : cmd) {
      String w = (String) word;
      command.add(w.startsWith("/") ? mapped(root, w).toString() : w);
    }
    int port = Cli.freePort();
    Map<String, String> env = new HashMap<>(TEST_KEYS);
    env.put("PORT", Integer.toString(port));
    env.put("PATH", root.resolve("usr/local/bin") + ":" + System.getenv("PATH"));
    serveHealthThenSigterm(workDir, env, command, port);
  }

  /** Starts the command as the service manager would, checks /health with curl, then SIGTERM → exit 0. */
  private static void serveHealthThenSigterm(Path workDir, Map<String, String> env, List<String> command, int port)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().remove("RIVANO_GATEWAY_JAR"); // the installed launcher must find its own jar
    pb.environment().putAll(env);
    try (Cli.Running gw = new Cli.Running(pb.start())) {
      gw.awaitLine("Gateway running on http://localhost:" + port);
      Cli.Result curl = Cli.run(workDir, Map.of(), List.of("curl", "-sf", "http://127.0.0.1:" + port + "/health"));
      assertEquals(0, curl.exitCode(), curl::toString);
      assertEquals("ok", new JsonObject(curl.stdout()).getString("status"));
      assertTrue(Files.exists(workDir.resolve(".rivano-gateway.pid")));
      gw.sigterm(); // as systemctl stop / docker stop send it
      assertEquals(0, gw.awaitExit(), () -> gw.stdout + " " + gw.stderr);
      assertFalse(Files.exists(workDir.resolve(".rivano-gateway.pid")));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private static Path mapped(Path root, String absolute) {
    return root.resolve(absolute.substring(1));
  }

  /** Dockerfile instructions with comments dropped and continuation lines joined. */
  private static List<String> dockerfileInstructions() throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(DEPLOY.resolve("docker/Dockerfile"))) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      out.add(current.toString().replaceAll("\\s+", " ").strip());
      current.setLength(0);
    }
    return out;
  }

  private static String last(List<String> lines, String prefix) {
    String found = null;
    for (String l : lines) {
      if (l.startsWith(prefix)) {
        found = l;
      }
    }
    assertNotNull(found, "Dockerfile has " + prefix.trim());
    return found;
  }

  private static List<Object> yamlDocuments(Path file) throws IOException {
    List<Object> docs = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Object doc : new Yaml().loadAll(r)) {
        if (doc != null) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static JsonObject yaml(Path file) throws IOException {
    List<Object> docs = yamlDocuments(file);
    assertEquals(1, docs.size(), file + " holds one document");
    return toJson(docs.get(0));
  }

  @SuppressWarnings("unchecked")
  private static JsonObject toJson(Object doc) {
    return new JsonObject((Map<String, Object>) doc);
  }

  private static int count(String s, char c) {
    Matcher m = Pattern.compile(Pattern.quote(String.valueOf(c))).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
