package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB values through {@code dbqa sql --format jsonl}: DATETIME and TIME with microseconds, DATE,
 * exact DECIMAL, BIT(1) and binary. Runs in a fresh database of {@code DBQA_TEST_MARIADB_URL}; skipped
 * with a message without the server, failing under {@code CI=true}.
 */
class MariaDbValuesIT {
  private ServerSchemas.Schema schema;

  @BeforeEach
  void setUp() {
    schema =
        ServerSchemas.mariadb(
            "CREATE TABLE vals (id INTEGER PRIMARY KEY, dt DATETIME(6), t TIME(6), d DATE, n DECIMAL(29, 9),"
                + " b VARBINARY(4))",
            "INSERT INTO vals VALUES (1, '2018-01-01 00:00:00.000001', '13:45:00.123456', '2018-01-01',"
                + " 12345678901234567890.123456789, X'CAFE')");
  }

  @AfterEach
  void tearDown() {
    if (schema != null) schema.drop();
  }

  @Test
  void valuesAreIso8601AndLossless() {
    Cli.Run run = dbqa("sql", "--url", schema.url(), "--format", "jsonl", "SELECT dt, t, d, n, b FROM vals");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "\"rows\":[[\"2018-01-01T00:00:00.000001\",\"13:45:00.123456\",\"2018-01-01\","
                + "12345678901234567890.123456789,\"yv4=\"]]");
  }
}
