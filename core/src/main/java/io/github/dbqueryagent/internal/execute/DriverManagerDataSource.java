package io.github.dbqueryagent.internal.execute;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new {@link DriverManager} connection per call. No pool. The
 * password is never shown: {@link #toString()} and {@link #maskUrl(String)} hide secrets in URLs too.
 */
public final class DriverManagerDataSource implements DataSource {
  private static final Pattern URL_SECRET =
      Pattern.compile("(?i)(password|passwd|pwd|secret|token|apikey|api_key)=([^;&]*)");
  private static final Pattern URL_USERINFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

  private final String url;
  private final String user;
  private final String password;
  private int loginTimeout;

  /** Creates the data source; user and password may be null. */
  public DriverManagerDataSource(String url, String user, String password) {
    this.url = Objects.requireNonNull(url, "url");
    this.user = user;
    this.password = password;
  }

  /** Returns the URL with any password, token or user-info secret replaced by {@code ****}. */
  public static String maskUrl(String url) {
    if (url == null) return "";
    String masked = URL_SECRET.matcher(url).replaceAll("$1=****");
    return URL_USERINFO.matcher(masked).replaceAll("//$1:****@");
  }

  private static List<String> urlSecrets(String url) {
    List<String> out = new ArrayList<>();
    for (Pattern p : new Pattern[] {URL_SECRET, URL_USERINFO}) {
      Matcher m = p.matcher(url);
      while (m.find()) {
        if (!m.group(2).isEmpty()) out.add(m.group(2));
      }
    }
    return out;
  }

  /** Returns the JDBC URL (which may contain secrets: do not log it unmasked). */
  public String url() {
    return url;
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
      // drivers (and DriverManager's "No suitable driver found for <url>") repeat the URL and its secrets
      // in messages, in causes and in chained exceptions: only masked messages and SQL states are kept
      SQLException clean =
          new SQLException(mask(e.getMessage(), pass) + " [url " + maskUrl(url) + "]", e.getSQLState(), e.getErrorCode());
      int chained = 0;
      SQLException last = clean;
      for (SQLException next = e.getNextException(); next != null && next != e && chained < 10;
          next = next.getNextException(), chained++) {
        SQLException copy = new SQLException(mask(next.getMessage(), pass), next.getSQLState(), next.getErrorCode());
        last.setNextException(copy);
        last = copy;
      }
      throw clean;
    }
  }

  private String mask(String message, String pass) {
    String msg = message == null ? "" : message;
    msg = msg.replace(url, maskUrl(url));
    for (String secret : urlSecrets(url)) msg = msg.replace(secret, "****");
    if (pass != null && !pass.isEmpty()) msg = msg.replace(pass, "****");
    return msg;
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
    java.nio.file.Path file;
    try {
      file = java.nio.file.Paths.get(path);
    } catch (java.nio.file.InvalidPathException e) {
      return;
    }
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new SQLException("the SQLite database file '" + path + "' does not exist", "08001");
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
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
    return "DriverManagerDataSource[" + maskUrl(url) + (user != null ? ", user=" + user : "") + "]";
  }
}
