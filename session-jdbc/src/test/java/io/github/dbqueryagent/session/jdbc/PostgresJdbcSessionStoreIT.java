package io.github.dbqueryagent.session.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the session store tests on PostgreSQL at {@code DBQA_TEST_PG_URL} (default {@value #DEFAULT_URL}).
 * Skipped with a message when the server is unreachable, failed instead when {@code CI=true}.
 */
class PostgresJdbcSessionStoreIT extends JdbcSessionStoreTestBase {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String TABLE = TestDatabases.uniqueTableName();
  private static HikariDataSource dataSource;

  @BeforeAll
  static void connect() {
    dataSource = TestDatabases.serverOrSkip("PostgreSQL", "DBQA_TEST_PG_URL", DEFAULT_URL);
  }

  @AfterAll
  static void dropTables() {
    TestDatabases.dropTables(dataSource, TABLE);
    if (dataSource != null) {
      dataSource.close();
    }
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
