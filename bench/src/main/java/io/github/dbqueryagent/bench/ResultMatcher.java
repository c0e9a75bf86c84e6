package io.github.dbqueryagent.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Execution-accuracy comparison: a prediction is correct when its rows match the gold rows, with
 * extra prediction columns allowed and row order ignored unless {@code ordered}. Values are
 * normalised: numbers (and strings that are numbers) compared at 4 decimal places, everything else
 * by its string form.
 */
public final class ResultMatcher {
  private ResultMatcher() {}

  /** Returns whether {@code predicted} answers like {@code gold}. */
  public static boolean matches(List<List<Object>> gold, List<List<Object>> predicted, boolean ordered) {
    if (gold.size() != predicted.size()) return false;
    if (gold.isEmpty()) return true;
    int goldCols = gold.get(0).size();
    int predCols = predicted.get(0).size();
    if (predCols < goldCols) return false;
    List<List<String>> g = normalise(gold);
    List<List<String>> p = normalise(predicted);
    // candidate prediction columns for each gold column: same multiset of values
    List<List<Integer>> candidates = new ArrayList<>();
    for (int j = 0; j < goldCols; j++) {
      Map<String, Integer> gc = column(g, j);
      List<Integer> c = new ArrayList<>();
      for (int k = 0; k < predCols; k++) {
        if (column(p, k).equals(gc)) c.add(k);
      }
      if (c.isEmpty()) return false;
      candidates.add(c);
    }
    return assign(g, p, candidates, 0, new int[goldCols], ordered);
  }

  private static boolean assign(List<List<String>> g, List<List<String>> p, List<List<Integer>> cands, int j, int[] mapping, boolean ordered) {
    if (j == cands.size()) return rowsMatch(g, p, mapping, ordered);
    for (int k : cands.get(j)) {
      boolean used = false;
      for (int x = 0; x < j; x++) if (mapping[x] == k) used = true;
      if (used) continue;
      mapping[j] = k;
      if (assign(g, p, cands, j + 1, mapping, ordered)) return true;
    }
    return false;
  }

  private static boolean rowsMatch(List<List<String>> g, List<List<String>> p, int[] mapping, boolean ordered) {
    List<List<String>> projected = new ArrayList<>();
    for (List<String> row : p) {
      List<String> r = new ArrayList<>();
      for (int k : mapping) r.add(row.get(k));
      projected.add(r);
    }
    if (ordered) return projected.equals(g);
    Map<List<String>, Integer> a = new HashMap<>();
    for (List<String> r : g) a.merge(r, 1, Integer::sum);
    Map<List<String>, Integer> b = new HashMap<>();
    for (List<String> r : projected) b.merge(r, 1, Integer::sum);
    return a.equals(b);
  }

  private static Map<String, Integer> column(List<List<String>> rows, int j) {
    Map<String, Integer> m = new HashMap<>();
    for (List<String> r : rows) m.merge(r.get(j), 1, Integer::sum);
    return m;
  }

  private static List<List<String>> normalise(List<List<Object>> rows) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<String> n = new ArrayList<>();
      for (Object o : r) n.add(value(o));
      out.add(n);
    }
    return out;
  }

  /** Normalises one value. */
  static String value(Object o) {
    if (o == null) return "\u0000null";
    String s = o instanceof Number ? o.toString() : Objects.toString(o).strip();
    if (s.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
      try {
        return new BigDecimal(s).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
      } catch (NumberFormatException e) {
        return s;
      }
    }
    return s;
  }
}
