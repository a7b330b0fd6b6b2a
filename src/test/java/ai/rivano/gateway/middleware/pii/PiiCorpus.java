package ai.rivano.gateway.middleware.pii;

import ai.rivano.gateway.testing.Resources;

import java.util.ArrayList;
import java.util.List;

/** The labelled PII corpus under {@code src/test/resources/guardrails/} (format: {@link PiiCorpusGenerator}). */
final class PiiCorpus {

  record Label(PiiEntity entity, int start, int end) {
  }

  record Example(String file, String category, String text, List<Label> labels) {
    boolean negative() {
      return labels.isEmpty();
    }
  }

  static final List<String> FILES = List.of("pii-generated.tsv", "pii-handwritten.tsv", "pii-heldout.tsv");

  private PiiCorpus() {
  }

  static List<Example> load() {
    List<Example> all = new ArrayList<>();
    for (String file : FILES) {
      int lineNo = 0;
      for (String line : read("/guardrails/" + file).split("\n")) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", 3);
        if (cols.length != 3) {
          throw new IllegalStateException(file + ":" + lineNo + ": expected 3 tab-separated columns");
        }
        String text = cols[2].replace("\\n", "\n");
        List<Label> labels = new ArrayList<>();
        if (!cols[1].equals("-")) {
          for (String label : cols[1].split("\\|")) {
            int eq = label.indexOf('=');
            String where = file + ":" + lineNo;
            PiiEntity entity = PiiEntity.byConfigName(label.substring(0, eq)).orElseThrow(
                () -> new IllegalStateException(where + ": unknown entity in " + label));
            String value = label.substring(eq + 1);
            int at = text.indexOf(value);
            if (at < 0) {
              throw new IllegalStateException(file + ":" + lineNo + ": value not in text: " + value);
            }
            labels.add(new Label(entity, at, at + value.length()));
          }
        }
        all.add(new Example(file, cols[0], text, labels));
      }
    }
    return all;
  }

  static String read(String resource) {
    return Resources.text(resource);
  }
}
