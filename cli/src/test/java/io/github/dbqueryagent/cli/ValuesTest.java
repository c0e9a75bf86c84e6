package io.github.dbqueryagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.h2.api.Interval;
import org.h2.api.IntervalQualifier;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

class ValuesTest {
  /** The value as {@link ResultPrinter} writes it into JSON. */
  static String json(Object v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = ResultPrinter.JSON.createGenerator(out, JsonEncoding.UTF8)) {
      Values.writeJson(g, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void timestampsKeepTheirOffsetAndLocalOnesHaveNone() {
    OffsetDateTime plus2 = OffsetDateTime.of(2018, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2));
    assertThat(json(plus2)).isEqualTo("\"2018-01-01T00:00:00+02:00\"");
    assertThat(json(plus2.withOffsetSameInstant(ZoneOffset.UTC))).isEqualTo("\"2017-12-31T22:00:00Z\"");
    assertThat(json(LocalDateTime.of(2018, 1, 1, 0, 0))).isEqualTo("\"2018-01-01T00:00:00\"");
    assertThat(json(LocalDateTime.of(2018, 1, 1, 0, 0, 0, 123_456_000))).isEqualTo("\"2018-01-01T00:00:00.123456\"");
    assertThat(json(LocalDate.of(2018, 1, 1))).isEqualTo("\"2018-01-01\"");
    assertThat(json(LocalTime.of(13, 45))).isEqualTo("\"13:45:00\"");
    assertThat(json(LocalTime.of(13, 45, 0, 500_000_000))).isEqualTo("\"13:45:00.5\"");
    assertThat(json(OffsetTime.of(13, 45, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)))).isEqualTo("\"13:45:00+05:30\"");
  }

  @Test
  void legacySqlTemporalClassesPrintLikeJavaTime() {
    assertThat(json(java.sql.Timestamp.valueOf(LocalDateTime.of(2018, 1, 1, 0, 0, 0, 1_000))))
        .isEqualTo("\"2018-01-01T00:00:00.000001\"");
    assertThat(json(java.sql.Date.valueOf(LocalDate.of(2018, 1, 1)))).isEqualTo("\"2018-01-01\"");
    assertThat(json(java.sql.Time.valueOf(LocalTime.of(13, 45)))).isEqualTo("\"13:45:00\"");
  }

  @Test
  void postgresInfinityIsAWord() {
    assertThat(json(LocalDateTime.MAX)).isEqualTo("\"infinity\"");
    assertThat(json(OffsetDateTime.MIN)).isEqualTo("\"-infinity\"");
    assertThat(json(LocalDate.MAX)).isEqualTo("\"infinity\"");
  }

  @Test
  void postgresIntervalsAreIso8601DurationsAsPostgresPrintsThem() throws SQLException {
    assertThat(json(new PGInterval("1 hours 49 mins 20 secs"))).isEqualTo("\"PT1H49M20S\"");
    assertThat(json(new PGInterval(1, 2, 3, 4, 0, 0))).isEqualTo("\"P1Y2M3DT4H\"");
    assertThat(json(new PGInterval(0, 0, 0, 0, 0, 0))).isEqualTo("\"PT0S\"");
    assertThat(json(new PGInterval(0, 0, 0, 0, 0, 1.5))).isEqualTo("\"PT1.5S\"");
    assertThat(json(new PGInterval(0, 0, 0, 0, 0, 0.000001))).isEqualTo("\"PT0.000001S\"");
    assertThat(json(new PGInterval(0, 0, 40, 100, 0, 0))).isEqualTo("\"P40DT100H\"");
    // Each field keeps its own sign, like PostgreSQL's iso_8601 style: months, days and time apart.
    assertThat(json(new PGInterval(-1, -2, 3, -4, -5, -6.25))).isEqualTo("\"P-1Y-2M3DT-4H-5M-6.25S\"");
    assertThat(json(new PGInterval(0, 14, 0, 0, 0, 0))).isEqualTo("\"P1Y2M\"");
  }

  @Test
  void otherIntervalClassesAreIso8601Too() {
    assertThat(json(Duration.ofSeconds(6560))).isEqualTo("\"PT1H49M20S\"");
    assertThat(json(Period.of(1, 2, 3))).isEqualTo("\"P1Y2M3D\"");
    assertThat(json(new Interval(IntervalQualifier.HOUR_TO_SECOND, false, 1, (49 * 60 + 20) * 1_000_000_000L)))
        .isEqualTo("\"PT1H49M20S\"");
    assertThat(json(new Interval(IntervalQualifier.YEAR_TO_MONTH, true, 1, 2))).isEqualTo("\"P-1Y-2M\"");
    assertThat(json(new Interval(IntervalQualifier.DAY, false, 3, 0))).isEqualTo("\"P3D\"");
  }

  @Test
  void decimalsKeepEveryDigitAndTheirScale() {
    BigDecimal big = new BigDecimal("12345678901234567890.123456789");
    assertThat(json(big)).isEqualTo("12345678901234567890.123456789");
    assertThat(Values.text(big)).isEqualTo("12345678901234567890.123456789");
    assertThat(json(new BigDecimal("12.30"))).isEqualTo("12.30");
    assertThat(json(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(json(new BigDecimal("1E+20000"))).isEqualTo("1E+20000");
    assertThat(json(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
    assertThat(json(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
  }

  @Test
  void floatingPointIsShortestAndNonFiniteIsAString() {
    assertThat(json(0.1f)).isEqualTo("0.1");
    assertThat(json(0.1d)).isEqualTo("0.1");
    assertThat(json(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(json(Double.POSITIVE_INFINITY)).isEqualTo("\"Infinity\"");
    assertThat(json(Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
    assertThat(Values.text(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void bytesAreBase64UuidsStringsBooleansBooleans() {
    assertThat(json(new byte[] {(byte) 0xCA, (byte) 0xFE, 0})).isEqualTo("\"yv4A\"");
    assertThat(Values.text(new byte[] {(byte) 0xCA, (byte) 0xFE, 0})).isEqualTo("yv4A");
    UUID id = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertThat(json(id)).isEqualTo("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
    assertThat(json(true)).isEqualTo("true");
    assertThat(Values.text(false)).isEqualTo("false");
    assertThat(json(null)).isEqualTo("null");
  }

  @Test
  void arraysAreJsonArraysOfRenderedElements() {
    assertThat(json(List.of(1, 2, 3))).isEqualTo("[1,2,3]");
    assertThat(json(Arrays.asList("a", null))).isEqualTo("[\"a\",null]");
    assertThat(json(new Integer[][] {{1, 2}, {3, 4}})).isEqualTo("[[1,2],[3,4]]");
    assertThat(json(new int[] {1, 2})).isEqualTo("[1,2]");
    assertThat(json(new double[] {1.5, Double.NaN})).isEqualTo("[1.5,\"NaN\"]");
    assertThat(json(List.of(LocalDate.of(2018, 1, 1), new byte[] {1}))).isEqualTo("[\"2018-01-01\",\"AQ==\"]");
    assertThat(Values.text(Arrays.asList(1, null, List.of("x")))).isEqualTo("[1, NULL, [x]]");
  }
}
