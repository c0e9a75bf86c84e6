package io.github.dbqueryagent.session.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.sqlite.SQLiteDataSource;

/** Runs the session store tests on an SQLite database in a temporary file. */
class SqliteJdbcSessionStoreTest extends JdbcSessionStoreTestBase {
  private static final String TABLE = TestDatabases.uniqueTableName();
  private static Path file;
  private static DataSource dataSource;

  @BeforeAll
  static void createDatabase() throws IOException {
    file = Files.createTempFile("dbqa-session-", ".sqlite");
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    dataSource = sqlite;
  }

  @AfterAll
  static void deleteDatabase() throws IOException {
    TestDatabases.dropTables(dataSource, TABLE);
    Files.deleteIfExists(file);
  }

  @Override
  protected DataSource database() {
    return dataSource;
  }

  @Override
  protected String sharedTableName() {
    return TABLE;
  }
}
