package io.github.dbqueryagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.Table;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDatabaseTest {
  private static DataSource demo;
  private static Catalog catalog;

  @BeforeAll
  static void create() {
    demo = DemoDatabase.dataSource();
    catalog = SchemaSource.jdbc(demo).catalog();
  }

  @Test
  void hasTenCommentedTablesWithSnakeCaseNames() {
    assertThat(catalog.tables()).hasSize(10);
    assertThat(catalog.tables().stream().map(t -> t.name().name().toLowerCase(Locale.ROOT)))
        .containsExactlyInAnyOrderElementsOf(DemoDatabase.TABLES);
    for (Table t : catalog.tables()) {
      assertThat(t.name().name()).matches("[A-Z]+(_[A-Z]+)*");
      assertThat(t.comment()).as("comment of %s", t.name()).isNotBlank();
      assertThat(t.primaryKey()).as("primary key of %s", t.name()).hasSize(1);
    }
    assertThat(catalog.tablesNamed("customers").get(0).column("country").orElseThrow().comment())
        .contains("Brazil");
    assertThat(catalog.tablesNamed("orders").get(0).column("status").orElseThrow().comment())
        .contains("shipped");
  }

  @Test
  void rowCounts() throws SQLException {
    assertThat(count("categories")).isEqualTo(10);
    assertThat(count("suppliers")).isEqualTo(15);
    assertThat(count("products")).isEqualTo(100);
    assertThat(count("customers")).isEqualTo(300);
    assertThat(count("employees")).isEqualTo(12);
    assertThat(count("orders")).isEqualTo(1000);
    assertThat(count("order_items")).isBetween(1500L, 4000L);
    assertThat(count("payments")).isBetween(700L, 1000L);
    assertThat(count("shipments")).isBetween(600L, 1000L);
    assertThat(count("reviews")).isBetween(100L, 1000L);
    long total = 0;
    for (String t : DemoDatabase.TABLES) total += count(t);
    assertThat(total).isBetween(3000L, 10_000L);
  }

  @Test
  void foreignKeysResolve() throws SQLException {
    List<ForeignKey> all = new ArrayList<>();
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        all.add(fk);
        String col = fk.columns().get(0);
        String ref = fk.referencedColumns().get(0);
        long orphans =
            scalar("SELECT COUNT(*) FROM " + t.name().name() + " c LEFT JOIN " + fk.referencedTable().name()
                + " p ON c." + col + " = p." + ref + " WHERE c." + col + " IS NOT NULL AND p." + ref + " IS NULL");
        assertThat(orphans).as("rows of %s whose %s has no match", t.name(), col).isZero();
        long used = scalar("SELECT COUNT(*) FROM " + t.name().name() + " WHERE " + col + " IS NOT NULL");
        assertThat(used).as("%s.%s is used", t.name(), col).isPositive();
      }
    }
    assertThat(all).hasSize(11);
  }

  @Test
  void dataAnswersTheDemoQuestions() throws SQLException {
    assertThat(scalar("SELECT COUNT(*) FROM customers WHERE country = 'Brazil'")).isBetween(10L, 60L);
    assertThat(scalar("SELECT COUNT(DISTINCT category_id) FROM products")).isEqualTo(10);
    assertThat(scalar("SELECT COUNT(*) FROM orders WHERE status = 'shipped'")).isPositive();
    assertThat(scalar("SELECT COUNT(*) FROM shipments")).isPositive();
    assertThat(scalar("SELECT COUNT(*) FROM employees WHERE manager_id IS NULL")).isEqualTo(1);
    // order totals are the sum of their lines after discount
    assertThat(
            scalar("SELECT COUNT(*) FROM orders o WHERE o.total_amount <> (SELECT ROUND(SUM(i.quantity * i.unit_price"
                + " * (1 - i.discount)), 2) FROM order_items i WHERE i.order_id = o.order_id)"))
        .isZero();
    // no event happens before the order it belongs to
    assertThat(scalar("SELECT COUNT(*) FROM shipments s JOIN orders o ON o.order_id = s.order_id"
            + " WHERE s.shipped_date < o.order_date OR s.delivered_date < s.shipped_date"))
        .isZero();
    assertThat(scalar("SELECT COUNT(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id"
            + " WHERE o.order_date < c.signup_date"))
        .isZero();
    try (Connection c = demo.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MIN(price), MAX(price) FROM products")) {
      rs.next();
      assertThat(rs.getBigDecimal(1)).isGreaterThan(BigDecimal.ZERO);
      assertThat(rs.getBigDecimal(2)).isLessThan(new BigDecimal("100"));
    }
  }

  @Test
  void twoBuildsYieldIdenticalData() throws SQLException {
    List<String> a = build("jdbc:h2:mem:demo-determinism-a");
    List<String> b = build("jdbc:h2:mem:demo-determinism-b");
    assertThat(a).hasSizeGreaterThan(3000);
    assertThat(b).isEqualTo(a);
    assertThat(dump(demo)).isEqualTo(a);
  }

  private static List<String> build(String url) throws SQLException {
    try (Connection keepAlive = DriverManager.getConnection(url)) {
      DemoDatabase.populate(keepAlive);
      return dump(keepAlive);
    }
  }

  private static List<String> dump(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return dump(c);
    }
  }

  private static List<String> dump(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    for (String table : DemoDatabase.TABLES) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder(table);
          for (int i = 1; i <= md.getColumnCount(); i++) sb.append('|').append(rs.getString(i));
          rows.add(sb.toString());
        }
      }
    }
    return rows;
  }

  private static long count(String table) throws SQLException {
    return scalar("SELECT COUNT(*) FROM " + table);
  }

  private static long scalar(String sql) throws SQLException {
    try (Connection c = demo.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
