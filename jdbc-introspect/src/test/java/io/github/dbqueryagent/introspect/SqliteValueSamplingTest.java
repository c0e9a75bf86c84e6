package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Value sampling on a SQLite file. */
class SqliteValueSamplingTest extends ValueSamplingContract {
  @TempDir Path dir;

  @Override
  DataSource freshDataSource() {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("vs" + UUID.randomUUID() + ".db"));
    return ds;
  }

  @Override
  Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  List<String> brokenColumnDdl() {
    // the view's filter fails when the view is read: json_extract rejects text that is no JSON
    return List.of("CREATE TABLE source_rows (id INTEGER PRIMARY KEY, raw TEXT, label TEXT)",
        "INSERT INTO source_rows VALUES (1, 'not json', 'a')",
        "CREATE VIEW broken AS SELECT id, label FROM source_rows WHERE json_extract(raw, '$.a') IS NULL");
  }
}
