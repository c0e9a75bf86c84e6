package io.github.dbqueryagent.internal.generate;

import io.github.dbqueryagent.internal.text.Words;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A question split into tokens that keep their original spelling (for values) next to lower-case
 * forms (for schema linking). Immutable.
 */
final class QuestionText {
  private static final Pattern QUOTED = Pattern.compile("'([^']{1,100})'|\"([^\"]{1,100})\"|‘([^’]{1,100})’|“([^”]{1,100})”");
  private static final String EDGE_PUNCT = "?.,!;:()[]{}\"'‘’“”";

  /** One whitespace-separated token. */
  static final class Token {
    final int index;
    final String raw;
    final String lower;
    final Set<String> forms;
    final boolean quoted;

    Token(int index, String raw, boolean quoted) {
      this.index = index;
      this.raw = raw;
      this.quoted = quoted;
      String l = raw.toLowerCase(Locale.ROOT);
      // "customer's" / "customers’" -> "customer"
      if (l.endsWith("'s") || l.endsWith("’s")) l = l.substring(0, l.length() - 2);
      if (l.endsWith("'") || l.endsWith("’")) l = l.substring(0, l.length() - 1);
      this.lower = l;
      this.forms = Words.forms(l);
    }

    boolean isNumber() {
      return raw.matches("-?\\d+(\\.\\d+)?");
    }

    boolean isCapitalized() {
      return !raw.isEmpty() && Character.isUpperCase(raw.charAt(0));
    }

    boolean matches(String stem) {
      return forms.contains(stem) || Words.sameWord(lower, stem);
    }

    @Override
    public String toString() {
      return raw;
    }
  }

  final String text;
  final String lower;
  final List<Token> tokens;
  final List<String> quotedPhrases;

  private QuestionText(String text, List<Token> tokens, List<String> quoted) {
    this.text = text;
    this.lower = text.toLowerCase(Locale.ROOT);
    this.tokens = Collections.unmodifiableList(tokens);
    this.quotedPhrases = Collections.unmodifiableList(quoted);
  }

  static QuestionText parse(String question) {
    List<String> quoted = new ArrayList<>();
    Matcher m = QUOTED.matcher(question);
    StringBuilder masked = new StringBuilder();
    int last = 0;
    List<int[]> quotedSpans = new ArrayList<>();
    while (m.find()) {
      String phrase = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      // an apostrophe inside a word ("90's") is not a quote: require a non-letter before the opening quote
      if (m.start() > 0 && Character.isLetterOrDigit(question.charAt(m.start() - 1))) continue;
      quoted.add(phrase);
      quotedSpans.add(new int[] {m.start(), m.end()});
      masked.append(question, last, m.start());
      last = m.end();
    }
    List<Token> tokens = new ArrayList<>();
    int spanIdx = 0;
    int pos = 0;
    String q = question;
    while (pos < q.length()) {
      if (spanIdx < quotedSpans.size() && pos == quotedSpans.get(spanIdx)[0]) {
        int end = quotedSpans.get(spanIdx)[1];
        String phrase = quoted.get(spanIdx);
        for (String part : phrase.trim().split("\\s+")) {
          if (!part.isEmpty()) tokens.add(new Token(tokens.size(), part, true));
        }
        pos = end;
        spanIdx++;
        continue;
      }
      char c = q.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
        continue;
      }
      int end = pos;
      int nextQuote = spanIdx < quotedSpans.size() ? quotedSpans.get(spanIdx)[0] : q.length();
      while (end < q.length() && end < nextQuote && !Character.isWhitespace(q.charAt(end))) end++;
      String raw = strip(q.substring(pos, end));
      if (!raw.isEmpty()) tokens.add(new Token(tokens.size(), raw, false));
      pos = end;
    }
    return new QuestionText(question, tokens, quoted);
  }

  private static String strip(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && EDGE_PUNCT.indexOf(s.charAt(a)) >= 0) a++;
    while (b > a && EDGE_PUNCT.indexOf(s.charAt(b - 1)) >= 0) {
      // keep a possessive apostrophe such as "90’s" intact; drop trailing quotes otherwise
      b--;
    }
    return s.substring(a, b);
  }

  int size() {
    return tokens.size();
  }

  Token get(int i) {
    return tokens.get(i);
  }

  /** Returns the raw text of tokens {@code [from, to)} joined by single spaces. */
  String raw(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (i > from) sb.append(' ');
      sb.append(tokens.get(i).raw);
    }
    return sb.toString();
  }

  /** Returns the index of the first token whose lower form equals one of {@code words}, from {@code start}, or -1. */
  int indexOf(int start, String... words) {
    for (int i = Math.max(0, start); i < tokens.size(); i++) {
      for (String w : words) {
        if (tokens.get(i).lower.equals(w)) return i;
      }
    }
    return -1;
  }
}
