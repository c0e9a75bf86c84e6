package io.github.dbqueryagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.SqlExecutionException;
import io.github.dbqueryagent.SqlRejectedException;
import io.github.dbqueryagent.spi.ExecutionRequest;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.support.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes never happen. First layer: a generator forged to return writes is stopped by the validator.
 * Second layer: with the validator replaced by a permissive one, the read-only connection refuses the
 * write. Both on H2 and SQLite here; PostgreSQL and MariaDB in {@code WriteSafetyServerIT}.
 */
class WriteSafetyTest {
  static final List<String> WRITES =
      List.of(
          "DELETE FROM customer",
          "UPDATE customer SET country = 'Nowhere'",
          "DROP TABLE customer",
          "INSERT INTO region VALUES (9, 'Moon')",
          "WITH gone AS (DELETE FROM customer RETURNING *) SELECT * FROM gone",
          "SELECT * FROM customer; DELETE FROM customer",
          "SELECT * INTO customer_copy FROM customer",
          "TRUNCATE TABLE customer",
          "ALTER TABLE customer ADD COLUMN x INTEGER",
          "CREATE TABLE evil (id INTEGER)");

  @TempDir Path dir;

  DataSource shop(String engine) {
    return engine.equals("h2") ? TestDatabases.h2Shop() : TestDatabases.sqliteShop(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "sqlite"})
  void forgedGeneratorWritesAreRejectedAndNothingChanges(String engine) {
    DataSource ds = shop(engine);
    for (String write : WRITES) {
      DatabaseQueryAgent agent =
          DatabaseQueryAgent.builder().dataSource(ds).sqlGenerator(r -> GeneratedSql.of(write, "forged", 1.0)).build();
      assertThatThrownBy(() -> agent.query("do it"))
          .as(write)
          .isInstanceOf(SqlRejectedException.class)
          .satisfies(e -> assertThat(((SqlRejectedException) e).violations()).isNotEmpty());
    }
    assertUnchanged(ds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "sqlite"})
  void readOnlyConnectionRefusesWritesWhenTheValidatorIsBypassed(String engine) {
    DataSource ds = shop(engine);
    for (String write : List.of("DELETE FROM customer", "UPDATE customer SET country = 'Nowhere'",
        "DROP TABLE customer", "INSERT INTO region VALUES (9, 'Moon')", "CREATE TABLE evil (id INTEGER)")) {
      DatabaseQueryAgent agent =
          DatabaseQueryAgent.builder()
              .dataSource(ds)
              .sqlGenerator(r -> GeneratedSql.of(write, "forged", 1.0))
              .validator((sql, ctx) -> new ValidatedSql(sql, List.of()))
              .maxRepairAttempts(0)
              .build();
      assertThatThrownBy(() -> agent.query("do it")).as(write).isInstanceOf(SqlExecutionException.class);
    }
    assertUnchanged(ds);
    assertThat(TestDatabases.exists(ds, "evil")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void h2DataChangeDeltaTablesAreRolledBack() {
    DataSource ds = TestDatabases.h2Shop();
    Executor executor = Executor.jdbc(ds);
    // H2 runs DML inside a query through a delta table; the executor's rollback undoes it
    assertThat(executor.execute(
            new ExecutionRequest("SELECT * FROM OLD TABLE (DELETE FROM order_item)", 10, Duration.ofSeconds(5), null)).rows())
        .hasSize(6);
    assertThat(TestDatabases.count(ds, "order_item")).isEqualTo(6);
    assertUnchanged(ds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "sqlite"})
  void executorAloneRefusesWrites(String engine) {
    DataSource ds = shop(engine);
    Executor executor = Executor.jdbc(ds);
    assertThatThrownBy(() -> executor.execute(new ExecutionRequest("DELETE FROM customer", 10, Duration.ofSeconds(5), null)))
        .isInstanceOf(SqlExecutionException.class);
    assertUnchanged(ds);
    // the connection is usable for reads afterwards and the data is intact
    Object count =
        executor.execute(new ExecutionRequest("SELECT COUNT(*) FROM customer", 10, Duration.ofSeconds(5), null)).rows().get(0).get(0);
    assertThat(((Number) count).intValue()).isEqualTo(5);
  }

  static void assertUnchanged(DataSource ds) {
    assertThat(TestDatabases.count(ds, "customer")).isEqualTo(5);
    assertThat(TestDatabases.count(ds, "region")).isEqualTo(2);
    assertThat(TestDatabases.count(ds, "customer WHERE country = 'Nowhere'")).isZero();
  }
}
