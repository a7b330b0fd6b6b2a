package ai.rivano.gateway.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UpstreamUrlTest {

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource({
      "https://api.openai.com/v1,        /v1/chat/completions,          https://api.openai.com/v1/chat/completions",
      "https://api.openai.com/v1,        /chat/completions,             https://api.openai.com/v1/chat/completions",
      "https://api.openai.com/v1/,       /v1/chat/completions?x=1&y=2,  https://api.openai.com/v1/chat/completions?x=1&y=2",
      "https://api.anthropic.com,        /v1/messages,                  https://api.anthropic.com/v1/messages",
      "http://localhost:11434,           /api/chat,                     http://localhost:11434/api/chat",
      "http://localhost:11434,           /v1/chat/completions,          http://localhost:11434/v1/chat/completions",
      "https://x.openai.azure.com/openai, /openai/deployments/d/chat/completions?api-version=2024-06-01, https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-06-01",
      "https://gw.example/proxy/v1,      /v1/models,                    https://gw.example/proxy/v1/models",
      "https://api.mistral.ai/v1,        /,                             https://api.mistral.ai/v1",
      "https://generativelanguage.googleapis.com, /v1beta/models/gemini-2.0-flash:generateContent, https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
  })
  void joinsWithoutDoublingTheVersion(String base, String path, String expected) {
    assertEquals(expected, UpstreamUrl.join(base, path));
  }
}
