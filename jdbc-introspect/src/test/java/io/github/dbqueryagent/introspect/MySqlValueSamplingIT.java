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
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Value sampling on the local MariaDB ({@code DBQA_TEST_MARIADB_URL}); each test gets a fresh
 * database, dropped afterwards. Skipped with a message when the server is absent, failing when
 * {@code CI=true}.
 */
class MySqlValueSamplingIT extends ValueSamplingContract {
  private static final String URL = MySqlCatalogReaderIT.URL;
  private static final List<String> CREATED = new ArrayList<>();

  @Override
  DataSource freshDataSource() throws SQLException {
    String db = "dbqa_vs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
      CREATED.add(db);
    } catch (SQLException e) {
      String msg = "MariaDB is not reachable at " + JdbcDataSources.maskUrl(URL) + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
    return new MariaDbDataSource(URL.replace("/test", "/" + db));
  }

  @AfterAll
  static void dropDatabases() throws SQLException {
    if (CREATED.isEmpty()) return;
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      for (String db : CREATED) s.execute("DROP DATABASE IF EXISTS " + db);
    }
  }

  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @Override
  List<String> brokenColumnDdl() {
    // MariaDB forgives bad casts; a function that signals an error fails the view when it is read
    return List.of("CREATE FUNCTION boom(x VARCHAR(300)) RETURNS VARCHAR(20) DETERMINISTIC"
            + " BEGIN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'boom'; RETURN x; END",
        "CREATE VIEW broken AS SELECT id, boom(note) AS label FROM customer");
  }
}
