package io.github.dbqueryagent.internal.pipeline;

import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Identifiers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the short natural-language answer from the question and the rows, by template, without a
 * model. Deterministic: the same question, label and rows give the same text. A truncated result
 * always says so. A generator's prose is never used, except the label the offline rule-based generator
 * writes, which the pipeline passes in (a model's explanation such as "Counting." or "Here is the query
 * you asked for" would make a poor label).
 */
public final class AnswerWriter {
  private static final int LIST_ITEMS = 5;
  private static final int MAX_QUESTION_CHARS = 80;

  /**
   * Words that make a column name say nothing about the value ({@code count}, {@code COUNT(*)}, {@code
   * ?column?}, {@code expr1}, {@code _col0}): a single value under such a name is labelled with the question.
   */
  private static final Set<String> GENERIC_WORDS = Set.of(
      "count", "cnt", "sum", "avg", "average", "min", "max", "minimum", "maximum", "total", "value", "val",
      "result", "res", "expr", "expression", "exp", "column", "col", "c", "n", "x", "number", "answer", "output",
      "distinct", "all", "star", "f", "q", "v");

  private AnswerWriter() {}

  /**
   * Writes one or two sentences describing the result.
   *
   * <p>Shapes: no rows → {@code "No rows matched."}; one value → {@code "<label>: <value>."}, the label
   * being {@code label} when given, else the result column's {@linkplain Identifiers#readable readable
   * name} ({@code customer_count} → "Customer count"), else, for a name that says nothing such as
   * {@code count} or {@code COUNT(*)}, the question ({@code The answer to "How many ...?" is 5.}); one
   * row → each column named with its value; more rows → the count and the first five rows. A truncated
   * result adds {@code "(showing the first N; more rows exist)"}.
   *
   * @param question the question
   * @param label the offline rule-based generator's reading of the question ("number of customers where
   *     Country = 'Brazil'"), used as the label of a single value; {@code ""} for every other generator,
   *     whose explanation is prose, not a label
   * @param result the rows
   * @param maxRows the row cap; the count of rows shown is the number of rows received
   * @return one or two sentences, never null
   */
  public static String write(String question, String label, ExecutionResult result, int maxRows) {
    List<List<Object>> rows = result.rows();
    int cols = result.columns().size();
    if (rows.isEmpty()) {
      return result.truncated() ? "No rows were shown; more rows exist." : "No rows matched.";
    }
    String more = result.truncated() ? " (showing the first " + rows.size() + "; more rows exist)" : "";
    if (rows.size() == 1 && cols == 1) {
      String value = format(rows.get(0).get(0));
      if (label != null && !label.isBlank()) {
        return capitalize(oneLine(label)) + ": " + value + more + ".";
      }
      String columnLabel = columnLabel(result.columns().get(0).name());
      if (!columnLabel.isEmpty()) {
        return capitalize(columnLabel) + ": " + value + more + ".";
      }
      String q = oneLine(question == null ? "" : question);
      if (q.isEmpty()) {
        return "The answer is " + value + more + ".";
      }
      if (q.length() > MAX_QUESTION_CHARS) q = q.substring(0, MAX_QUESTION_CHARS - 3).strip() + "...";
      return "The answer to \"" + q + "\" is " + value + more + ".";
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

  /** The readable name of a result column, or {@code ""} when it says nothing about the value. */
  static String columnLabel(String columnName) {
    if (columnName == null || columnName.contains("(") || columnName.contains("?") || columnName.contains("*")) {
      return "";
    }
    String readable = Identifiers.readable(columnName);
    boolean informative = false;
    for (String w : readable.split(" ")) {
      String letters = w.replaceAll("[0-9]", "");
      if (!letters.isEmpty() && !GENERIC_WORDS.contains(letters)) informative = true;
    }
    return informative ? readable : "";
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
