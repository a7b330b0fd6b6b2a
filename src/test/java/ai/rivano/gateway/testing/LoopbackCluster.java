package ai.rivano.gateway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A gateway cluster on this machine's loopback, the way an operator writes it ({@code gateway.cluster} with a
 * member list, no XML), with a unique name and a free base port, so that parallel builds on one machine never
 * meet. Nodes on one host take the base port and the ones above it.
 */
public record LoopbackCluster(String name, int basePort) {

  /** Room for this many nodes above the base port. */
  private static final int PORTS = 8;

  public static LoopbackCluster create() {
    return new LoopbackCluster("rivano-test-" + UUID.randomUUID(), freeRange(PORTS));
  }

  /** The {@code cluster:} section, indented to sit under {@code gateway:}. */
  public String yaml() {
    return """
          cluster:
            enabled: true
            members: ["127.0.0.1"]
            port: %d
            interface: 127.0.0.1
            name: %s
        """.formatted(basePort, name);
  }

  /** A base port with it and the next {@code count - 1} ports free on loopback right now. */
  static int freeRange(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new IllegalStateException("no free range of " + count + " ports on loopback");
  }

  private static boolean allFree(int base, int count) {
    for (int p = base; p < base + count; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
