package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.introspect.IntrospectionReport.DroppedForeignKey;
import io.github.dbqueryagent.introspect.IntrospectionReport.ExcludedTable;
import io.github.dbqueryagent.introspect.IntrospectionReport.FkReason;
import io.github.dbqueryagent.introspect.IntrospectionReport.Reason;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Table filters, the deprecated rule and the report, on a real H2 database. */
class TableFilterTest {

  private static JdbcDataSource h2() throws SQLException {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:tf" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (order_id INT PRIMARY KEY, amount DECIMAL(10,2))");
      s.execute("CREATE TABLE orders_old (order_id INT PRIMARY KEY, amount DECIMAL(10,2))");
      s.execute("CREATE TABLE tmp_load (id INT PRIMARY KEY, line VARCHAR(200))");
      s.execute("CREATE TABLE legacy_orders (order_id INT PRIMARY KEY)");
      s.execute("COMMENT ON TABLE legacy_orders IS 'DEPRECATED: use orders'");
      s.execute("CREATE TABLE refund (refund_id INT PRIMARY KEY, order_id INT, old_order_id INT,"
          + " CONSTRAINT fk_refund_order FOREIGN KEY (order_id) REFERENCES orders (order_id),"
          + " CONSTRAINT fk_refund_old FOREIGN KEY (old_order_id) REFERENCES orders_old (order_id))");
      s.execute("CREATE TABLE order_audit (id INT PRIMARY KEY)");
      s.execute("CREATE SCHEMA sales");
      s.execute("CREATE TABLE sales.invoice (invoice_id INT PRIMARY KEY, order_id INT,"
          + " CONSTRAINT fk_invoice_order FOREIGN KEY (order_id) REFERENCES public.orders (order_id))");
      s.execute("CREATE SCHEMA archive");
      s.execute("CREATE TABLE archive.customer (customer_id INT PRIMARY KEY)");
      s.execute("CREATE TABLE customer_note (id INT PRIMARY KEY, customer_id INT,"
          + " CONSTRAINT fk_note_customer FOREIGN KEY (customer_id) REFERENCES archive.customer (customer_id))");
    }
    return ds;
  }

  private static List<String> names(Catalog catalog) {
    return catalog.tables().stream().map(t -> t.name().toString().toLowerCase()).collect(Collectors.toList());
  }

  private static Table table(Catalog catalog, String name) {
    return catalog.tablesNamed(name).get(0);
  }

  @Test
  void deprecatedRuleExcludesByNameAndCommentAndDropsForeignKeysToThem() throws SQLException {
    DialectSchemaSource source = DialectSchemaSource.builder(h2()).addSchema("PUBLIC").build();
    assertThat(source.lastReport()).isEmpty();
    Catalog catalog = source.catalog();

    assertThat(names(catalog)).containsExactlyInAnyOrder(
        "public.customer_note", "public.order_audit", "public.orders", "public.refund");
    assertThat(table(catalog, "refund").foreignKeys()).extracting(fk -> fk.name().toLowerCase())
        .containsExactly("fk_refund_order");
    // a key into a schema that was not introspected stays, and is reported as dangling
    assertThat(table(catalog, "customer_note").foreignKeys()).extracting(fk -> fk.name().toLowerCase())
        .containsExactly("fk_note_customer");

    IntrospectionReport report = source.lastReport().orElseThrow();
    assertThat(report.excludedTables())
        .extracting(e -> e.table().name().toLowerCase(), ExcludedTable::reason, ExcludedTable::detail)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("legacy_orders", Reason.DEPRECATED_COMMENT, "DEPRECATED: use orders"),
            org.assertj.core.groups.Tuple.tuple("orders_old", Reason.DEPRECATED_NAME, "*_old"),
            org.assertj.core.groups.Tuple.tuple("tmp_load", Reason.DEPRECATED_NAME, "tmp_*"));
    assertThat(report.droppedForeignKeys())
        .extracting(d -> d.foreignKey().name().toLowerCase(), DroppedForeignKey::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("fk_refund_old", FkReason.TARGET_EXCLUDED));
    assertThat(report.danglingForeignKeys()).extracting(d -> d.foreignKey().name().toLowerCase())
        .containsExactly("fk_note_customer");
  }

  @Test
  void includeAndExcludeGlobsMatchSchemaQualifiedAndBareNamesIgnoringCase() throws SQLException {
    DialectSchemaSource source = DialectSchemaSource.builder(h2()).addSchema("PUBLIC").addSchema("SALES")
        .includeTables("sales.*", "ORDER*", "refund").excludeTables("*_audit").build();
    Catalog catalog = source.catalog();

    assertThat(names(catalog)).containsExactlyInAnyOrder("public.orders", "public.refund", "sales.invoice");
    assertThat(table(catalog, "invoice").foreignKeys()).hasSize(1);
    IntrospectionReport report = source.lastReport().orElseThrow();
    assertThat(report.excludedTables()).filteredOn(e -> e.reason() == Reason.FILTER)
        .extracting(e -> e.table().name().toLowerCase(), ExcludedTable::detail)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("order_audit", "excluded by *_audit"),
            org.assertj.core.groups.Tuple.tuple("customer_note", "not included"),
            org.assertj.core.groups.Tuple.tuple("tmp_load", "not included"),
            org.assertj.core.groups.Tuple.tuple("legacy_orders", "not included"));
    assertThat(report.excludedTables()).filteredOn(e -> e.reason() == Reason.DEPRECATED_NAME)
        .extracting(e -> e.table().name().toLowerCase()).containsExactly("orders_old");
  }

  @Test
  void deprecatedRuleCanBeTurnedOffOrExtended() throws SQLException {
    JdbcDataSource ds = h2();
    Catalog off = DialectSchemaSource.builder(ds).addSchema("PUBLIC").deprecatedRule(false).build().catalog();
    assertThat(names(off)).contains("public.orders_old", "public.tmp_load", "public.legacy_orders");
    assertThat(table(off, "refund").foreignKeys()).hasSize(2);

    DialectSchemaSource extended = DialectSchemaSource.builder(ds).addSchema("PUBLIC")
        .addDeprecatedPattern("*_AUDIT").build();
    assertThat(names(extended.catalog())).doesNotContain("public.order_audit").contains("public.orders");
    assertThat(extended.lastReport().orElseThrow().excludedTables())
        .anyMatch(e -> e.reason() == Reason.DEPRECATED_NAME && e.detail().equals("*_AUDIT"));
  }

  @Test
  void builderRejectsNullAndBlankGlobs() throws SQLException {
    JdbcDataSource ds = h2();
    assertThatThrownBy(() -> DialectSchemaSource.builder(ds).includeTables((String) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("includeTables");
    assertThatThrownBy(() -> DialectSchemaSource.builder(ds).excludeTables(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excludeTables");
    assertThatThrownBy(() -> DialectSchemaSource.builder(ds).addDeprecatedPattern(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addDeprecatedPattern");
  }

  @Test
  void globsQuoteRegexCharacters() {
    assertThat(TableFilter.compile("a.b*").matcher("A.BC").matches()).isTrue();
    assertThat(TableFilter.compile("a.b*").matcher("axbc").matches()).isFalse();
    assertThat(TableFilter.compile("t?p_(x)").matcher("tmp_(x)").matches()).isTrue();
  }
}
