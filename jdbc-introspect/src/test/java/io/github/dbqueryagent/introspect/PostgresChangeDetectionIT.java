package io.github.dbqueryagent.introspect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.JdbcDataSources;
import io.github.dbqueryagent.spi.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link ChangeProbe#postgres()} and change detection on a real PostgreSQL ({@code
 * DBQA_TEST_PG_URL}, default the local server); each test gets a fresh database (the probe covers a
 * whole database), dropped afterwards. Skipped with a message when the server is absent, failing when
 * {@code CI=true}.
 */
class PostgresChangeDetectionIT extends ChangeDetectionContract {
  private static final String PG_URL = env("DBQA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final List<String> CREATED = new ArrayList<>();

  @Override
  DataSource freshDataSource() throws SQLException {
    String db = "dbqa_cd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
      CREATED.add(db);
    } catch (SQLException e) {
      String msg = "PostgreSQL is not reachable at " + JdbcDataSources.maskUrl(PG_URL) + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(PG_URL.replace("/test?", "/" + db + "?"));
    return ds;
  }

  @AfterAll
  static void dropDatabases() throws SQLException {
    if (CREATED.isEmpty()) return;
    try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
      for (String db : CREATED) s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  @Override
  boolean hasCommentOn() {
    return true;
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }
}
