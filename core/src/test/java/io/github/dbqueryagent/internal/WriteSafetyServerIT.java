package io.github.dbqueryagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.SqlExecutionException;
import io.github.dbqueryagent.SqlRejectedException;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.support.TestDatabases;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write-safety checks of {@link WriteSafetyTest} on the PostgreSQL and MariaDB services: each
 * layer alone refuses writes, and the data is unchanged. Skipped with a message when a server is
 * absent; under {@code CI=true} an absent server fails the build.
 */
class WriteSafetyServerIT {

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void bothLayersRefuseWrites(String engine) {
    boolean pg = engine.equals("postgresql");
    TestDatabases.ServerDatabase db = TestDatabases.serverShop(pg ? TestDatabases.PG_URL : TestDatabases.MARIADB_URL, pg);
    try {
      for (String write : WriteSafetyTest.WRITES) {
        DatabaseQueryAgent validated =
            DatabaseQueryAgent.builder().dataSource(db.dataSource()).sqlGenerator(r -> GeneratedSql.of(write, "", 1)).build();
        assertThatThrownBy(() -> validated.query("do it")).as(write).isInstanceOf(SqlRejectedException.class);
      }
      List<String> direct = pg
          ? List.of("DELETE FROM customer", "UPDATE customer SET country = 'Nowhere'", "DROP TABLE order_item",
              "INSERT INTO region VALUES (9, 'Moon')", "CREATE TABLE evil (id INTEGER)",
              "WITH gone AS (DELETE FROM order_item RETURNING *) SELECT * FROM gone", "SELECT * INTO evil FROM customer")
          : List.of("DELETE FROM customer", "UPDATE customer SET country = 'Nowhere'", "DROP TABLE order_item",
              "INSERT INTO region VALUES (9, 'Moon')", "CREATE TABLE evil (id INTEGER)");
      for (String write : direct) {
        DatabaseQueryAgent bypassed = DatabaseQueryAgent.builder()
            .dataSource(db.dataSource())
            .sqlGenerator(r -> GeneratedSql.of(write, "", 1))
            .validator((sql, ctx) -> new ValidatedSql(sql, List.of()))
            .maxRepairAttempts(0)
            .build();
        assertThatThrownBy(() -> bypassed.query("do it")).as(write).isInstanceOf(SqlExecutionException.class);
      }
      WriteSafetyTest.assertUnchanged(db.dataSource());
      assertThat(TestDatabases.count(db.dataSource(), "order_item")).isEqualTo(6);
      assertThat(TestDatabases.exists(db.dataSource(), "evil")).isFalse();
    } finally {
      db.drop().run();
    }
  }
}
