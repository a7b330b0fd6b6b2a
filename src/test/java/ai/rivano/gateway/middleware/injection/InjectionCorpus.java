package ai.rivano.gateway.middleware.injection;

import ai.rivano.gateway.middleware.content.TextRole;
import ai.rivano.gateway.testing.Resources;

import java.util.ArrayList;
import java.util.List;

/** The labelled injection corpus under {@code src/test/resources/guardrails/}. */
final class InjectionCorpus {

  /** One example: attack or benign, its family (attacks) or category (benign), the text and its role. */
  record Example(String file, boolean attack, String kind, TextRole role, String text) {
  }

  private InjectionCorpus() {
  }

  static List<Example> load() {
    List<Example> all = new ArrayList<>();
    for (String file : List.of("injection-attacks.tsv", "injection-obfuscated.tsv")) {
      for (String[] a : attacks(file)) {
        all.add(new Example(file, true, a[0], TextRole.valueOf(a[1]), unescape(a[2])));
      }
    }
    for (String[] b : attacks("injection-benign.tsv")) {
      all.add(new Example("injection-benign.tsv", false, b[0], TextRole.valueOf(b[1]), unescape(b[2])));
    }
    for (String line : lines("injection-heldout.tsv")) {
      String[] c = line.split("\t", 4);
      all.add(new Example("injection-heldout.tsv", c[0].equals("attack"), c[1], TextRole.valueOf(c[2]),
          unescape(c[3])));
    }
    return all;
  }

  /** Rows of a three-column file (kind, role, text), text still escaped. */
  static List<String[]> attacks(String file) {
    List<String[]> rows = new ArrayList<>();
    for (String line : lines(file)) {
      String[] c = line.split("\t", 3);
      if (c.length != 3) {
        throw new IllegalStateException(file + ": expected 3 columns: " + line);
      }
      rows.add(c);
    }
    return rows;
  }

  private static List<String> lines(String file) {
    List<String> out = new ArrayList<>();
    for (String line : read("/guardrails/" + file).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line);
      }
    }
    return out;
  }

  static String unescape(String text) {
    return text.replace("\\n", "\n");
  }

  static String read(String resource) {
    return Resources.text(resource);
  }
}
