package io.github.dbqueryagent.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.UniqueKey;
import io.github.dbqueryagent.support.FakeDataSources;
import io.github.dbqueryagent.support.TestDatabases;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSchemaSourceTest {
  @TempDir Path dir;

  static Table only(Catalog catalog, String name) {
    List<Table> found = catalog.tablesNamed(name);
    assertThat(found).as("tables named %s", name).hasSize(1);
    return found.get(0);
  }

  static List<String> names(Catalog catalog) {
    return catalog.tables().stream().map(t -> t.name().name()).toList();
  }

  // ---- H2 ----

  @Test
  void h2FindsTablesAndViewsAndNoSystemTables() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "CREATE VIEW big_order AS SELECT order_id, total FROM orders WHERE total > 100"));

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    assertThat(catalog.dialect()).isEqualTo(Dialect.H2);
    assertThat(catalog.productName()).isEqualTo("H2");
    assertThat(catalog.productVersion()).isNotEmpty();
    assertThat(names(catalog)).containsExactlyInAnyOrder("REGION", "CUSTOMER", "PRODUCT", "ORDERS", "ORDER_ITEM", "BIG_ORDER");
    assertThat(catalog.tables()).allSatisfy(t -> assertThat(t.name().schema()).isEqualTo("PUBLIC"));
    assertThat(only(catalog, "customer").kind()).isEqualTo(Table.Kind.TABLE);
    Table view = only(catalog, "big_order");
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.columns()).extracting(Column::name).containsExactly("ORDER_ID", "TOTAL");
    assertThat(view.primaryKey()).isEmpty();
    assertThat(view.foreignKeys()).isEmpty();
  }

  @Test
  void h2ColumnsComeInOrdinalOrderWithTypesAndNullability() {
    Catalog catalog = SchemaSource.jdbc(TestDatabases.h2Shop()).catalog();

    Table customer = only(catalog, "customer");
    assertThat(customer.columns()).extracting(Column::name)
        .containsExactly("CUSTOMER_ID", "FIRST_NAME", "LAST_NAME", "CITY", "COUNTRY", "REGION_ID");
    Column id = customer.columns().get(0);
    assertThat(id.jdbcType()).isEqualTo(Types.INTEGER);
    assertThat(id.typeName()).isEqualTo("INTEGER");
    assertThat(id.nullable()).isFalse();
    Column firstName = customer.columns().get(1);
    assertThat(firstName.jdbcType()).isEqualTo(Types.VARCHAR);
    assertThat(firstName.isText()).isTrue();
    assertThat(firstName.nullable()).isTrue();

    Table orders = only(catalog, "orders");
    assertThat(orders.column("order_date").orElseThrow().jdbcType()).isEqualTo(Types.DATE);
    assertThat(orders.column("total").orElseThrow().jdbcType()).isIn(Types.DECIMAL, Types.NUMERIC);
    assertThat(orders.column("total").orElseThrow().isNumeric()).isTrue();
    assertThat(catalog.columnCount()).isEqualTo(2 + 6 + 4 + 5 + 4);
  }

  @Test
  void h2PrimaryKeysIncludingTheCompositeOne() {
    Catalog catalog = SchemaSource.jdbc(TestDatabases.h2Shop()).catalog();

    assertThat(only(catalog, "customer").primaryKey()).containsExactly("CUSTOMER_ID");
    assertThat(only(catalog, "order_item").primaryKey()).containsExactly("ORDER_ID", "PRODUCT_ID");
  }

  @Test
  void h2CompositeKeyIsReportedInKeyOrderNotColumnOrder() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of("CREATE TABLE price_history (valid_from DATE NOT NULL, product_id INTEGER NOT NULL,"
        + " price DECIMAL(10,2), PRIMARY KEY (product_id, valid_from))"));

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    assertThat(only(catalog, "price_history").primaryKey()).containsExactly("PRODUCT_ID", "VALID_FROM");
  }

  @Test
  void h2ForeignKeysNameTheReferencedTableAndColumns() {
    Catalog catalog = SchemaSource.jdbc(TestDatabases.h2Shop()).catalog();
    Table customer = only(catalog, "customer");
    Table orders = only(catalog, "orders");
    Table product = only(catalog, "product");
    Table region = only(catalog, "region");

    assertThat(orders.foreignKeys()).containsExactly(
        new ForeignKey("FK_ORDERS_CUSTOMER", List.of("CUSTOMER_ID"), customer.name(), List.of("CUSTOMER_ID")));
    assertThat(customer.foreignKeys()).containsExactly(
        new ForeignKey("FK_CUSTOMER_REGION", List.of("REGION_ID"), region.name(), List.of("REGION_ID")));
    assertThat(only(catalog, "order_item").foreignKeys()).containsExactlyInAnyOrder(
        new ForeignKey("FK_ITEM_ORDER", List.of("ORDER_ID"), orders.name(), List.of("ORDER_ID")),
        new ForeignKey("FK_ITEM_PRODUCT", List.of("PRODUCT_ID"), product.name(), List.of("PRODUCT_ID")));
    assertThat(product.foreignKeys()).isEmpty();
    // every referenced table is in the catalog
    assertThat(catalog.table(orders.foreignKeys().get(0).referencedTable())).contains(customer);
  }

  @Test
  void h2CompositeForeignKeyKeepsItsColumnsTogetherAndInOrder() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "CREATE TABLE shipment (shipment_id INTEGER PRIMARY KEY, item_product INTEGER, item_order INTEGER,"
            + " CONSTRAINT fk_shipment_item FOREIGN KEY (item_order, item_product)"
            + " REFERENCES order_item (order_id, product_id))"));

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    assertThat(only(catalog, "shipment").foreignKeys()).containsExactly(
        new ForeignKey("FK_SHIPMENT_ITEM", List.of("ITEM_ORDER", "ITEM_PRODUCT"),
            only(catalog, "order_item").name(), List.of("ORDER_ID", "PRODUCT_ID")));
  }

  @Test
  void h2CommentsOnTablesAndColumns() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "COMMENT ON TABLE customer IS 'People who buy from the shop'",
        "COMMENT ON COLUMN customer.city IS 'Billing city'"));

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    Table customer = only(catalog, "customer");
    assertThat(customer.comment()).isEqualTo("People who buy from the shop");
    assertThat(customer.column("city").orElseThrow().comment()).isEqualTo("Billing city");
    assertThat(customer.column("country").orElseThrow().comment()).isEmpty();
    assertThat(only(catalog, "orders").comment()).isEmpty();
  }

  @Test
  void h2SeesEverySchemaByDefaultAndOnlyTheChosenOnesWhenAsked() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "CREATE SCHEMA sales",
        "CREATE TABLE sales.prospect (prospect_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES public.customer (customer_id))",
        "CREATE TABLE sales.customer (id INTEGER PRIMARY KEY)"));

    Catalog all = SchemaSource.jdbc(ds).catalog();
    Catalog sales = JdbcSchemaSource.builder(ds).ttl(Duration.ofMinutes(5)).addSchema("sales").build().catalog();
    Catalog publicOnly = JdbcSchemaSource.builder(ds).addSchema("PUBLIC").build().catalog();
    Catalog both = JdbcSchemaSource.builder(ds).addSchema("public").addSchema("Sales").build().catalog();

    assertThat(all.tables()).hasSize(7);
    assertThat(all.tablesNamed("customer")).extracting(t -> t.name().schema()).containsExactlyInAnyOrder("PUBLIC", "SALES");
    assertThat(names(sales)).containsExactlyInAnyOrder("PROSPECT", "CUSTOMER");
    assertThat(sales.tables()).allSatisfy(t -> assertThat(t.name().schema()).isEqualTo("SALES"));
    assertThat(names(publicOnly)).containsExactlyInAnyOrder("REGION", "CUSTOMER", "PRODUCT", "ORDERS", "ORDER_ITEM");
    assertThat(both).isEqualTo(all);
    // a key across schemas names the other schema's table
    ForeignKey prospectFk = only(sales, "prospect").foreignKeys().get(0);
    assertThat(prospectFk.referencedTable().schema()).isEqualTo("PUBLIC");
    assertThat(prospectFk.referencedTable().name()).isEqualTo("CUSTOMER");
  }

  static final String DETAIL_H2 =
      "CREATE TABLE product_detail (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
          + " code VARCHAR(40) NOT NULL, price NUMERIC(10,2) DEFAULT 0, status VARCHAR(10) DEFAULT 'new',"
          + " created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, qty INTEGER DEFAULT 1,"
          + " total NUMERIC(12,2) GENERATED ALWAYS AS (price * qty), notes VARCHAR, maker VARCHAR(30),"
          + " model VARCHAR(30), CONSTRAINT uq_detail_maker_model UNIQUE (maker, model))";

  @Test
  void h2ReadsSizesDefaultsGenerationUniqueKeysIndexesAndSchemas() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of("CREATE SCHEMA staging", DETAIL_H2,
        "CREATE INDEX detail_code ON product_detail (code)",
        "CREATE UNIQUE INDEX detail_code_status ON product_detail (code, status)",
        "CREATE VIEW detail_codes AS SELECT id, code FROM product_detail"));

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    assertThat(catalog.schemas()).containsExactly("PUBLIC", "STAGING");
    assertThat(JdbcSchemaSource.builder(ds).addSchema("staging").build().catalog().schemas())
        .containsExactly("STAGING");
    Table detail = only(catalog, "product_detail");
    Column.Generation none = Column.Generation.NONE;
    assertThat(detail.columns()).containsExactly(
        new Column("ID", "INTEGER", Types.INTEGER, false, "", List.of(), -1, -1, "", Column.Generation.IDENTITY),
        new Column("CODE", "CHARACTER VARYING", Types.VARCHAR, false, "", List.of(), 40, -1, "", none),
        new Column("PRICE", "NUMERIC", Types.NUMERIC, true, "", List.of(), 10, 2, "0", none),
        new Column("STATUS", "CHARACTER VARYING", Types.VARCHAR, true, "", List.of(), 10, -1, "'new'", none),
        new Column("CREATED", "TIMESTAMP", Types.TIMESTAMP, true, "", List.of(), -1, -1, "CURRENT_TIMESTAMP", none),
        new Column("QTY", "INTEGER", Types.INTEGER, true, "", List.of(), -1, -1, "1", none),
        // H2's getColumns does not give the generation expression
        new Column("TOTAL", "NUMERIC", Types.NUMERIC, true, "", List.of(), 12, 2, "", Column.Generation.COMPUTED),
        new Column("NOTES", "CHARACTER VARYING", Types.VARCHAR, true, "", List.of(), -1, -1, "", none),
        new Column("MAKER", "CHARACTER VARYING", Types.VARCHAR, true, "", List.of(), 30, -1, "", none),
        new Column("MODEL", "CHARACTER VARYING", Types.VARCHAR, true, "", List.of(), 30, -1, "", none));
    assertThat(detail.primaryKey()).containsExactly("ID");
    // unique indexes other than the primary key's, named by the index
    assertThat(detail.uniqueKeys()).extracting(UniqueKey::columns)
        .containsExactlyInAnyOrder(List.of("MAKER", "MODEL"), List.of("CODE", "STATUS"));
    assertThat(detail.uniqueKeys()).contains(new UniqueKey("DETAIL_CODE_STATUS", List.of("CODE", "STATUS")));
    assertThat(detail.uniqueKeys()).filteredOn(u -> u.columns().equals(List.of("MAKER", "MODEL")))
        .singleElement().extracting(UniqueKey::name).asString().startsWith("UQ_DETAIL_MAKER_MODEL");
    assertThat(detail.indexes()).contains(
        new Index("DETAIL_CODE", List.of("CODE"), false), new Index("DETAIL_CODE_STATUS", List.of("CODE", "STATUS"), true));
    assertThat(detail.indexes()).extracting(Index::columns, Index::unique).containsExactlyInAnyOrder(
        tuple(List.of("ID"), true), tuple(List.of("MAKER", "MODEL"), true), tuple(List.of("CODE"), false),
        tuple(List.of("CODE", "STATUS"), true));
    Table view = only(catalog, "detail_codes");
    assertThat(view.indexes()).isEmpty();
    assertThat(view.uniqueKeys()).isEmpty();
    // the shop's composite primary key is an index, not a unique key
    assertThat(only(catalog, "order_item").uniqueKeys()).isEmpty();
    assertThat(only(catalog, "order_item").indexes()).extracting(Index::columns)
        .contains(List.of("ORDER_ID", "PRODUCT_ID"));
  }

  // ---- SQLite ----

  @Test
  void sqliteReadsSizesDefaultsGenerationUniqueKeysAndIndexes() {
    DataSource ds = TestDatabases.sqliteShop(dir);
    TestDatabases.run(ds, List.of(
        "CREATE TABLE product_detail (id INTEGER PRIMARY KEY AUTOINCREMENT, code VARCHAR(40) NOT NULL,"
            + " price NUMERIC(10,2) DEFAULT 0, status TEXT DEFAULT 'new', created TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
            + " qty INT DEFAULT 1, total NUMERIC(12,2) GENERATED ALWAYS AS (price * qty) STORED, maker TEXT,"
            + " model TEXT, CONSTRAINT uq_detail_maker_model UNIQUE (maker, model))",
        "CREATE INDEX detail_code ON product_detail (code)",
        "CREATE UNIQUE INDEX detail_code_status ON product_detail (code, status)",
        "CREATE INDEX detail_lower_code ON product_detail (lower(code))"));

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    assertThat(catalog.schemas()).isEmpty();
    Table detail = only(catalog, "product_detail");
    Column id = detail.column("id").orElseThrow();
    assertThat(id.generation()).isEqualTo(Column.Generation.IDENTITY);
    assertThat(detail.column("code").orElseThrow()).extracting(Column::size, Column::scale).containsExactly(40, -1);
    // sqlite-jdbc reports NUMERIC(10,2) as FLOAT, so size and scale are not taken from it
    Column price = detail.column("price").orElseThrow();
    assertThat(price.jdbcType()).isEqualTo(Types.FLOAT);
    assertThat(price).extracting(Column::size, Column::scale, Column::defaultValue).containsExactly(-1, -1, "0");
    // TEXT has no length: sqlite-jdbc's 2,000,000,000 means none
    assertThat(detail.column("status").orElseThrow()).extracting(Column::size, Column::defaultValue)
        .containsExactly(-1, "'new'");
    assertThat(detail.column("created").orElseThrow().defaultValue()).isEqualTo("CURRENT_TIMESTAMP");
    assertThat(detail.column("total").orElseThrow().generation()).isEqualTo(Column.Generation.COMPUTED);
    assertThat(detail.column("qty").orElseThrow().generation()).isEqualTo(Column.Generation.NONE);
    assertThat(detail.uniqueKeys()).containsExactlyInAnyOrder(
        new UniqueKey("sqlite_autoindex_product_detail_1", List.of("maker", "model")),
        new UniqueKey("detail_code_status", List.of("code", "status")));
    assertThat(detail.indexes()).containsExactlyInAnyOrder(
        new Index("sqlite_autoindex_product_detail_1", List.of("maker", "model"), true),
        new Index("detail_code_status", List.of("code", "status"), true),
        new Index("detail_code", List.of("code"), false),
        new Index("detail_lower_code", List.of(JdbcSchemaSource.EXPRESSION), false));
    // the composite primary key's automatic index is not a unique key
    assertThat(only(catalog, "order_item").uniqueKeys()).isEmpty();
  }

  @Test
  void sqliteFindsTablesViewsColumnsAndKeys() {
    DataSource ds = TestDatabases.sqliteShop(dir);
    TestDatabases.run(ds, List.of(
        "CREATE VIEW customer_orders AS SELECT c.first_name, o.total FROM customer c JOIN orders o"
            + " ON o.customer_id = c.customer_id"));

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    assertThat(catalog.dialect()).isEqualTo(Dialect.SQLITE);
    assertThat(names(catalog)).containsExactlyInAnyOrder("region", "customer", "product", "orders", "order_item", "customer_orders");
    assertThat(catalog.tables()).allSatisfy(t -> {
      assertThat(t.name().schema()).isEmpty();
      assertThat(t.name().catalog()).isEmpty();
    });
    Table view = only(catalog, "customer_orders");
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.columns()).extracting(Column::name).containsExactly("first_name", "total");

    Table customer = only(catalog, "customer");
    assertThat(customer.columns()).extracting(Column::name)
        .containsExactly("customer_id", "first_name", "last_name", "city", "country", "region_id");
    assertThat(customer.columns().get(0).jdbcType()).isEqualTo(Types.INTEGER);
    assertThat(customer.columns().get(0).nullable()).isFalse();
    assertThat(customer.columns().get(1).typeName()).startsWith("VARCHAR");
    assertThat(customer.columns().get(1).nullable()).isTrue();
    assertThat(customer.primaryKey()).containsExactly("customer_id");
    assertThat(only(catalog, "order_item").primaryKey()).containsExactly("order_id", "product_id");

    assertThat(only(catalog, "orders").foreignKeys()).singleElement().satisfies(fk -> {
      assertThat(fk.columns()).containsExactly("customer_id");
      assertThat(fk.referencedTable()).isEqualTo(customer.name());
      assertThat(fk.referencedColumns()).containsExactly("customer_id");
    });
    assertThat(only(catalog, "order_item").foreignKeys())
        .extracting(fk -> fk.referencedTable().name() + "." + fk.referencedColumns().get(0) + " <- " + fk.columns().get(0))
        .containsExactlyInAnyOrder("orders.order_id <- order_id", "product.product_id <- product_id");
  }

  @Test
  void sqliteInternalTablesAreExcluded() {
    DataSource ds = TestDatabases.sqliteShop(dir);
    TestDatabases.run(ds, List.of(
        "CREATE TABLE counter (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER)",
        "INSERT INTO counter (n) VALUES (1)",
        "CREATE INDEX idx_customer_city ON customer (city)",
        "ANALYZE"));
    assertThat(TestDatabases.exists(ds, "sqlite_sequence")).isTrue();

    Catalog catalog = SchemaSource.jdbc(ds).catalog();

    assertThat(names(catalog)).contains("counter").noneMatch(n -> n.startsWith("sqlite_"));
  }

  @Test
  void sqliteFingerprintIsTheSameForTwoDatabasesWithTheSameSchema() {
    Catalog a = SchemaSource.jdbc(TestDatabases.sqliteShop(dir)).catalog();
    Catalog b = SchemaSource.jdbc(TestDatabases.sqliteShop(dir)).catalog();

    assertThat(a).isNotSameAs(b);
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(a).isEqualTo(b);
  }

  // ---- caching and fingerprint ----

  @Test
  void theCatalogIsCachedUntilRefreshed() {
    DataSource ds = TestDatabases.h2Shop();
    JdbcSchemaSource source = JdbcSchemaSource.builder(ds).build();

    Catalog first = source.catalog();
    TestDatabases.run(ds, List.of("CREATE TABLE supplier (supplier_id INTEGER PRIMARY KEY, name VARCHAR(50))"));
    Catalog cached = source.catalog();
    source.refresh();
    Catalog refreshed = source.catalog();

    assertThat(cached).isSameAs(first);
    assertThat(cached.tablesNamed("supplier")).isEmpty();
    assertThat(refreshed).isNotSameAs(first);
    assertThat(refreshed.tablesNamed("supplier")).hasSize(1);
    assertThat(source.catalog()).isSameAs(refreshed);
  }

  @Test
  void theCatalogIsReadOnceForManyCalls() {
    AtomicInteger calls = new AtomicInteger();
    DataSource counting = FakeDataSources.failingFirst(0, new SQLException("unused"), TestDatabases.h2Shop(), calls);
    SchemaSource source = SchemaSource.jdbc(counting);

    for (int i = 0; i < 10; i++) source.catalog();

    assertThat(calls).hasValue(1);
  }

  @Test
  void fingerprintIsStableAcrossSourcesAndChangesWithTheSchema() {
    DataSource ds = TestDatabases.h2Shop();
    JdbcSchemaSource source = JdbcSchemaSource.builder(ds).build();
    Catalog one = source.catalog();
    Catalog two = SchemaSource.jdbc(ds, Duration.ofMinutes(1)).catalog();

    assertThat(one.fingerprint()).hasSize(64).matches("[0-9a-f]+").isEqualTo(two.fingerprint());
    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);

    TestDatabases.run(ds, List.of("ALTER TABLE customer ADD COLUMN email VARCHAR(100)"));
    source.refresh();
    Catalog changed = source.catalog();
    assertThat(changed.fingerprint()).isNotEqualTo(one.fingerprint());

    // undoing a change gives the old fingerprint back (a table, since H2 renames the indexes it made
    // for constraints whenever ALTER TABLE rebuilds a table, and index names are part of the structure)
    TestDatabases.run(ds, List.of("CREATE TABLE supplier (supplier_id INTEGER PRIMARY KEY, name VARCHAR(50))"));
    source.refresh();
    Catalog withSupplier = source.catalog();
    assertThat(withSupplier.fingerprint()).isNotEqualTo(changed.fingerprint());
    TestDatabases.run(ds, List.of("DROP TABLE supplier"));
    source.refresh();
    assertThat(source.catalog().fingerprint()).isEqualTo(changed.fingerprint());

    TestDatabases.run(ds, List.of("COMMENT ON COLUMN customer.city IS 'Billing city'"));
    source.refresh();
    assertThat(source.catalog().fingerprint()).isNotEqualTo(changed.fingerprint());
  }

  // ---- failures ----

  @Test
  void aDataSourceThatCannotConnectGivesSchemaIntrospectionException() {
    SQLException refused = new SQLException("Connection refused", "08001");
    SchemaSource source = SchemaSource.jdbc(FakeDataSources.failing(refused));

    assertThatThrownBy(source::catalog)
        .isInstanceOf(SchemaIntrospectionException.class)
        .hasMessageContaining("Connection refused")
        .hasCause(refused)
        .satisfies(e -> assertThat(((SchemaIntrospectionException) e).stage()).isEqualTo(Stage.SCHEMA));
  }

  @Test
  void aFailureIsNotCachedTheNextCallTriesAgain() {
    AtomicInteger calls = new AtomicInteger();
    DataSource flaky = FakeDataSources.failingFirst(1, new SQLException("database starting up", "08001"),
        TestDatabases.h2Shop(), calls);
    SchemaSource source = SchemaSource.jdbc(flaky);

    assertThatThrownBy(source::catalog).isInstanceOf(SchemaIntrospectionException.class);
    assertThat(source.catalog().tablesNamed("customer")).hasSize(1);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aNonPositiveTtlIsRejected() {
    DataSource ds = TestDatabases.h2Shop();

    assertThatThrownBy(() -> JdbcSchemaSource.builder(ds).ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThatThrownBy(() -> SchemaSource.jdbc(ds, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
  }
}
