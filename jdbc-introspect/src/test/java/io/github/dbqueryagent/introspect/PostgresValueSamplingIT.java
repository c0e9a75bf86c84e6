package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Value sampling on a real PostgreSQL ({@code DBQA_TEST_PG_URL}, default the local server), plus a
 * column the login may not read and a query that runs into the timeout. Each test gets a fresh
 * database, and the permission test a fresh role, dropped afterwards. Skipped with a message when the
 * server is absent, failing when {@code CI=true}.
 */
class PostgresValueSamplingIT extends ValueSamplingContract {
  private static final ScratchDatabases DATABASES = ScratchDatabases.postgres();
  private static final List<String> ROLES = new ArrayList<>();
  private String database;

  @Override
  DataSource freshDataSource() throws SQLException {
    database = DATABASES.create("dbqa_vs_");
    return dataSource(DATABASES.url(database));
  }

  private static DataSource dataSource(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    return ds;
  }

  @AfterAll
  static void dropDatabasesAndRoles() throws SQLException {
    DATABASES.dropAll(ROLES.stream().map(role -> "DROP ROLE IF EXISTS " + role).toArray(String[]::new));
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  List<String> brokenColumnDdl() {
    // 'short' is no integer: the cast fails when the view is read
    return List.of("CREATE VIEW broken AS SELECT id, (note::integer)::text AS label FROM customer");
  }

  @ParameterizedTest(name = "autoCommit={0}")
  @ValueSource(booleans = {true, false})
  void aColumnTheLoginMayNotReadIsSkipped(boolean autoCommit) throws SQLException {
    DataSource admin = fixture();
    String role = "dbqa_vs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    ROLES.add(role);
    CatalogFacts.run(admin, List.of("CREATE ROLE " + role + " LOGIN",
        "GRANT SELECT (id, name, country, note, unused, \"Sales Channel\") ON customer TO " + role));
    DataSource login = dataSource(DATABASES.url(database).replace("user=postgres",
        "user=" + role));
    // the catalog reader sees every column (pg_attribute is public); status is denied when queried
    List<String> sql = new ArrayList<>();
    DataSource recordedLogin = CatalogFacts.recording(autoCommit ? login : manualCommit(login), sql);
    Catalog catalog = DialectSchemaSource.builder(recordedLogin).sampleValues(sampling().build()).build().catalog();
    assertThat(sql).anySatisfy(s -> assertThat(s).contains("SELECT status AS v FROM"));
    assertThat(column(catalog, "customer", "status").sampleValues()).isEmpty();
    // the columns after it are still sampled, also when the failure aborted the transaction
    assertThat(column(catalog, "customer", "country").sampleValues()).containsExactly("Brazil", "Canada", "USA");
    assertThat(column(catalog, "customer", "Sales Channel").sampleValues()).containsExactly("Phone", "store", "web");
  }

  @Test
  void aQueryOverTheTimeoutIsCancelledAndSkipped() throws SQLException {
    DataSource ds = fixture();
    CatalogFacts.run(ds, List.of("CREATE VIEW slow AS SELECT 'x'::varchar(10) AS label FROM pg_sleep(3)"));
    Catalog catalog = DialectSchemaSource.builder(ds)
        .sampleValues(sampling().includeViews(true).queryTimeout(Duration.ofSeconds(1)).build()).build().catalog();
    assertThat(samplingSql()).anySatisfy(s -> assertThat(s.toLowerCase(Locale.ROOT)).contains("from public.slow"));
    // had the query run to its end, label would have the one value 'x'
    assertThat(column(catalog, "slow", "label").sampleValues()).isEmpty();
    assertThat(column(catalog, "customer", "country").sampleValues()).containsExactly("Brazil", "Canada", "USA");
  }

  /** Hands out connections with auto-commit off, as some pools do. */
  private static DataSource manualCommit(DataSource ds) {
    return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
        PostgresValueSamplingIT.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = method.invoke(ds, args);
          if (result instanceof Connection) ((Connection) result).setAutoCommit(false);
          return result;
        });
  }
}
