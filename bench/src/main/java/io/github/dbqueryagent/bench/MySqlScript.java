package io.github.dbqueryagent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a MySQL or MariaDB script (as the {@code mysql} client reads it) into statements that can
 * run one by one through JDBC. Stateless and thread-safe.
 *
 * <p>Follows the lexical rules of MySQL/MariaDB: a statement ends at the current delimiter ({@code ;}
 * unless changed by a {@code DELIMITER} client command) outside string literals ({@code '...'} and
 * {@code "..."}, a doubled quote standing for itself, and a backslash escaping the next character
 * unless {@code backslashEscapes} is false, as under {@code sql_mode NO_BACKSLASH_ESCAPES}), quoted
 * identifiers ({@code `...`} with {@code ``}) and comments ({@code #} and {@code -- } to end of line,
 * {@code /* ... *}{@code /}). Comments are dropped, except executable comments ({@code /*!...*}{@code
 * /}, {@code /*M!...*}{@code /}), which are kept for the server to interpret.
 */
final class MySqlScript {
  private MySqlScript() {}

  /**
   * One statement of a script.
   *
   * @param sql the statement without its delimiter and without comments, stripped
   * @param line the 1-based line where it starts, for error messages
   */
  record Statement(String sql, int line) {}

  /**
   * Splits a script into statements.
   *
   * @param script the script text
   * @param backslashEscapes whether a backslash escapes the next character inside string literals
   *     (the server default; false when the statements will run under {@code NO_BACKSLASH_ESCAPES})
   * @return the non-empty statements in script order, never null; {@code DELIMITER} commands are
   *     applied, not returned
   * @throws IllegalArgumentException when a string, identifier or comment is not closed, or a {@code
   *     DELIMITER} command has no delimiter
   */
  static List<Statement> split(String script, boolean backslashEscapes) {
    List<Statement> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    String delimiter = ";";
    int n = script.length();
    int i = 0;
    int line = 1;
    int startLine = 1;
    boolean hasContent = false;
    while (i < n) {
      char c = script.charAt(i);
      char next = i + 1 < n ? script.charAt(i + 1) : '\0';
      if (!hasContent) {
        startLine = line;
        if (startsWithWord(script, i, "DELIMITER")) {
          int eol = script.indexOf('\n', i);
          String arg = script.substring(i + "DELIMITER".length(), eol < 0 ? n : eol).strip();
          int space = arg.indexOf(' ');
          if (space >= 0) arg = arg.substring(0, space);
          if (arg.isEmpty()) throw new IllegalArgumentException("DELIMITER without a delimiter at line " + line);
          delimiter = arg;
          i = eol < 0 ? n : eol + 1;
          line++;
          cur.setLength(0);
          continue;
        }
      }
      if (c == '#' || (c == '-' && next == '-' && (i + 2 >= n || Character.isWhitespace(script.charAt(i + 2))))) {
        while (i < n && script.charAt(i) != '\n') i++;
        continue;
      }
      if (c == '/' && next == '*') {
        int close = script.indexOf("*/", i + 2);
        if (close < 0) throw new IllegalArgumentException("unclosed /* comment starting at line " + line);
        String comment = script.substring(i, close + 2);
        line += count(comment, '\n');
        if (comment.startsWith("/*!") || comment.startsWith("/*M!")) {
          cur.append(comment);
          hasContent = true;
        } else {
          cur.append(' ');
        }
        i = close + 2;
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        int start = line;
        hasContent = true;
        cur.append(c);
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException((c == '`' ? "unclosed quoted identifier" : "unclosed string literal")
                + " starting at line " + start);
          }
          char x = script.charAt(i);
          if (x == '\n') line++;
          if (c != '`' && backslashEscapes && x == '\\' && i + 1 < n) {
            cur.append(x).append(script.charAt(i + 1));
            if (script.charAt(i + 1) == '\n') line++;
            i += 2;
            continue;
          }
          cur.append(x);
          i++;
          if (x == c) {
            if (i < n && script.charAt(i) == c) {
              cur.append(c);
              i++;
              continue;
            }
            break;
          }
        }
        continue;
      }
      if (script.startsWith(delimiter, i)) {
        String sql = cur.toString().strip();
        cur.setLength(0);
        hasContent = false;
        i += delimiter.length();
        if (!sql.isEmpty()) out.add(new Statement(sql, startLine));
        continue;
      }
      if (c == '\n') line++;
      if (!Character.isWhitespace(c)) hasContent = true;
      cur.append(c);
      i++;
    }
    String rest = cur.toString().strip();
    if (!rest.isEmpty()) out.add(new Statement(rest, startLine));
    return out;
  }

  /** Whether {@code word} (case-insensitive) starts at {@code i} and is followed by whitespace. */
  private static boolean startsWithWord(String s, int i, String word) {
    int end = i + word.length();
    if (end >= s.length() || !Character.isWhitespace(s.charAt(end))) return false;
    return s.substring(i, end).toUpperCase(Locale.ROOT).equals(word);
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) k++;
    return k;
  }
}
