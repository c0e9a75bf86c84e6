package io.github.dbqueryagent;

import io.github.dbqueryagent.internal.execute.DriverManagerDataSource;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link DataSource} from a JDBC URL, for programs without a connection pool (command lines,
 * scripts, tests). Servers should pass a pooled data source (HikariCP) to {@link
 * DatabaseQueryAgent.Builder#dataSource(DataSource)} instead.
 */
public final class JdbcDataSources {
  private JdbcDataSources() {}

  /**
   * Returns a data source that opens a new {@link java.sql.DriverManager} connection per call.
   *
   * <p>Passwords and URL secrets ({@code password=}, {@code token=}, {@code user:pass@}) never appear
   * in its {@code toString()} or in the messages of the {@link java.sql.SQLException}s it throws. A
   * {@code jdbc:sqlite:} URL naming a file that does not exist fails with SQLState 08001 instead of
   * creating an empty database. Thread-safe.
   *
   * @param url the JDBC URL; its driver must be on the class path
   * @param user the user, or null
   * @param password the password, or null
   */
  public static DataSource fromUrl(String url, String user, String password) {
    return new DriverManagerDataSource(Objects.requireNonNull(url, "url"), user, password);
  }

  /** Returns the URL with any password, token or user-info secret replaced by {@code ****}. */
  public static String maskUrl(String url) {
    return DriverManagerDataSource.maskUrl(url);
  }
}
