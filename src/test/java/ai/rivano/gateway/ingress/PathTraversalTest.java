package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.RawClient;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A path that climbs out of the provider's base path is refused with 400 before anything is forwarded: the stub
 * behind an Azure-style base URL (a deployment path) records every request that reaches it, and none may.
 * Requests are written on a raw socket so no client library normalises the path first.
 */
class PathTraversalTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private static Vertx vertx;
  private static UpstreamStub stub;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            azure: { apiKey: sk-azure-test, baseUrl: "%s/openai/deployments/gpt4", isPrimary: true }
            openai: { apiKey: sk-test, baseUrl: "%s/v1" }
          middleware: { rateLimit: 0 }
        """.formatted(stub.baseUrl(), stub.baseUrl()));
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @BeforeEach
  void clear() {
    stub.reset();
  }

  private static RawClient.Response get(String target) {
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send("GET " + target + " HTTP/1.1\r\nHost: gw\r\n\r\n");
      return client.readResponse(BOUND);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/openai/../../admin",
      "/openai/v1/../../../admin",
      "/v1/..",
      "/v1/%2e%2e/%2e%2e/admin",
      "/v1/%2E%2e/admin",
      "/v1/.%2E/admin",
      "/v1/%2e/models",
      "/v1/./models",
      "/v1/..;/admin",
      "/v1/models%2f..%2f..%2fadmin",
      "/v1/models%2F..%2Fadmin",
      "/v1/models%5c..%5cadmin",
      "/v1/models\\..\\admin",
      "/v1/%252e%252e/admin",
      "/v1/models%00.json",
      "/v1/bad%zzescape",
      "/v1/models?q=1/../x&p=/..%2f",
  })
  void climbingPathsAre400AndNeverForwarded(String target) {
    RawClient.Response response = get(target);
    if (target.contains("?q=")) {
      assertEquals(200, response.status(), "dots in the query string are data, not path: " + response.body());
      return;
    }
    assertEquals(400, response.status(), target + " → " + response.body());
    assertTrue(response.body().contains("the request path must not contain"), response.body());
    assertEquals(0, stub.count(), "forwarded: " + (stub.count() > 0 ? stub.last().uri() : ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/v1/models",
      "/openai/v1/models",
      "/v1/models/ft:gpt-4o:org::abc123",
      "/v1/files/file-abc/content",
      "/v1/models/my%20model",
      "/v1/.well-known/x",
      "/v1/models/...",
  })
  void ordinaryPathsStillReachTheProvider(String target) {
    RawClient.Response response = get(target);
    assertEquals(200, response.status(), target + " → " + response.body());
    assertEquals(1, stub.count());
    assertTrue(stub.last().uri().startsWith("/openai/deployments/gpt4/") || stub.last().uri().startsWith("/v1/"),
        stub.last().uri());
  }
}
