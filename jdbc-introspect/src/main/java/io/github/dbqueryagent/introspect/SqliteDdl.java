package io.github.dbqueryagent.introspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads facts that SQLite's pragmas do not report out of the {@code CREATE TABLE} and {@code CREATE
 * INDEX} text SQLite keeps in {@code sqlite_master}: generation expressions, expressions of expression
 * indexes and names of unique constraints.
 *
 * <p>The text is first <em>masked</em>: the insides of string literals ({@code '...'}), quoted
 * identifiers ({@code "..."}, {@code `...`}, {@code [...]}) and comments ({@code -- ...}, {@code /* ...
 * *}{@code /}) are blanked out, keeping every character position. Parentheses, commas and keywords are
 * then found in the masked text only, so that a comma or a parenthesis inside a literal or a quoted
 * name never splits anything; the pieces returned are cut from the original text at the same
 * positions. This follows SQLite's own tokenizer for quoting (https://sqlite.org/lang_keywords.html)
 * but is not a full SQL parser: each method answers empty when the text does not have the expected
 * shape. Package-private, stateless.
 */
final class SqliteDdl {
  private SqliteDdl() {}

  /** A quoted identifier or a bare word, in masked text (the inside of quotes is blank there). */
  private static final String IDENTIFIER = "(?:\"[^\"]*\"|`[^`]*`|\\[[^\\]]*\\]|[\\w$]+)";
  private static final Pattern GENERATED_AS = Pattern.compile("(?i)\\bAS\\s*\\(");
  private static final Pattern TABLE_UNIQUE = Pattern.compile(
      "(?i)^\\s*CONSTRAINT\\s+(" + IDENTIFIER + ")\\s+UNIQUE\\s*\\(");
  private static final Pattern COLUMN_UNIQUE = Pattern.compile(
      "(?i)\\bCONSTRAINT\\s+(" + IDENTIFIER + ")\\s+UNIQUE\\b");
  private static final Pattern TABLE_CONSTRAINT = Pattern.compile(
      "(?i)^\\s*(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\\b");
  private static final Pattern ORDERING = Pattern.compile("(?i)\\s+(?:ASC|DESC)\\s*$");
  private static final Pattern COLLATION = Pattern.compile("(?i)\\s+COLLATE\\s+" + IDENTIFIER + "\\s*$");

  /**
   * Returns the text with the insides of literals, quoted identifiers and comments replaced by
   * spaces; quote characters stay, so the result has the same length and structure.
   */
  static String mask(String sql) {
    char[] out = sql.toCharArray();
    int i = 0;
    int n = out.length;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int j = i + 1;
        while (j < n) {
          if (sql.charAt(j) == close) {
            // a doubled quote is an escaped quote, except for [...] which has no escape
            if (close != ']' && j + 1 < n && sql.charAt(j + 1) == close) {
              out[j] = ' ';
              out[j + 1] = ' ';
              j += 2;
              continue;
            }
            break;
          }
          out[j] = ' ';
          j++;
        }
        i = j + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') out[i++] = ' ';
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end + 2;
        while (i < stop) out[i++] = ' ';
      } else {
        i++;
      }
    }
    return new String(out);
  }

  /**
   * Returns the {@code [start, end)} ranges of the comma-separated elements inside the first
   * top-level parenthesis group of masked text (the column definitions and table constraints of a
   * {@code CREATE TABLE}, the indexed columns of a {@code CREATE INDEX}); empty when there is none or
   * it is not closed.
   */
  static List<int[]> elements(String masked) {
    return elements(masked, masked.indexOf('('));
  }

  /** Like {@link #elements(String)} for the parenthesis group that opens at {@code open}. */
  private static List<int[]> elements(String masked, int open) {
    if (open < 0) return List.of();
    List<int[]> out = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    for (int i = open; i < masked.length(); i++) {
      char c = masked.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          out.add(new int[] {start, i});
          return out;
        }
      } else if (c == ',' && depth == 1) {
        out.add(new int[] {start, i});
        start = i + 1;
      }
    }
    return List.of();
  }

  /** Returns the index of the parenthesis that closes the one at {@code open}, or -1. */
  private static int closing(String masked, int open) {
    int depth = 0;
    for (int i = open; i < masked.length(); i++) {
      char c = masked.charAt(i);
      if (c == '(') depth++;
      if (c == ')' && --depth == 0) return i;
    }
    return -1;
  }

  /**
   * Finds the expression of a generated column: the text between the parentheses of its {@code
   * [GENERATED ALWAYS] AS (...)} clause, stripped, as written in the {@code CREATE TABLE} statement.
   *
   * @param createTable the table's {@code sqlite_master.sql}
   * @param column the column name (compared ignoring case, as SQLite does)
   * @return the expression, or empty when the column or its clause is not found
   */
  static Optional<String> generationExpression(String createTable, String column) {
    String masked = mask(createTable);
    for (int[] e : elements(masked)) {
      String def = masked.substring(e[0], e[1]);
      if (TABLE_CONSTRAINT.matcher(def).find()) continue;
      int[] name = firstToken(def);
      if (name == null) continue;
      String found = unquote(createTable.substring(e[0] + name[0], e[0] + name[1]));
      if (!found.equalsIgnoreCase(column)) continue;
      Matcher m = GENERATED_AS.matcher(def);
      if (!m.find(name[1])) return Optional.empty();
      int open = e[0] + m.end() - 1;
      int close = closing(masked, open);
      if (close < 0) return Optional.empty();
      return Optional.of(createTable.substring(open + 1, close).strip());
    }
    return Optional.empty();
  }

  /**
   * Finds the {@code position}-th (0-based) indexed term of a {@code CREATE INDEX} statement, without
   * its {@code ASC}/{@code DESC} and {@code COLLATE} suffixes: for an expression index the
   * expression as written, for example {@code lower(email)}.
   *
   * @return the term, or empty when the statement does not have that many terms
   */
  static Optional<String> indexedTerm(String createIndex, int position) {
    String masked = mask(createIndex);
    List<int[]> terms = elements(masked);
    if (position < 0 || position >= terms.size()) return Optional.empty();
    String term = term(createIndex, masked, terms.get(position));
    return term.isEmpty() ? Optional.empty() : Optional.of(term);
  }

  /**
   * Finds the name of a unique constraint by its columns: a table constraint {@code CONSTRAINT name
   * UNIQUE (columns)} or, for one column, a column constraint {@code col ... CONSTRAINT name UNIQUE}.
   *
   * @param createTable the table's {@code sqlite_master.sql}
   * @param columns the constraint's columns in order, compared ignoring case
   * @return the unquoted name, or empty when the constraint is unnamed or not found
   */
  static Optional<String> uniqueConstraintName(String createTable, List<String> columns) {
    String masked = mask(createTable);
    List<String> wanted = lower(columns);
    for (int[] e : elements(masked)) {
      String def = masked.substring(e[0], e[1]);
      Matcher table = TABLE_UNIQUE.matcher(def);
      if (table.find()) {
        List<String> cols = new ArrayList<>();
        for (int[] c : elements(masked, e[0] + table.end() - 1)) cols.add(unquote(term(createTable, masked, c)));
        if (lower(cols).equals(wanted)) return Optional.of(unquote(createTable.substring(e[0] + table.start(1),
            e[0] + table.end(1))));
        continue;
      }
      if (TABLE_CONSTRAINT.matcher(def).find() || wanted.size() != 1) continue;
      int[] name = firstToken(def);
      if (name == null) continue;
      String column = unquote(createTable.substring(e[0] + name[0], e[0] + name[1]));
      if (!column.toLowerCase(Locale.ROOT).equals(wanted.get(0))) continue;
      Matcher m = COLUMN_UNIQUE.matcher(def);
      if (m.find(name[1])) {
        return Optional.of(unquote(createTable.substring(e[0] + m.start(1), e[0] + m.end(1))));
      }
    }
    return Optional.empty();
  }

  /** Cuts an element from the original text without ordering and collation suffixes. */
  private static String term(String original, String masked, int[] range) {
    String maskedTerm = masked.substring(range[0], range[1]);
    int end = maskedTerm.length();
    Matcher ordering = ORDERING.matcher(maskedTerm);
    if (ordering.find()) end = ordering.start();
    Matcher collation = COLLATION.matcher(maskedTerm.substring(0, end));
    if (collation.find()) end = collation.start();
    return original.substring(range[0], range[0] + end).strip();
  }

  /** Returns the {@code [start, end)} of the first token of masked text, or null when it is blank. */
  private static int[] firstToken(String masked) {
    int i = 0;
    while (i < masked.length() && Character.isWhitespace(masked.charAt(i))) i++;
    if (i == masked.length()) return null;
    char c = masked.charAt(i);
    if (c == '"' || c == '`' || c == '[') {
      int end = masked.indexOf(c == '[' ? ']' : c, i + 1);
      return end < 0 ? null : new int[] {i, end + 1};
    }
    int j = i;
    while (j < masked.length() && !Character.isWhitespace(masked.charAt(j)) && masked.charAt(j) != '('
        && masked.charAt(j) != ',') {
      j++;
    }
    return new int[] {i, j};
  }

  private static List<String> lower(List<String> names) {
    List<String> out = new ArrayList<>(names.size());
    for (String s : names) out.add(s.toLowerCase(Locale.ROOT));
    return out;
  }

  /** Removes SQLite identifier quotes ({@code "a""b"}, {@code `a`}, {@code [a]}, {@code 'a'}). */
  static String unquote(String id) {
    String s = id.strip();
    if (s.length() >= 2) {
      char a = s.charAt(0);
      char z = s.charAt(s.length() - 1);
      if (a == '"' && z == '"') return s.substring(1, s.length() - 1).replace("\"\"", "\"");
      if (a == '`' && z == '`') return s.substring(1, s.length() - 1).replace("``", "`");
      if (a == '\'' && z == '\'') return s.substring(1, s.length() - 1).replace("''", "'");
      if (a == '[' && z == ']') return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
