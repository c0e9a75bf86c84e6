package io.github.dbqueryagent.internal.index;

import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.FewShotExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Few-shot examples ranked by the similarity of their question to a new one: BM25 over question terms
 * (Robertson and Zaragoza, 2009; k1 = 1.2, b = 0.75), the same terms the schema index uses. Built once
 * per list of examples; immutable and thread-safe.
 */
public final class ExampleIndex {
  private static final double K1 = 1.2;
  private static final double B = 0.75;

  /** An example and its score. */
  public record Hit(FewShotExample example, double score) {}

  private final List<FewShotExample> examples;
  private final List<Map<String, Integer>> termCounts = new ArrayList<>();
  private final int[] lengths;
  private final Map<String, Integer> documentFrequency = new HashMap<>();
  private final double averageLength;

  /**
   * Indexes examples.
   *
   * @param examples the examples
   */
  public ExampleIndex(List<FewShotExample> examples) {
    this.examples = List.copyOf(examples);
    this.lengths = new int[examples.size()];
    long total = 0;
    for (int i = 0; i < examples.size(); i++) {
      Map<String, Integer> counts = new HashMap<>();
      for (String w : Words.splitText(examples.get(i).question())) {
        if (!Words.isStopword(w)) counts.merge(Words.stem(w), 1, Integer::sum);
      }
      termCounts.add(counts);
      for (String t : counts.keySet()) documentFrequency.merge(t, 1, Integer::sum);
      lengths[i] = counts.values().stream().mapToInt(Integer::intValue).sum();
      total += lengths[i];
    }
    this.averageLength = examples.isEmpty() ? 1 : Math.max(1, total / (double) examples.size());
  }

  /**
   * Ranks the examples for a question's terms.
   *
   * @param terms the question's terms ({@link Terms#questionTerms})
   * @param limit the most examples returned
   * @param minShare examples scoring below this share of the best are left out
   * @return hits with a positive score, best first; ties in list order
   */
  public List<Hit> search(Set<String> terms, int limit, double minShare) {
    List<Hit> hits = new ArrayList<>();
    int n = examples.size();
    for (int i = 0; i < n; i++) {
      double score = 0;
      for (String t : terms) {
        Integer tf = termCounts.get(i).get(t);
        if (tf == null) continue;
        int df = documentFrequency.get(t);
        double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[i] / averageLength));
      }
      if (score > 0) hits.add(new Hit(examples.get(i), score));
    }
    hits.sort((a, b) -> Double.compare(b.score(), a.score()));
    if (hits.isEmpty()) return hits;
    double best = hits.get(0).score();
    hits.removeIf(h -> h.score() < minShare * best);
    return hits.subList(0, Math.min(limit, hits.size()));
  }
}
