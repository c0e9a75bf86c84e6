package io.github.dbqueryagent.internal.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.ExecutionRequest;
import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.support.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java types of the values the default executor returns (the row contract of {@code ExecutionResult}). */
class JdbcExecutorValuesTest {
  @TempDir Path dir;

  private static List<Object> firstRow(DataSource ds, String sql) {
    ExecutionResult r =
        Executor.jdbc(ds).execute(new ExecutionRequest(sql, 10, Duration.ofSeconds(30), Cancellation.none()));
    return r.rows().get(0);
  }

  @Test
  void temporalValuesAreJavaTimeWithTheirOffsetOnH2() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "CREATE TABLE vals (d DATE, t TIME(6), ts TIMESTAMP(6), tz TIMESTAMP WITH TIME ZONE, n DECIMAL(29, 9),"
            + " a INTEGER ARRAY, aa INTEGER ARRAY ARRAY)",
        "INSERT INTO vals VALUES (DATE '2018-01-01', TIME '13:45:00.123456', TIMESTAMP '2018-01-01 00:00:00.000001',"
            + " TIMESTAMP WITH TIME ZONE '2018-01-01 00:00:00+02:00', 12345678901234567890.123456789,"
            + " ARRAY[1, 2, NULL], ARRAY[ARRAY[1, 2], ARRAY[3, 4]])"));

    List<Object> row = firstRow(ds, "SELECT d, t, ts, tz, n, a, aa FROM vals");

    assertThat(row.get(0)).isEqualTo(LocalDate.of(2018, 1, 1));
    assertThat(row.get(1)).isEqualTo(LocalTime.of(13, 45, 0, 123_456_000));
    assertThat(row.get(2)).isEqualTo(LocalDateTime.of(2018, 1, 1, 0, 0, 0, 1_000));
    assertThat(row.get(3)).isEqualTo(OffsetDateTime.of(2018, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)));
    assertThat(row.get(4)).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
    assertThat(row.get(5)).isEqualTo(java.util.Arrays.asList(1, 2, null));
    assertThat(row.get(6)).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
  }

  @Test
  void sqliteTextDatesStayText() {
    DataSource ds = TestDatabases.sqliteShop(dir);

    List<Object> row = firstRow(ds, "SELECT order_date FROM orders WHERE order_id = 10");

    assertThat(row.get(0)).isEqualTo("2024-01-05");
  }
}
