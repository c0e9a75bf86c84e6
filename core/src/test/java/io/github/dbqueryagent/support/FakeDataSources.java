package io.github.dbqueryagent.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Data sources for edge cases the real drivers cannot produce on demand: one that fails to connect
 * (optionally only for the first calls), and one that hands out a single real connection whose
 * {@code close()} does nothing, like a pool of size one.
 */
public final class FakeDataSources {
  private FakeDataSources() {}

  /** A data source whose {@code getConnection} always throws {@code failure}. */
  public static DataSource failing(SQLException failure) {
    return dataSource(() -> {
      throw failure;
    }, "FailingDataSource");
  }

  /**
   * A data source that throws {@code failure} for the first {@code failures} calls and then delegates.
   *
   * @param calls counts every {@code getConnection} call
   */
  public static DataSource failingFirst(int failures, SQLException failure, DataSource delegate, AtomicInteger calls) {
    return dataSource(() -> {
      if (calls.incrementAndGet() <= failures) throw failure;
      return delegate.getConnection();
    }, "FlakyDataSource");
  }

  /**
   * A data source that always returns the same connection; closing what it returns leaves the
   * connection open (the test owns and closes {@code connection}).
   */
  public static DataSource singleConnection(Connection connection) {
    Connection unclosable =
        (Connection) Proxy.newProxyInstance(
            FakeDataSources.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  return null;
                case "isClosed":
                  return false;
                case "toString":
                  return "Unclosable[" + connection + "]";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  return invoke(method, connection, args);
              }
            });
    return dataSource(() -> unclosable, "SingleConnectionDataSource");
  }

  @FunctionalInterface
  private interface ConnectionSupplier {
    Connection get() throws SQLException;
  }

  private static DataSource dataSource(ConnectionSupplier supplier, String name) {
    return (DataSource) Proxy.newProxyInstance(
        FakeDataSources.class.getClassLoader(),
        new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getConnection":
              return supplier.get();
            case "toString":
              return name;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              throw new UnsupportedOperationException(name + "." + method.getName());
          }
        });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
