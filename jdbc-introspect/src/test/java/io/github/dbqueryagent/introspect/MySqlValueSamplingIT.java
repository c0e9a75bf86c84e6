package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Value sampling on the local MariaDB ({@code DBQA_TEST_MARIADB_URL}); each test gets a fresh
 * database, dropped afterwards. Skipped with a message when the server is absent, failing when
 * {@code CI=true}.
 */
class MySqlValueSamplingIT extends ValueSamplingContract {
  private static final ScratchDatabases DATABASES = ScratchDatabases.mariaDb();

  @Override
  DataSource freshDataSource() throws SQLException {
    return new MariaDbDataSource(DATABASES.url(DATABASES.create("dbqa_vs_")));
  }

  @AfterAll
  static void dropDatabases() throws SQLException {
    DATABASES.dropAll();
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
