package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * {@link ChangeProbe#mysql()} and change detection on the local MariaDB ({@code
 * DBQA_TEST_MARIADB_URL}); each test gets a fresh database, dropped afterwards. Skipped with a message
 * when the server is absent, failing when {@code CI=true}.
 */
class MySqlChangeDetectionIT extends ChangeDetectionContract {
  private static final ScratchDatabases DATABASES = ScratchDatabases.mariaDb();

  @Override
  DataSource freshDataSource() throws SQLException {
    return new MariaDbDataSource(DATABASES.url(DATABASES.create("dbqa_cd_")));
  }

  @AfterAll
  static void dropDatabases() throws SQLException {
    DATABASES.dropAll();
  }

  @Override
  boolean hasCommentOn() {
    return true;
  }

  @Override
  String commentSql(String table, String column, String comment) {
    return "ALTER TABLE " + table + " MODIFY " + column + " VARCHAR(40) COMMENT '" + comment + "'";
  }

  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }
}
