package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SqliteCatalogReaderTest {
  static final List<String> FIXTURE =
      List.of(
          "CREATE TABLE region (country_code CHAR(2) NOT NULL, region_code VARCHAR(10) NOT NULL,"
              + " name VARCHAR(50), PRIMARY KEY (country_code, region_code))",
          "CREATE TABLE \"Store\" (\"StoreId\" INTEGER NOT NULL PRIMARY KEY, region_code VARCHAR(10),"
              + " country_code CHAR(2), \"parentStore\" INTEGER, opened DATE, area DECIMAL(10,2), rating REAL,"
              + " photo BLOB, notes TEXT, misc,"
              + " CONSTRAINT fk_store_region FOREIGN KEY (region_code, country_code)"
              + " REFERENCES region (region_code, country_code),"
              + " CONSTRAINT fk_store_parent FOREIGN KEY (\"parentStore\") REFERENCES \"Store\" (\"StoreId\"))",
          "CREATE TABLE visit (id INTEGER PRIMARY KEY, country_code CHAR(2), region_code VARCHAR(10),"
              + " FOREIGN KEY (country_code, region_code) REFERENCES region)",
          "CREATE VIEW store_names AS SELECT s.\"StoreId\", r.name FROM \"Store\" s"
              + " JOIN region r ON r.country_code = s.country_code AND r.region_code = s.region_code",
          "CREATE INDEX visit_region ON visit (region_code)",
          "CREATE TABLE counter (id INTEGER PRIMARY KEY AUTOINCREMENT, n INT)",
          // every column fact: sizes, defaults, generation; unique constraints and indexes
          "CREATE TABLE product (id INTEGER PRIMARY KEY, code VARCHAR(40) NOT NULL, price NUMERIC(10,2) DEFAULT 0,"
              + " status TEXT DEFAULT 'new', created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, qty INT DEFAULT (1 + 1),"
              + " total NUMERIC(12, 2) GENERATED ALWAYS AS (price * qty) STORED,"
              + " label TEXT AS (upper(code) || ', ' || \"status\") /* virtual */,"
              + " sku VARCHAR(20) CONSTRAINT uq_product_sku UNIQUE, maker TEXT, model TEXT, ean CHAR(13) UNIQUE,"
              + " CONSTRAINT uq_product_maker_model UNIQUE (maker, model))",
          "CREATE INDEX product_code ON product (code)",
          "CREATE UNIQUE INDEX product_code_status ON product (code, status DESC)",
          "CREATE INDEX product_lower_code ON product (lower(code) COLLATE NOCASE, maker)",
          // not rowid aliases: a WITHOUT ROWID table and INTEGER PRIMARY KEY DESC
          "CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT) WITHOUT ROWID",
          "CREATE TABLE tally (id INTEGER PRIMARY KEY DESC, n INT)");

  @TempDir Path dir;
  SQLiteDataSource ds;

  @BeforeEach
  void createFixture() throws Exception {
    ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("fixture.db"));
    CatalogFacts.run(ds, FIXTURE);
  }

  Catalog read() throws Exception {
    try (Connection c = ds.getConnection()) {
      return new SqliteCatalogReader().read(c, IntrospectionOptions.defaults());
    }
  }

  @Test
  void readsEveryFact() throws Exception {
    Catalog catalog = read();

    assertThat(catalog.dialect()).isEqualTo(Dialect.SQLITE);
    assertThat(catalog.tables()).extracting(Table::name).containsExactly(
        TableName.of("Store"), TableName.of("counter"), TableName.of("product"), TableName.of("region"),
        TableName.of("store_names"), TableName.of("tag"), TableName.of("tally"), TableName.of("visit"));
    assertThat(catalog.schemas()).isEmpty();

    Table region = catalog.table(TableName.of("region")).orElseThrow();
    assertThat(region.kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(region.columns()).containsExactly(
        new Column("country_code", "CHAR", Types.VARCHAR, false, "", List.of(), 2, -1, "", Column.Generation.NONE),
        new Column("region_code", "VARCHAR", Types.VARCHAR, false, "", List.of(), 10, -1, "", Column.Generation.NONE),
        new Column("name", "VARCHAR", Types.VARCHAR, true, "", List.of(), 50, -1, "", Column.Generation.NONE));
    assertThat(region.primaryKey()).containsExactly("country_code", "region_code");
    assertThat(region.rowEstimate()).isEqualTo(-1);
    // the composite primary key's automatic index is an index, not a unique key
    assertThat(region.indexes()).containsExactly(
        new Index("sqlite_autoindex_region_1", List.of("country_code", "region_code"), true));
    assertThat(region.uniqueKeys()).isEmpty();

    Table store = catalog.table(TableName.of("Store")).orElseThrow();
    assertThat(store.columns()).extracting(Column::name).containsExactly(
        "StoreId", "region_code", "country_code", "parentStore", "opened", "area", "rating", "photo", "notes", "misc");
    assertThat(store.columns()).extracting(Column::typeName).containsExactly(
        "INTEGER", "VARCHAR", "CHAR", "INTEGER", "DATE", "DECIMAL", "REAL", "BLOB", "TEXT", "");
    assertThat(store.columns()).extracting(Column::jdbcType).containsExactly(
        Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.DATE, Types.NUMERIC, Types.DOUBLE,
        Types.BLOB, Types.VARCHAR, Types.BLOB);
    assertThat(store.column("StoreId").orElseThrow().nullable()).isFalse();
    assertThat(store.column("StoreId").orElseThrow().generation()).isEqualTo(Column.Generation.IDENTITY);
    assertThat(store.column("area").orElseThrow()).extracting(Column::size, Column::scale).containsExactly(10, 2);
    assertThat(store.column("rating").orElseThrow()).extracting(Column::size, Column::scale).containsExactly(-1, -1);
    assertThat(store.primaryKey()).containsExactly("StoreId");
    assertThat(store.indexes()).isEmpty();
    assertThat(store.foreignKeys()).containsExactlyInAnyOrder(
        new ForeignKey("fk_store_region", List.of("region_code", "country_code"), TableName.of("region"),
            List.of("region_code", "country_code")),
        new ForeignKey("fk_store_parent", List.of("parentStore"), TableName.of("Store"), List.of("StoreId")));

    Table visit = catalog.table(TableName.of("visit")).orElseThrow();
    assertThat(visit.primaryKey()).containsExactly("id");
    assertThat(visit.column("id").orElseThrow().generation()).isEqualTo(Column.Generation.IDENTITY);
    assertThat(visit.indexes()).containsExactly(new Index("visit_region", List.of("region_code"), false));
    assertThat(visit.foreignKeys()).containsExactly(
        new ForeignKey("", List.of("country_code", "region_code"), TableName.of("region"),
            List.of("country_code", "region_code")));

    Table view = catalog.table(TableName.of("store_names")).orElseThrow();
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.columns()).extracting(Column::name).containsExactly("StoreId", "name");
    assertThat(view.primaryKey()).isEmpty();
    assertThat(view.foreignKeys()).isEmpty();
    assertThat(view.indexes()).isEmpty();
    assertThat(view.column("StoreId").orElseThrow().generation()).isEqualTo(Column.Generation.NONE);
  }

  @Test
  void readsSizesDefaultsGenerationUniqueKeysAndIndexes() throws Exception {
    Catalog catalog = read();
    Table product = catalog.table(TableName.of("product")).orElseThrow();
    Column.Generation none = Column.Generation.NONE;
    assertThat(product.columns()).containsExactly(
        new Column("id", "INTEGER", Types.INTEGER, true, "", List.of(), -1, -1, "", Column.Generation.IDENTITY),
        new Column("code", "VARCHAR", Types.VARCHAR, false, "", List.of(), 40, -1, "", none),
        new Column("price", "NUMERIC", Types.NUMERIC, true, "", List.of(), 10, 2, "0", none),
        new Column("status", "TEXT", Types.VARCHAR, true, "", List.of(), -1, -1, "'new'", none),
        new Column("created", "TIMESTAMP", Types.TIMESTAMP, true, "", List.of(), -1, -1, "CURRENT_TIMESTAMP", none),
        new Column("qty", "INT", Types.INTEGER, true, "", List.of(), -1, -1, "1 + 1", none),
        new Column("total", "NUMERIC", Types.NUMERIC, true, "", List.of(), 12, 2, "price * qty",
            Column.Generation.COMPUTED),
        new Column("label", "TEXT", Types.VARCHAR, true, "", List.of(), -1, -1, "upper(code) || ', ' || \"status\"",
            Column.Generation.COMPUTED),
        new Column("sku", "VARCHAR", Types.VARCHAR, true, "", List.of(), 20, -1, "", none),
        new Column("maker", "TEXT", Types.VARCHAR, true, "", List.of(), -1, -1, "", none),
        new Column("model", "TEXT", Types.VARCHAR, true, "", List.of(), -1, -1, "", none),
        new Column("ean", "CHAR", Types.VARCHAR, true, "", List.of(), 13, -1, "", none));
    assertThat(product.primaryKey()).containsExactly("id");
    // UNIQUE constraints only, named as in the DDL or by their automatic index; never the primary key
    assertThat(product.uniqueKeys()).containsExactlyInAnyOrder(
        new UniqueKey("uq_product_sku", List.of("sku")),
        new UniqueKey("sqlite_autoindex_product_2", List.of("ean")),
        new UniqueKey("uq_product_maker_model", List.of("maker", "model")));
    assertThat(product.indexes()).containsExactlyInAnyOrder(
        new Index("product_code", List.of("code"), false),
        new Index("product_code_status", List.of("code", "status"), true),
        new Index("product_lower_code", List.of("lower(code)", "maker"), false),
        new Index("sqlite_autoindex_product_1", List.of("sku"), true),
        new Index("sqlite_autoindex_product_2", List.of("ean"), true),
        new Index("sqlite_autoindex_product_3", List.of("maker", "model"), true));

    // not rowid aliases: SQLite backs these primary keys with an index of origin pk
    Table tag = catalog.table(TableName.of("tag")).orElseThrow();
    assertThat(tag.column("id").orElseThrow().generation()).isEqualTo(Column.Generation.NONE);
    assertThat(tag.indexes()).containsExactly(new Index("sqlite_autoindex_tag_1", List.of("id"), true));
    assertThat(tag.uniqueKeys()).isEmpty();
    assertThat(catalog.table(TableName.of("tally")).orElseThrow().column("id").orElseThrow().generation())
        .isEqualTo(Column.Generation.NONE);
    // AUTOINCREMENT or not, a rowid alias is numbered by SQLite
    assertThat(catalog.table(TableName.of("counter")).orElseThrow().column("id").orElseThrow().generation())
        .isEqualTo(Column.Generation.IDENTITY);
    assertThat(catalog.table(TableName.of("counter")).orElseThrow().column("n").orElseThrow().generation())
        .isEqualTo(Column.Generation.NONE);
  }

  @Test
  void parsesSizesFromDeclaredTypes() {
    assertThat(SqliteCatalogReader.sizeAndScale("VARCHAR(40)", Types.VARCHAR)).containsExactly(40, -1);
    assertThat(SqliteCatalogReader.sizeAndScale("NVARCHAR ( 7 )", Types.VARCHAR)).containsExactly(7, -1);
    assertThat(SqliteCatalogReader.sizeAndScale("NUMERIC(10,2)", Types.NUMERIC)).containsExactly(10, 2);
    assertThat(SqliteCatalogReader.sizeAndScale("DECIMAL(8)", Types.NUMERIC)).containsExactly(8, 0);
    assertThat(SqliteCatalogReader.sizeAndScale("NUMERIC", Types.NUMERIC)).containsExactly(-1, -1);
    assertThat(SqliteCatalogReader.sizeAndScale("INT(11)", Types.INTEGER)).containsExactly(-1, -1);
    assertThat(SqliteCatalogReader.sizeAndScale("DOUBLE(10,2)", Types.DOUBLE)).containsExactly(-1, -1);
    assertThat(SqliteCatalogReader.sizeAndScale("VARCHAR(99999999999)", Types.VARCHAR)).containsExactly(-1, -1);
  }

  /**
   * sqlite-jdbc's DatabaseMetaData is poorer in two places, where the reader's facts are asserted in
   * {@link #readsEveryFact()} instead: it maps declared types to JDBC types by name, not affinity
   * ({@code BLOB} and untyped columns become VARCHAR, {@code DATE} VARCHAR, {@code DECIMAL} and
   * {@code REAL} FLOAT), and for a foreign key that omits the referenced columns it repeats the first
   * primary key column ({@code visit} gets {@code (country_code, country_code)}).
   */
  @Test
  void agreesWithDatabaseMetaDataWhereItIsRight() throws Exception {
    Catalog fromMetaData = JdbcSchemaSource.builder(ds).build().catalog();
    assertThat(fromMetaData.table(TableName.of("visit")).orElseThrow().foreignKeys())
        .singleElement().extracting(ForeignKey::referencedColumns)
        .isNotEqualTo(List.of("country_code", "region_code"));
    assertThat(comparable(read())).isEqualTo(comparable(fromMetaData));
  }

  /** The facts both sources hold right: everything but JDBC type codes and the visit table's key. */
  static List<Table> comparable(Catalog catalog) {
    List<Table> out = new java.util.ArrayList<>();
    for (Table t : CatalogFacts.sharedFacts(catalog)) {
      List<Column> cols = new java.util.ArrayList<>();
      for (Column c : t.columns()) cols.add(new Column(c.name(), c.typeName(), 0, c.nullable(), c.comment(), List.of()));
      List<ForeignKey> fks = t.name().name().equals("visit") ? List.of() : t.foreignKeys();
      out.add(new Table(t.name(), t.kind(), t.comment(), cols, t.primaryKey(), fks, -1));
    }
    return out;
  }

  @Test
  void leavesOutViewsThatNoLongerCompile() throws Exception {
    CatalogFacts.run(ds, List.of("CREATE TABLE doomed (id INTEGER)", "CREATE VIEW broken AS SELECT id FROM doomed",
        "DROP TABLE doomed"));
    Catalog catalog = read();
    assertThat(catalog.tables()).extracting(t -> t.name().name())
        .containsExactly("Store", "counter", "product", "region", "store_names", "tag", "tally", "visit");
    // the one-by-one fallback reads the same facts
    assertThat(catalog.table(TableName.of("product")).orElseThrow().column("total").orElseThrow().defaultValue())
        .isEqualTo("price * qty");
    assertThat(catalog.table(TableName.of("product")).orElseThrow().indexes()).hasSize(6);
    assertThat(catalog.table(TableName.of("visit")).orElseThrow().foreignKeys()).hasSize(1);
  }

  @Test
  void findsConstraintNamesInTheDdl() {
    String ddl = "CREATE TABLE t (a INT, b INT, c INT REFERENCES u (x),"
        + " CONSTRAINT \"Fk \"\"One\"\"\" FOREIGN KEY (\"a\", [b]) REFERENCES `U` (x, y),"
        + " constraint fk_two foreign key(c) references v)";
    assertThat(SqliteCatalogReader.constraintName(ddl, List.of("a", "b"), "u")).isEqualTo("Fk \"One\"");
    assertThat(SqliteCatalogReader.constraintName(ddl, List.of("c"), "v")).isEqualTo("fk_two");
    assertThat(SqliteCatalogReader.constraintName(ddl, List.of("c"), "u")).isEmpty();
  }

  @Test
  void cutsGenerationExpressionsIndexTermsAndUniqueNamesFromTheDdl() {
    String ddl = "CREATE TABLE \"odd, (name)\" (\n"
        + "  \"a, b\" TEXT DEFAULT 'x AS (y), z' CHECK (length(\"a, b\") > 0), -- a comment, with AS (no)\n"
        + "  [Total Price] REAL GENERATED ALWAYS AS ( round(\"a, b\" * 2, 2) ) VIRTUAL,\n"
        + "  `label` TEXT AS (coalesce(\"a, b\", ')')) STORED /* AS (not this) */,\n"
        + "  code TEXT COLLATE NOCASE CONSTRAINT \"uq code\" UNIQUE,\n"
        + "  CONSTRAINT uq_pair UNIQUE (\"a, b\" COLLATE NOCASE, [Total Price] DESC),\n"
        + "  UNIQUE (label))";
    assertThat(SqliteDdl.generationExpression(ddl, "total price")).contains("round(\"a, b\" * 2, 2)");
    assertThat(SqliteDdl.generationExpression(ddl, "label")).contains("coalesce(\"a, b\", ')')");
    assertThat(SqliteDdl.generationExpression(ddl, "a, b")).isEmpty();
    assertThat(SqliteDdl.generationExpression(ddl, "missing")).isEmpty();
    assertThat(SqliteDdl.uniqueConstraintName(ddl, List.of("code"))).contains("uq code");
    assertThat(SqliteDdl.uniqueConstraintName(ddl, List.of("a, b", "Total Price"))).contains("uq_pair");
    assertThat(SqliteDdl.uniqueConstraintName(ddl, List.of("label"))).isEmpty();
    assertThat(SqliteDdl.uniqueConstraintName(ddl, List.of("Total Price", "a, b"))).isEmpty();

    String index = "CREATE UNIQUE INDEX \"ix (1)\" ON t (lower(\"a, b\") COLLATE NOCASE DESC, c,"
        + " substr(d, 1, 3) ASC) WHERE c > 0";
    assertThat(SqliteDdl.indexedTerm(index, 0)).contains("lower(\"a, b\")");
    assertThat(SqliteDdl.indexedTerm(index, 1)).contains("c");
    assertThat(SqliteDdl.indexedTerm(index, 2)).contains("substr(d, 1, 3)");
    assertThat(SqliteDdl.indexedTerm(index, 3)).isEmpty();
    assertThat(SqliteDdl.indexedTerm("", 0)).isEmpty();
    assertThat(SqliteDdl.generationExpression("CREATE TABLE t (a AS (1 + ", "a")).isEmpty();
  }

  @Test
  void mapsDeclaredTypesByAffinity() {
    assertThat(SqliteCatalogReader.jdbcType("BIGINT")).isEqualTo(Types.INTEGER);
    assertThat(SqliteCatalogReader.jdbcType("NVARCHAR(20)")).isEqualTo(Types.VARCHAR);
    assertThat(SqliteCatalogReader.jdbcType("CLOB")).isEqualTo(Types.VARCHAR);
    assertThat(SqliteCatalogReader.jdbcType("")).isEqualTo(Types.BLOB);
    assertThat(SqliteCatalogReader.jdbcType("DOUBLE PRECISION")).isEqualTo(Types.DOUBLE);
    assertThat(SqliteCatalogReader.jdbcType("FLOATING POINT")).isEqualTo(Types.INTEGER); // "INT" wins, per SQLite
    // NUMERIC affinity, but dates, times and booleans are reported as what they mean
    assertThat(SqliteCatalogReader.jdbcType("BOOLEAN")).isEqualTo(Types.BOOLEAN);
    assertThat(SqliteCatalogReader.jdbcType("DATETIME")).isEqualTo(Types.TIMESTAMP);
    assertThat(SqliteCatalogReader.jdbcType("DATE")).isEqualTo(Types.DATE);
    assertThat(SqliteCatalogReader.jdbcType("NUMERIC(10,2)")).isEqualTo(Types.NUMERIC);
  }

  @Test
  void readsInAFixedNumberOfQueries() throws Exception {
    int[] before = {0};
    try (Connection c = ds.getConnection()) {
      new SqliteCatalogReader().read(CatalogFacts.counting(c, before), IntrospectionOptions.defaults());
    }
    CatalogFacts.run(ds, List.of("CREATE TABLE extra1 (id INT PRIMARY KEY)", "CREATE TABLE extra2 (id INT PRIMARY KEY, r INT REFERENCES extra1 (id))"));
    int[] after = {0};
    try (Connection c = ds.getConnection()) {
      new SqliteCatalogReader().read(CatalogFacts.counting(c, after), IntrospectionOptions.defaults());
    }
    assertThat(before[0]).isEqualTo(3);
    assertThat(after[0]).isEqualTo(before[0]);
  }

  @Test
  void supportsOnlySqlite() {
    assertThat(new SqliteCatalogReader().supports(Dialect.SQLITE)).isTrue();
    assertThat(new SqliteCatalogReader().supports(Dialect.H2)).isFalse();
  }
}
