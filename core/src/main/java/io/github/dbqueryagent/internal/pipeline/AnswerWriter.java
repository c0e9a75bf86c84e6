package io.github.dbqueryagent.internal.pipeline;

import io.github.dbqueryagent.spi.ExecutionResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the short natural-language answer from the rows, without a model. */
public final class AnswerWriter {
  private static final int LIST_ITEMS = 5;

  private AnswerWriter() {}

  /**
   * Writes one or two sentences describing the result.
   *
   * @param question the question
   * @param explanation the generator's reading of the question, used as a label for single values
   * @param result the rows
   * @param maxRows the row cap, mentioned when the result was truncated
   */
  public static String write(String question, String explanation, ExecutionResult result, int maxRows) {
    List<List<Object>> rows = result.rows();
    int cols = result.columns().size();
    if (rows.isEmpty()) {
      return "No rows matched.";
    }
    String more = result.truncated() ? " (showing the first " + maxRows + "; more rows exist)" : "";
    if (rows.size() == 1 && cols == 1) {
      String value = format(rows.get(0).get(0));
      if (!explanation.isBlank()) {
        return capitalize(explanation.strip()) + ": " + value + more + ".";
      }
      return "The answer is " + value + more + ".";
    }
    if (rows.size() == 1) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < cols; i++) {
        parts.add(result.columns().get(i).name() + " = " + format(rows.get(0).get(i)));
      }
      return "1 row" + more + ": " + String.join(", ", parts) + ".";
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < Math.min(LIST_ITEMS, rows.size()); i++) {
      items.add(rowText(rows.get(i)));
    }
    String list = String.join("; ", items);
    if (rows.size() > LIST_ITEMS) {
      list += "; and " + (rows.size() - LIST_ITEMS) + " more";
    }
    return rows.size() + " rows" + more + ": " + list + ".";
  }

  private static String rowText(List<Object> row) {
    if (row.size() == 1) return format(row.get(0));
    List<String> parts = new ArrayList<>();
    for (Object o : row) parts.add(format(o));
    return String.join(", ", parts);
  }

  /** Formats a value for a sentence: numbers without needless decimals, text as is, null as "null". */
  public static String format(Object value) {
    if (value == null) return "null";
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        BigDecimal bd = BigDecimal.valueOf(d);
        return bd.scale() > 2 ? bd.setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
            : bd.stripTrailingZeros().toPlainString();
      }
    }
    if (value instanceof BigDecimal) {
      BigDecimal bd = (BigDecimal) value;
      if (bd.scale() > 2) bd = bd.setScale(2, java.math.RoundingMode.HALF_UP);
      return bd.stripTrailingZeros().toPlainString();
    }
    String s = String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
