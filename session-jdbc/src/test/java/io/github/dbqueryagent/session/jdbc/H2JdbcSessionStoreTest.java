package io.github.dbqueryagent.session.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the session store tests on an in-memory H2 database. */
class H2JdbcSessionStoreTest extends JdbcSessionStoreTestBase {
  private static final String TABLE = TestDatabases.uniqueTableName();
  private static DataSource dataSource;

  @BeforeAll
  static void startDatabase() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + TABLE + ";DB_CLOSE_DELAY=-1");
    dataSource = h2;
  }

  @AfterAll
  static void stopDatabase() throws SQLException {
    TestDatabases.dropTables(dataSource, TABLE);
    TestDatabases.execute(dataSource, "SHUTDOWN");
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
