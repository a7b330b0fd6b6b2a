package ai.rivano.gateway.pipeline;

import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.audit.UsageMeter;
import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.middleware.content.ResponseTexts;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.pii.PiiMatch;
import ai.rivano.gateway.middleware.policy.TokenVault;
import ai.rivano.gateway.middleware.policy.PolicySet;
import ai.rivano.gateway.observability.tracing.RequestSpan;
import ai.rivano.gateway.observability.tracing.Tracing;
import ai.rivano.gateway.routing.translate.TokenUsage;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one proxied request's steps share, from the moment it arrives to its audit record: who asked
 * (client IP, agent, dialect), what they asked (the body, parsed once), the policy snapshot it runs under, what
 * the guardrails decided, which providers were tried, what it cost, and the one {@link ClientExit} through which
 * its answer leaves. One instance per request, used only on the event loop that accepted it.
 */
public final class RequestContext {

  private final HttpServerRequest request;
  private final long startNanos = System.nanoTime();
  private final Instant createdAt = Instant.now();
  private final TraceContext trace;
  /** The request's span tree when OTLP tracing is on, else null (then tracing costs this field and null checks). */
  private final RequestSpan span;
  private final String agent;
  private final PolicySet policies;
  private WireFormat clientFormat = WireFormat.OPENAI_CHAT;
  private String clientIp;

  // what was asked, once the body is in
  private ProviderConfig addressed;
  private String forwardUri;
  private String path;
  private Buffer body;
  private JsonObject json;
  private boolean stream;
  private String requestedModel;

  // what the guardrails read and decided
  private RequestTexts texts;
  private List<List<PiiMatch>> requestMatches = List.of();
  private TokenVault vault;
  private ResponseTexts answerTexts;
  private List<List<PiiMatch>> answerMatches = List.of();
  private Double injectionScore;
  private final Set<PiiEntity> piiDetected = EnumSet.noneOf(PiiEntity.class);
  private final List<PolicyFired> policiesFired = new ArrayList<>(2);
  private final List<String> warnings = new ArrayList<>(1);
  private Decision decision = Decision.ALLOWED;

  // how it was served
  private final AttemptLog attempts = new AttemptLog();
  private String provider;
  private String servedModel;
  private boolean fallbackUsed;
  private boolean cached;
  private String cacheKey;
  private UsageMeter answerUsage;
  private List<UsageMeter> rescueUsage;
  private boolean usageForced;
  private long upstreamWaitNanos;
  private long headWrittenNanos;

  private ClientExit exit;

  public RequestContext(HttpServerRequest request, String defaultProvider, PolicySet policies) {
    this(request, defaultProvider, policies, null);
  }

  /** @param tracing the node's span export, or null when tracing is off */
  public RequestContext(HttpServerRequest request, String defaultProvider, PolicySet policies, Tracing tracing) {
    this.request = request;
    String traceparent = request.getHeader(TraceContext.TRACEPARENT);
    if (tracing == null) {
      this.span = null;
      this.trace = TraceContext.from(traceparent);
    } else {
      this.span = tracing.startRequest(request.method().name(), traceparent);
      this.trace = span.trace();
    }
    this.provider = defaultProvider;
    this.policies = policies;
    String agentHeader = request.getHeader(AGENT_HEADER);
    this.agent = agentHeader == null || agentHeader.isBlank() ? null : agentHeader.trim();
  }

  /** {@code X-Rivano-Agent}: which of the caller's agents sent this, for {@code on:} policies and the audit. */
  public static final String AGENT_HEADER = "X-Rivano-Agent";

  void attach(ClientExit exit) {
    this.exit = exit;
  }

  // ---- identity -----------------------------------------------------------------------------------------------

  public HttpServerRequest request() {
    return request;
  }

  public ClientExit exit() {
    return exit;
  }

  public long startNanos() {
    return startNanos;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** {@code trace_<32 hex>}: {@code X-Rivano-Trace-Id} and the audit record's id. */
  public String traceId() {
    return trace.rivanoId();
  }

  /** The W3C trace this request belongs to (the caller's, when it sent a valid {@code traceparent}). */
  public TraceContext trace() {
    return trace;
  }

  public String agent() {
    return agent;
  }

  /** The request's spans (OTLP tracing), or null when tracing is off: every caller checks. */
  public RequestSpan span() {
    return span;
  }

  /** The policy snapshot this request started with; kept to its end even if the store swaps sets meanwhile. */
  public PolicySet policies() {
    return policies;
  }

  public WireFormat clientFormat() {
    return clientFormat;
  }

  public void clientFormat(WireFormat format) {
    this.clientFormat = format;
  }

  public String clientIp() {
    return clientIp;
  }

  public void clientIp(String ip) {
    this.clientIp = ip;
  }

  // ---- what was asked -----------------------------------------------------------------------------------------

  /** Records where the request goes and what it carries; {@code json} is the body parsed once (null if not JSON). */
  public void asked(ProviderConfig addressed, String forwardUri, String path, Buffer body, JsonObject json,
                    boolean stream, String model) {
    this.addressed = addressed;
    this.forwardUri = forwardUri;
    this.path = path;
    this.body = body;
    this.json = json;
    this.stream = stream;
    this.requestedModel = model;
  }

  public ProviderConfig addressed() {
    return addressed;
  }

  public String forwardUri() {
    return forwardUri;
  }

  /** The forwarded path without its query string (null before routing resolved it). */
  public String path() {
    return path;
  }

  public Buffer body() {
    return body;
  }

  public JsonObject json() {
    return json;
  }

  /** Replaces the body after a request step rewrote the parsed JSON (redaction): the bytes forwarded follow it. */
  public void rewriteBody(JsonObject rewritten) {
    this.json = rewritten;
    this.body = rewritten.toBuffer();
    this.texts = null; // walked again if a later step asks
  }

  public boolean stream() {
    return stream;
  }

  public String requestedModel() {
    return requestedModel;
  }

  // ---- what the guardrails read -------------------------------------------------------------------------------

  /**
   * The request's texts (every message, system prompt, tool call and tool result, with its role), walked once and
   * shared by the PII, injection and policy steps; null when the body is not a JSON object.
   */
  public RequestTexts texts() {
    if (texts == null && json != null) {
      texts = RequestTexts.of(clientFormat, json);
    }
    return texts;
  }

  /** PII found in each of {@link #texts()}'s parts (same order); empty when PII detection is off. */
  public List<List<PiiMatch>> requestMatches() {
    return requestMatches;
  }

  public void requestMatches(List<List<PiiMatch>> matches) {
    this.requestMatches = matches;
  }

  /** The request's token vault ({@code tokenize} redactions), created when first needed. */
  public TokenVault vault() {
    if (vault == null) {
      vault = new TokenVault();
    }
    return vault;
  }

  /** True when a {@code tokenize} redaction put values in the vault (they are restored in the answer). */
  public boolean hasTokens() {
    return vault != null && !vault.isEmpty();
  }

  /** A whole JSON answer's texts (walked once per answer by the first response step that needs them). */
  public ResponseTexts answerTexts(JsonObject answer) {
    if (answerTexts == null || answerTexts.body() != answer) {
      answerTexts = ResponseTexts.of(clientFormat, answer);
      answerMatches = List.of();
    }
    return answerTexts;
  }

  /** PII found in each part of {@link #answerTexts}; empty when response PII detection is off. */
  public List<List<PiiMatch>> answerMatches() {
    return answerMatches;
  }

  public void answerMatches(List<List<PiiMatch>> matches) {
    this.answerMatches = matches;
  }

  // ---- guardrail decisions ------------------------------------------------------------------------------------

  public Double injectionScore() {
    return injectionScore;
  }

  public void injectionScore(double score) {
    this.injectionScore = score;
  }

  public Set<PiiEntity> piiDetected() {
    return piiDetected;
  }

  public List<PolicyFired> policiesFired() {
    return policiesFired;
  }

  /** Texts for {@code X-Rivano-Warning}, in the order they fired. */
  public List<String> warnings() {
    return warnings;
  }

  public Decision decision() {
    return decision;
  }

  /** Raises the request's decision: blocked and rate_limited beat redacted, which beats warned, which beats allowed. */
  public void decide(Decision next) {
    if (rank(next) > rank(decision)) {
      decision = next;
    }
  }

  private static int rank(Decision d) {
    return switch (d) {
      case ALLOWED -> 0;
      case WARNED -> 1;
      case REDACTED -> 2;
      case BLOCKED, RATE_LIMITED -> 3;
    };
  }

  // ---- how it was served --------------------------------------------------------------------------------------

  public AttemptLog attempts() {
    return attempts;
  }

  /** The provider answering ({@code X-Rivano-Provider}); call before the head is written. */
  public String provider() {
    return provider;
  }

  public void servedBy(String providerName, String model, boolean fallback) {
    this.provider = providerName;
    this.servedModel = model;
    this.fallbackUsed = fallback;
  }

  public String servedModel() {
    return servedModel != null ? servedModel : requestedModel;
  }

  public boolean fallbackUsed() {
    return fallbackUsed;
  }

  public boolean cached() {
    return cached;
  }

  public void cached(boolean hit) {
    this.cached = hit;
  }

  /** The response-cache key of this request (null when it cannot be cached, e.g. a stream, or the cache is off). */
  public String cacheKey() {
    return cacheKey;
  }

  public void cacheKey(String key) {
    this.cacheKey = key;
  }

  /**
   * Meters the answer the client gets: set when an answer starts (each stream attempt replaces the one before it;
   * only the committed one is billed). Its format is the one its events are read in.
   */
  public void meterAnswer(UsageMeter meter) {
    this.answerUsage = meter;
  }

  /** Meters a rescue stream that continues the answer: its usage adds to the answer's. */
  public void meterRescue(UsageMeter meter) {
    if (rescueUsage == null) {
      rescueUsage = new ArrayList<>(1);
    }
    rescueUsage.add(meter);
  }

  /** The provider's token usage for this request, streams and rescues included; null when none was reported. */
  public TokenUsage usage() {
    TokenUsage total = null;
    if (answerUsage != null && answerUsage.reported()) {
      total = answerUsage.total();
    }
    if (rescueUsage != null) {
      for (UsageMeter meter : rescueUsage) {
        if (meter.reported()) {
          TokenUsage more = meter.total();
          total = total == null ? more : new TokenUsage(total.promptTokens() + more.promptTokens(),
              total.completionTokens() + more.completionTokens(),
              total.cachedPromptTokens() + more.cachedPromptTokens(),
              total.reasoningTokens() + more.reasoningTokens());
        }
      }
    }
    return total;
  }

  /**
   * True when the gateway asked an OpenAI-format upstream for stream usage the client did not ask for: the usage
   * chunk is read for the audit and not relayed.
   */
  public boolean usageForced() {
    return usageForced;
  }

  public void usageForced(boolean forced) {
    this.usageForced = forced;
  }

  /** Adds time spent waiting for a provider (its head, its body, its first event): not time the gateway added. */
  public void waitedUpstream(long nanos) {
    upstreamWaitNanos += Math.max(0, nanos);
  }

  void headWritten() {
    if (headWrittenNanos == 0) {
      headWrittenNanos = System.nanoTime();
    }
  }

  /**
   * What the gateway added before the client got its response head: the time to the head minus the time spent
   * waiting for providers (retries' backoff and guardrails included); -1 when no head was written.
   */
  public long addedNanos() {
    return headWrittenNanos == 0 ? -1 : Math.max(0, headWrittenNanos - startNanos - upstreamWaitNanos);
  }

  public long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
