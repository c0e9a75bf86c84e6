package io.github.dbqueryagent.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.internal.execute.DriverManagerDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Databases for tests: H2 in memory and SQLite in a temporary file always; PostgreSQL and MariaDB
 * from the local services ({@code DBQA_TEST_PG_URL}, {@code DBQA_TEST_MARIADB_URL}), skipped with a
 * message when absent, but failing when {@code CI=true}.
 */
public final class TestDatabases {
  /** The PostgreSQL URL used by tests. */
  public static final String PG_URL =
      env("DBQA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  /** The MariaDB URL used by tests. */
  public static final String MARIADB_URL =
      env("DBQA_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  /** A small shop: regions, customers, products, orders, order items. Portable DDL. */
  public static final List<String> SHOP =
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

  private TestDatabases() {}

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  /** Returns whether tests run under CI, where service-backed tests must not skip. */
  public static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** A fresh in-memory H2 database with the shop. */
  public static DataSource h2Shop() {
    String url = "jdbc:h2:mem:shop" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    DataSource ds = new DriverManagerDataSource(url, "sa", "");
    run(ds, SHOP);
    return ds;
  }

  /** A fresh SQLite file with the shop. */
  public static DataSource sqliteShop(Path dir) {
    try {
      Path file = Files.createTempFile(dir, "shop", ".db");
      DataSource ds = new DriverManagerDataSource("jdbc:sqlite:" + file, null, null);
      run(ds, SHOP);
      return ds;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A fresh schema on a server with the shop: a new PostgreSQL schema (search_path set in the URL)
   * or a new MariaDB database. Skips (or fails under CI) when the server is unreachable.
   *
   * @return the data source and a cleanup action
   */
  public static ServerDatabase serverShop(String baseUrl, boolean postgres) {
    String name = "dbqa_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
      s.execute(postgres ? "CREATE SCHEMA " + name : "CREATE DATABASE " + name);
    } catch (SQLException e) {
      String msg = (postgres ? "PostgreSQL" : "MariaDB") + " is not reachable at " + baseUrl + ": " + e.getMessage();
      if (ci()) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
    String url = postgres ? withParam(baseUrl, "currentSchema=" + name) : baseUrl.replace("/test", "/" + name);
    DataSource ds = new DriverManagerDataSource(url, null, null);
    run(ds, SHOP);
    return new ServerDatabase(ds, url, () -> {
      try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
        s.execute(postgres ? "DROP SCHEMA " + name + " CASCADE" : "DROP DATABASE " + name);
      } catch (SQLException e) {
        System.err.println("could not drop " + name + ": " + e.getMessage());
      }
    });
  }

  private static String withParam(String url, String param) {
    return url + (url.contains("?") ? "&" : "?") + param;
  }

  /** A database on a server and how to remove it. */
  public record ServerDatabase(DataSource dataSource, String url, Runnable drop) {}

  /** Runs statements in order. */
  public static void run(DataSource ds, List<String> statements) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns {@code SELECT COUNT(*)} of a table. */
  public static long count(DataSource ds, String table) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns whether a table exists (by trying to count it). */
  public static boolean exists(DataSource ds, String table) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }
}
