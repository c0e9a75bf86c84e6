package io.github.dbqueryagent.internal.index;

import io.github.dbqueryagent.internal.text.Words;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns identifiers, comments and questions into the terms the schema index matches: lower-case word
 * stems ({@link Words#stem}: plurals folded, abbreviations expanded). Identifiers are split at
 * snake_case, camelCase and digit boundaries, and lower-case runs such as {@code paperkeyphrase} are
 * segmented into words; the adjacent pairs of an identifier's words are also kept joined
 * ({@code key_phrase} also gives {@code keyphrase}), and the question's adjacent word pairs are joined the
 * same way, so that either spelling matches the other. Stateless and thread-safe.
 */
public final class Terms {
  /** Identifier pieces at least this long are offered to the segmenter. */
  static final int MIN_SEGMENTED_LENGTH = io.github.dbqueryagent.internal.text.Segmenter.MIN_LENGTH;

  private final Function<String, List<String>> segmenter;

  /**
   * Creates the term extractor.
   *
   * @param segmenter splits a lower-case alphabetic run into words; returns the run itself when it is one word
   */
  public Terms(Function<String, List<String>> segmenter) {
    this.segmenter = segmenter;
  }

  /** Returns the words of an identifier, segmented, not stemmed. */
  public List<String> identifierWords(String identifier) {
    List<String> out = new ArrayList<>();
    for (String piece : Words.splitIdentifier(identifier)) {
      if (piece.length() >= MIN_SEGMENTED_LENGTH && isAlphabetic(piece)) {
        out.addAll(segmenter.apply(piece));
      } else {
        out.add(piece);
      }
    }
    return out;
  }

  /**
   * Returns the terms of an identifier: the stem of each word, the stem of each split piece that the
   * segmenter divided, and each adjacent pair joined.
   */
  public List<String> identifierTerms(String identifier) {
    List<String> out = new ArrayList<>();
    List<String> pieces = Words.splitIdentifier(identifier);
    List<String> words = new ArrayList<>();
    for (String piece : pieces) {
      List<String> ws = piece.length() >= MIN_SEGMENTED_LENGTH && isAlphabetic(piece) ? segmenter.apply(piece) : List.of(piece);
      if (ws.size() > 1) out.add(Words.stem(piece));
      words.addAll(ws);
    }
    for (String w : words) out.add(Words.stem(w));
    for (int i = 1; i < words.size(); i++) {
      if (isAlphabetic(words.get(i - 1)) && isAlphabetic(words.get(i))) {
        out.add(Words.stem(words.get(i - 1) + words.get(i)));
      }
    }
    return out;
  }

  /** Returns the stems of the meaningful words of free text (comments, summaries). */
  public static List<String> textTerms(String text) {
    List<String> out = new ArrayList<>();
    for (String w : Words.splitText(text)) {
      if (!Words.isStopword(w)) out.add(Words.stem(w));
    }
    return out;
  }

  /**
   * Returns the terms of a question, in order of first appearance: the forms of each meaningful word
   * ({@link Words#forms}: stem, and the base of inflected verbs and agent nouns) and adjacent meaningful
   * words joined.
   */
  public static Set<String> questionTerms(String question) {
    Set<String> out = new LinkedHashSet<>();
    List<String> words = new ArrayList<>();
    for (String w : Words.splitText(question)) {
      if (Words.isStopword(w)) {
        words.add(null);
        continue;
      }
      out.addAll(Words.forms(w));
      words.add(w);
    }
    for (int i = 1; i < words.size(); i++) {
      String a = words.get(i - 1);
      String b = words.get(i);
      if (a != null && b != null && isAlphabetic(a) && isAlphabetic(b)) out.add(Words.stem(a + b));
    }
    return out;
  }

  static boolean isAlphabetic(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isLetter(s.charAt(i))) return false;
    }
    return !s.isEmpty();
  }
}
