package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import java.sql.SQLException;
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
  private static final ScratchDatabases DATABASES = ScratchDatabases.postgres();

  @Override
  DataSource freshDataSource() throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(DATABASES.url(DATABASES.create("dbqa_cd_")));
    return ds;
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
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
