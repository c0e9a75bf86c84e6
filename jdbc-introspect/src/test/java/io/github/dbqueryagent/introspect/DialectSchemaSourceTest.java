package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class DialectSchemaSourceTest {

  private static JdbcDataSource h2() throws SQLException {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:dss" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE region (region_id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
      s.execute("CREATE TABLE customer (customer_id INT PRIMARY KEY, region_id INT,"
          + " CONSTRAINT fk_customer_region FOREIGN KEY (region_id) REFERENCES region (region_id))");
    }
    return ds;
  }

  @Test
  void fallsBackToDatabaseMetaDataWhenNoReaderSupportsTheDialect() throws SQLException {
    JdbcDataSource ds = h2();
    List<Dialect> asked = new ArrayList<>();
    CatalogReader never = new CatalogReader() {
      @Override
      public boolean supports(Dialect dialect) {
        asked.add(dialect);
        return false;
      }

      @Override
      public Catalog read(Connection connection, IntrospectionOptions options) {
        throw new AssertionError("not supported");
      }
    };
    DialectSchemaSource source = DialectSchemaSource.builder(ds).readers(List.of(never)).build();
    Catalog catalog = source.catalog();
    assertThat(asked).containsExactly(Dialect.H2);
    assertThat(catalog).isEqualTo(JdbcSchemaSource.builder(ds).build().catalog());
    assertThat(catalog.tablesNamed("customer")).hasSize(1);
    assertThat(source.catalog()).isSameAs(catalog);
  }

  @Test
  void usesTheFirstSupportingReaderAndCachesUntilRefresh() throws SQLException {
    JdbcDataSource ds = h2();
    int[] reads = new int[1];
    Catalog fixed = new Catalog("H2", "test", Dialect.H2, List.of());
    CatalogReader reader = new CatalogReader() {
      @Override
      public boolean supports(Dialect dialect) {
        return dialect == Dialect.H2;
      }

      @Override
      public Catalog read(Connection connection, IntrospectionOptions options) {
        reads[0]++;
        assertThat(options.schemas()).containsExactly("PUBLIC");
        return fixed;
      }
    };
    DialectSchemaSource source = DialectSchemaSource.builder(ds).addSchema("PUBLIC")
        .readers(List.of(new PostgresCatalogReader(), reader)).ttl(Duration.ofMinutes(5)).build();
    assertThat(source.catalog()).isSameAs(fixed);
    assertThat(source.catalog()).isSameAs(fixed);
    assertThat(reads[0]).isEqualTo(1);
    source.refresh();
    source.catalog();
    assertThat(reads[0]).isEqualTo(2);
  }

  @Test
  void readerFailuresBecomeSchemaIntrospectionExceptions() throws SQLException {
    CatalogReader failing = new CatalogReader() {
      @Override
      public boolean supports(Dialect dialect) {
        return true;
      }

      @Override
      public Catalog read(Connection connection, IntrospectionOptions options) throws SQLException {
        throw new SQLException("relation does not exist", "42P01");
      }
    };
    DialectSchemaSource source = DialectSchemaSource.builder(h2()).readers(List.of(failing)).build();
    assertThatThrownBy(source::catalog).isInstanceOf(SchemaIntrospectionException.class)
        .hasMessageContaining("relation does not exist").hasMessageContaining("42P01")
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void builderRejectsBadValues() throws SQLException {
    JdbcDataSource ds = h2();
    assertThatThrownBy(() -> DialectSchemaSource.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DialectSchemaSource.builder(ds).ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThatThrownBy(() -> DialectSchemaSource.builder(ds).readers(java.util.Arrays.asList((CatalogReader) null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(DialectSchemaSource.builtInReaders()).hasAtLeastOneElementOfType(PostgresCatalogReader.class);
    assertThat(new PostgresCatalogReader().supports(Dialect.POSTGRESQL)).isTrue();
    assertThat(new PostgresCatalogReader().supports(Dialect.H2)).isFalse();
  }
}
