package io.github.dbqueryagent.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Execution-accuracy comparison: a prediction is correct when its rows match the gold rows, with
 * extra prediction columns allowed and row order ignored unless {@code ordered}. Values are
 * normalised: numbers (and strings that are numbers) compared at 4 decimal places, everything else
 * by its string form.
 *
 * <p>When gold and prediction come from different databases (say gold SQL on the SQLite Chinook
 * file, where dates are text, and predictions on PostgreSQL or MariaDB, where they are timestamps),
 * {@link #matches(List, List, boolean, boolean)} with {@code normaliseDateTimes} also brings
 * date-times to one form on both sides: {@code java.sql.Timestamp}, {@code LocalDateTime}, {@code
 * OffsetDateTime} and strings such as {@code 2009-01-01 00:00:00}, {@code 2009-01-01T00:00} or {@code
 * 2009-01-01 00:00:00.0} all become {@code 2009-01-01 00:00:00} (fractional seconds kept when not
 * zero), and {@code java.sql.Date} / {@code LocalDate} become {@code 2009-01-01}. A date and a
 * date-time at midnight stay different values.
 */
public final class ResultMatcher {
  private static final Pattern DATE_TIME_TEXT =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2})(:\\d{2})?(\\.\\d{1,9})?");

  private ResultMatcher() {}

  /**
   * Returns whether {@code predicted} answers like {@code gold}.
   *
   * @param gold the gold rows
   * @param predicted the predicted rows
   * @param ordered whether row order matters
   * @return whether the prediction matches
   */
  public static boolean matches(List<List<Object>> gold, List<List<Object>> predicted, boolean ordered) {
    return matches(gold, predicted, ordered, false);
  }

  /**
   * Returns whether {@code predicted} answers like {@code gold}, optionally normalising date-times
   * (see the class documentation); with {@code normaliseDateTimes} false this is {@link
   * #matches(List, List, boolean)}.
   *
   * @param gold the gold rows
   * @param predicted the predicted rows
   * @param ordered whether row order matters
   * @param normaliseDateTimes whether to bring date-time values and date-time strings to one form
   * @return whether the prediction matches
   */
  public static boolean matches(List<List<Object>> gold, List<List<Object>> predicted, boolean ordered, boolean normaliseDateTimes) {
    if (gold.size() != predicted.size()) return false;
    if (gold.isEmpty()) return true;
    int goldCols = gold.get(0).size();
    int predCols = predicted.get(0).size();
    if (predCols < goldCols) return false;
    List<List<String>> g = normalise(gold, normaliseDateTimes);
    List<List<String>> p = normalise(predicted, normaliseDateTimes);
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

  private static List<List<String>> normalise(List<List<Object>> rows, boolean dates) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<String> n = new ArrayList<>();
      for (Object o : r) n.add(value(o, dates));
      out.add(n);
    }
    return out;
  }

  /** Normalises one value. */
  static String value(Object o) {
    return value(o, false);
  }

  /** Normalises one value, bringing date-times to one form when {@code dates} is set. */
  static String value(Object o, boolean dates) {
    if (o == null) return "\u0000null";
    if (dates) {
      String d = dateTime(o);
      if (d != null) return d;
    }
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

  /**
   * The canonical form of a date-time value or date-time string ({@code yyyy-MM-dd HH:mm:ss}, with
   * the fraction when not zero; {@code yyyy-MM-dd} for dates), or null when {@code o} is neither.
   */
  static String dateTime(Object o) {
    if (o instanceof Timestamp t) return format(t.toLocalDateTime());
    if (o instanceof LocalDateTime t) return format(t);
    if (o instanceof OffsetDateTime t) return format(t.toLocalDateTime());
    if (o instanceof java.sql.Date d) return d.toLocalDate().toString();
    if (o instanceof LocalDate d) return d.toString();
    if (o instanceof CharSequence cs) {
      Matcher m = DATE_TIME_TEXT.matcher(cs.toString().strip());
      if (!m.matches()) return null;
      try {
        LocalDate date = LocalDate.parse(m.group(1));
        LocalTime time = LocalTime.parse(m.group(2) + (m.group(3) == null ? ":00" : m.group(3)));
        int nanos = 0;
        if (m.group(4) != null) {
          String f = (m.group(4).substring(1) + "000000000").substring(0, 9);
          nanos = Integer.parseInt(f);
        }
        return format(LocalDateTime.of(date, time.withNano(nanos)));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  private static String format(LocalDateTime t) {
    String s = t.toLocalDate() + " " + String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    if (t.getNano() == 0) return s;
    String f = String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", "");
    return s + "." + f;
  }
}
