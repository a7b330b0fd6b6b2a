package ai.rivano.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelledMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final LabelledMeters<Counter> requests =
      new LabelledMeters<>(Counter.builder("rivano.requests").withRegistry(registry), "provider", "status");

  @Test
  void equalValuesGiveTheSameMeterAndEachCombinationItsOwnSeries() {
    Counter first = requests.with("openai", "200");
    Counter again = requests.with(new String("openai"), Integer.toString(200)); // equal, not the same instances
    Counter other = requests.with("openai", "503");
    first.increment();
    again.increment();
    other.increment();

    assertSame(first, again);
    assertNotSame(first, other);
    assertEquals(2.0, registry.get("rivano.requests").tags("provider", "openai", "status", "200").counter().count());
    assertEquals(1.0, registry.get("rivano.requests").tags("provider", "openai", "status", "503").counter().count());
    assertEquals(2, registry.find("rivano.requests").counters().size());
  }

  @Test
  void aValueForEveryLabelNameOrNone() {
    assertThrows(IllegalArgumentException.class, () -> requests.with("openai"));
    assertThrows(IllegalArgumentException.class, () -> requests.with("openai", "200", "extra"));
  }
}
