package io.github.dbqueryagent.internal.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Splits lower-case identifiers written without separators into words: {@code paperkeyphrase} is
 * {@code paper key phrase}, {@code highschooler} is {@code high schooler}, {@code sbcustomer} is
 * {@code sb customer}, {@code address2} is {@code address 2}. It complements {@link
 * Words#splitIdentifier}, which splits only at separators, case changes and digits.
 *
 * <p>The technique is the Zipf-cost dynamic programme that the Python package {@code wordninja}
 * (D. Anderson, github.com/keredson/wordninja) packages from a Stack Overflow answer by "Generic
 * Human" (stackoverflow.com/a/11642687, 2012): a word of rank {@code r} (0 = most frequent) in a list
 * of {@code N} words costs {@code ln((r + 1) · ln N)}, about its negative log-probability under Zipf's
 * law, and the segmentation of least total cost wins. This implementation is written from that idea
 * and adds what identifiers need:
 *
 * <ul>
 *   <li>a token that is itself a word of the English list stays whole ({@code customer}, {@code
 *       category}, {@code together}), and so does one shorter than {@value #MIN_LENGTH} letters;
 *   <li>one-letter pieces, and two-letter pieces other than {@code id no of to by at on in is or up},
 *       pay a penalty, so {@code highschooler} is not {@code high school er};
 *   <li>a run of letters that is no known word may be a piece of its own at a cost that grows with its
 *       length; the whole token taken as one such run is the alternative any segmentation must beat,
 *       so a rare word seldom falls apart into short frequent ones;
 *   <li>abbreviations survive as pieces when the rest splits cleanly: the keys of {@link
 *       Words#ABBREVIATIONS} ({@code cust}, {@code qty}, {@code dept}) and a few acronyms ({@code url},
 *       {@code sku}) are known pieces, and an unknown run of 2 to 4 consonants costs about as much as
 *       one ({@code sbcustomer} is {@code sb customer}, {@code tblorders} is {@code tbl orders});
 *   <li>catalog vocabulary ({@link #withVocabulary}) costs less than all but the most frequent
 *       English words, so the catalog's own words are preferred;
 *   <li>a plural that is not the last piece ({@code flights} in {@code flightstop}) pays a small
 *       penalty, since a noun modifying another is singular in English compounds: {@code flightstop}
 *       is {@code flight stop}, not {@code flights top};
 *   <li>digit runs are pieces of their own.
 * </ul>
 *
 * <p>The English list is the resource {@code english-words.txt} beside this class: 50,000 words
 * ordered by their frequency in English Wikipedia and filtered by the SCOWL spelling lists (source,
 * method and licences in {@code english-words-NOTICE.txt}). It is read once, on the first call of
 * {@link #english()}, in a few tens of milliseconds, and held in a compact trie of about 2 MB.
 *
 * <p>Instances are immutable and thread-safe; {@link #segment} allocates only small per-call arrays
 * and caches nothing.
 */
public final class Segmenter {
  /** Tokens (and letter runs of tokens with digits) shorter than this stay whole. */
  public static final int MIN_LENGTH = 5;

  /** Letter runs longer than this stay whole: no identifier word is that long, and it bounds the work. */
  public static final int MAX_LENGTH = 64;

  static final String WORDS_RESOURCE = "english-words.txt";

  /** Two-letter words common in identifiers ({@code customerid}, {@code writesto}, {@code isactive}). */
  private static final Set<String> SHORT_WORDS =
      Set.of("id", "no", "of", "to", "by", "at", "on", "in", "is", "or", "up");

  /** Added to the cost of a two-letter piece not in {@link #SHORT_WORDS}. */
  private static final double SHORT_PENALTY = 6.0;

  /** Added to the cost of a one-letter piece ({@code a}, {@code i}). */
  private static final double LETTER_PENALTY = 10.0;

  /**
   * An unknown run of {@code k} letters costs {@code UNKNOWN_BASE + k * UNKNOWN_PER_LETTER}: a known
   * word of {@code k} letters is carved out of unknown letters only if it costs less than {@code 1.4 k},
   * so {@code sbcustomer} splits but a rare word rarely falls apart into short frequent words.
   */
  private static final double UNKNOWN_BASE = 12.0;

  private static final double UNKNOWN_PER_LETTER = 1.4;

  /**
   * Added to the cost of an abbreviation to give an unknown run of 2 to 4 consonants that does not end
   * in {@code s} ({@code sb}, {@code tbl}, {@code pk}): identifier abbreviations often drop the vowels,
   * while fragments of English words seldom lack one.
   */
  private static final double CONSONANT_RUN_EXTRA = 1.0;

  /**
   * Added to the cost of a piece that ends in {@code s}, is not the last piece, and is a word without
   * that {@code s} ({@code flights}, {@code orders}; not {@code status}, {@code address}).
   */
  private static final double INNER_PLURAL_PENALTY = 1.0;

  /** Rank given to a short word of {@link #SHORT_WORDS} the English list lacks ({@code id}). */
  private static final int SHORT_WORD_RANK = 100;

  /**
   * Acronyms common in identifiers that the English list lacks, known pieces like the keys of {@link
   * Words#ABBREVIATIONS} ({@code imageurl}, {@code productsku}).
   */
  private static final Set<String> ACRONYMS =
      Set.of("url", "uri", "uuid", "guid", "sku", "upc", "isbn", "ssn", "api", "json", "xml", "html",
          "http", "sql", "gps", "vat", "utc", "iso", "pdf", "csv");

  /** Rank given to an abbreviation or acronym the English list lacks or ranks lower. */
  private static final int ABBREVIATION_RANK = 10_000;

  /** Rank given to every catalog word: about as cheap as the 100th most frequent English word. */
  private static final int CATALOG_RANK = 100;

  /** The instance {@link #english()} returns, once loaded. */
  private static volatile Segmenter shared;

  private final Trie english;
  private final Trie catalog;
  private final double consonantRunCost;

  private Segmenter(Trie english, Trie catalog) {
    this.english = english;
    this.catalog = catalog;
    this.consonantRunCost = Math.log((ABBREVIATION_RANK + 1) * english.logN) + CONSONANT_RUN_EXTRA;
  }

  /**
   * Returns the shared segmenter over the English list alone, without catalog vocabulary.
   *
   * <p>The list is loaded on the first call, which therefore blocks for a few tens of milliseconds;
   * later calls return the same instance at once.
   *
   * @return the shared instance, never null
   * @throws IllegalStateException if the word list resource is missing or malformed (a packaging error)
   * @throws java.io.UncheckedIOException if the word list resource cannot be read
   */
  public static Segmenter english() {
    Segmenter s = shared;
    if (s == null) {
      synchronized (Segmenter.class) {
        s = shared;
        if (s == null) shared = s = new Segmenter(loadEnglish(), null);
      }
    }
    return s;
  }

  /**
   * Returns a segmenter over the English list and the given catalog words (the words of split
   * identifiers, column comments and table summaries), which it prefers to general English words of
   * the same letters. A word is lower-cased with the root locale; words that are not 2 to {@value
   * #MAX_LENGTH} letters a-z are ignored. The vocabulary replaces this instance's vocabulary, if any;
   * this instance is unchanged.
   *
   * <p>A catalog word never keeps a token whole: it serves only as a piece of a longer token. So the
   * vocabulary may include the unsplit identifiers themselves ({@code highschooler} still segments
   * as {@code high schooler}). Building costs time linear in the vocabulary's total length.
   *
   * @param catalogWords the catalog's words, in any order; duplicates are harmless
   * @return a new segmenter, never null
   * @throws NullPointerException if {@code catalogWords} or one of its elements is null
   */
  public Segmenter withVocabulary(Collection<String> catalogWords) {
    Objects.requireNonNull(catalogWords, "catalogWords");
    double logN = english.logN;
    Trie.Builder builder = new Trie.Builder(logN);
    for (String word : catalogWords) {
      String w = Objects.requireNonNull(word, "catalogWords element").toLowerCase(Locale.ROOT);
      if (w.length() < 2 || w.length() > MAX_LENGTH || !isLetters(w, 0, w.length())) continue;
      builder.add(w, 0, w.length(), wordCost(w.length(), w, 0, CATALOG_RANK, logN));
      if (w.length() >= 4 && w.charAt(w.length() - 1) == 's'
          && english.contains(w, 0, w.length() - 1)) {
        builder.penaliseInner(w, 0, w.length(), INNER_PLURAL_PENALTY);
      }
    }
    return new Segmenter(english, builder.size() == 0 ? null : builder.build());
  }

  /**
   * Returns the words of a lower-case token, in order, concatenating to the token.
   *
   * <p>The token is returned whole, as a one-element list, when it contains anything but {@code a-z}
   * and {@code 0-9} (upper case included: lower-case first), when it is a word of the English list,
   * when it is shorter than {@value #MIN_LENGTH} letters or longer than {@value #MAX_LENGTH}, or when
   * no segmentation costs less than the whole token taken as one unknown word. Digit runs are
   * separate pieces ({@code address2} is {@code address, 2}), and the letter runs between them follow
   * the same rules. Examples: {@code paperkeyphrase} is {@code paper, key, phrase}; {@code sbcustomer}
   * is {@code sb, customer}; {@code customer}, {@code together} and {@code qty} stay whole.
   *
   * <p>Takes time linear in the token's length for the dictionary look-ups and quadratic (in at most
   * {@value #MAX_LENGTH} letters) for unknown runs: a few microseconds for a typical identifier.
   *
   * @param token a lower-case token, typically one word of {@link Words#splitIdentifier}
   * @return the pieces, never null, unmodifiable; empty only for an empty token
   * @throws NullPointerException if {@code token} is null
   */
  public List<String> segment(String token) {
    Objects.requireNonNull(token, "token");
    int n = token.length();
    if (n == 0) return List.of();
    boolean digits = false;
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c < 'a' || c > 'z') {
        return List.of(token);
      }
    }
    if (!digits) {
      if (n < MIN_LENGTH) return List.of(token);
      List<String> out = new ArrayList<>(4);
      segmentLetters(token, 0, n, out);
      return List.copyOf(out);
    }
    List<String> out = new ArrayList<>(4);
    int start = 0;
    while (start < n) {
      boolean digit = isDigit(token.charAt(start));
      int end = start + 1;
      while (end < n && isDigit(token.charAt(end)) == digit) end++;
      if (digit || end - start < MIN_LENGTH) {
        out.add(token.substring(start, end));
      } else {
        segmentLetters(token, start, end, out);
      }
      start = end;
    }
    return List.copyOf(out);
  }

  /** Appends the pieces of {@code token[from, to)}, all letters a-z, at least MIN_LENGTH long. */
  private void segmentLetters(String token, int from, int to, List<String> out) {
    int n = to - from;
    if (n > MAX_LENGTH || english.contains(token, from, to)) {
      out.add(token.substring(from, to));
      return;
    }
    // best[j]: least cost of token[from, from + j) as pieces; back[j]: where its last piece starts. Only
    // costs below the whole run as one unknown piece matter: that is the answer to beat (back[n] = 0).
    double whole = UNKNOWN_BASE + n * UNKNOWN_PER_LETTER;
    double[] best = new double[n + 1];
    int[] back = new int[n + 1];
    Arrays.fill(best, whole);
    best[0] = 0;
    for (int i = 0; i < n; i++) {
      double here = best[i];
      if (here >= whole) continue;
      english.relax(token, from, to, i, here, best, back, false);
      if (catalog != null) catalog.relax(token, from, to, i, here, best, back, i == 0);
      // An unknown run to every later position; two adjacent runs never beat one (UNKNOWN_BASE > 0).
      boolean vowel = false;
      for (int j = i + 1; j <= n; j++) {
        char last = token.charAt(from + j - 1);
        vowel = vowel || isVowel(last);
        int letters = j - i;
        double c = here + UNKNOWN_BASE + letters * UNKNOWN_PER_LETTER;
        if (letters >= 2 && letters <= 4 && !vowel && last != 's') {
          c = Math.min(c, here + consonantRunCost);
        } else if (c >= whole && letters > 4) {
          break; // grows with j from here on
        }
        if (c < best[j]) {
          best[j] = c;
          back[j] = i;
        }
      }
    }
    if (back[n] == 0) { // no segmentation beats the whole run as one unknown piece
      out.add(token.substring(from, to));
      return;
    }
    int mark = out.size();
    for (int j = n; j > 0; j = back[j]) out.add(mark, token.substring(from + back[j], from + j));
  }

  private static boolean isVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
  }

  /** Zipf cost of the word {@code s[start, start + length)} of a rank, with the short-word penalty. */
  private static double wordCost(int length, String s, int start, int rank, double logN) {
    double cost = Math.log((rank + 1) * logN);
    if (length == 1) {
      cost += LETTER_PENALTY;
    } else if (length == 2 && !SHORT_WORDS.contains(s.substring(start, start + 2))) {
      cost += SHORT_PENALTY;
    }
    return cost;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetters(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 'a' || c > 'z') return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return "Segmenter[english=" + english.words + " words, catalog="
        + (catalog == null ? 0 : catalog.words) + " words]";
  }

  private static Trie loadEnglish() {
    String text;
    try (InputStream in = Segmenter.class.getResourceAsStream(WORDS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Word list " + WORDS_RESOURCE + " is missing beside "
            + Segmenter.class.getName() + "; the jar is incomplete");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read word list " + WORDS_RESOURCE, e);
    }
    // Word lines as [start, end) pairs, most frequent first; '#' lines are comments.
    int[] bounds = new int[2 * 64_000];
    int count = 0;
    int lineNumber = 0;
    for (int start = 0; start < text.length(); ) {
      int end = text.indexOf('\n', start);
      if (end < 0) end = text.length();
      int next = end + 1;
      if (end > start && text.charAt(end - 1) == '\r') end--;
      lineNumber++;
      if (end > start && text.charAt(start) != '#') {
        if (end - start > MAX_LENGTH || !isLetters(text, start, end)) {
          throw new IllegalStateException("Word list " + WORDS_RESOURCE + " line " + lineNumber
              + " is not a lower-case word a-z: " + text.substring(start, end));
        }
        if (2 * count == bounds.length) bounds = Arrays.copyOf(bounds, 2 * bounds.length);
        bounds[2 * count] = start;
        bounds[2 * count + 1] = end;
        count++;
      }
      start = next;
    }
    if (count == 0) throw new IllegalStateException("Word list " + WORDS_RESOURCE + " has no words");
    double logN = Math.log(count);
    Trie.Builder builder = new Trie.Builder(logN);
    for (int rank = 0; rank < count; rank++) {
      int start = bounds[2 * rank];
      int end = bounds[2 * rank + 1];
      builder.add(text, start, end, wordCost(end - start, text, start, rank, logN));
    }
    for (String w : SHORT_WORDS) builder.add(w, 0, w.length(), wordCost(2, w, 0, SHORT_WORD_RANK, logN));
    for (String w : Words.ABBREVIATIONS.keySet()) {
      if (w.length() > 1 && isLetters(w, 0, w.length())) {
        builder.add(w, 0, w.length(), wordCost(w.length(), w, 0, ABBREVIATION_RANK, logN));
      }
    }
    for (String w : ACRONYMS) {
      builder.add(w, 0, w.length(), wordCost(w.length(), w, 0, ABBREVIATION_RANK, logN));
    }
    for (int rank = 0; rank < count; rank++) {
      int start = bounds[2 * rank];
      int end = bounds[2 * rank + 1];
      if (end - start >= 4 && text.charAt(end - 1) == 's' && builder.contains(text, start, end - 1)) {
        builder.penaliseInner(text, start, end, INNER_PLURAL_PENALTY);
      }
    }
    return builder.build();
  }

  /**
   * An immutable trie over the letters a-z in flat arrays, nodes numbered breadth-first so that the
   * children of node {@code x} are the nodes {@code first[x]} to {@code first[x + 1] - 1}, sorted by
   * letter; the root is node 0 and {@code rootChild} indexes its children by letter. {@code cost} is a
   * word's cost as the last piece and {@code innerCost} as any other piece; both are NaN for a node that
   * ends no word.
   */
  private static final class Trie {
    final double logN;
    final int words;
    private final int[] rootChild = new int[26];
    private final int[] first;
    private final char[] letter;
    private final float[] cost;
    private final float[] innerCost;

    private Trie(Builder b) {
      this.logN = b.logN;
      this.words = b.words;
      int nodes = b.nodes;
      first = new int[nodes + 1];
      letter = new char[nodes];
      cost = new float[nodes];
      innerCost = new float[nodes];
      cost[0] = Float.NaN;
      innerCost[0] = Float.NaN;
      int[] oldId = new int[nodes];
      int[] kids = new int[26];
      int next = 1;
      for (int x = 0; x < next; x++) {
        first[x] = next;
        int count = 0;
        if (x == 0) {
          for (int c = 0; c < 26; c++) {
            if (b.rootChild[c] >= 0) kids[count++] = b.rootChild[c];
          }
        } else {
          for (int k = b.firstChild[oldId[x]]; k >= 0; k = b.sibling[k]) {
            int m = count++;
            while (m > 0 && b.letter[kids[m - 1]] > b.letter[k]) { // insertion sort by letter
              kids[m] = kids[m - 1];
              m--;
            }
            kids[m] = k;
          }
        }
        for (int m = 0; m < count; m++, next++) {
          int old = kids[m];
          oldId[next] = old;
          letter[next] = b.letter[old];
          cost[next] = b.cost[old];
          innerCost[next] = b.innerCost[old];
        }
      }
      first[nodes] = nodes;
      Arrays.fill(rootChild, -1);
      for (int k = first[0]; k < first[1]; k++) rootChild[letter[k] - 'a'] = k;
    }

    private int child(int node, char c) {
      for (int k = first[node], end = first[node + 1]; k < end; k++) {
        char l = letter[k];
        if (l >= c) return l == c ? k : -1;
      }
      return -1;
    }

    /** Returns whether {@code s[from, to)}, all letters a-z, is a word of this trie. */
    boolean contains(String s, int from, int to) {
      int node = rootChild[s.charAt(from) - 'a'];
      for (int i = from + 1; i < to && node >= 0; i++) node = child(node, s.charAt(i));
      return node > 0 && !Float.isNaN(cost[node]);
    }

    /**
     * Lowers {@code best[j + 1]} to {@code here} plus the cost of the piece {@code s[from + i, from + j
     * + 1)} for every such piece that is a word of this trie, and points {@code back[j + 1]} at {@code
     * i}; with {@code skipWhole}, ignores the piece spanning the whole run {@code s[from, to)}.
     */
    void relax(String s, int from, int to, int i, double here, double[] best, int[] back, boolean skipWhole) {
      int n = to - from;
      int node = rootChild[s.charAt(from + i) - 'a'];
      for (int j = i; node >= 0; ) {
        float c = j + 1 == n ? cost[node] : innerCost[node];
        if (!Float.isNaN(c) && !(skipWhole && j + 1 == n)) {
          double total = here + c;
          if (total < best[j + 1]) {
            best[j + 1] = total;
            back[j + 1] = i;
          }
        }
        if (++j == n) return;
        node = child(node, s.charAt(from + j));
      }
    }

    /**
     * Mutable trie: a node's children form a linked list through {@code sibling}, except the root's,
     * which {@code rootChild} indexes by letter. {@link #add} keeps the lowest cost of a word added
     * twice.
     */
    static final class Builder {
      final double logN;
      int words;
      int nodes = 1; // node 0 is the root
      final int[] rootChild = new int[26];
      int[] firstChild = new int[1024];
      int[] sibling = new int[1024];
      char[] letter = new char[1024];
      float[] cost = new float[1024];
      float[] innerCost = new float[1024];

      Builder(double logN) {
        this.logN = logN;
        Arrays.fill(rootChild, -1);
      }

      int size() {
        return words;
      }

      boolean contains(String s, int from, int to) {
        int node = find(s, from, to);
        return node > 0 && !Float.isNaN(cost[node]);
      }

      /** Returns the node of {@code s[from, to)} (a non-empty run of a-z), or -1 if there is none. */
      private int find(String s, int from, int to) {
        int node = rootChild[s.charAt(from) - 'a'];
        for (int i = from + 1; i < to && node >= 0; i++) {
          char c = s.charAt(i);
          int k = firstChild[node];
          while (k >= 0 && letter[k] != c) k = sibling[k];
          node = k;
        }
        return node;
      }

      /** Adds the word {@code s[from, to)} (a non-empty run of a-z) at the given cost. */
      void add(String s, int from, int to, double wordCost) {
        int c0 = s.charAt(from) - 'a';
        int node = rootChild[c0];
        if (node < 0) {
          node = newNode(s.charAt(from));
          rootChild[c0] = node;
        }
        for (int i = from + 1; i < to; i++) {
          char c = s.charAt(i);
          int k = firstChild[node];
          while (k >= 0 && letter[k] != c) k = sibling[k];
          if (k < 0) {
            k = newNode(c);
            sibling[k] = firstChild[node];
            firstChild[node] = k;
          }
          node = k;
        }
        float f = (float) wordCost;
        if (Float.isNaN(cost[node])) {
          words++;
          cost[node] = f;
          innerCost[node] = f;
        } else if (f < cost[node]) {
          innerCost[node] += f - cost[node];
          cost[node] = f;
        }
      }

      /** Raises the cost of the word {@code s[from, to)}, already added, as a piece other than the last. */
      void penaliseInner(String s, int from, int to, double penalty) {
        int node = find(s, from, to);
        innerCost[node] = cost[node] + (float) penalty;
      }

      private int newNode(char c) {
        if (nodes == letter.length) {
          int capacity = nodes * 2;
          firstChild = Arrays.copyOf(firstChild, capacity);
          sibling = Arrays.copyOf(sibling, capacity);
          letter = Arrays.copyOf(letter, capacity);
          cost = Arrays.copyOf(cost, capacity);
          innerCost = Arrays.copyOf(innerCost, capacity);
        }
        int k = nodes++;
        firstChild[k] = -1;
        sibling[k] = -1;
        letter[k] = c;
        cost[k] = Float.NaN;
        innerCost[k] = Float.NaN;
        return k;
      }

      Trie build() {
        return new Trie(this);
      }
    }
  }
}
