package io.github.dbqueryagent.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over {@link DriverManager}: one new connection per call, no pool (a command
 * line run opens a handful). Error messages pass through {@link Secrets}; {@link #toString()} shows the
 * URL masked. A {@code jdbc:sqlite:} URL must name an existing file.
 */
final class UrlDataSource implements DataSource {
  private final String url;
  private final String user;
  private final String password;
  private final Secrets secrets;

  UrlDataSource(String url, String user, String password, Secrets secrets) {
    this.url = Objects.requireNonNull(url, "url");
    this.user = user;
    this.password = password;
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    checkSqliteFile();
    Properties props = new Properties();
    if (username != null) props.setProperty("user", username);
    if (pass != null) props.setProperty("password", pass);
    try {
      return DriverManager.getConnection(url, props);
    } catch (SQLException e) {
      SQLException clean =
          new SQLException(secrets.line(String.valueOf(e.getMessage())), e.getSQLState(), e.getErrorCode());
      clean.setNextException(e.getNextException());
      throw clean;
    }
  }

  /**
   * SQLite creates a missing database file on connect; refuse instead, so that a typo in the path
   * neither leaves an empty file behind nor looks like an empty database.
   */
  private void checkSqliteFile() throws SQLException {
    if (!url.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) return;
    String path = url.substring("jdbc:sqlite:".length());
    int q = path.indexOf('?');
    if (q >= 0) path = path.substring(0, q);
    if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:")) {
      return; // in-memory, resource or URI forms: the driver decides
    }
    Path file;
    try {
      file = Paths.get(path);
    } catch (InvalidPathException e) {
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new SQLException("the SQLite database file '" + secrets.line(path) + "' does not exist", "08001");
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    throw new SQLException("not a wrapper for " + iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "UrlDataSource[" + secrets.mask(url) + "]";
  }
}
