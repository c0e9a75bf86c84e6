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
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresCatalogReader} and {@link DialectSchemaSource} on a real PostgreSQL
 * ({@code DBQA_TEST_PG_URL}, default the local server); skipped with a message when the server is
 * absent, failing when {@code CI=true}. The fixture lives in four fresh schemas (the last one empty)
 * dropped afterwards.
 */
class PostgresCatalogReaderIT {
  private static final String PG_URL = env("DBQA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static final String A = "dbqa_ia_" + SUFFIX;
  private static final String B = "dbqa_ib_" + SUFFIX;
  private static final String C = "dbqa_ic_" + SUFFIX;
  private static final String EMPTY = "dbqa_id_" + SUFFIX;
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
        "ANALYZE " + A + ".item",
        "CREATE SCHEMA " + EMPTY,
        "CREATE SCHEMA " + C,
        "CREATE DOMAIN " + C + ".code8 AS VARCHAR(8)",
        "CREATE TABLE " + C + ".account (account_id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            + " legacy_no SERIAL UNIQUE, big_no BIGINT GENERATED BY DEFAULT AS IDENTITY,"
            + " email TEXT NOT NULL, code VARCHAR(40), region CHAR(3), short_code " + C + ".code8,"
            + " balance NUMERIC(10,2) DEFAULT 0, ratio NUMERIC, weight REAL, score DOUBLE PRECISION,"
            + " status TEXT DEFAULT 'new', created TIMESTAMPTZ DEFAULT now(),"
            + " balance_cents NUMERIC(12,0) GENERATED ALWAYS AS (balance * 100) STORED,"
            + " CONSTRAINT account_region_code_uq UNIQUE (region, code))",
        "CREATE INDEX account_created_idx ON " + C + ".account (created, status)",
        "CREATE UNIQUE INDEX account_email_uidx ON " + C + ".account (email)",
        "CREATE INDEX account_lower_email_idx ON " + C + ".account (lower(email), code) INCLUDE (ratio)",
        "CREATE MATERIALIZED VIEW " + C + ".account_totals AS SELECT region, sum(balance) AS total FROM "
            + C + ".account GROUP BY region",
        "CREATE UNIQUE INDEX account_totals_region_idx ON " + C + ".account_totals (region)",
        "CREATE VIEW " + C + ".account_names AS SELECT account_id, email FROM " + C + ".account");
  }

  @AfterAll
  static void dropFixture() {
    if (ds == null) return;
    try {
      run("DROP SCHEMA " + A + " CASCADE", "DROP SCHEMA " + B + " CASCADE", "DROP SCHEMA " + C + " CASCADE",
          "DROP SCHEMA " + EMPTY + " CASCADE");
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
    assertThat(table(catalog, A, "stock_totals").kind()).isEqualTo(Table.Kind.MATERIALIZED_VIEW);
    assertThat(table(catalog, A, "stock_totals").rowEstimate()).isEqualTo(-1);
    assertThat(table(catalog, A, "stock").kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(table(catalog, B, "event").kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(table(catalog, B, "event").primaryKey()).containsExactly("event_id", "day");
    assertThat(read(B).tables()).extracting(t -> t.name().name()).containsExactly("event", "item", "reading");
    assertThat(catalog.schemas()).containsExactly(A, B);
    assertThat(read().tables()).noneMatch(t -> t.name().schema().startsWith("pg_")
        || t.name().schema().equals("information_schema"));
  }

  @Test
  void readsColumnsTypesNullabilityAndComments() throws SQLException {
    Catalog catalog = read(A, B);
    Table warehouse = table(catalog, A, "warehouse");
    assertThat(warehouse.comment()).isEqualTo("Storage sites by region");
    assertThat(warehouse.columns()).containsExactly(
        column("region_code", "bpchar", Types.CHAR, false, "", 2, -1),
        column("warehouse_no", "int4", Types.INTEGER, false, "Number within the region", -1, -1),
        column("name", "varchar", Types.VARCHAR, true, "", 80, -1));
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
        column("Id", "int4", Types.INTEGER, false, "Mixed-case key", -1, -1),
        column("DisplayName", "text", Types.VARCHAR, true, "", -1, -1));
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
        new Column("reading_id", "bigserial", Types.BIGINT, false, "", List.of(), -1, -1,
            "nextval('" + B + ".reading_reading_id_seq'::regclass)", Column.Generation.IDENTITY),
        column("mood", "\"" + B + "\".\"mood\"", Types.VARCHAR, true, "", -1, -1),
        column("level", "\"" + B + "\".\"positive\"", Types.DISTINCT, false, "", -1, -1),
        column("payload", "jsonb", Types.OTHER, true, "", -1, -1),
        column("taken", "date", Types.DATE, false, "", -1, -1),
        column("ratio", "float8", Types.DOUBLE, true, "", -1, -1));
    assertThat(table(catalog, A, "stock_view").column("name").orElseThrow().size()).isEqualTo(80);
    assertThat(table(catalog, A, "stock").column("quantity").orElseThrow())
        .extracting(Column::size, Column::scale).containsExactly(10, 2);
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
  void readsSizesDefaultsAndGeneration() throws SQLException {
    Table account = table(read(C), C, "account");
    assertThat(account.columns()).containsExactly(
        new Column("account_id", "int4", Types.INTEGER, false, "", List.of(), -1, -1, "", Column.Generation.IDENTITY),
        new Column("legacy_no", "serial", Types.INTEGER, false, "", List.of(), -1, -1,
            "nextval('" + C + ".account_legacy_no_seq'::regclass)", Column.Generation.IDENTITY),
        new Column("big_no", "int8", Types.BIGINT, false, "", List.of(), -1, -1, "", Column.Generation.IDENTITY),
        column("email", "text", Types.VARCHAR, false, "", -1, -1),
        column("code", "varchar", Types.VARCHAR, true, "", 40, -1),
        column("region", "bpchar", Types.CHAR, true, "", 3, -1),
        column("short_code", "\"" + C + "\".\"code8\"", Types.DISTINCT, true, "", 8, -1),
        new Column("balance", "numeric", Types.NUMERIC, true, "", List.of(), 10, 2, "0", Column.Generation.NONE),
        column("ratio", "numeric", Types.NUMERIC, true, "", -1, -1),
        column("weight", "float4", Types.REAL, true, "", -1, -1),
        column("score", "float8", Types.DOUBLE, true, "", -1, -1),
        new Column("status", "text", Types.VARCHAR, true, "", List.of(), -1, -1, "'new'::text",
            Column.Generation.NONE),
        new Column("created", "timestamptz", Types.TIMESTAMP, true, "", List.of(), -1, -1, "now()",
            Column.Generation.NONE),
        new Column("balance_cents", "numeric", Types.NUMERIC, true, "", List.of(), 12, 0,
            "(balance * (100)::numeric)", Column.Generation.COMPUTED));
  }

  @Test
  void readsUniqueKeysAndIndexes() throws SQLException {
    Catalog catalog = read(C);
    Table account = table(catalog, C, "account");
    assertThat(account.primaryKey()).containsExactly("account_id");
    assertThat(account.uniqueKeys()).containsExactly(
        new UniqueKey("account_legacy_no_key", List.of("legacy_no")),
        new UniqueKey("account_region_code_uq", List.of("region", "code")));
    assertThat(account.indexes()).containsExactly(
        new Index("account_created_idx", List.of("created", "status"), false),
        new Index("account_email_uidx", List.of("email"), true),
        new Index("account_legacy_no_key", List.of("legacy_no"), true),
        new Index("account_lower_email_idx", List.of("lower(email)", "code"), false),
        new Index("account_pkey", List.of("account_id"), true),
        new Index("account_region_code_uq", List.of("region", "code"), true));
    Table totals = table(catalog, C, "account_totals");
    assertThat(totals.kind()).isEqualTo(Table.Kind.MATERIALIZED_VIEW);
    assertThat(totals.isView()).isTrue();
    assertThat(totals.indexes()).containsExactly(new Index("account_totals_region_idx", List.of("region"), true));
    assertThat(totals.primaryKey()).isEmpty();
    assertThat(totals.uniqueKeys()).isEmpty();
    Table names = table(catalog, C, "account_names");
    assertThat(names.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(names.indexes()).isEmpty();
    assertThat(names.uniqueKeys()).isEmpty();
    assertThat(table(read(A), A, "warehouse").uniqueKeys())
        .containsExactly(new UniqueKey("warehouse_no_region_uq", List.of("warehouse_no", "region_code")));
  }

  @Test
  void listsEveryRequestedSchemaEmptyOnesIncluded() throws SQLException {
    assertThat(read(C, EMPTY).schemas()).containsExactly(C, EMPTY);
    assertThat(read(EMPTY).schemas()).containsExactly(EMPTY);
    assertThat(read(EMPTY).tables()).isEmpty();
    Catalog all = read();
    assertThat(all.schemas()).contains(A, B, C, EMPTY)
        .noneMatch(s -> s.startsWith("pg_") || s.equals("information_schema"));
  }

  @Test
  void readsInAFixedNumberOfQueries() throws SQLException {
    int[] few = {0};
    int[] many = {0};
    try (Connection c = ds.getConnection()) {
      new PostgresCatalogReader().read(CatalogFacts.counting(c, few), new IntrospectionOptions(List.of(EMPTY)));
      new PostgresCatalogReader().read(CatalogFacts.counting(c, many), new IntrospectionOptions(List.of(A, B, C)));
    }
    // session and schemas, relations, columns, primary and unique keys, foreign keys, indexes
    assertThat(few[0]).isEqualTo(6);
    assertThat(many[0]).isEqualTo(6);
  }

  /**
   * The facts {@code DatabaseMetaData} shares with the reader are equal (a materialized view counts as
   * a view there); sizes, defaults, generation, unique keys and indexes are checked above.
   */
  @Test
  void equalsTheDatabaseMetaDataCatalogOfTheSameSchemas() throws SQLException {
    Catalog bulk = read(A, B, C);
    Catalog withPartitions = JdbcSchemaSource.builder(ds).addSchema(A).addSchema(B).addSchema(C).build().catalog();
    // DatabaseMetaData lists partitions as tables of their own; the reader leaves them out
    Catalog jdbc = new Catalog(withPartitions.productName(), withPartitions.productVersion(),
        withPartitions.dialect(), withPartitions.tables().stream()
            .filter(t -> !t.name().name().equals("event_2024")).collect(java.util.stream.Collectors.toList()));
    assertThat(withPartitions.tables()).hasSize(jdbc.tables().size() + 1);
    List<Table> x = CatalogFacts.sharedFacts(bulk);
    List<Table> y = CatalogFacts.sharedFacts(jdbc);
    assertThat(x).hasSameSizeAs(y);
    for (int i = 0; i < x.size(); i++) {
      assertThat(x.get(i).name()).isEqualTo(y.get(i).name());
      assertThat(x.get(i)).as(x.get(i).name().toString()).isEqualTo(y.get(i));
    }
    CatalogFacts.assertSameFacts(bulk, jdbc);
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

  /** A column without default or generation. */
  private static Column column(
      String name, String type, int jdbcType, boolean nullable, String comment, int size, int scale) {
    return new Column(name, type, jdbcType, nullable, comment, List.of(), size, scale, "", Column.Generation.NONE);
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
}
