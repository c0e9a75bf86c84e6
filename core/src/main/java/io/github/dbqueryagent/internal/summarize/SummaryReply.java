package io.github.dbqueryagent.internal.summarize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reduces a model's reply to a one-line table description. Stateless and thread-safe.
 *
 * <p>Steps: reasoning sections ({@code <think>...</think>}) and code-fence lines are dropped; a first
 * line that only announces the answer ("Here is the summary:") is dropped; list, heading and quote
 * marks at line starts, emphasis and code marks ({@code **}, {@code __}, {@code `}), a leading label
 * ({@code Summary:}, {@code Description:}) and quotes around the whole text are removed; lines are
 * joined and white space collapsed to single spaces; the result is cut at a word boundary to at most
 * {@value #MAX_CHARS} characters, ending with {@code …} when cut.
 */
public final class SummaryReply {
  /** The longest description kept, in characters, {@value}. */
  public static final int MAX_CHARS = 300;

  private static final Pattern THINK = Pattern.compile("(?is)<think>.*?(</think>|\\z)");
  private static final Pattern LINE_MARKS = Pattern.compile("^(#{1,6}\\s+|>\\s*|[-*+•]\\s+|\\d{1,3}[.)]\\s+)+");
  private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|`|(?<![\\w*])\\*(?=\\S)|(?<=\\S)\\*(?![\\w*])");
  private static final Pattern LABEL =
      Pattern.compile("(?i)^(summary|description|table description|table summary|answer|updated summary)\\s*:\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final String[][] QUOTES = {
    {"\"", "\""}, {"'", "'"}, {"\u201C", "\u201D"}, {"\u2018", "\u2019"}, {"\u00AB", "\u00BB"}, {"\u201E", "\u201C"}
  };

  private SummaryReply() {}

  /**
   * Cleans a reply.
   *
   * @param reply the model's reply, possibly null
   * @return one line of at most {@value #MAX_CHARS} characters, without line breaks, never null;
   *     empty when the reply holds no text
   */
  public static String clean(String reply) {
    if (reply == null) return "";
    String text = THINK.matcher(reply).replaceAll(" ");
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String l = line.strip();
      if (l.startsWith("```")) continue;
      l = LINE_MARKS.matcher(l).replaceFirst("").strip();
      if (!l.isEmpty()) lines.add(l);
    }
    if (lines.size() > 1 && lines.get(0).endsWith(":")) lines.remove(0);
    String joined = String.join(" ", lines);
    joined = EMPHASIS.matcher(joined).replaceAll("");
    joined = SPACES.matcher(joined).replaceAll(" ").strip();
    joined = LABEL.matcher(joined).replaceFirst("");
    joined = unquote(joined);
    return cap(joined, MAX_CHARS);
  }

  private static String unquote(String s) {
    boolean again = true;
    while (again) {
      again = false;
      for (String[] q : QUOTES) {
        if (s.length() >= 2 && s.startsWith(q[0]) && s.endsWith(q[1])) {
          s = s.substring(q[0].length(), s.length() - q[1].length()).strip();
          again = true;
        }
      }
    }
    return s;
  }

  /** Cuts text to at most {@code max} characters at a word boundary, ending with {@code …} when cut. */
  static String cap(String s, int max) {
    if (s.length() <= max) return s;
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
    int space = s.lastIndexOf(' ', end);
    if (space > max / 2) end = space;
    return s.substring(0, end).stripTrailing() + "…";
  }
}
