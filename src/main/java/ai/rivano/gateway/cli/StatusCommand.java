package ai.rivano.gateway.cli;

import ai.rivano.gateway.bus.Messages.ClusterReport;
import ai.rivano.gateway.bus.Messages.StatusReport;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code rivano-gateway status [--port N]}: asks the gateway on loopback and prints the status lines. Exit 0
 * running, 3 stopped (LSB), 4 when something else answers on that port.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Show whether the gateway is running, and its figures.")
final class StatusCommand implements Callable<Integer> {

  static final int EXIT_STOPPED = 3;
  static final int EXIT_UNKNOWN = 4;

  @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080",
      description = "Port of the gateway to ask (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--json", description = "Print the status as JSON (for scripts and monitoring)")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_rivano/status"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      System.out.println(json ? new JsonObject().put("status", "stopped").encode() : "Gateway status: stopped");
      return EXIT_STOPPED;
    }
    StatusReport report;
    ClusterReport cluster;
    JsonObject body;
    try {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("status " + response.statusCode());
      }
      body = new JsonObject(response.body());
      report = StatusReport.fromJson(body);
      cluster = body.containsKey("cluster") ? ClusterReport.fromJson(body.getJsonObject("cluster")) : null;
    } catch (RuntimeException e) {
      System.out.println(json ? new JsonObject().put("status", "unknown").encode()
          : "Gateway status: unknown (port " + port + " answered, but not as a Rivano gateway)");
      return EXIT_UNKNOWN;
    }
    if (json) {
      System.out.println(new JsonObject().put("status", "running").mergeIn(body).encodePrettily());
    } else {
      StatusLines.of(report, cluster).forEach(System.out::println);
    }
    return 0;
  }
}
