package io.github.dbqueryagent.session.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source to count the connections still open and, on demand, to make {@code commit()}
 * fail with a chosen SQLState (its message carries a fake password, which must never reach the
 * store's own messages).
 */
final class TrackingDataSource implements DataSource {
  static final String SECRET = "hunter2";

  private final DataSource delegate;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private volatile String failCommitsWithSqlState;

  TrackingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Returns the connections handed out and not yet closed. */
  int openConnections() {
    return open.get();
  }

  /** Returns the number of {@code commit()} calls so far, failed ones included. */
  int commits() {
    return commits.get();
  }

  /** Makes every {@code commit()} fail with this SQLState, or stops doing so when null. */
  void failCommits(String sqlState) {
    this.failCommitsWithSqlState = sqlState;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return track(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return track(delegate.getConnection(username, password));
  }

  private Connection track(Connection real) {
    open.incrementAndGet();
    AtomicBoolean closed = new AtomicBoolean();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  if (closed.compareAndSet(false, true)) {
                    open.decrementAndGet();
                  }
                  break;
                case "commit":
                  commits.incrementAndGet();
                  String state = failCommitsWithSqlState;
                  if (state != null) {
                    throw new SQLException(
                        "injected commit failure (jdbc:test://db?user=app&password=" + SECRET + ")", state);
                  }
                  break;
                default:
                  break;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
