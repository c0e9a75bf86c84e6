package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Helpers for reader tests. */
final class CatalogFacts {
  private CatalogFacts() {}

  /**
   * Wraps a connection so that every statement it prepares or creates is counted in {@code count[0]};
   * everything else is passed through.
   */
  static Connection counting(Connection connection, int[] count) {
    return (Connection) java.lang.reflect.Proxy.newProxyInstance(
        CatalogFacts.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
            count[0]++;
          }
          try {
            return method.invoke(connection, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * Wraps a data source so that the SQL text of every statement its connections prepare, and of every
   * {@code execute*} call on the statements they create, is added to {@code sql} (synchronized list
   * recommended); everything else is passed through.
   */
  static DataSource recording(DataSource dataSource, List<String> sql) {
    return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
        CatalogFacts.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(method, dataSource, args);
          return result instanceof Connection ? recording((Connection) result, sql) : result;
        });
  }

  private static Connection recording(Connection connection, List<String> sql) {
    return (Connection) java.lang.reflect.Proxy.newProxyInstance(
        CatalogFacts.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          String name = method.getName();
          if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null
              && args[0] instanceof String) {
            sql.add((String) args[0]);
          }
          Object result = invoke(method, connection, args);
          if (name.equals("createStatement")) {
            Statement statement = (Statement) result;
            return java.lang.reflect.Proxy.newProxyInstance(
                CatalogFacts.class.getClassLoader(), new Class<?>[] {Statement.class}, (p, m, a) -> {
                  if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String) {
                    sql.add((String) a[0]);
                  }
                  return invoke(m, statement, a);
                });
          }
          return result;
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Runs statements on a fresh connection. */
  static void run(DataSource ds, List<String> sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String q : sql) s.execute(q);
    }
  }

  /**
   * The facts DatabaseMetaData and the bulk readers both know, table by table: names, view or not,
   * comments, columns (name, type, JDBC type, nullability, comment), primary and declared foreign
   * keys. Row estimates, sizes, defaults, generation, unique keys and indexes are left out: drivers
   * report them each in their own way, and each reader's own test checks them.
   */
  static List<Table> sharedFacts(Catalog catalog) {
    List<Table> out = new ArrayList<>();
    for (Table t : catalog.tables()) {
      List<Column> columns = new ArrayList<>();
      for (Column c : t.columns()) {
        columns.add(new Column(c.name(), c.typeName(), c.jdbcType(), c.nullable(), c.comment(), List.of()));
      }
      List<ForeignKey> declared = new ArrayList<>();
      for (ForeignKey fk : t.foreignKeys()) if (!fk.inferred()) declared.add(fk);
      out.add(new Table(t.name(), t.isView() ? Table.Kind.VIEW : Table.Kind.TABLE, t.comment(), columns,
          t.primaryKey(), declared, -1));
    }
    return out;
  }

  /** Asserts both catalogs hold the same tables, columns, types, keys and comments. */
  static void assertSameFacts(Catalog actual, Catalog expected) {
    assertThat(sharedFacts(actual)).isEqualTo(sharedFacts(expected));
    assertThat(actual.dialect()).isEqualTo(expected.dialect());
  }
}
