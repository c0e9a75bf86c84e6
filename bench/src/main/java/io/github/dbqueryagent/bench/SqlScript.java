package io.github.dbqueryagent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Splits a PostgreSQL script (a {@code pg_dump} file or a hand-written one) into statements that
 * can run one by one through JDBC. Stateless and thread-safe.
 *
 * <p>Follows the lexical rules of PostgreSQL ("Lexical Structure" in the PostgreSQL manual) and of
 * psql: semicolons end statements only outside string constants ({@code '...'} with {@code ''},
 * {@code E'...'} with backslash escapes), quoted identifiers ({@code "..."}), dollar-quoted strings
 * ({@code $$...$$}, {@code $tag$...$tag$}) and comments ({@code --} to end of line, nested {@code
 * /* ... *}{@code /}), and comments are dropped. A {@code COPY ... FROM stdin;} statement takes the
 * lines that follow it up to a line holding only {@code \.} as its data, as psql does.
 */
final class SqlScript {
  private static final Pattern COPY_FROM_STDIN =
      Pattern.compile("(?is)^\\s*COPY\\s.*\\bFROM\\s+stdin\\b.*");
  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_\\u0080-\\uffff][A-Za-z0-9_\\u0080-\\uffff]*)?\\$");

  private SqlScript() {}

  /**
   * One statement of a script.
   *
   * @param sql the statement without its terminating semicolon and without comments, stripped
   * @param line the 1-based line where it starts, for error messages
   * @param copyData for {@code COPY ... FROM stdin}, the data lines (each ending in a line feed,
   *     without the {@code \.} terminator); empty for every other statement
   */
  record Statement(String sql, int line, Optional<String> copyData) {}

  /**
   * Splits a script into statements.
   *
   * @param script the script text
   * @return the non-empty statements in script order, never null
   * @throws IllegalArgumentException when a string, identifier, dollar quote or comment is not
   *     closed, when COPY data has no {@code \.} terminator, or when the script holds a psql
   *     meta-command (such as {@code \connect}) that only psql can run
   */
  static List<Statement> split(String script) {
    List<Statement> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = script.length();
    int i = 0;
    int line = 1;
    int startLine = 1;
    boolean hasContent = false; // whether cur holds more than whitespace
    while (i < n) {
      char c = script.charAt(i);
      char next = i + 1 < n ? script.charAt(i + 1) : '\0';
      if (!hasContent) startLine = line;
      if (c == '-' && next == '-') {
        while (i < n && script.charAt(i) != '\n') i++;
        continue;
      }
      if (c == '/' && next == '*') {
        int depth = 0;
        int start = line;
        do {
          if (i >= n) throw new IllegalArgumentException("unclosed /* comment starting at line " + start);
          char x = script.charAt(i);
          char y = i + 1 < n ? script.charAt(i + 1) : '\0';
          if (x == '/' && y == '*') {
            depth++;
            i += 2;
          } else if (x == '*' && y == '/') {
            depth--;
            i += 2;
          } else {
            if (x == '\n') line++;
            i++;
          }
        } while (depth > 0);
        cur.append(' ');
        continue;
      }
      if (c == '\'') {
        boolean escapes = isEscapePrefix(cur);
        hasContent = true;
        int start = line;
        cur.append(c);
        i++;
        while (true) {
          if (i >= n) throw new IllegalArgumentException("unclosed string constant starting at line " + start);
          char x = script.charAt(i);
          if (x == '\n') line++;
          if (escapes && x == '\\' && i + 1 < n) {
            cur.append(x).append(script.charAt(i + 1));
            if (script.charAt(i + 1) == '\n') line++;
            i += 2;
            continue;
          }
          cur.append(x);
          i++;
          if (x == '\'') {
            if (i < n && script.charAt(i) == '\'') {
              cur.append('\'');
              i++;
              continue;
            }
            break;
          }
        }
        continue;
      }
      if (c == '"') {
        int close = script.indexOf('"', i + 1);
        while (close >= 0 && close + 1 < n && script.charAt(close + 1) == '"') close = script.indexOf('"', close + 2);
        if (close < 0) throw new IllegalArgumentException("unclosed quoted identifier starting at line " + line);
        String quoted = script.substring(i, close + 1);
        hasContent = true;
        line += count(quoted, '\n');
        cur.append(quoted);
        i = close + 1;
        continue;
      }
      if (c == '$' && !endsWithIdentifierChar(cur)) {
        var m = DOLLAR_TAG.matcher(script).region(i, n);
        if (m.lookingAt()) {
          String tag = m.group();
          int close = script.indexOf(tag, m.end());
          if (close < 0) throw new IllegalArgumentException("unclosed dollar quote " + tag + " starting at line " + line);
          String quoted = script.substring(i, close + tag.length());
          hasContent = true;
          line += count(quoted, '\n');
          cur.append(quoted);
          i = close + tag.length();
          continue;
        }
      }
      if (c == '\\' && !hasContent) {
        int eol = script.indexOf('\n', i);
        String meta = script.substring(i, eol < 0 ? n : eol).strip();
        throw new IllegalArgumentException(
            "psql meta-command at line " + line + " (" + meta + "): this script needs psql, not JDBC");
      }
      if (c == ';') {
        String sql = cur.toString().strip();
        cur.setLength(0);
        hasContent = false;
        i++;
        if (sql.isEmpty()) continue;
        if (COPY_FROM_STDIN.matcher(sql).matches()) {
          int eol = script.indexOf('\n', i);
          i = eol < 0 ? n : eol + 1;
          line++;
          StringBuilder data = new StringBuilder();
          int start = line;
          while (true) {
            if (i >= n) throw new IllegalArgumentException("COPY data starting at line " + start + " has no \\. terminator");
            int end = script.indexOf('\n', i);
            String l = script.substring(i, end < 0 ? n : end);
            if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
            i = end < 0 ? n : end + 1;
            line++;
            if (l.equals("\\.")) break;
            data.append(l).append('\n');
          }
          out.add(new Statement(sql, startLine, Optional.of(data.toString())));
        } else {
          out.add(new Statement(sql, startLine, Optional.empty()));
        }
        continue;
      }
      if (c == '\n') line++;
      if (!Character.isWhitespace(c)) hasContent = true;
      cur.append(c);
      i++;
    }
    String rest = cur.toString().strip();
    if (!rest.isEmpty()) out.add(new Statement(rest, startLine, Optional.empty()));
    return out;
  }

  /** Whether the text before a quote is an {@code E}/{@code e} prefix, making it an escape string. */
  private static boolean isEscapePrefix(CharSequence before) {
    int k = before.length();
    if (k == 0) return false;
    char e = before.charAt(k - 1);
    if (e != 'E' && e != 'e') return false;
    return k == 1 || !isIdentifierChar(before.charAt(k - 2));
  }

  private static boolean endsWithIdentifierChar(CharSequence s) {
    return s.length() > 0 && isIdentifierChar(s.charAt(s.length() - 1));
  }

  private static boolean isIdentifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) k++;
    return k;
  }
}
