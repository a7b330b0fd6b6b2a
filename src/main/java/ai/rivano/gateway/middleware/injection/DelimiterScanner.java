package ai.rivano.gateway.middleware.injection;

/**
 * Delimiter injection in the literal text: chat-template tokens ({@code <|im_start|>}, {@code [INST]},
 * {@code <<SYS>>}, {@code </s>}), role tags ({@code <system>}, {@code role="system"}), fake turns at line starts
 * ({@code System:}, {@code ### Instruction:}, {@code Human:} / {@code Assistant:}), a closing template token
 * followed by an opening one (breaking out of the current turn), and markdown images whose URL carries a query
 * (a classic exfiltration channel). Reads {@link NormalizedText#compact} once; tokens inside markdown code
 * (fences or inline backticks) weigh less: developers paste templates when asking about them.
 */
final class DelimiterScanner {

  /** Weight factor for a delimiter inside markdown code. */
  static final double IN_CODE = 0.2;

  /** Hit identifiers (each counts once per request): index into {@link #WEIGHTS}. */
  static final int CHATML_SYSTEM = 0;
  static final int CHATML_ASSISTANT = 1;
  static final int CHATML_TOKEN = 2;
  static final int SPECIAL_TOKEN = 3;
  static final int INST = 4;
  static final int SYS = 5;
  static final int SYS_CLOSE = 6;
  static final int EOS = 7;
  static final int SYSTEM_TAG = 8;
  static final int CLOSING_TAG = 9;
  static final int ROLE_ATTRIBUTE_SYSTEM = 10;
  static final int JSON_ROLE_SYSTEM = 11;
  static final int BRACKET_SYSTEM = 12;
  static final int LINE_SYSTEM = 13;
  static final int LINE_HEADING_ROLE = 14;
  static final int LINE_ASSISTANT = 15;
  static final int LINE_HUMAN = 16;
  static final int BREAKOUT = 17;
  static final int MARKDOWN_IMAGE_QUERY = 18;
  static final int INSTRUCTIONS_TAG = 19;

  static final double[] WEIGHTS = {0.90, 0.80, 0.60, 0.55, 0.50, 0.60, 0.50, 0.20, 0.60, 0.30, 0.60, 0.35, 0.55,
      0.50, 0.45, 0.30, 0.25, 0.70, 0.55, 0.45};
  static final String[] NAMES = {"<|im_start|>system", "<|im_start|>assistant", "<|im_start|>", "<|…|>", "[INST]",
      "<<SYS>>", "<</SYS>>", "</s>", "<system>", "closing tag", "role=\"system\"", "\"role\": \"system\"",
      "[system]", "system: line", "### role: line", "assistant: line", "human/user: line", "turn breakout",
      "markdown image with query", "<instructions>"};

  private static final String[] CLOSING_TAGS = {"user>", "system>", "instructions>", "document>", "message>",
      "context>", "human>", "assistant>", "prompt>", "input>", "data>"};

  /** Characters at which a delimiter (or line and code state) can start. */
  private static final boolean[] INTERESTING = new boolean[128];

  static {
    for (char c : "<[=\"!`\n".toCharArray()) {
      INTERESTING[c] = true;
    }
  }

  private DelimiterScanner() {
  }

  /** Calls {@code hits.hit(id, weight)} for each delimiter found in {@code t}. */
  static void scan(NormalizedText t, HitSink hits) {
    String s = t.compact;
    int n = s.length();
    boolean fence = false;
    boolean inline = false;
    boolean closed = false; // a closing template token seen: an opening one after it breaks out of the turn
    boolean lineStart = true;
    char[] chars = t.compactChars();
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      if (c < 128 && !INTERESTING[c] && !lineStart) {
        continue; // most characters: nothing starts here
      }
      if (lineStart) {
        int p = i;
        while (p < n && s.charAt(p) == ' ') {
          p++;
        }
        if (s.startsWith("```", p)) {
          fence = !fence;
        } else if (!fence) {
          lineMarker(s, p, hits);
        }
        lineStart = false;
      }
      if (c == '\n') {
        lineStart = true;
        inline = false;
        continue;
      }
      if (c == '`') {
        if (!s.startsWith("```", i)) {
          inline = !inline;
        }
        continue;
      }
      double f = fence || inline ? IN_CODE : 1.0;
      switch (c) {
        case '<' -> {
          if (s.startsWith("<|", i)) {
            int close = s.indexOf("|>", i + 2);
            if (close > i + 2 && close - i < 40 && name(s, i + 2, close)) {
              String token = s.substring(i + 2, close);
              int after = skipBlank(s, close + 2);
              boolean opening = token.equals("im_start") || token.equals("start_header_id");
              if (opening && s.startsWith("system", after)) {
                hits.hit(CHATML_SYSTEM, WEIGHTS[CHATML_SYSTEM] * f);
              } else if (opening && s.startsWith("assistant", after)) {
                hits.hit(CHATML_ASSISTANT, WEIGHTS[CHATML_ASSISTANT] * f);
              } else if (token.startsWith("im_")) {
                hits.hit(CHATML_TOKEN, WEIGHTS[CHATML_TOKEN] * f);
              } else {
                hits.hit(SPECIAL_TOKEN, WEIGHTS[SPECIAL_TOKEN] * f);
              }
              if (opening || token.equals("system") || token.equals("user")) {
                opened(closed, f, hits);
              } else {
                closed |= token.equals("im_end") || token.equals("eot_id") || token.equals("end")
                    || token.equals("endoftext");
              }
            }
          } else if (s.startsWith("<im_start>", i)) {
            int after = skipBlank(s, i + 10);
            int id = s.startsWith("system", after) ? CHATML_SYSTEM : CHATML_TOKEN;
            hits.hit(id, WEIGHTS[id] * f);
          } else if (s.startsWith("<im_end>", i)) {
            hits.hit(CHATML_TOKEN, WEIGHTS[CHATML_TOKEN] * f);
          } else if (s.startsWith("<<sys>>", i)) {
            hits.hit(SYS, WEIGHTS[SYS] * f);
          } else if (s.startsWith("<</sys>>", i)) {
            hits.hit(SYS_CLOSE, WEIGHTS[SYS_CLOSE] * f);
          } else if (s.startsWith("</s>", i)) {
            hits.hit(EOS, WEIGHTS[EOS] * f);
            closed = true;
          } else if (s.startsWith("<s>", i)) {
            opened(closed, f, hits);
          } else if (s.startsWith("<system", i) && !letter(s, i + 7)
              || s.startsWith("<system_", i)) {
            hits.hit(SYSTEM_TAG, WEIGHTS[SYSTEM_TAG] * f);
            opened(closed, f, hits);
          } else if (s.startsWith("<instructions>", i)) {
            hits.hit(INSTRUCTIONS_TAG, WEIGHTS[INSTRUCTIONS_TAG] * f);
            opened(closed, f, hits);
          } else if (s.startsWith("</", i)) {
            for (String tag : CLOSING_TAGS) {
              if (s.startsWith(tag, i + 2)) {
                hits.hit(CLOSING_TAG, WEIGHTS[CLOSING_TAG] * f);
                closed = true;
                break;
              }
            }
          } else if (s.startsWith("<message", i) || s.startsWith("<user>", i) || s.startsWith("<prompt", i)) {
            opened(closed, f, hits);
          } else if (s.startsWith("<!--", i)) {
            int p = skipBlank(s, i + 4);
            if (s.startsWith("system", p) || s.startsWith("ai", p) && !letter(s, p + 2)) {
              hits.hit(LINE_SYSTEM, WEIGHTS[LINE_SYSTEM] * f);
            }
          }
        }
        case '[' -> {
          if (s.startsWith("[inst]", i)) {
            hits.hit(INST, WEIGHTS[INST] * f);
            opened(closed, f, hits);
          } else if (s.startsWith("[/inst]", i)) {
            hits.hit(INST, WEIGHTS[INST] * f);
            closed = true;
          } else if (s.startsWith("[system]", i) || s.startsWith("[system:", i)) {
            hits.hit(BRACKET_SYSTEM, WEIGHTS[BRACKET_SYSTEM] * f * (s.startsWith("(#", i + 8) ? 1.3 : 1));
          }
        }
        case '=' -> { // not at every 'r': "role=" is rare, the letter is not
          if (i >= 4 && (s.startsWith("role=\"system\"", i - 4) || s.startsWith("role='system'", i - 4))) {
            hits.hit(ROLE_ATTRIBUTE_SYSTEM, WEIGHTS[ROLE_ATTRIBUTE_SYSTEM] * f);
          }
        }
        case '"' -> {
          if (s.startsWith("\"role\"", i)) {
            int p = skipBlank(s, i + 6);
            if (p < n && s.charAt(p) == ':' && s.startsWith("\"system\"", skipBlank(s, p + 1))) {
              hits.hit(JSON_ROLE_SYSTEM, WEIGHTS[JSON_ROLE_SYSTEM] * f);
            }
          }
        }
        case '!' -> {
          if (s.startsWith("![", i)) {
            int url = s.indexOf("](http", i);
            if (url > 0 && url - i < 200) {
              int end = lineEnd(s, url);
              int query = s.indexOf('?', url);
              if (query > 0 && query < end) {
                hits.hit(MARKDOWN_IMAGE_QUERY, WEIGHTS[MARKDOWN_IMAGE_QUERY] * f);
              }
            }
          }
        }
        default -> {
        }
      }
    }
  }

  /** Fake turns and role headings at the start of a line. */
  private static void lineMarker(String s, int p, HitSink hits) {
    int q = p;
    int hashes = 0;
    while (q < s.length() && s.charAt(q) == '#') {
      q++;
      hashes++;
    }
    if (hashes > 0) {
      q = skipBlank(s, q);
      for (String role : new String[] {"system", "instruction", "instructions", "human", "assistant", "response",
          "user", "input"}) {
        if (s.startsWith(role, q)) {
          int after = q + role.length();
          char next = after < s.length() ? s.charAt(after) : '\n';
          boolean marker = next == ':' || next == '\n' || (role.equals("system") && s.startsWith(" prompt", after));
          if (marker) {
            boolean system = role.equals("system") || role.startsWith("instruction");
            hits.hit(LINE_HEADING_ROLE, WEIGHTS[LINE_HEADING_ROLE] * (system ? 1.2 : 1));
          }
          return;
        }
      }
      return;
    }
    if (roleColon(s, p, "system")) {
      hits.hit(LINE_SYSTEM, WEIGHTS[LINE_SYSTEM]);
    } else if (roleColon(s, p, "assistant") || roleColon(s, p, "ai")) {
      hits.hit(LINE_ASSISTANT, WEIGHTS[LINE_ASSISTANT]);
    } else if (roleColon(s, p, "human") || roleColon(s, p, "user")) {
      hits.hit(LINE_HUMAN, WEIGHTS[LINE_HUMAN]);
    }
  }

  private static boolean roleColon(String s, int p, String role) {
    return s.startsWith(role, p) && p + role.length() < s.length() && s.charAt(p + role.length()) == ':';
  }

  private static void opened(boolean closed, double f, HitSink hits) {
    if (closed) {
      hits.hit(BREAKOUT, WEIGHTS[BREAKOUT] * f);
    }
  }

  private static boolean name(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (!(c >= 'a' && c <= 'z') && c != '_' && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  private static boolean letter(String s, int i) {
    return i < s.length() && Character.isLetter(s.charAt(i));
  }

  private static int skipBlank(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n')) {
      i++;
    }
    return i;
  }

  private static int lineEnd(String s, int i) {
    int nl = s.indexOf('\n', i);
    return nl < 0 ? s.length() : nl;
  }

  /** Receives delimiter hits. */
  interface HitSink {
    void hit(int id, double weight);
  }
}
