package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link ChangeProbe#h2()} and change detection on an in-memory H2 database. */
class H2ChangeDetectionTest extends ChangeDetectionContract {

  @Override
  DataSource freshDataSource() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:cd" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }

  @Override
  boolean hasCommentOn() {
    return true;
  }

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }
}
