package io.github.dbqueryagent.ollama;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's reply read as SQL or as a clarification.
 *
 * <p>Accepted shapes, in this order: a reply that starts with {@code CLARIFY:}; the first fenced block
 * tagged {@code sql} (or an untagged block whose text starts with {@code SELECT} or {@code WITH}); a line
 * starting with {@code CLARIFY:}; a bare reply starting with {@code SELECT} or {@code WITH}. Reasoning
 * models' {@code <think>...</think>} sections are dropped first.
 *
 * @param sql the SQL without a trailing semicolon, or {@code ""} for a clarification
 * @param clarification the question back to the user, or {@code ""}
 * @param explanation the model's prose outside the SQL block, collapsed to one line, or {@code ""}
 */
record SqlReply(String sql, String clarification, String explanation) {
  /** The longest explanation kept, in characters. */
  static final int MAX_EXPLANATION_CHARS = 500;

  private static final Pattern THINK = Pattern.compile("(?is)<think>.*?(</think>|\\z)");
  private static final Pattern FENCE = Pattern.compile("(?s)```[ \\t]*([A-Za-z0-9_+-]*)[^\\n]*\\n(.*?)(```|\\z)");
  private static final Pattern CLARIFY_LINE = Pattern.compile("(?im)^[ \\t>*_`#-]*CLARIFY[*_`]*\\s*:\\s*(.+)$");
  private static final Pattern STARTS_SQL = Pattern.compile("(?is)^(SELECT|WITH)\\b.*");

  /**
   * Reads a reply.
   *
   * @param content the model's whole reply
   * @return the SQL or clarification, never null
   * @throws IllegalArgumentException with a reason when the reply is neither
   */
  static SqlReply parse(String content) {
    String text = THINK.matcher(content).replaceAll("").strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the model's reply is empty");
    }
    Matcher leadingClarify = CLARIFY_LINE.matcher(text);
    if (leadingClarify.lookingAt()) {
      return clarification(leadingClarify.group(1));
    }
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      String lang = fence.group(1).toLowerCase(Locale.ROOT);
      String body = fence.group(2).strip();
      if (lang.equals("sql") || (lang.isEmpty() && STARTS_SQL.matcher(body).matches())) {
        if (body.isEmpty()) {
          throw new IllegalArgumentException("the model's ```sql block is empty");
        }
        String prose = (text.substring(0, fence.start()) + " " + text.substring(fence.end())).strip();
        return new SqlReply(trimSemicolons(body), "", explanation(prose));
      }
    }
    Matcher clarify = CLARIFY_LINE.matcher(text);
    if (clarify.find()) {
      return clarification(clarify.group(1));
    }
    if (STARTS_SQL.matcher(text).matches()) {
      return new SqlReply(trimSemicolons(text), "", "");
    }
    throw new IllegalArgumentException(
        "the model replied with neither SQL in a ```sql block nor a CLARIFY: line: \"" + snippet(text) + "\"");
  }

  private static SqlReply clarification(String question) {
    String q = question.strip().replaceAll("^[*_`]+|[*_`]+$", "").strip();
    if (q.isEmpty()) {
      throw new IllegalArgumentException("the model's CLARIFY: line has no question");
    }
    return new SqlReply("", q, "");
  }

  private static String trimSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  private static String explanation(String prose) {
    String p = prose.replaceAll("\\s+", " ").strip();
    return p.length() <= MAX_EXPLANATION_CHARS ? p : p.substring(0, MAX_EXPLANATION_CHARS) + "...";
  }

  /** Returns the start of a text on one line, at most 200 characters. */
  static String snippet(String text) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
