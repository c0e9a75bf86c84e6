package io.github.dbqueryagent.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import io.github.dbqueryagent.support.TestDatabases;
import java.sql.Types;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcSchemaSource} on PostgreSQL ({@code DBQA_TEST_PG_URL}, default {@code 127.0.0.1:5432/test}):
 * the shop in a fresh schema, dropped afterwards. Skips with a message when the server is absent,
 * fails under {@code CI=true}.
 */
class JdbcSchemaSourcePostgresIT {
  static TestDatabases.ServerDatabase db;
  static String schema;

  @BeforeAll
  static void createSchema() {
    db = TestDatabases.serverShop(TestDatabases.PG_URL, true);
    Matcher m = Pattern.compile("currentSchema=(\\w+)").matcher(db.url());
    assertThat(m.find()).as("schema in %s", db.url()).isTrue();
    schema = m.group(1);
    TestDatabases.run(db.dataSource(), List.of(
        "CREATE VIEW big_order AS SELECT order_id, total FROM orders WHERE total > 100",
        "COMMENT ON TABLE customer IS 'People who buy from the shop'",
        "COMMENT ON COLUMN customer.city IS 'Billing city'",
        "CREATE TABLE \"Supplier\" (\"SupplierId\" INTEGER PRIMARY KEY, \"CompanyName\" TEXT NOT NULL)",
        "CREATE TABLE supply (product_id INTEGER REFERENCES product (product_id),"
            + " supplier_id INTEGER REFERENCES \"Supplier\" (\"SupplierId\"), PRIMARY KEY (supplier_id, product_id))",
        "CREATE TABLE gadget (id SERIAL PRIMARY KEY, code VARCHAR(40) NOT NULL, price NUMERIC(10,2) DEFAULT 0,"
            + " qty INTEGER DEFAULT 1, total NUMERIC(12,2) GENERATED ALWAYS AS (price * qty) STORED,"
            + " maker TEXT, model TEXT, CONSTRAINT uq_gadget_maker_model UNIQUE (maker, model))",
        "CREATE INDEX gadget_code ON gadget (lower(code))",
        "CREATE MATERIALIZED VIEW gadget_totals AS SELECT code, total FROM gadget",
        "CREATE UNIQUE INDEX gadget_totals_code ON gadget_totals (code)"));
  }

  @AfterAll
  static void dropSchema() {
    if (db != null) db.drop().run();
  }

  static Catalog ownSchema() {
    return JdbcSchemaSource.builder(db.dataSource()).addSchema(schema).build().catalog();
  }

  /** Finds a table of the test schema by name (the catalog part is the database, {@code test}). */
  static Table table(Catalog catalog, String name) {
    return catalog.tables().stream()
        .filter(t -> t.name().schema().equals(schema) && t.name().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(schema + "." + name + " missing"));
  }

  static TableName name(Catalog catalog, String table) {
    return table(catalog, table).name();
  }

  @Test
  void tablesAreSchemaQualified() {
    Catalog catalog = ownSchema();

    assertThat(catalog.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(catalog.productName()).isEqualTo("PostgreSQL");
    assertThat(catalog.tables()).extracting(t -> t.name().name())
        .containsExactlyInAnyOrder("region", "customer", "product", "orders", "order_item", "big_order", "Supplier",
            "supply", "gadget", "gadget_totals");
    assertThat(catalog.schemas()).containsExactly(schema);
    // pgjdbc reports the database as the JDBC catalog
    String database = db.url().replaceAll("^jdbc:postgresql://[^/]+/([^?]+).*$", "$1");
    assertThat(catalog.tables()).allSatisfy(t -> {
      assertThat(t.name().schema()).isEqualTo(schema);
      assertThat(t.name().catalog()).isEqualTo(database);
    });
    assertThat(table(catalog, "customer").name().toSql(Dialect.POSTGRESQL)).isEqualTo(schema + ".customer");
    assertThat(table(catalog, "Supplier").name().toSql(Dialect.POSTGRESQL)).isEqualTo(schema + ".\"Supplier\"");
    assertThat(table(catalog, "big_order").kind()).isEqualTo(Table.Kind.VIEW);
  }

  @Test
  void theDefaultSourceSeesTheSchemaButNoSystemSchemas() {
    Catalog catalog = SchemaSource.jdbc(db.dataSource()).catalog();

    assertThat(catalog.tablesNamed("orders")).extracting(t -> t.name().schema()).contains(schema);
    assertThat(catalog.tables()).noneSatisfy(t ->
        assertThat(t.name().schema()).isIn("pg_catalog", "information_schema", "pg_toast"));
  }

  @Test
  void columnsTypesAndComments() {
    Catalog catalog = ownSchema();
    Table customer = table(catalog, "customer");

    assertThat(customer.comment()).isEqualTo("People who buy from the shop");
    assertThat(customer.columns()).extracting(Column::name)
        .containsExactly("customer_id", "first_name", "last_name", "city", "country", "region_id");
    assertThat(customer.columns().get(0).typeName()).isEqualTo("int4");
    assertThat(customer.columns().get(0).jdbcType()).isEqualTo(Types.INTEGER);
    assertThat(customer.columns().get(0).nullable()).isFalse();
    assertThat(customer.columns().get(1).typeName()).isEqualTo("varchar");
    assertThat(customer.column("city").orElseThrow().comment()).isEqualTo("Billing city");
    Table orders = table(catalog, "orders");
    assertThat(orders.column("total").orElseThrow().jdbcType()).isEqualTo(Types.NUMERIC);
    assertThat(orders.column("order_date").orElseThrow().jdbcType()).isEqualTo(Types.DATE);
    assertThat(table(catalog, "Supplier").column("CompanyName").orElseThrow().nullable()).isFalse();
  }

  @Test
  void sizesDefaultsGenerationUniqueKeysIndexesAndMaterializedViews() {
    Catalog catalog = ownSchema();
    Table gadget = table(catalog, "gadget");

    Column id = gadget.column("id").orElseThrow();
    assertThat(id.generation()).isEqualTo(Column.Generation.IDENTITY);
    assertThat(id.defaultValue()).startsWith("nextval(");
    assertThat(gadget.column("code").orElseThrow()).extracting(Column::size, Column::scale).containsExactly(40, -1);
    assertThat(gadget.column("price").orElseThrow())
        .extracting(Column::size, Column::scale, Column::defaultValue).containsExactly(10, 2, "0");
    assertThat(gadget.column("maker").orElseThrow().size()).isEqualTo(-1);
    Column total = gadget.column("total").orElseThrow();
    assertThat(total.generation()).isEqualTo(Column.Generation.COMPUTED);
    assertThat(total.defaultValue()).isEqualTo("(price * (qty)::numeric)");
    assertThat(gadget.uniqueKeys()).containsExactly(new UniqueKey("uq_gadget_maker_model", List.of("maker", "model")));
    assertThat(gadget.indexes()).containsExactlyInAnyOrder(
        new Index("gadget_pkey", List.of("id"), true),
        new Index("uq_gadget_maker_model", List.of("maker", "model"), true),
        new Index("gadget_code", List.of("lower((code)::text)"), false));

    Table totals = table(catalog, "gadget_totals");
    assertThat(totals.kind()).isEqualTo(Table.Kind.MATERIALIZED_VIEW);
    assertThat(totals.isView()).isTrue();
    assertThat(totals.primaryKey()).isEmpty();
    assertThat(totals.indexes()).containsExactly(new Index("gadget_totals_code", List.of("code"), true));
    assertThat(table(catalog, "big_order").indexes()).isEmpty();
  }

  @Test
  void primaryAndForeignKeys() {
    Catalog catalog = ownSchema();

    assertThat(table(catalog, "order_item").primaryKey()).containsExactly("order_id", "product_id");
    assertThat(table(catalog, "supply").primaryKey()).containsExactly("supplier_id", "product_id");
    assertThat(table(catalog, "orders").foreignKeys()).containsExactly(
        new ForeignKey("fk_orders_customer", List.of("customer_id"), name(catalog, "customer"), List.of("customer_id")));
    assertThat(table(catalog, "order_item").foreignKeys()).containsExactlyInAnyOrder(
        new ForeignKey("fk_item_order", List.of("order_id"), name(catalog, "orders"), List.of("order_id")),
        new ForeignKey("fk_item_product", List.of("product_id"), name(catalog, "product"), List.of("product_id")));
    assertThat(table(catalog, "supply").foreignKeys())
        .extracting(fk -> fk.referencedTable().name() + "." + fk.referencedColumns())
        .containsExactlyInAnyOrder("product.[product_id]", "Supplier.[SupplierId]");
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        assertThat(catalog.table(fk.referencedTable())).as("%s references %s", t.name(), fk.referencedTable()).isPresent();
      }
    }
  }
}
