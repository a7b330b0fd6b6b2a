package ai.rivano.gateway.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key value} and bare {@code --flag} (value "true") command-line options. */
final class Args {

  private Args() {
  }

  static Map<String, String> parse(String[] argv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + " (options are --key value)");
      }
      String key = a.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        out.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        out.put(key, argv[++i]);
      } else {
        out.put(key, "true");
      }
    }
    return out;
  }
}
