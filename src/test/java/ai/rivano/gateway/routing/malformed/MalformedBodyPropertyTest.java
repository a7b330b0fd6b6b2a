package ai.rivano.gateway.routing.malformed;

import ai.rivano.gateway.routing.RequestShape;
import ai.rivano.gateway.routing.malformed.MalformedBodies.Dialect;
import ai.rivano.gateway.routing.malformed.MalformedBodies.Outcome;
import ai.rivano.gateway.routing.malformed.MalformedBodies.Provider;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: a valid request of any dialect (streaming or not), damaged by one to three random mutations (a field
 * set to an arbitrary JSON value or removed, the text cut, a character inserted), sent to any provider kind, is
 * answered within {@link MalformedBodies#BOUND} with a success or a 4xx carrying a JSON error message: never a
 * hang, a 5xx or a stack trace. When the damage gives a field the wrong JSON type ({@link RequestShape}) and the
 * gateway reads the body itself (echo, translation), the answer is the 400 naming that field.
 */
class MalformedBodyPropertyTest {

  private static MalformedBodies.Setup setup;

  /** One request: where it goes and what it carries. */
  record Attempt(Dialect dialect, Provider provider, String body) {
  }

  @BeforeContainer
  static void start() {
    setup = new MalformedBodies.Setup();
  }

  @AfterContainer
  static void stop() {
    setup.close();
  }

  @Property(tries = 200)
  void echoAndSameDialectProvidersAnswerAnyDamagedBodyInTime(@ForAll("untranslated") Attempt attempt) {
    assertAnsweredCleanly(attempt, attempt.provider() == Provider.ECHO);
  }

  /** Translated requests are type-checked before translation: a wrong type is a 400, never coerced or a hang. */
  @Property(tries = 200)
  void translatedRequestsAnswerAnyDamagedBodyInTime(@ForAll("translated") Attempt attempt) {
    assertAnsweredCleanly(attempt, true);
  }

  /** @param gatewayReads the gateway reads the body itself, so a wrong type must be its own 400 */
  private static void assertAnsweredCleanly(Attempt attempt, boolean gatewayReads) {
    Outcome outcome = setup.send(attempt.dialect(), attempt.provider(), attempt.body().getBytes(StandardCharsets.UTF_8));
    String where = attempt.provider() + " | " + attempt.dialect() + " | " + attempt.body();
    String wrongType = gatewayReads ? wrongType(attempt) : null;
    if (wrongType != null) {
      assertNull(MalformedBodies.notAClear400(outcome), where);
      String message = new JsonObject(outcome.body()).getJsonObject("error").getString("message");
      assertTrue(message.contains(wrongType), where + " → " + outcome + " should name the field: " + wrongType);
      return;
    }
    if (outcome.status() == 200) {
      return;
    }
    if (outcome.status() > 400 && outcome.status() < 500) {
      outcome = new Outcome(400, outcome.body(), false); // any 4xx is the client's; its body must still be clear
    }
    assertNull(MalformedBodies.notAClear400(outcome), where);
  }

  /** What {@link RequestShape} says about the body, if it is a JSON object on a chat path echo serves. */
  private static String wrongType(Attempt attempt) {
    if (attempt.provider() == Provider.ECHO && attempt.dialect() == Dialect.GEMINI) {
      return null; // echo does not serve Gemini: a 400 of its own, whatever the body
    }
    try {
      return RequestShape.problem(attempt.dialect().format, new JsonObject(attempt.body()));
    } catch (RuntimeException notAnObject) {
      return null;
    }
  }

  @Provide
  Arbitrary<Attempt> untranslated() {
    return attempts(false);
  }

  @Provide
  Arbitrary<Attempt> translated() {
    return attempts(true);
  }

  private static Arbitrary<Attempt> attempts(boolean translated) {
    return Arbitraries.of(Dialect.values()).flatMap(dialect -> {
      List<Provider> providers = Arrays.stream(Provider.values())
          .filter(p -> p.translates(dialect) == translated).toList();
      return Arbitraries.of(providers).flatMap(provider -> Arbitraries.of(dialect.valid, streaming(dialect))
          .flatMap(start -> mutations(dialect).list().ofMinSize(1).ofMaxSize(3).map(steps -> {
            String body = start;
            for (UnaryOperator<String> step : steps) {
              body = step.apply(body);
            }
            return new Attempt(dialect, provider, body);
          })));
    });
  }

  /** The valid body asking for a stream (with usage, in OpenAI's dialect): streams take another path. */
  private static String streaming(Dialect dialect) {
    JsonObject body = new JsonObject(dialect.valid);
    if (dialect == Dialect.OPENAI) {
      body.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));
    } else if (dialect == Dialect.ANTHROPIC) {
      body.put("stream", true);
    }
    return body.encode();
  }

  // ---- mutations --------------------------------------------------------------------------------------------------

  /** The places of each dialect's body worth damaging, as paths ({@code messages[0].content}). */
  private static List<String> fields(Dialect dialect) {
    return switch (dialect) {
      case OPENAI -> List.of("model", "stream", "stream_options", "stream_options.include_usage", "messages",
          "messages[0]", "messages[0].role", "messages[0].content", "messages[0].content[0]", "temperature",
          "max_tokens", "n", "stop", "tools", "tools[0]", "tool_choice", "response_format", "user");
      case ANTHROPIC -> List.of("model", "stream", "max_tokens", "system", "system[0]", "messages", "messages[0]",
          "messages[0].role", "messages[0].content", "messages[0].content[0]", "temperature", "top_k",
          "stop_sequences", "tools", "metadata");
      case GEMINI -> List.of("contents", "contents[0]", "contents[0].role", "contents[0].parts",
          "contents[0].parts[0]", "contents[0].parts[0].text", "generationConfig", "generationConfig.temperature",
          "systemInstruction", "tools", "safetySettings");
    };
  }

  private static Arbitrary<UnaryOperator<String>> mutations(Dialect dialect) {
    Arbitrary<String> field = Arbitraries.of(fields(dialect));
    Arbitrary<UnaryOperator<String>> set = field.flatMap(path -> jsonValues(2).map(value -> body -> set(body, path, value)));
    Arbitrary<UnaryOperator<String>> remove = field.map(path -> body -> set(body, path, Removed.INSTANCE));
    Arbitrary<UnaryOperator<String>> cut = Arbitraries.doubles().between(0, 1)
        .map(at -> body -> body.substring(0, (int) (body.length() * at)));
    Arbitrary<UnaryOperator<String>> insert = Arbitraries.doubles().between(0, 1).flatMap(at ->
        Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', ' ', 'x', '1')
            .map(c -> body -> {
              int i = (int) (body.length() * at);
              return body.substring(0, i) + c + body.substring(i);
            }));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, set), net.jqwik.api.Tuple.of(2, remove),
        net.jqwik.api.Tuple.of(1, cut), net.jqwik.api.Tuple.of(1, insert));
  }

  /** Arbitrary JSON values, nested up to {@code depth}. */
  private static Arbitrary<Object> jsonValues(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
        Arbitraries.of("true", "user", "text", "", "0").map(s -> (Object) s),
        Arbitraries.integers().between(-3, 100_000).map(i -> (Object) i),
        Arbitraries.doubles().between(-1e6, 1e6).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(Null.INSTANCE));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> array = jsonValues(depth - 1).list().ofMaxSize(3)
        .map(items -> {
          JsonArray a = new JsonArray();
          items.forEach(item -> a.add(item == Null.INSTANCE ? null : item));
          return (Object) a;
        });
    Arbitrary<Object> object = Arbitraries.maps(Arbitraries.of("type", "text", "role", "content", "x"),
        jsonValues(depth - 1)).ofMaxSize(3).map(map -> {
          JsonObject o = new JsonObject();
          map.forEach((k, v) -> o.put(k, v == Null.INSTANCE ? null : v));
          return (Object) o;
        });
    return Arbitraries.oneOf(leaf, leaf, array, object);
  }

  private enum Null { INSTANCE }

  private enum Removed { INSTANCE }

  /** {@code body} with the value at {@code path} replaced (or removed); the body unchanged when it is not JSON. */
  private static String set(String body, String path, Object value) {
    JsonObject root;
    try {
      root = new JsonObject(body);
    } catch (RuntimeException notJson) {
      return body;
    }
    String[] steps = path.split("\\.");
    Object node = root;
    for (int i = 0; i < steps.length; i++) {
      String step = steps[i];
      int bracket = step.indexOf('[');
      String name = bracket < 0 ? step : step.substring(0, bracket);
      Integer index = bracket < 0 ? null : Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
      boolean last = i == steps.length - 1;
      if (!(node instanceof JsonObject object)) {
        return root.encode();
      }
      if (index == null) {
        if (last) {
          put(object, name, value);
          return root.encode();
        }
        node = object.getValue(name);
        continue;
      }
      if (!(object.getValue(name) instanceof JsonArray array) || array.size() <= index) {
        return root.encode();
      }
      if (last) {
        if (value == Removed.INSTANCE) {
          array.remove((int) index);
        } else {
          array.set(index, value == Null.INSTANCE ? null : value);
        }
        return root.encode();
      }
      node = array.getValue(index);
    }
    return root.encode();
  }

  private static void put(JsonObject object, String name, Object value) {
    if (value == Removed.INSTANCE) {
      object.remove(name);
    } else {
      object.put(name, value == Null.INSTANCE ? null : value);
    }
  }
}
