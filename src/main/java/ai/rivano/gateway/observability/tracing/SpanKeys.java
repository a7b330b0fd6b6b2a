package ai.rivano.gateway.observability.tracing;

import io.opentelemetry.api.common.AttributeKey;

import java.util.List;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

/**
 * Every attribute a gateway span can carry: OpenTelemetry semantic-convention names where one fits (HTTP, server,
 * GenAI usage), {@code rivano.*} for the rest. The list is closed on purpose: nothing here can hold message content,
 * a PII value, a client address or a credential (docs/operations.md, "What is never exported").
 */
final class SpanKeys {

  // the request (SERVER span)
  static final AttributeKey<String> HTTP_METHOD = stringKey("http.request.method");
  static final AttributeKey<String> URL_PATH = stringKey("url.path");
  static final AttributeKey<Long> HTTP_STATUS = longKey("http.response.status_code");
  static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> PROVIDER = stringKey("rivano.provider");
  static final AttributeKey<String> DECISION = stringKey("rivano.decision");
  static final AttributeKey<String> DIALECT = stringKey("rivano.dialect");
  static final AttributeKey<Boolean> CACHE_HIT = booleanKey("rivano.cache.hit");
  static final AttributeKey<Boolean> STREAM = booleanKey("rivano.stream");
  static final AttributeKey<Boolean> FALLBACK_USED = booleanKey("rivano.fallback_used");
  static final AttributeKey<Boolean> SUCCESS = booleanKey("rivano.success");
  static final AttributeKey<Long> ATTEMPTS = longKey("rivano.attempts");
  static final AttributeKey<Double> COST_USD = doubleKey("rivano.cost_usd");
  static final AttributeKey<String> AGENT = stringKey("rivano.agent");

  // guardrail decisions (on the request span in total, on each step's span for its own part)
  static final AttributeKey<Double> INJECTION_SCORE = doubleKey("rivano.injection.score");
  static final AttributeKey<List<String>> PII_ENTITIES = stringArrayKey("rivano.pii.entities");
  static final AttributeKey<List<String>> POLICIES_FIRED = stringArrayKey("rivano.policies.fired");
  static final AttributeKey<String> GUARDRAIL_PHASE = stringKey("rivano.guardrail.phase");
  static final AttributeKey<String> GUARDRAIL_DECISION = stringKey("rivano.guardrail.decision");

  // an upstream attempt (CLIENT span)
  static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
  static final AttributeKey<String> ATTEMPT_KIND = stringKey("rivano.attempt.kind");
  static final AttributeKey<String> ATTEMPT_OUTCOME = stringKey("rivano.attempt.outcome");
  static final AttributeKey<String> MODEL = stringKey("rivano.model");

  // a stream rescue (INTERNAL span)
  static final AttributeKey<String> RESCUE_FROM = stringKey("rivano.rescue.from");
  static final AttributeKey<String> RESCUE_TO = stringKey("rivano.rescue.to");
  static final AttributeKey<Long> RESCUE_CHARS_SENT = longKey("rivano.rescue.chars_sent");
  static final AttributeKey<String> RESCUE_REASON = stringKey("rivano.rescue.reason");
  static final AttributeKey<String> RESCUE_OUTCOME = stringKey("rivano.rescue.outcome");

  private SpanKeys() {
  }
}
