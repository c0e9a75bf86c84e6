package io.github.dbqueryagent.internal.index;

import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sampled column values by phrase, so that a question naming a stored value ("Brazil") finds the
 * column that holds it ({@code customer.country}). A value is kept as its lower-case words joined by
 * single spaces; values that are no words, only stopwords, numbers or a single word under three
 * characters are not indexed (they would match everywhere). Immutable and thread-safe.
 */
public final class ValueIndex {
  /** The longest value phrase indexed, in words. */
  static final int MAX_WORDS = 5;

  /** A column holding a value the question names. */
  public record ValueMatch(TableName table, String column, String phrase) {}

  private final Map<String, List<ValueMatch>> byPhrase = new HashMap<>();

  ValueIndex(Catalog catalog) {
    for (Table t : catalog.tables()) {
      for (Column c : t.columns()) {
        for (String v : c.sampleValues()) {
          String phrase = phrase(v);
          if (phrase == null) continue;
          List<ValueMatch> list = byPhrase.computeIfAbsent(phrase, k -> new ArrayList<>(1));
          ValueMatch m = new ValueMatch(t.name(), c.name(), phrase);
          if (!list.contains(m)) list.add(m);
        }
      }
    }
  }

  /** Returns whether no value is indexed. */
  public boolean isEmpty() {
    return byPhrase.isEmpty();
  }

  /**
   * Finds the indexed values among the question's phrases of one to {@value #MAX_WORDS} words.
   *
   * @return matches, longest phrases first, in question order; never null
   */
  public List<ValueMatch> find(String question) {
    if (byPhrase.isEmpty()) return List.of();
    List<String> words = Words.splitText(question);
    Set<ValueMatch> out = new LinkedHashSet<>();
    for (int len = Math.min(MAX_WORDS, words.size()); len >= 1; len--) {
      for (int i = 0; i + len <= words.size(); i++) {
        List<ValueMatch> hit = byPhrase.get(String.join(" ", words.subList(i, i + len)));
        if (hit != null) out.addAll(hit);
      }
    }
    return new ArrayList<>(out);
  }

  /** The number of distinct phrases indexed. */
  public int size() {
    return byPhrase.size();
  }

  static String phrase(String value) {
    List<String> words = Words.splitText(value);
    if (words.isEmpty() || words.size() > MAX_WORDS || words.stream().allMatch(Words::isStopword)) return null;
    if (words.size() == 1 && (words.get(0).length() < 3 || words.get(0).chars().allMatch(Character::isDigit))) {
      return null;
    }
    return String.join(" ", words);
  }

  @Override
  public String toString() {
    return "ValueIndex[" + byPhrase.size() + " phrases]";
  }

}
