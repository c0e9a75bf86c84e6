package io.github.dbqueryagent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the gold {@code query} field of the defog sql-eval question files. Stateless and
 * thread-safe.
 *
 * <p>The notation follows defog's sql-eval ({@code eval/eval.py}, {@code get_all_minimal_queries}):
 * alternatives are separated by {@code ;}, and {@code {a, b}} in a select list means "any non-empty
 * subset of these columns is acceptable", with {@code {}} later in the query (normally {@code GROUP
 * BY {}}) standing for the chosen subset.
 */
final class GoldQueries {
  private static final Pattern ORDER_BY = Pattern.compile("(?i)\\border\\s+by\\b");

  private GoldQueries() {}

  /**
   * Splits the gold field into its alternatives.
   *
   * @param query the gold field
   * @return the alternatives in file order, without semicolons, never null; empty when the field is
   *     blank. Semicolons inside string constants do not split.
   * @throws IllegalArgumentException when a string constant is not closed
   */
  static List<String> alternatives(String query) {
    List<String> out = new ArrayList<>();
    for (SqlScript.Statement s : SqlScript.split(query)) out.add(s.sql());
    return out;
  }

  /**
   * Expands the {@code {a, b}} notation of one alternative into plain SQL.
   *
   * @param alternative one alternative
   * @return every minimal query, single columns first and the full column set last (for {@code {a,
   *     b}}: {@code a}, {@code b}, {@code a, b}); the alternative itself when it has no braces; never
   *     empty
   */
  static List<String> expand(String alternative) {
    int open = openingBrace(alternative);
    if (open < 0) return List.of(alternative);
    int close = alternative.indexOf('}', open);
    if (close < 0) return List.of(alternative);
    List<String> options = new ArrayList<>();
    for (String o : alternative.substring(open + 1, close).split(",")) {
      if (!o.isBlank()) options.add(o.strip());
    }
    String left = alternative.substring(0, open);
    String right = alternative.substring(close + 1);
    List<String> out = new ArrayList<>();
    for (int size = 1; size <= options.size(); size++) {
      for (List<String> subset : combinations(options, size)) {
        String columns = String.join(", ", subset);
        out.addAll(expand(left + columns + right.replace("{}", columns)));
      }
    }
    return out.isEmpty() ? List.of(alternative) : out;
  }

  /**
   * Whether the outermost query orders its rows: an {@code ORDER BY} outside parentheses and string
   * constants (so window functions and subqueries do not count).
   */
  static boolean hasTopLevelOrderBy(String sql) {
    StringBuilder top = new StringBuilder();
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') quoted = !quoted;
      else if (!quoted && c == '(') depth++;
      else if (!quoted && c == ')') depth--;
      else if (!quoted && depth == 0) top.append(c);
      if (quoted || depth > 0) top.append(' ');
    }
    return ORDER_BY.matcher(top.toString().toLowerCase(Locale.ROOT)).find();
  }

  /** The first opening brace of a non-empty column set, outside string constants; -1 if none. */
  private static int openingBrace(String sql) {
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') quoted = !quoted;
      else if (!quoted && c == '{' && i + 1 < sql.length() && sql.charAt(i + 1) != '}') return i;
    }
    return -1;
  }

  private static List<List<String>> combinations(List<String> items, int size) {
    List<List<String>> out = new ArrayList<>();
    combine(items, size, 0, new ArrayList<>(), out);
    return out;
  }

  private static void combine(List<String> items, int size, int from, List<String> chosen, List<List<String>> out) {
    if (chosen.size() == size) {
      out.add(List.copyOf(chosen));
      return;
    }
    for (int i = from; i < items.size(); i++) {
      chosen.add(items.get(i));
      combine(items, size, i + 1, chosen, out);
      chosen.remove(chosen.size() - 1);
    }
  }
}
