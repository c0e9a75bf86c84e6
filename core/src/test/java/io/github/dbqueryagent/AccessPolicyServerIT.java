package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.Violation;
import io.github.dbqueryagent.support.TestDatabases;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The access policy on the PostgreSQL and MariaDB services, whose catalogs have schemas (PostgreSQL)
 * or databases as JDBC catalogs (MariaDB) and whose result labels are cased differently from H2's:
 * masking follows aliases and derived tables, and blocked tables and columns are rejected. Skipped with
 * a message when a server is absent; under {@code CI=true} an absent server fails the build.
 */
class AccessPolicyServerIT {

  static DatabaseQueryAgent agent(DataSource ds, AccessPolicy policy, String sql) {
    return DatabaseQueryAgent.builder().environment(name -> null).dataSource(ds).accessPolicy(policy)
        .sqlGenerator(r -> GeneratedSql.of(sql, "", 1)).maxRepairAttempts(0).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void masksSensitiveValuesAndRejectsBlockedReferences(String engine) {
    boolean pg = engine.equals("postgresql");
    TestDatabases.ServerDatabase db = TestDatabases.serverShop(pg ? TestDatabases.PG_URL : TestDatabases.MARIADB_URL, pg);
    try {
      DataSource ds = db.dataSource();
      TestDatabases.run(ds, List.of(
          "ALTER TABLE customer ADD COLUMN email VARCHAR(100)",
          "UPDATE customer SET email = " + (pg ? "LOWER(first_name) || '@example.com'" : "CONCAT(LOWER(first_name), '@example.com')")));
      for (String sql : List.of(
          "SELECT first_name, email FROM customer WHERE customer_id = 1",
          "SELECT first_name, Email AS Contact FROM customer WHERE customer_id = 1",
          "SELECT first_name, x FROM (SELECT first_name, UPPER(email) AS x FROM customer) t WHERE first_name = 'Ana'")) {
        QueryResult r = agent(ds, AccessPolicy.defaults(), sql).query("contact of Ana");
        assertThat(r.rows()).as(engine + ": " + sql).containsExactly(List.of("Ana", AccessPolicy.MASKED_VALUE));
      }

      AccessPolicy policy = AccessPolicy.builder().addBlockedTable("orders").addBlockedColumn("customer.last_name").build();
      for (String[] attempt : List.of(
          new String[] {"SELECT o.total FROM orders o", "table-blocked"},
          new String[] {"WITH x AS (SELECT * FROM orders) SELECT COUNT(*) FROM x", "table-blocked"},
          new String[] {"SELECT n FROM (SELECT c.last_name AS n FROM customer c) t", "column-blocked"},
          new String[] {"SELECT * FROM customer", "column-blocked"})) {
        assertThatThrownBy(() -> agent(ds, policy, attempt[0]).query("anything"))
            .as(engine + ": " + attempt[0])
            .isInstanceOf(SqlRejectedException.class)
            .satisfies(e -> assertThat(((SqlRejectedException) e).violations()).extracting(Violation::rule)
                .contains(attempt[1]));
      }
      QueryResult allowed = agent(ds, policy, "SELECT COUNT(*) FROM customer WHERE country = 'Brazil'").query("how many");
      assertThat(((Number) allowed.rows().get(0).get(0)).intValue()).isEqualTo(2);
    } finally {
      db.drop().run();
    }
  }
}
