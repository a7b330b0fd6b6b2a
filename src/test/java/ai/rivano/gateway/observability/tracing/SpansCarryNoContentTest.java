package ai.rivano.gateway.observability.tracing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static ai.rivano.gateway.observability.tracing.SpanTrees.named;
import static ai.rivano.gateway.observability.tracing.SpanTrees.server;
import static ai.rivano.gateway.observability.tracing.SpanTrees.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a span may say about guardrails: which step decided what, which entity types and policies fired, the score.
 * What it never says: the prompt, the answer, a PII value, a provider key or the collector's credentials. Checked on
 * every name, attribute, event and status text of every span of a redacted request and of a blocked one.
 */
@ExtendWith(VertxExtension.class)
class SpansCarryNoContentTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String PHONE = "+1 415 555 0132";
  private static final String SSN = "287-65-4321";
  private static final String PROMPT = "my favourite colour is teal";
  private static final String ANSWER_EMAIL = "bob.smith@corp.example";
  private static final String ANSWER = "noted, teal it is";
  private static final String PROVIDER_KEY = "sk-SECRETprovider123";
  private static final String COLLECTOR_TOKEN = "SECRETcollector456";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private TestGateway gateway;

  @AfterEach
  void drain() {
    if (gateway != null) {
      gateway.drain();
    }
  }

  @Test
  void spansNameTypesAndDecisionsButNeverValuesContentOrKeys(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx,
        Behaviors.openAiChat("gpt-4o", ANSWER + ", write to " + ANSWER_EMAIL));
    gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: %s, baseUrl: "%s/v1" }
          tracing:
            otlp: { endpoint: "http://127.0.0.1:9/v1/traces", headers: { Authorization: "Bearer %s" } }
        policies:
          - { name: mask-contact, phase: request, condition: { type: pii_detected, entities: [email, phone] },
              action: redact, redactionStrategy: mask }
          - { name: block-ssn, phase: request, condition: { type: pii_detected, entities: [ssn] }, action: block }
          - { name: mask-answer-email, phase: response, condition: { type: pii_detected, entities: [email] },
              action: redact, redactionStrategy: mask }
        """.formatted(PROVIDER_KEY, openai.baseUrl(), COLLECTOR_TOKEN), exporter);
    Http http = new Http(vertx);

    Http.Response redacted = http.postJson(gateway.url("/v1/chat/completions"),
        Http.chatRequest("gpt-4o", PROMPT + "; mail " + EMAIL + " or call " + PHONE),
        Http.headers("X-Rivano-Agent", "billing-bot"));
    assertEquals(200, redacted.status(), redacted.text());
    assertFalse(openai.last().body().toString().contains(EMAIL), "the policy really redacted");
    Http.Response blocked = http.postJson(gateway.url("/v1/chat/completions"),
        Http.chatRequest("gpt-4o", PROMPT + ", my SSN is " + SSN));
    assertEquals(403, blocked.status(), blocked.text());

    List<SpanData> first = trace(gateway, exporter, redacted.header("X-Rivano-Trace-Id").substring("trace_".length()));
    List<SpanData> second = trace(gateway, exporter, blocked.header("X-Rivano-Trace-Id").substring("trace_".length()));

    // what the spans do say
    assertEquals(List.of("email", "phone"), named(first, "pii").getAttributes().get(SpanKeys.PII_ENTITIES));
    assertEquals(List.of("mask-contact:redact"),
        named(first, "request-policies").getAttributes().get(SpanKeys.POLICIES_FIRED));
    assertEquals("redacted", named(first, "request-policies").getAttributes().get(SpanKeys.GUARDRAIL_DECISION));
    assertEquals("redacted", server(first).getAttributes().get(SpanKeys.DECISION));
    assertEquals("billing-bot", server(first).getAttributes().get(SpanKeys.AGENT));
    assertEquals(List.of("ssn"), named(second, "pii").getAttributes().get(SpanKeys.PII_ENTITIES));
    assertEquals("blocked", named(second, "request-policies").getAttributes().get(SpanKeys.GUARDRAIL_DECISION));
    assertEquals(List.of("block-ssn:block"), server(second).getAttributes().get(SpanKeys.POLICIES_FIRED));

    // and what they never say
    List<String> texts = new ArrayList<>();
    for (SpanData span : concat(first, second)) {
      texts.add(span.getName());
      span.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
      span.getEvents().forEach(e -> {
        texts.add(e.getName());
        e.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
      });
      texts.add(span.getStatus().getDescription());
      span.getResource().getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
    }
    assertTrue(texts.size() > 50, "enough to look at: " + texts);
    for (String secret : List.of(EMAIL, "jane.doe", PHONE, "555 0132", SSN, PROMPT, "teal", ANSWER_EMAIL,
        "bob.smith", ANSWER, PROVIDER_KEY, "SECRET", COLLECTOR_TOKEN, "Bearer")) {
      for (String text : texts) {
        assertFalse(text.contains(secret), "\"" + secret + "\" exported in: " + text);
      }
    }
  }

  private static List<SpanData> concat(List<SpanData> a, List<SpanData> b) {
    List<SpanData> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
