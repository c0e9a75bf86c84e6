package io.github.dbqueryagent.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A small shop (regions, customers, products, orders, order items; the same tables and rows as the
 * core tests' fixture) loaded into a fresh PostgreSQL schema of its own, dropped by {@link #close()}.
 */
final class ShopFixture implements AutoCloseable {
  static final List<String> SHOP =
      List.of(
          "CREATE TABLE region (region_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)",
          "CREATE TABLE customer (customer_id INTEGER NOT NULL PRIMARY KEY, first_name VARCHAR(50),"
              + " last_name VARCHAR(50), city VARCHAR(50), country VARCHAR(50), region_id INTEGER,"
              + " CONSTRAINT fk_customer_region FOREIGN KEY (region_id) REFERENCES region (region_id))",
          "CREATE TABLE product (product_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100), category VARCHAR(50),"
              + " price DECIMAL(10,2))",
          "CREATE TABLE orders (order_id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER, order_date DATE,"
              + " total DECIMAL(10,2), status VARCHAR(20),"
              + " CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id))",
          "CREATE TABLE order_item (order_id INTEGER NOT NULL, product_id INTEGER NOT NULL, quantity INTEGER,"
              + " unit_price DECIMAL(10,2), PRIMARY KEY (order_id, product_id),"
              + " CONSTRAINT fk_item_order FOREIGN KEY (order_id) REFERENCES orders (order_id),"
              + " CONSTRAINT fk_item_product FOREIGN KEY (product_id) REFERENCES product (product_id))",
          "INSERT INTO region VALUES (1, 'Americas'), (2, 'Europe')",
          "INSERT INTO customer VALUES (1, 'Ana', 'Silva', 'Sao Paulo', 'Brazil', 1),"
              + " (2, 'Bruno', 'Costa', 'Rio de Janeiro', 'Brazil', 1), (3, 'Chloe', 'Martin', 'Paris', 'France', 2),"
              + " (4, 'Dan', 'Smith', 'Toronto', 'Canada', 1), (5, 'Eva', 'Berg', 'Oslo', 'Norway', 2)",
          "INSERT INTO product VALUES (1, 'Espresso Machine', 'Kitchen', 199.00), (2, 'Coffee Beans', 'Food', 12.50),"
              + " (3, 'Milk Frother', 'Kitchen', 35.00), (4, 'Tea Sampler', 'Food', 18.00)",
          "INSERT INTO orders VALUES (10, 1, '2024-01-05', 211.50, 'shipped'),"
              + " (11, 1, '2024-03-10', 35.00, 'shipped'), (12, 3, '2024-03-11', 25.00, 'pending'),"
              + " (13, 4, '2025-02-01', 217.00, 'shipped')",
          "INSERT INTO order_item VALUES (10, 1, 1, 199.00), (10, 2, 1, 12.50), (11, 3, 1, 35.00), (12, 2, 2, 12.50),"
              + " (13, 1, 1, 199.00), (13, 4, 1, 18.00)");

  private final String adminUrl;
  private final String schema;

  private ShopFixture(String adminUrl, String schema) {
    this.adminUrl = adminUrl;
    this.schema = schema;
  }

  /**
   * Creates a schema named {@code dbqa_load_<random>} with the shop.
   *
   * @param adminUrl a PostgreSQL URL whose user may create schemas
   * @throws SQLException when the server is unreachable or refuses
   */
  static ShopFixture create(String adminUrl) throws SQLException {
    String schema = "dbqa_load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("SET search_path TO " + schema);
      for (String sql : SHOP) s.execute(sql);
    }
    return new ShopFixture(adminUrl, schema);
  }

  /** Returns the schema name. */
  String schema() {
    return schema;
  }

  /** Returns the admin URL with {@code currentSchema} set to the fixture's schema. */
  String url() {
    return adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops the schema. */
  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
