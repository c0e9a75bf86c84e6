package io.github.dbqueryagent.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

/**
 * How result values are printed: numbers as numbers, booleans as booleans, dates, times and timestamps
 * as ISO-8601 strings, {@code byte[]} as base64, SQL arrays as arrays, everything else as its string
 * form. The text form (table and CSV) uses the same strings.
 */
final class Values {
  private Values() {}

  /** Returns the value as text, or null for SQL {@code NULL}. */
  static String text(Object v) {
    if (v == null) return null;
    if (v instanceof BigDecimal) return ((BigDecimal) v).toPlainString();
    if (v instanceof byte[]) return Base64.getEncoder().encodeToString((byte[]) v);
    if (v instanceof List || v instanceof Object[]) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Object o : elements(v)) {
        String s = text(o);
        j.add(s == null ? "NULL" : s);
      }
      return j.toString();
    }
    String temporal = temporal(v);
    return temporal != null ? temporal : v.toString();
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
      g.writeNumber((BigDecimal) v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(Double.toString(d));
      }
    } else if (v instanceof Number) {
      g.writeNumber(new BigDecimal(v.toString()));
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof List || v instanceof Object[]) {
      g.writeStartArray();
      for (Object o : elements(v)) writeJson(g, o);
      g.writeEndArray();
    } else {
      g.writeString(text(v));
    }
  }

  private static List<?> elements(Object v) {
    if (v instanceof Object[]) return Arrays.asList((Object[]) v);
    return new ArrayList<>((List<?>) v);
  }

  private static String temporal(Object v) {
    if (v instanceof java.sql.Timestamp) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(((java.sql.Timestamp) v).toLocalDateTime());
    }
    if (v instanceof java.sql.Date) return ((java.sql.Date) v).toLocalDate().toString();
    if (v instanceof java.sql.Time) {
      return DateTimeFormatter.ISO_LOCAL_TIME.format(((java.sql.Time) v).toLocalTime());
    }
    if (v instanceof java.util.Date) return ((java.util.Date) v).toInstant().toString();
    if (v instanceof LocalDate) return v.toString();
    if (v instanceof LocalDateTime) return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) v);
    if (v instanceof LocalTime) return DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) v);
    if (v instanceof OffsetDateTime) return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) v);
    if (v instanceof ZonedDateTime) return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) v);
    if (v instanceof OffsetTime) return DateTimeFormatter.ISO_OFFSET_TIME.format((OffsetTime) v);
    if (v instanceof Instant) return v.toString();
    return null;
  }
}
