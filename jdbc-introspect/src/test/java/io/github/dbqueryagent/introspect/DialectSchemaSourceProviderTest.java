package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.SchemaSourceProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class DialectSchemaSourceProviderTest {

  private static JdbcDataSource h2() throws SQLException {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:dssp" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE region (region_id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
      s.execute("CREATE TABLE customer (customer_id INT PRIMARY KEY, name VARCHAR(50), region_id INT,"
          + " CONSTRAINT fk_customer_region FOREIGN KEY (region_id) REFERENCES region (region_id))");
      s.execute("INSERT INTO region VALUES (1, 'North'), (2, 'South')");
      s.execute("INSERT INTO customer VALUES (1, 'Ada', 1), (2, 'Bo', 2), (3, 'Cy', 2)");
    }
    return ds;
  }

  /** Wraps a data source and records every {@link DatabaseMetaData} method called through it. */
  private static DataSource recording(DataSource target, Set<String> metaDataCalls) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, m, args) -> {
          Object r = invoke(target, m, args);
          if (!(r instanceof Connection)) return r;
          Connection c = (Connection) r;
          return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
              (p2, m2, a2) -> {
                Object r2 = invoke(c, m2, a2);
                if (!(r2 instanceof DatabaseMetaData)) return r2;
                DatabaseMetaData md = (DatabaseMetaData) r2;
                return Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                    new Class<?>[] {DatabaseMetaData.class}, (p3, m3, a3) -> {
                      metaDataCalls.add(m3.getName());
                      return invoke(md, m3, a3);
                    });
              });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void isTheOnlyRegisteredProvider() {
    List<String> found = ServiceLoader.load(SchemaSourceProvider.class).stream()
        .map(p -> p.type().getName())
        .toList();
    assertThat(found).containsExactly(DialectSchemaSourceProvider.class.getName());
    assertThat(new DialectSchemaSourceProvider().name()).isEqualTo("jdbc-introspect");
  }

  @Test
  void jdbcReturnsADialectSchemaSourceWhenThisModuleIsOnTheClassPath() throws SQLException {
    JdbcDataSource ds = h2();
    SchemaSource source = SchemaSource.jdbc(ds);
    assertThat(source).isInstanceOf(DialectSchemaSource.class);
    assertThat(SchemaSource.jdbc(ds, Duration.ofMinutes(5))).isInstanceOf(DialectSchemaSource.class);
    assertThat(source.catalog()).isEqualTo(JdbcSchemaSource.builder(ds).build().catalog());
    assertThatThrownBy(() -> SchemaSource.jdbc(ds, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAgentBuiltWithOnlyADataSourceReadsTheCatalogInBulk() throws SQLException {
    Set<String> metaDataCalls = ConcurrentHashMap.newKeySet();
    DataSource ds = recording(h2(), metaDataCalls);
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().environment(n -> null).dataSource(ds).build()) {
      QueryResult r = agent.query("How many customers are there?");
      assertThat(r.answered()).isTrue();
      assertThat(r.rows()).containsExactly(List.of(3L));
    }
    // DatabaseMetaData introspection would call getTables/getColumns; the H2 bulk reader does not.
    assertThat(metaDataCalls).isNotEmpty().doesNotContain("getTables", "getColumns", "getPrimaryKeys", "getImportedKeys");
  }
}
