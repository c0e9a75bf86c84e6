package io.github.dbqueryagent.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import org.h2.api.Interval;
import org.postgresql.util.PGInterval;

/**
 * How result values are printed, the same in every format: ISO-8601 for dates, times, timestamps and
 * intervals, nothing rounded.
 *
 * <ul>
 *   <li>integers and decimals as JSON numbers with all their digits and scale ({@code BigDecimal} plain,
 *       never through {@code double}); {@code float} and {@code double} as their shortest decimal form;
 *       NaN and the infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};
 *   <li>booleans as booleans;
 *   <li>{@code LocalDate} {@code 2018-01-01}, {@code LocalTime} {@code 13:45:00}, {@code LocalDateTime}
 *       {@code 2018-01-01T00:00:00}, {@code OffsetDateTime} {@code 2018-01-01T00:00:00+02:00} (UTC as
 *       {@code Z}), fractions of a second only when not zero; the legacy {@code java.sql} classes the
 *       same way; PostgreSQL's {@code infinity} and {@code -infinity} (the {@code MAX} and {@code MIN}
 *       of the {@code java.time} classes) as those words;
 *   <li>intervals as ISO-8601 durations: PostgreSQL's {@link PGInterval} as PostgreSQL itself prints
 *       them with {@code IntervalStyle = iso_8601} ({@code PT1H49M20S}, {@code P1Y2M3DT4H}, each field
 *       with its own sign: {@code P-1Y-2M3DT-4H}); H2's {@link Interval}, {@link Duration} and {@link
 *       Period} alike;
 *   <li>{@code byte[]} as base64 (RFC 4648, with padding);
 *   <li>SQL arrays ({@code List}, {@code Object[]} and primitive arrays) as JSON arrays, in text as {@code
 *       [a, b]};
 *   <li>everything else (text, UUIDs, JSON documents, enums) as its string form.
 * </ul>
 *
 * <p>The PostgreSQL and H2 interval classes are used directly: both drivers are compile dependencies
 * of the CLI and ship inside {@code dbqa.jar}; the library's core does not depend on them.
 */
final class Values {
  private Values() {}

  /** Returns the value as text, or null for SQL {@code NULL}. */
  static String text(Object v) {
    if (v == null) return null;
    if (v instanceof BigDecimal) return ((BigDecimal) v).toPlainString();
    if (v instanceof byte[]) return Base64.getEncoder().encodeToString((byte[]) v);
    if (isArray(v)) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Object o : elements(v)) {
        String s = text(o);
        j.add(s == null ? "NULL" : s);
      }
      return j.toString();
    }
    String temporal = temporal(v);
    if (temporal != null) return temporal;
    String interval = interval(v);
    return interval != null ? interval : v.toString();
  }

  /** Returns whether the value is a number (right-aligned in tables). */
  static boolean isNumber(Object v) {
    return v instanceof Number;
  }

  /** Writes the value as a JSON value. */
  static void writeJson(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger) {
      g.writeNumber((BigInteger) v);
    } else if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      // Jackson writes plain decimals only for scales within ±9999; beyond, the exact scientific form.
      if (Math.abs(d.scale()) <= 9999) {
        g.writeNumber(d);
      } else {
        g.writeNumber(d.toString());
      }
    } else if (v instanceof Float) {
      float f = (Float) v;
      if (Float.isFinite(f)) {
        g.writeNumber(f);
      } else {
        g.writeString(Float.toString(f));
      }
    } else if (v instanceof Double) {
      double d = (Double) v;
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(Double.toString(d));
      }
    } else if (v instanceof Number) {
      writeOtherNumber(g, (Number) v);
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (isArray(v)) {
      g.writeStartArray();
      for (Object o : elements(v)) writeJson(g, o);
      g.writeEndArray();
    } else {
      g.writeString(text(v));
    }
  }

  /** Other {@code Number}s (atomic integers, driver types) as numbers when their text is one. */
  private static void writeOtherNumber(JsonGenerator g, Number n) throws IOException {
    String s = n.toString();
    try {
      g.writeNumber(new BigDecimal(s));
    } catch (NumberFormatException e) {
      g.writeString(s);
    }
  }

  private static boolean isArray(Object v) {
    return v instanceof List || (v.getClass().isArray() && !(v instanceof byte[]));
  }

  private static List<?> elements(Object v) {
    if (v instanceof List) return new ArrayList<>((List<?>) v);
    int n = Array.getLength(v);
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(Array.get(v, i));
    return out;
  }

  private static String temporal(Object v) {
    if (v instanceof java.sql.Timestamp) return temporal(((java.sql.Timestamp) v).toLocalDateTime());
    if (v instanceof java.sql.Date) return temporal(((java.sql.Date) v).toLocalDate());
    if (v instanceof java.sql.Time) return temporal(((java.sql.Time) v).toLocalTime());
    if (v instanceof java.util.Date) return ((java.util.Date) v).toInstant().toString();
    if (v instanceof LocalDate) {
      return infinity(v, LocalDate.MIN, LocalDate.MAX, () -> v.toString());
    }
    if (v instanceof LocalDateTime) {
      return infinity(v, LocalDateTime.MIN, LocalDateTime.MAX,
          () -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) v));
    }
    if (v instanceof LocalTime) return DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) v);
    if (v instanceof OffsetDateTime) {
      return infinity(v, OffsetDateTime.MIN, OffsetDateTime.MAX,
          () -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) v));
    }
    if (v instanceof ZonedDateTime) return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) v);
    if (v instanceof OffsetTime) return DateTimeFormatter.ISO_OFFSET_TIME.format((OffsetTime) v);
    if (v instanceof Instant) return v.toString();
    return null;
  }

  /** PostgreSQL reads {@code infinity} and {@code -infinity} as the {@code MAX} and {@code MIN} values. */
  private static String infinity(Object v, Object min, Object max, java.util.function.Supplier<String> iso) {
    if (v.equals(max)) return "infinity";
    if (v.equals(min)) return "-infinity";
    return iso.get();
  }

  private static String interval(Object v) {
    if (v instanceof PGInterval) {
      PGInterval i = (PGInterval) v;
      long micros =
          ((i.getHours() * 60L + i.getMinutes()) * 60L + i.getWholeSeconds()) * 1_000_000L + i.getMicroSeconds();
      return iso8601(i.getYears() * 12L + i.getMonths(), i.getDays(), micros * 1_000L);
    }
    if (v instanceof Interval) {
      Interval i = (Interval) v;
      long nanos = ((i.getHours() * 60L + i.getMinutes()) * 60L + i.getSeconds()) * 1_000_000_000L + i.getNanosOfSecond();
      return iso8601(i.getYears() * 12L + i.getMonths(), i.getDays(), nanos);
    }
    if (v instanceof Duration) return v.toString();
    if (v instanceof Period) return v.toString();
    return null;
  }

  /**
   * An interval of months, days and nanoseconds (each with its own sign, as PostgreSQL keeps them) in
   * the form of PostgreSQL's {@code IntervalStyle = iso_8601} ({@code EncodeInterval} in its {@code
   * datetime.c}): zero fields left out, {@code PT0S} for zero, a negative sign on each negative field,
   * seconds with the fraction they have.
   */
  static String iso8601(long months, long days, long nanos) {
    if (months == 0 && days == 0 && nanos == 0) return "PT0S";
    StringBuilder sb = new StringBuilder("P");
    part(sb, months / 12, 'Y');
    part(sb, months % 12, 'M');
    part(sb, days, 'D');
    if (nanos != 0) {
      sb.append('T');
      part(sb, nanos / 3_600_000_000_000L, 'H');
      part(sb, nanos / 60_000_000_000L % 60, 'M');
      long secondNanos = nanos % 60_000_000_000L;
      if (secondNanos != 0) {
        BigDecimal seconds = BigDecimal.valueOf(secondNanos, 9).stripTrailingZeros();
        sb.append(seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString()).append('S');
      }
    }
    return sb.toString();
  }

  private static void part(StringBuilder sb, long value, char unit) {
    if (value != 0) sb.append(value).append(unit);
  }
}
