package ai.rivano.gateway.routing.malformed;

import ai.rivano.gateway.routing.malformed.MalformedBodies.Case;
import ai.rivano.gateway.routing.malformed.MalformedBodies.Outcome;
import ai.rivano.gateway.routing.malformed.MalformedBodies.Provider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every malformed or type-confused body, in every dialect, to every provider kind, is answered within
 * {@link MalformedBodies#BOUND}: a 400 with a clear JSON error message, never a hang, a 5xx or a success built from
 * a misread body. Bodies that are not JSON at all never reach an upstream.
 *
 * <p>Chat bodies are type-checked ({@code RequestShape}) before they are translated, rewritten or echoed, so a
 * wrong type is the client's 400 for every provider, never skipped, coerced or thrown inside a callback; an empty
 * or blank chat body is refused before it is forwarded.
 */
class MalformedBodySuiteTest {



  private static MalformedBodies.Setup setup;

  @BeforeAll
  static void start() {
    setup = new MalformedBodies.Setup();
  }

  @AfterAll
  static void stop() {
    setup.close();
  }

  private static String key(Provider provider, Case c) {
    return provider + " | " + c;
  }

  private static Stream<DynamicTest> clear400s(Predicate<String> selected) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : MalformedBodies.corpus()) {
      for (Provider provider : Provider.values()) {
        String key = key(provider, c);
        if (selected.test(key)) {
          tests.add(DynamicTest.dynamicTest(key, () -> {
            Outcome outcome = setup.send(c, provider);
            assertNull(MalformedBodies.notAClear400(outcome), key);
          }));
        }
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyMalformedBodyIsAClear400InTime() {
    return clear400s(key -> true);
  }

  /**
   * Gemini takes the model in the URL path: an OpenAI request's {@code model} must not be able to change which
   * upstream path gets the operator's key ({@code ../../} would reach {@code /v1beta/models/../../…}; a newline
   * would make the request unsendable, 502). Either refused with 400, or sent where it belongs.
   */
  @TestFactory
  Stream<DynamicTest> aModelNameNeverChangesTheGeminiPath() {
    return Stream.of("../../../v1/files", "x/../../admin", "a\nb", "gemini?key=1", "m#frag").map(model ->
        DynamicTest.dynamicTest("model " + model, () -> {
          int before = setup.gemini.count();
          Outcome outcome = setup.send(MalformedBodies.Dialect.OPENAI, Provider.GOOGLE,
              MalformedBodies.with(MalformedBodies.Dialect.OPENAI.valid, "model",
                  new io.vertx.core.json.JsonArray().add(model).encode().replaceAll("^\\[|]$", ""))
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          if (setup.gemini.count() > before) {
            String uri = setup.gemini.last().uri();
            org.junit.jupiter.api.Assertions.assertTrue(
                uri.startsWith("/v1beta/models/") && !uri.contains("/..") && !uri.contains("?key"), uri);
          } else {
            assertNull(MalformedBodies.notAClear400(outcome), "model " + model);
          }
        }));
  }

  /** Finding 6: a body that is not JSON is refused by the gateway itself, before any provider sees it. */
  @TestFactory
  Stream<DynamicTest> bodiesThatAreNotJsonNeverReachAProvider() {
    return notForwarded(key -> true);
  }

  private static Stream<DynamicTest> notForwarded(Predicate<String> selected) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : MalformedBodies.corpus()) {
      for (Provider provider : Provider.values()) {
        if (c.parses() || !selected.test(key(provider, c))) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(key(provider, c), () -> {
          int before = setup.forwarded();
          Outcome outcome = setup.send(c, provider);
          assertNull(MalformedBodies.notAClear400(outcome), key(provider, c));
          assertEquals(before, setup.forwarded(), "forwarded to the provider: " + key(provider, c));
        }));
      }
    }
    return tests.stream();
  }
}
