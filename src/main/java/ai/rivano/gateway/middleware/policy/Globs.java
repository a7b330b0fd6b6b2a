package ai.rivano.gateway.middleware.policy;

import com.google.re2j.Pattern;

/** Model-name globs ({@code gpt-4*}, {@code claude-?-opus}) as RE2 patterns: {@code *} any run, {@code ?} one character. */
final class Globs {

  private Globs() {}

  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }
}
