package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL values through {@code dbqa sql --format jsonl}: the JSON text of intervals, timestamps
 * with and without time zone, times with microseconds, exact decimals, NaN, bytea, UUIDs, arrays.
 * Intervals are compared with PostgreSQL's own {@code IntervalStyle = iso_8601} text. Runs in a fresh
 * schema of {@code DBQA_TEST_PG_URL}; skipped with a message without the server, failing under {@code
 * CI=true}.
 */
class PostgresValuesIT {
  private ServerSchemas.Schema schema;

  @BeforeEach
  void setUp() {
    schema =
        ServerSchemas.postgres(
            "CREATE TABLE vals (id INTEGER PRIMARY KEY, i INTERVAL, tz TIMESTAMPTZ, ts TIMESTAMP, t TIME,"
                + " ttz TIMETZ, d DATE, n NUMERIC(29, 9), nan NUMERIC, f FLOAT8, r REAL, b BYTEA, u UUID,"
                + " ok BOOLEAN, a INTEGER[], atz TIMESTAMPTZ[])",
            "INSERT INTO vals VALUES (1, interval '1 hour 49 minutes 20 seconds',"
                + " timestamptz '2018-01-01 00:00:00+02', timestamp '2018-01-01 00:00:00', time '13:45:00.123456',"
                + " timetz '13:45:00+05:30', date '2018-01-01', 12345678901234567890.123456789, 'NaN',"
                + " 'Infinity', 0.1, '\\xcafe', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, '{1,2,NULL}',"
                + " ARRAY[timestamptz '2018-01-01 00:00:00+02'])",
            "INSERT INTO vals (id, i, ts, d) VALUES (2, interval '1 year 2 months 3 days 4 hours',"
                + " timestamp 'infinity', date '-infinity')",
            "CREATE TABLE intervals (id INTEGER PRIMARY KEY, i INTERVAL)",
            "INSERT INTO intervals VALUES (1, interval '0'), (2, interval '1 hour 49 minutes 20 seconds'),"
                + " (3, interval '1 year 2 months 3 days 4 hours'), (4, interval '-1 year -2 months +3 days -04:05:06.25'),"
                + " (5, interval '0.000001 seconds'), (6, interval '100 hours'), (7, interval '-1 day +1 second'),"
                + " (8, interval '14 months'), (9, interval '-0.5 seconds'), (10, interval '1 minute 0.5 seconds')");
  }

  @AfterEach
  void tearDown() {
    if (schema != null) schema.drop();
  }

  @Test
  void valuesAreIso8601AndLossless() {
    Cli.Run run =
        dbqa("sql", "--url", schema.url(), "--format", "jsonl",
            "SELECT i, tz, ts, t, ttz, d, n, nan, f, r, b, u, ok, a, atz FROM vals ORDER BY id");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "\"rows\":[[\"PT1H49M20S\",\"2017-12-31T22:00:00Z\",\"2018-01-01T00:00:00\",\"13:45:00.123456\","
                + "\"13:45:00+05:30\",\"2018-01-01\",12345678901234567890.123456789,\"NaN\",\"Infinity\",0.1,"
                + "\"yv4=\",\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\",true,[1,2,null],[\"2017-12-31T22:00:00Z\"]],"
                + "[\"P1Y2M3DT4H\",null,\"infinity\",null,null,\"-infinity\",null,null,null,null,null,null,null,"
                + "null,null]]");
  }

  @Test
  void csvUsesTheSameText() {
    Cli.Run run = dbqa("sql", "--url", schema.url(), "--format", "csv", "SELECT i, tz, n FROM vals WHERE id = 1");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("i,tz,n\r\nPT1H49M20S,2017-12-31T22:00:00Z,12345678901234567890.123456789\r\n");
  }

  @Test
  void intervalsReadLikePostgresIso8601Style() throws SQLException {
    List<String> expected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(schema.url());
        Statement s = c.createStatement()) {
      s.execute("SET intervalstyle = iso_8601");
      try (ResultSet rs = s.executeQuery("SELECT i::text FROM intervals ORDER BY id")) {
        while (rs.next()) expected.add("[\"" + rs.getString(1) + "\"]");
      }
    }

    Cli.Run run = dbqa("sql", "--url", schema.url(), "--format", "jsonl", "SELECT i FROM intervals ORDER BY id");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(expected).hasSize(10).contains("[\"P-1Y-2M3DT-4H-5M-6.25S\"]");
    assertThat(run.out()).contains("\"rows\":[" + String.join(",", expected) + "]");
  }
}
