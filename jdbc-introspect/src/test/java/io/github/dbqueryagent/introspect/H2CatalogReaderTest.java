package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class H2CatalogReaderTest {
  static final List<String> FIXTURE =
      List.of(
          "CREATE SCHEMA sales",
          "CREATE SCHEMA archive",
          "CREATE TABLE sales.region (country_code CHAR(2) NOT NULL, region_code VARCHAR(10) NOT NULL,"
              + " name VARCHAR(50), PRIMARY KEY (country_code, region_code))",
          "COMMENT ON TABLE sales.region IS 'Sales regions'",
          "COMMENT ON COLUMN sales.region.name IS 'Display name'",
          "CREATE TABLE sales.\"Store\" (\"StoreId\" INTEGER NOT NULL PRIMARY KEY, region_code VARCHAR(10),"
              + " country_code CHAR(2), \"parentStore\" INTEGER, opened DATE, area DECIMAL(10,2),"
              + " CONSTRAINT fk_store_region FOREIGN KEY (region_code, country_code)"
              + " REFERENCES sales.region (region_code, country_code),"
              + " CONSTRAINT fk_store_parent FOREIGN KEY (\"parentStore\") REFERENCES sales.\"Store\" (\"StoreId\"))",
          "CREATE VIEW sales.store_names AS SELECT s.\"StoreId\", r.name FROM sales.\"Store\" s"
              + " JOIN sales.region r ON r.country_code = s.country_code AND r.region_code = s.region_code",
          "CREATE TABLE archive.region (id BIGINT NOT NULL PRIMARY KEY, note CHARACTER LARGE OBJECT)",
          "INSERT INTO archive.region VALUES (1, 'a'), (2, 'b')");

  JdbcDataSource ds;
  String db;

  @BeforeEach
  void createFixture() throws Exception {
    db = "intro" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    CatalogFacts.run(ds, FIXTURE);
  }

  Catalog read(IntrospectionOptions options) throws Exception {
    try (Connection c = ds.getConnection()) {
      return new H2CatalogReader().read(c, options);
    }
  }

  TableName name(String schema, String table) {
    return new TableName(db.toUpperCase(java.util.Locale.ROOT), schema, table);
  }

  @Test
  void readsEveryFact() throws Exception {
    Catalog catalog = read(IntrospectionOptions.defaults());

    assertThat(catalog.dialect()).isEqualTo(Dialect.H2);
    assertThat(catalog.productName()).isEqualTo("H2");
    assertThat(catalog.tables()).extracting(Table::name)
        .containsExactly(name("ARCHIVE", "REGION"), name("SALES", "REGION"), name("SALES", "STORE_NAMES"),
            name("SALES", "Store"));

    Table region = catalog.table(name("SALES", "REGION")).orElseThrow();
    assertThat(region.kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(region.comment()).isEqualTo("Sales regions");
    assertThat(region.columns()).containsExactly(
        new Column("COUNTRY_CODE", "CHARACTER", Types.CHAR, false, "", List.of()),
        new Column("REGION_CODE", "CHARACTER VARYING", Types.VARCHAR, false, "", List.of()),
        new Column("NAME", "CHARACTER VARYING", Types.VARCHAR, true, "Display name", List.of()));
    assertThat(region.primaryKey()).containsExactly("COUNTRY_CODE", "REGION_CODE");
    assertThat(region.foreignKeys()).isEmpty();
    assertThat(region.rowEstimate()).isZero();

    Table store = catalog.table(name("SALES", "Store")).orElseThrow();
    assertThat(store.columns()).extracting(Column::name)
        .containsExactly("StoreId", "REGION_CODE", "COUNTRY_CODE", "parentStore", "OPENED", "AREA");
    assertThat(store.columns()).extracting(Column::jdbcType)
        .containsExactly(Types.INTEGER, Types.VARCHAR, Types.CHAR, Types.INTEGER, Types.DATE, Types.DECIMAL);
    assertThat(store.column("AREA").orElseThrow().typeName()).isEqualTo("DECIMAL");
    assertThat(store.column("StoreId").orElseThrow().nullable()).isFalse();
    assertThat(store.primaryKey()).containsExactly("StoreId");
    assertThat(store.foreignKeys()).containsExactlyInAnyOrder(
        new ForeignKey("FK_STORE_REGION", List.of("REGION_CODE", "COUNTRY_CODE"), name("SALES", "REGION"),
            List.of("REGION_CODE", "COUNTRY_CODE")),
        new ForeignKey("FK_STORE_PARENT", List.of("parentStore"), name("SALES", "Store"), List.of("StoreId")));

    Table view = catalog.table(name("SALES", "STORE_NAMES")).orElseThrow();
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.columns()).extracting(Column::name).containsExactly("StoreId", "NAME");
    assertThat(view.primaryKey()).isEmpty();
    assertThat(view.rowEstimate()).isEqualTo(-1);

    Table archived = catalog.table(name("ARCHIVE", "REGION")).orElseThrow();
    assertThat(archived.columns()).containsExactly(
        new Column("ID", "BIGINT", Types.BIGINT, false, "", List.of()),
        new Column("NOTE", "CHARACTER LARGE OBJECT", Types.CLOB, true, "", List.of()));
    assertThat(archived.primaryKey()).containsExactly("ID");
    assertThat(archived.rowEstimate()).isEqualTo(2);
  }

  @Test
  void restrictsToTheRequestedSchemas() throws Exception {
    Catalog catalog = read(new IntrospectionOptions(List.of("archive")));
    assertThat(catalog.tables()).extracting(Table::name).containsExactly(name("ARCHIVE", "REGION"));
  }

  @Test
  void agreesWithDatabaseMetaData() throws Exception {
    CatalogFacts.assertSameFacts(read(IntrospectionOptions.defaults()), JdbcSchemaSource.builder(ds).build().catalog());
  }

  @Test
  void readsInAFixedNumberOfQueries() throws Exception {
    int[] before = {0};
    try (Connection c = ds.getConnection()) {
      new H2CatalogReader().read(CatalogFacts.counting(c, before), IntrospectionOptions.defaults());
    }
    CatalogFacts.run(ds, List.of("CREATE TABLE sales.extra1 (id INT PRIMARY KEY)", "CREATE TABLE archive.extra2 (id INT PRIMARY KEY, r INT REFERENCES archive.region (id))"));
    int[] after = {0};
    try (Connection c = ds.getConnection()) {
      new H2CatalogReader().read(CatalogFacts.counting(c, after), IntrospectionOptions.defaults());
    }
    assertThat(before[0]).isEqualTo(4);
    assertThat(after[0]).isEqualTo(before[0]);
  }

  @Test
  void supportsOnlyH2() {
    assertThat(new H2CatalogReader().supports(Dialect.H2)).isTrue();
    assertThat(new H2CatalogReader().supports(Dialect.POSTGRESQL)).isFalse();
  }
}
