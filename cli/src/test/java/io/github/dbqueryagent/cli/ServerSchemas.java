package io.github.dbqueryagent.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh schemas on the local PostgreSQL ({@code DBQA_TEST_PG_URL}) and MariaDB ({@code
 * DBQA_TEST_MARIADB_URL}) for integration tests: skipped with a message when the server is absent,
 * failing when {@code CI=true}.
 */
final class ServerSchemas {
  static final String PG_URL = env("DBQA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final String MARIADB_URL = env("DBQA_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  private ServerSchemas() {}

  /** A schema on a server: its JDBC URL and how to drop it. */
  record Schema(String url, Runnable dropper) {
    void drop() {
      dropper.run();
    }
  }

  /** A new PostgreSQL schema (the URL's {@code currentSchema}) after running {@code statements} in it. */
  static Schema postgres(String... statements) {
    return create(PG_URL, true, statements);
  }

  /** A new MariaDB database after running {@code statements} in it. */
  static Schema mariadb(String... statements) {
    return create(MARIADB_URL, false, statements);
  }

  private static Schema create(String baseUrl, boolean postgres, String... statements) {
    String name = "dbqa_v_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute(postgres ? "CREATE SCHEMA " + name : "CREATE DATABASE " + name);
    } catch (SQLException e) {
      String msg = (postgres ? "PostgreSQL" : "MariaDB") + " is not reachable at " + baseUrl + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
    String url =
        postgres
            ? baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name
            : baseUrl.replace("/test", "/" + name);
    Schema schema =
        new Schema(url, () -> {
          try (Connection c = DriverManager.getConnection(baseUrl);
              Statement s = c.createStatement()) {
            s.execute(postgres ? "DROP SCHEMA " + name + " CASCADE" : "DROP DATABASE " + name);
          } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e.getMessage());
          }
        });
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    } catch (SQLException e) {
      schema.drop();
      throw new IllegalStateException(e);
    }
    return schema;
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }
}
