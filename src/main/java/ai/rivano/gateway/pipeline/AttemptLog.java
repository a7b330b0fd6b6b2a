package ai.rivano.gateway.pipeline;

import ai.rivano.gateway.audit.AuditRecord.Attempt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Every upstream attempt of one request, in order: for the audit record and the "every provider failed" message. */
public final class AttemptLog {

  private final List<Attempt> attempts = new ArrayList<>(2);

  public void add(String provider, String outcome, long durationMs) {
    attempts.add(new Attempt(provider, outcome, durationMs));
  }

  public List<Attempt> all() {
    return attempts;
  }

  /** e.g. {@code openai: http_503 (2 attempts), anthropic: first_event_timeout (1 attempt)}. */
  public String outcomesByProvider() {
    Map<String, Attempt> last = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Attempt attempt : attempts) {
      last.put(attempt.provider(), attempt);
      counts.merge(attempt.provider(), 1, Integer::sum);
    }
    StringJoiner out = new StringJoiner(", ");
    last.forEach((provider, attempt) -> out.add(provider + ": " + attempt.outcome() + " (" + counts.get(provider)
        + (counts.get(provider) == 1 ? " attempt)" : " attempts)")));
    return out.toString();
  }
}
