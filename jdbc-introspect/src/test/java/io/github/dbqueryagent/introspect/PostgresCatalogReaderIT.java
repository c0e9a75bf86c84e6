package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.JdbcDataSources;
import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresCatalogReader} and {@link DialectSchemaSource} on a real PostgreSQL
 * ({@code DBQA_TEST_PG_URL}, default the local server); skipped with a message when the server is
 * absent, failing when {@code CI=true}. The fixture lives in two fresh schemas dropped afterwards.
 */
class PostgresCatalogReaderIT {
  private static final String PG_URL = env("DBQA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static final String A = "dbqa_ia_" + SUFFIX;
  private static final String B = "dbqa_ib_" + SUFFIX;
  private static String database;
  private static DataSource ds;

  @BeforeAll
  static void createFixture() throws SQLException {
    try (Connection c = DriverManager.getConnection(PG_URL)) {
      database = c.getCatalog();
    } catch (SQLException e) {
      String msg = "PostgreSQL is not reachable at " + JdbcDataSources.maskUrl(PG_URL) + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
    ds = new UrlDataSource(PG_URL);
    run(
        "CREATE SCHEMA " + A,
        "CREATE SCHEMA " + B,
        "CREATE TABLE " + A + ".warehouse (region_code CHAR(2) NOT NULL, warehouse_no INTEGER NOT NULL,"
            + " name VARCHAR(80), PRIMARY KEY (region_code, warehouse_no))",
        "CREATE TABLE " + A + ".stock (id SERIAL PRIMARY KEY, region_code CHAR(2) NOT NULL,"
            + " warehouse_no INTEGER NOT NULL, quantity NUMERIC(10,2), tags TEXT[], seen TIMESTAMPTZ,"
            + " CONSTRAINT fk_stock_warehouse FOREIGN KEY (warehouse_no, region_code)"
            + " REFERENCES " + A + ".warehouse (warehouse_no, region_code))",
        "ALTER TABLE " + A + ".warehouse ADD CONSTRAINT warehouse_no_region_uq UNIQUE (warehouse_no, region_code)",
        "CREATE TABLE " + A + ".employee (employee_id BIGINT PRIMARY KEY, manager_id BIGINT,"
            + " full_name TEXT NOT NULL, CONSTRAINT fk_employee_manager FOREIGN KEY (manager_id)"
            + " REFERENCES " + A + ".employee (employee_id))",
        "CREATE TABLE " + A + ".\"MixedCase\" (\"Id\" INTEGER PRIMARY KEY, \"DisplayName\" TEXT)",
        "CREATE TABLE " + A + ".item (item_id INTEGER PRIMARY KEY, label TEXT)",
        "CREATE TABLE " + B + ".item (item_id INTEGER PRIMARY KEY, a_item_id INTEGER, flag BOOLEAN,"
            + " CONSTRAINT fk_b_item_a FOREIGN KEY (a_item_id) REFERENCES " + A + ".item (item_id))",
        "CREATE TYPE " + B + ".mood AS ENUM ('low', 'high')",
        "CREATE DOMAIN " + B + ".positive AS INTEGER NOT NULL CHECK (VALUE > 0)",
        "CREATE TABLE " + B + ".reading (reading_id BIGSERIAL PRIMARY KEY, mood " + B + ".mood,"
            + " level " + B + ".positive, payload JSONB, taken DATE NOT NULL, ratio DOUBLE PRECISION)",
        "CREATE TABLE " + B + ".event (event_id INTEGER NOT NULL, day DATE NOT NULL, note TEXT,"
            + " PRIMARY KEY (event_id, day)) PARTITION BY RANGE (day)",
        "CREATE TABLE " + B + ".event_2024 PARTITION OF " + B + ".event"
            + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "ALTER TABLE " + A + ".stock DROP COLUMN seen",
        "ALTER TABLE " + A + ".stock ADD COLUMN seen TIMESTAMPTZ",
        "COMMENT ON TABLE " + A + ".warehouse IS 'Storage sites by region'",
        "COMMENT ON COLUMN " + A + ".warehouse.warehouse_no IS 'Number within the region'",
        "COMMENT ON COLUMN " + A + ".\"MixedCase\".\"Id\" IS 'Mixed-case key'",
        "CREATE VIEW " + A + ".stock_view AS SELECT s.id, w.name, s.quantity FROM " + A + ".stock s JOIN "
            + A + ".warehouse w USING (region_code, warehouse_no)",
        "COMMENT ON VIEW " + A + ".stock_view IS 'Stock with warehouse names'",
        "CREATE MATERIALIZED VIEW " + A + ".stock_totals AS SELECT region_code, sum(quantity) AS total FROM "
            + A + ".stock GROUP BY region_code",
        "INSERT INTO " + A + ".item SELECT g, 'item ' || g FROM generate_series(1, 50) g",
        "ANALYZE " + A + ".item");
  }

  @AfterAll
  static void dropFixture() {
    if (ds == null) return;
    try {
      run("DROP SCHEMA " + A + " CASCADE", "DROP SCHEMA " + B + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop fixture schemas: " + e.getMessage());
    }
  }

  private static Catalog read(String... schemas) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return new PostgresCatalogReader().read(c, new IntrospectionOptions(List.of(schemas)));
    }
  }

  private static Table table(Catalog catalog, String schema, String name) {
    return catalog.table(new TableName(database, schema, name)).orElseThrow(() -> new AssertionError(
        "missing " + schema + "." + name + " in " + catalog.tables()));
  }

  @Test
  void readsTablesViewsAndMaterializedViewsOfTheRequestedSchemas() throws SQLException {
    Catalog catalog = read(A, B.toUpperCase(java.util.Locale.ROOT));
    assertThat(catalog.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(catalog.productName()).isEqualTo("PostgreSQL");
    assertThat(catalog.tables()).extracting(t -> t.name().schema() + "." + t.name().name()).containsExactly(
        A + ".MixedCase", A + ".employee", A + ".item", A + ".stock", A + ".stock_totals", A + ".stock_view",
        A + ".warehouse", B + ".event", B + ".item", B + ".reading");
    assertThat(catalog.tables()).allSatisfy(t -> assertThat(t.name().catalog()).isEqualTo(database));
    assertThat(table(catalog, A, "stock_view").kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(table(catalog, A, "stock_totals").kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(table(catalog, A, "stock").kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(table(catalog, B, "event").kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(table(catalog, B, "event").primaryKey()).containsExactly("event_id", "day");
    assertThat(read(B).tables()).extracting(t -> t.name().name()).containsExactly("event", "item", "reading");
    assertThat(read().tables()).noneMatch(t -> t.name().schema().startsWith("pg_")
        || t.name().schema().equals("information_schema"));
  }

  @Test
  void readsColumnsTypesNullabilityAndComments() throws SQLException {
    Catalog catalog = read(A, B);
    Table warehouse = table(catalog, A, "warehouse");
    assertThat(warehouse.comment()).isEqualTo("Storage sites by region");
    assertThat(warehouse.columns()).containsExactly(
        new Column("region_code", "bpchar", Types.CHAR, false, "", List.of()),
        new Column("warehouse_no", "int4", Types.INTEGER, false, "Number within the region", List.of()),
        new Column("name", "varchar", Types.VARCHAR, true, "", List.of()));
    Table stock = table(catalog, A, "stock");
    assertThat(stock.columns()).extracting(Column::name, Column::typeName, Column::jdbcType).containsExactly(
        org.assertj.core.groups.Tuple.tuple("id", "serial", Types.INTEGER),
        org.assertj.core.groups.Tuple.tuple("region_code", "bpchar", Types.CHAR),
        org.assertj.core.groups.Tuple.tuple("warehouse_no", "int4", Types.INTEGER),
        org.assertj.core.groups.Tuple.tuple("quantity", "numeric", Types.NUMERIC),
        org.assertj.core.groups.Tuple.tuple("tags", "_text", Types.ARRAY),
        org.assertj.core.groups.Tuple.tuple("seen", "timestamptz", Types.TIMESTAMP));
    Table mixed = table(catalog, A, "MixedCase");
    assertThat(mixed.columns()).containsExactly(
        new Column("Id", "int4", Types.INTEGER, false, "Mixed-case key", List.of()),
        new Column("DisplayName", "text", Types.VARCHAR, true, "", List.of()));
    assertThat(mixed.primaryKey()).containsExactly("Id");
    assertThat(table(catalog, A, "stock_view").comment()).isEqualTo("Stock with warehouse names");
    assertThat(table(catalog, A, "stock_view").columns()).extracting(Column::name)
        .containsExactly("id", "name", "quantity");
    assertThat(table(catalog, A, "stock_totals").columns()).extracting(Column::name)
        .containsExactly("region_code", "total");
    assertThat(table(catalog, B, "item").columns()).extracting(Column::name)
        .containsExactly("item_id", "a_item_id", "flag");
    assertThat(table(catalog, B, "item").column("flag").orElseThrow().jdbcType()).isEqualTo(Types.BIT);
    assertThat(table(catalog, B, "reading").columns()).containsExactly(
        new Column("reading_id", "bigserial", Types.BIGINT, false, "", List.of()),
        new Column("mood", "\"" + B + "\".\"mood\"", Types.VARCHAR, true, "", List.of()),
        new Column("level", "\"" + B + "\".\"positive\"", Types.DISTINCT, false, "", List.of()),
        new Column("payload", "jsonb", Types.OTHER, true, "", List.of()),
        new Column("taken", "date", Types.DATE, false, "", List.of()),
        new Column("ratio", "float8", Types.DOUBLE, true, "", List.of()));
  }

  @Test
  void readsCompositeAndSelfReferencingKeys() throws SQLException {
    Catalog catalog = read(A, B);
    assertThat(table(catalog, A, "warehouse").primaryKey()).containsExactly("region_code", "warehouse_no");
    assertThat(table(catalog, A, "stock").primaryKey()).containsExactly("id");
    assertThat(table(catalog, A, "stock").foreignKeys()).containsExactly(new ForeignKey("fk_stock_warehouse",
        List.of("warehouse_no", "region_code"), new TableName(database, A, "warehouse"),
        List.of("warehouse_no", "region_code")));
    assertThat(table(catalog, A, "employee").foreignKeys()).containsExactly(new ForeignKey("fk_employee_manager",
        List.of("manager_id"), new TableName(database, A, "employee"), List.of("employee_id")));
    assertThat(table(catalog, B, "item").foreignKeys()).containsExactly(new ForeignKey("fk_b_item_a",
        List.of("a_item_id"), new TableName(database, A, "item"), List.of("item_id")));
    assertThat(table(catalog, A, "item").foreignKeys()).isEmpty();
    assertThat(table(catalog, A, "stock_view").primaryKey()).isEmpty();
  }

  @Test
  void readsRowEstimates() throws SQLException {
    Catalog catalog = read(A);
    assertThat(table(catalog, A, "item").rowEstimate()).isEqualTo(50);
    assertThat(table(catalog, A, "stock_view").rowEstimate()).isEqualTo(-1);
    // never analysed: -1 on PostgreSQL 14+, 0 before
    assertThat(table(catalog, A, "employee").rowEstimate()).isLessThanOrEqualTo(0);
  }

  @Test
  void equalsTheDatabaseMetaDataCatalogOfTheSameSchemas() throws SQLException {
    Catalog bulk = read(A, B);
    Catalog withPartitions = JdbcSchemaSource.builder(ds).addSchema(A).addSchema(B).build().catalog();
    // DatabaseMetaData lists partitions as tables of their own; the reader leaves them out
    Catalog jdbc = new Catalog(withPartitions.productName(), withPartitions.productVersion(),
        withPartitions.dialect(), withPartitions.tables().stream()
            .filter(t -> !t.name().name().equals("event_2024")).collect(java.util.stream.Collectors.toList()));
    assertThat(withPartitions.tables()).hasSize(jdbc.tables().size() + 1);
    assertThat(bulk.tables()).hasSameSizeAs(jdbc.tables());
    for (int i = 0; i < bulk.tables().size(); i++) {
      Table x = bulk.tables().get(i);
      Table y = jdbc.tables().get(i);
      assertThat(x.name()).isEqualTo(y.name());
      assertThat(x.kind()).as(x.name() + " kind").isEqualTo(y.kind());
      assertThat(x.comment()).as(x.name() + " comment").isEqualTo(y.comment());
      assertThat(x.columns()).as(x.name() + " columns").isEqualTo(y.columns());
      assertThat(x.primaryKey()).as(x.name() + " primary key").isEqualTo(y.primaryKey());
      assertThat(x.foreignKeys()).as(x.name() + " foreign keys").isEqualTo(y.foreignKeys());
    }
    assertThat(bulk).isEqualTo(jdbc);
    assertThat(bulk.fingerprint()).isEqualTo(jdbc.fingerprint());
  }

  @Test
  void dialectSchemaSourceCachesAndRefreshes() throws SQLException {
    DialectSchemaSource source = DialectSchemaSource.builder(ds).addSchema(B).build();
    Catalog first = source.catalog();
    assertThat(first).isEqualTo(read(B));
    assertThat(source.catalog()).isSameAs(first);
    run("COMMENT ON TABLE " + B + ".item IS 'changed'");
    assertThat(source.catalog()).isSameAs(first);
    source.refresh();
    assertThat(table(source.catalog(), B, "item").comment()).isEqualTo("changed");
  }

  @Test
  void dialectSchemaSourceFallsBackToDatabaseMetaDataWithoutAReader() {
    DialectSchemaSource source = DialectSchemaSource.builder(ds).addSchema(A).readers(List.of()).build();
    Catalog viaMetaData = source.catalog();
    assertThat(viaMetaData).isEqualTo(JdbcSchemaSource.builder(ds).addSchema(A).build().catalog());
    assertThat(viaMetaData.tables()).allSatisfy(t -> assertThat(t.rowEstimate()).isEqualTo(-1));
  }

  @Test
  void failuresBecomeSchemaIntrospectionExceptionsWithoutCredentials() {
    String url = PG_URL.replace("user=postgres", "user=postgres&password=s3cret-pw")
        .replace("/test", "/dbqa_no_such_db_" + SUFFIX);
    DialectSchemaSource source = DialectSchemaSource.builder(new UrlDataSource(url)).build();
    assertThatThrownBy(source::catalog).isInstanceOf(SchemaIntrospectionException.class)
        .hasMessageNotContaining("s3cret-pw").hasCauseInstanceOf(SQLException.class);
  }

  private static void run(String... statements) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  /** A minimal data source over {@link DriverManager}. */
  private static final class UrlDataSource implements DataSource {
    private final String url;

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
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
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
