package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** {@link ChangeProbe#sqlite()} ({@code PRAGMA schema_version}) and change detection on a file database. */
class SqliteChangeDetectionTest extends ChangeDetectionContract {
  @TempDir Path dir;

  @Override
  DataSource freshDataSource() {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("cd" + UUID.randomUUID() + ".db"));
    return ds;
  }

  @Override
  Dialect dialect() {
    return Dialect.SQLITE;
  }
}
