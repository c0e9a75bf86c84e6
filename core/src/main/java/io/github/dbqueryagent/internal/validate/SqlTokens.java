package io.github.dbqueryagent.internal.validate;

import io.github.dbqueryagent.spi.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SQL text split into tokens the way the target database's own lexer splits it: string literals,
 * quoted identifiers, comments, words, semicolons and other symbols, with their offsets.
 *
 * <p>The validator parses with jsqlparser, whose lexer is not the database's. Wherever the two could
 * disagree on where a string, a quoted identifier or a comment ends, the text that the database runs
 * could differ from the text jsqlparser checked (a classic parser-differential bypass: {@code
 * SELECT 'a\' , x -- ' , SLEEP(5)} is one string and a column to jsqlparser, a string and a call of
 * {@code SLEEP} to MySQL). This lexer does not try to resolve such text; it records the first
 * construct on which lexers are known to disagree as a {@link #problem() problem}, and the validator
 * rejects the SQL. The constructs are: a backslash before a quote (MySQL and PostgreSQL {@code E''}
 * strings read it as an escape, jsqlparser does not), {@code /*} inside a block comment (jsqlparser,
 * PostgreSQL and SQL Server nest comments, MySQL, MariaDB, SQLite and Oracle do not), executable
 * comments ({@code /*!}, {@code /*M!}, which MySQL and MariaDB run), dollar-quoted strings, Oracle {@code q'...'} and PostgreSQL {@code U&}
 * literals, MySQL's {@code #} comments and its {@code --} that is not followed by a space, a carriage
 * return not followed by a line feed, and control, format or non-ASCII space characters outside
 * literals. Unterminated literals and comments are problems too.
 *
 * <p>Immutable; {@link #of} is thread-safe and does not block.
 */
final class SqlTokens {

  /** What a token is. */
  enum Kind {
    /** A bare word: keyword or unquoted identifier. */
    WORD,
    /** A {@code "..."}, {@code `...`} or (SQL Server, SQLite) {@code [...]} identifier. */
    QUOTED_IDENTIFIER,
    /** A {@code '...'} literal, prefix letters excluded. */
    STRING,
    /** A number, possibly with letters glued to it ({@code 1e5}, {@code 0x1F}). */
    NUMBER,
    /** A {@code --} or {@code /* *}{@code /} comment. */
    COMMENT,
    /** Spaces, tabs, line breaks. */
    WHITESPACE,
    /** A {@code ;}. */
    SEMICOLON,
    /** Any other single character. */
    SYMBOL
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param start the offset of its first character
   * @param end the offset after its last character
   * @param text the text, {@code sql.substring(start, end)}
   */
  record Token(Kind kind, int start, int end, String text) {
    /** Returns whether the token is a comment or whitespace. */
    boolean isTrivia() {
      return kind == Kind.COMMENT || kind == Kind.WHITESPACE;
    }

    /** Returns the identifier this word or quoted identifier names, quotes removed; the text otherwise. */
    String name() {
      if (kind != Kind.QUOTED_IDENTIFIER || text.length() < 2) return text;
      char close = text.charAt(text.length() - 1);
      String inner = text.substring(1, text.length() - 1);
      return inner.replace(String.valueOf(close) + close, String.valueOf(close));
    }

    /** Returns whether this is the bare word {@code word}, ignoring case. */
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }
  }

  /**
   * A construct the validator must not let through.
   *
   * @param rule {@code "syntax"} for unterminated text, {@code "ambiguous-syntax"} otherwise
   * @param message what and where
   */
  record Problem(String rule, String message) {}

  private final String sql;
  private final Dialect dialect;
  private final List<Token> tokens;
  private final Problem problem;

  private SqlTokens(String sql, Dialect dialect, List<Token> tokens, Problem problem) {
    this.sql = sql;
    this.dialect = dialect;
    this.tokens = List.copyOf(tokens);
    this.problem = problem;
  }

  /**
   * Splits SQL into tokens by the rules of a dialect.
   *
   * @param sql the SQL
   * @param dialect whose quoting and comment rules apply
   * @return the tokens up to the first problem (all of them when there is none); never null
   */
  static SqlTokens of(String sql, Dialect dialect) {
    return new Lexer(sql, dialect).run();
  }

  /** Returns the SQL that was split. */
  String sql() {
    return sql;
  }

  /** Returns the dialect whose rules were applied. */
  Dialect dialect() {
    return dialect;
  }

  /** Returns the tokens in order; they cover the SQL without gaps up to the first problem. */
  List<Token> tokens() {
    return tokens;
  }

  /** Returns the first construct on which lexers may disagree, or an unterminated literal or comment. */
  Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }

  /** Returns the index of the next token after {@code i} that is not trivia, or {@code -1}. */
  int nextSignificant(int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (!tokens.get(j).isTrivia()) return j;
    }
    return -1;
  }

  /** Returns the index of the previous token before {@code i} that is not trivia, or {@code -1}. */
  int previousSignificant(int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (!tokens.get(j).isTrivia()) return j;
    }
    return -1;
  }

  private static final class Lexer {
    private final String s;
    private final Dialect dialect;
    private final boolean mysql;
    private final boolean brackets;
    private final List<Token> out = new ArrayList<>();
    private Problem problem;
    private int i;

    Lexer(String s, Dialect dialect) {
      this.s = s;
      this.dialect = dialect;
      this.mysql = dialect == Dialect.MYSQL || dialect == Dialect.MARIADB;
      this.brackets = dialect == Dialect.SQLSERVER || dialect == Dialect.SQLITE;
    }

    SqlTokens run() {
      int n = s.length();
      while (i < n && problem == null) {
        char c = s.charAt(i);
        char next = i + 1 < n ? s.charAt(i + 1) : '\0';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
          whitespace();
        } else if (c == '-' && next == '-') {
          lineComment();
        } else if (c == '/' && next == '*') {
          blockComment();
        } else if (c == '#' && mysql) {
          fail("ambiguous-syntax", "'#' starts a comment in MySQL but not in the validator's parser; use '-- '");
        } else if (c == '\'') {
          quoted(Kind.STRING, '\'', "string literal");
        } else if (c == '"') {
          quoted(Kind.QUOTED_IDENTIFIER, '"', "quoted identifier");
        } else if (c == '`') {
          quoted(Kind.QUOTED_IDENTIFIER, '`', "quoted identifier");
        } else if (c == '[' && brackets) {
          quoted(Kind.QUOTED_IDENTIFIER, ']', "bracketed identifier");
        } else if (c == '$' && dollarQuote()) {
          fail("ambiguous-syntax", "dollar-quoted strings ($$...$$) are not allowed; use '...' literals");
        } else if (c == ';') {
          add(Kind.SEMICOLON, i + 1);
        } else if (Character.isDigit(c)) {
          word(Kind.NUMBER);
        } else if (isWordStart(c)) {
          word(Kind.WORD);
        } else if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)
            || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)) {
          fail("ambiguous-syntax", String.format(Locale.ROOT,
              "character U+%04X at offset %d is not allowed outside literals; use plain spaces", (int) c, i));
        } else {
          if (c == '&' && next == '\'' || c == '&' && next == '"') {
            Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (prev != null && prev.end() == i && prev.isWord("u")) {
              fail("ambiguous-syntax", "U& Unicode-escape literals are not allowed; write the characters directly");
              break;
            }
          }
          add(Kind.SYMBOL, i + 1);
        }
      }
      return new SqlTokens(s, dialect, out, problem);
    }

    private void fail(String rule, String message) {
      problem = new Problem(rule, message);
    }

    private void add(Kind kind, int end) {
      out.add(new Token(kind, i, end, s.substring(i, end)));
      i = end;
    }

    private void whitespace() {
      int j = i;
      while (j < s.length()) {
        char c = s.charAt(j);
        if (c == '\r' && (j + 1 >= s.length() || s.charAt(j + 1) != '\n')) {
          fail("ambiguous-syntax", "a carriage return not followed by a line feed ends a comment for some lexers only");
          return;
        }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') break;
        j++;
      }
      add(Kind.WHITESPACE, j);
    }

    private void lineComment() {
      if (mysql && i + 2 < s.length() && s.charAt(i + 2) > ' ') {
        fail("ambiguous-syntax", "in MySQL '--' starts a comment only when a space follows; here it is two minus signs");
        return;
      }
      int j = i + 2;
      while (j < s.length() && s.charAt(j) != '\n' && s.charAt(j) != '\r') j++;
      if (j < s.length() && s.charAt(j) == '\r' && (j + 1 >= s.length() || s.charAt(j + 1) != '\n')) {
        fail("ambiguous-syntax", "a carriage return not followed by a line feed ends a comment for some lexers only");
        return;
      }
      add(Kind.COMMENT, j);
    }

    private void blockComment() {
      if (s.startsWith("/*!", i) || s.regionMatches(true, i, "/*M!", 0, 4)) {
        fail("ambiguous-syntax", "MySQL and MariaDB run the text of /*! ... */ comments; remove the comment");
        return;
      }
      int close = s.indexOf("*/", i + 2);
      if (close < 0) {
        fail("syntax", "the comment that starts at offset " + i + " is not closed");
        return;
      }
      int nested = s.indexOf("/*", i + 2);
      if (nested >= 0 && nested < close) {
        fail("ambiguous-syntax", "'/*' inside a comment: the validator's parser, PostgreSQL and SQL Server nest"
            + " comments, MySQL, MariaDB, SQLite and Oracle do not");
        return;
      }
      add(Kind.COMMENT, close + 2);
    }

    private void quoted(Kind kind, char close, String what) {
      if (kind == Kind.STRING) {
        Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
        if (prev != null && prev.end() == i && prev.kind() == Kind.WORD
            && (prev.isWord("q") || prev.isWord("nq"))) {
          fail("ambiguous-syntax", "Oracle q'...' literals are not allowed; use '...' with doubled quotes");
          return;
        }
      }
      int j = i + 1;
      while (true) {
        if (j >= s.length()) {
          fail("syntax", "the " + what + " that starts at offset " + i + " is not closed");
          return;
        }
        char c = s.charAt(j);
        if (c == '\\' && j + 1 < s.length() && (s.charAt(j + 1) == '\'' || s.charAt(j + 1) == '"')) {
          fail("ambiguous-syntax", "a backslash before a quote (offset " + j + ") is an escape for MySQL and"
              + " PostgreSQL E'' strings but not for the validator's parser; double the quote instead");
          return;
        }
        if (c == close) {
          if (j + 1 < s.length() && s.charAt(j + 1) == close) {
            j += 2;
            continue;
          }
          add(kind, j + 1);
          return;
        }
        j++;
      }
    }

    /** Whether a dollar-quote opener ($$ or $tag$) starts at i, not inside a word. */
    private boolean dollarQuote() {
      if (i > 0 && isWordPart(s.charAt(i - 1))) return false;
      int j = i + 1;
      if (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
      }
      return j < s.length() && s.charAt(j) == '$';
    }

    private boolean isWordStart(char c) {
      if (c == '_' || c < 128 && Character.isLetter(c)) return true;
      if (dialect == Dialect.SQLSERVER && (c == '@' || c == '#')) return true;
      return c >= 128 && Character.isLetter(c);
    }

    private boolean isWordPart(char c) {
      return isWordStart(c) || Character.isDigit(c) || c == '$';
    }

    private void word(Kind kind) {
      int j = i + 1;
      while (j < s.length() && isWordPart(s.charAt(j))) j++;
      add(kind, j);
    }
  }
}
