package io.github.dbqueryagent.introspect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.JdbcDataSources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Throw-away databases on a local server for integration tests: {@link #create} makes one with a
 * random name (skipping the test with a message when the server is absent, failing when {@code
 * CI=true}); {@link #dropAll} drops every one made, for an {@code @AfterAll}. Not thread-safe; one
 * instance per test class.
 */
final class ScratchDatabases {
  /** The local PostgreSQL ({@code DBQA_TEST_PG_URL}), database {@code test}. */
  static final String PG_URL = env("DBQA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final String server;
  private final String adminUrl;
  private final String dropSuffix;
  private final List<String> created = new ArrayList<>();

  private ScratchDatabases(String server, String adminUrl, String dropSuffix) {
    this.server = server;
    this.adminUrl = adminUrl;
    this.dropSuffix = dropSuffix;
  }

  /** Databases on the local PostgreSQL; dropped with {@code WITH (FORCE)}. */
  static ScratchDatabases postgres() {
    return new ScratchDatabases("PostgreSQL", PG_URL, " WITH (FORCE)");
  }

  /** Databases on the local MariaDB ({@link MySqlCatalogReaderIT#URL}). */
  static ScratchDatabases mariaDb() {
    return new ScratchDatabases("MariaDB", MySqlCatalogReaderIT.URL, "");
  }

  /** Creates a database named {@code prefix} plus 10 random hex digits and returns the name. */
  String create(String prefix) throws SQLException {
    String db = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
      created.add(db);
    } catch (SQLException e) {
      String msg = server + " is not reachable at " + JdbcDataSources.maskUrl(adminUrl) + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
    return db;
  }

  /** Returns the admin URL with the database {@code test} replaced by {@code db}. */
  String url(String db) {
    return adminUrl.replaceFirst("/test(\\?|$)", "/" + db + "$1");
  }

  /** Drops every database {@link #create} made, then runs {@code more} on the same connection. */
  void dropAll(String... more) throws SQLException {
    if (created.isEmpty() && more.length == 0) return;
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      for (String db : created) s.execute("DROP DATABASE IF EXISTS " + db + dropSuffix);
      for (String sql : more) s.execute(sql);
    }
    created.clear();
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }
}
