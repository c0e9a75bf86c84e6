package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.JdbcDataSources;
import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.spi.Catalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Credentials never leak from introspection: {@link DialectSchemaSource} on the local PostgreSQL and
 * MariaDB with a distinctive password in the URL, in data-source properties and in {@link
 * JdbcDataSources#fromUrl}, through refused logins (wrong password, unknown role), unreachable ports,
 * successful reads, and a change probe and a refresh that fail because the login was disabled after
 * the first read. Everything a host could see is collected: the library's log output at debug (see
 * {@code simplelogger.properties}; slf4j-simple writes to {@code System.err}, captured here), {@code
 * java.util.logging} records (where the drivers log), every exception with its causes, suppressed and
 * chained exceptions and stack traces, and the {@code toString()} of the sources, their reports and
 * catalogs. No line may show a secret. Skipped with a message when a server is absent, failing when
 * {@code CI=true}.
 */
class IntrospectionCredentialLeakIT {
  static final String SECRET = "IntroSecret-4Vq8";
  static final String WRONG = "IntroWrong-7Hs2";
  static final List<String> SECRETS = List.of(SECRET, WRONG);

  final StringBuilder evidence = new StringBuilder();
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  final List<String> julRecords = new ArrayList<>();
  final Handler julHandler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      StringWriter w = new StringWriter();
      w.append(r.getLoggerName()).append(' ').append(String.valueOf(r.getMessage()));
      if (r.getParameters() != null) for (Object p : r.getParameters()) w.append(' ').append(String.valueOf(p));
      if (r.getThrown() != null) r.getThrown().printStackTrace(new PrintWriter(w));
      synchronized (julRecords) {
        julRecords.add(w.toString());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  PrintStream originalErr;
  PrintStream originalOut;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    originalOut = System.out;
    PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    Logger.getLogger("").addHandler(julHandler);
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.setOut(originalOut);
    Logger.getLogger("").removeHandler(julHandler);
  }

  @Test
  void postgresIntrospectionShowsNoCredential() throws Exception {
    String admin = PostgresSchemaSourceIT.PG_URL;
    reachable(admin, "PostgreSQL");
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String role = "dbqa_leak_" + suffix;
    String schema = "dbqa_leak_" + suffix;
    String base = "jdbc:postgresql://127.0.0.1:" + port(admin, 5432) + "/" + database(admin, "test");
    exec(admin, "CREATE ROLE " + role + " LOGIN PASSWORD '" + SECRET + "'",
        "CREATE SCHEMA " + schema,
        "CREATE TABLE " + schema + ".customer (id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE " + schema + ".audit_log (id INTEGER PRIMARY KEY)",
        "CREATE TABLE " + schema + ".orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES " + schema
            + ".customer (id), audit_id INTEGER REFERENCES " + schema + ".audit_log (id))",
        "CREATE TABLE " + schema + ".customer_old (id INTEGER PRIMARY KEY)",
        "GRANT USAGE ON SCHEMA " + schema + " TO " + role,
        "GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
    try {
      String inUrl = base + "?user=" + role + "&password=" + SECRET;
      Map<String, DataSource> working = new LinkedHashMap<>();
      working.put("PGSimpleDataSource, password in the URL", pg(inUrl, null, null));
      working.put("PGSimpleDataSource, password property", pg(base, role, SECRET));
      working.put("JdbcDataSources.fromUrl", JdbcDataSources.fromUrl(inUrl, role, SECRET));
      working.put("DriverManager, password in the URL", new UrlDataSource(inUrl));
      for (Map.Entry<String, DataSource> e : working.entrySet()) read(e.getKey(), e.getValue(), schema);

      // an unknown role (trust authentication accepts any password of a known one), and no server
      String unknown = "dbqa_leak_nobody_" + suffix;
      String wrongUrl = base + "?user=" + unknown + "&password=" + WRONG;
      String closed = "jdbc:postgresql://127.0.0.1:1/test?user=" + role + "&password=" + SECRET;
      failToRead(pg(wrongUrl, null, null), schema);
      failToRead(pg(base, unknown, WRONG), schema);
      failToRead(JdbcDataSources.fromUrl(wrongUrl, unknown, WRONG), schema);
      failToRead(new UrlDataSource(wrongUrl), schema);
      failToRead(pg(closed, null, null), schema);
      failToRead(JdbcDataSources.fromUrl(closed, role, SECRET), schema);
      failToRead(new UrlDataSource(closed), schema);
      failToRead(new UrlDataSource(closed.replace("jdbc:postgresql:", "jdbc:postgres:")), schema); // a typo

      probeAndRefreshFail(pg(inUrl, null, null), schema,
          () -> exec(admin, "ALTER ROLE " + role + " NOLOGIN"), () -> exec(admin, "ALTER ROLE " + role + " LOGIN"));
      probeAndRefreshFail(new UrlDataSource(inUrl), schema,
          () -> exec(admin, "ALTER ROLE " + role + " NOLOGIN"), () -> exec(admin, "ALTER ROLE " + role + " LOGIN"));
    } finally {
      exec(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE", "DROP OWNED BY " + role, "DROP ROLE " + role);
    }
    assertNoSecret("is not permitted to log in", "Connection to 127.0.0.1:1 refused", "password=****");
  }

  @Test
  void mariaDbIntrospectionShowsNoCredential() throws Exception {
    String admin = MySqlCatalogReaderIT.URL;
    reachable(admin, "MariaDB");
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String user = "dbqa_leak_" + suffix;
    String db = "dbqa_leak_" + suffix;
    String base = "jdbc:mariadb://127.0.0.1:" + port(admin, 3306) + "/" + db;
    exec(admin, "CREATE DATABASE " + db,
        "CREATE TABLE " + db + ".customer (id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE " + db + ".audit_log (id INTEGER PRIMARY KEY)",
        "CREATE TABLE " + db + ".orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES " + db
            + ".customer (id), audit_id INTEGER REFERENCES " + db + ".audit_log (id))",
        "CREATE TABLE " + db + ".customer_old (id INTEGER PRIMARY KEY)",
        "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + SECRET + "'",
        "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + SECRET + "'",
        "GRANT SELECT ON " + db + ".* TO '" + user + "'@'localhost'",
        "GRANT SELECT ON " + db + ".* TO '" + user + "'@'%'");
    try {
      String inUrl = base + "?user=" + user + "&password=" + SECRET;
      Map<String, DataSource> working = new LinkedHashMap<>();
      working.put("MariaDbDataSource, password in the URL", new MariaDbDataSource(inUrl));
      working.put("MariaDbDataSource, password property", maria(base, user, SECRET));
      working.put("JdbcDataSources.fromUrl", JdbcDataSources.fromUrl(inUrl, user, SECRET));
      working.put("DriverManager, password in the URL", new UrlDataSource(inUrl));
      for (Map.Entry<String, DataSource> e : working.entrySet()) read(e.getKey(), e.getValue(), db);

      String wrongUrl = base + "?user=" + user + "&password=" + WRONG;
      String closed = "jdbc:mariadb://127.0.0.1:1/" + db + "?user=" + user + "&password=" + SECRET;
      failToRead(new MariaDbDataSource(wrongUrl), db);
      failToRead(maria(base, user, WRONG), db);
      failToRead(JdbcDataSources.fromUrl(wrongUrl, user, WRONG), db);
      failToRead(new UrlDataSource(wrongUrl), db);
      failToRead(new MariaDbDataSource(closed), db);
      failToRead(JdbcDataSources.fromUrl(closed, user, SECRET), db);
      failToRead(new UrlDataSource(closed), db);
      failToRead(new UrlDataSource(closed.replace("jdbc:mariadb:", "jdbc:maria:")), db); // a typo

      Runnable lock = () -> exec(admin, "ALTER USER '" + user + "'@'localhost' ACCOUNT LOCK",
          "ALTER USER '" + user + "'@'%' ACCOUNT LOCK");
      Runnable unlock = () -> exec(admin, "ALTER USER '" + user + "'@'localhost' ACCOUNT UNLOCK",
          "ALTER USER '" + user + "'@'%' ACCOUNT UNLOCK");
      probeAndRefreshFail(new MariaDbDataSource(inUrl), db, lock, unlock);
      probeAndRefreshFail(new UrlDataSource(inUrl), db, lock, unlock);
    } finally {
      exec(admin, "DROP DATABASE IF EXISTS " + db, "DROP USER IF EXISTS '" + user + "'@'localhost'",
          "DROP USER IF EXISTS '" + user + "'@'%'");
    }
    assertNoSecret("Access denied", "account is locked", "password=****");
  }

  /** A successful read; its source, report and catalog are recorded. */
  void read(String what, DataSource ds, String namespace) {
    DialectSchemaSource source = DialectSchemaSource.builder(ds).addSchema(namespace).excludeTables("audit_*").build();
    Catalog catalog = source.catalog();
    assertThat(catalog.tables()).as(what).hasSize(2); // customer, orders; audit_log excluded, customer_old deprecated
    IntrospectionReport report = source.lastReport().orElseThrow();
    assertThat(report.droppedForeignKeys()).as(what).hasSize(1);
    note(what, source, report, catalog, catalog.tables(), CatalogExporter.toJson(catalog, ExportMetadata.of(catalog, Duration.ZERO)));
  }

  /** A read that must fail; the failure and everything attached to it is recorded. */
  void failToRead(DataSource ds, String namespace) {
    DialectSchemaSource source = DialectSchemaSource.builder(ds).addSchema(namespace).build();
    note(source, source.lastReport());
    assertThatThrownBy(source::catalog).isInstanceOf(SchemaIntrospectionException.class).satisfies(this::describe);
  }

  /**
   * Reads, disables the login, lets the probe fail (the source keeps the cached catalog and logs a
   * warning), then refreshes, which must fail; enables the login again.
   */
  void probeAndRefreshFail(DataSource ds, String namespace, Runnable disable, Runnable enable) {
    AtomicLong now = new AtomicLong();
    DialectSchemaSource source = DialectSchemaSource.builder(ds).addSchema(namespace).ticker(now::get)
        .probeInterval(Duration.ofSeconds(30)).build();
    Catalog first = source.catalog();
    disable.run();
    try {
      now.addAndGet(Duration.ofSeconds(31).toNanos());
      assertThat(source.catalog()).as("a failed probe keeps the cached catalog").isSameAs(first);
      source.refresh();
      assertThatThrownBy(source::catalog).isInstanceOf(SchemaIntrospectionException.class).satisfies(this::describe);
      note(source, source.lastReport(), first);
    } finally {
      enable.run();
    }
  }

  void assertNoSecret(String... mustAppear) {
    String everything = evidence + "\n" + console.toString(StandardCharsets.UTF_8) + "\n"
        + String.join("\n", julRecords);
    // the capture works: the library's info and debug lines, the probe warning and the failures are in it
    assertThat(everything).contains("introspection kept 2 of 4 tables", "excluded table", "dropped foreign key",
        "schema change probe failed", "cannot read the database catalog");
    assertThat(everything).contains(mustAppear);
    for (String secret : SECRETS) {
      assertThat(everything.lines().filter(l -> l.contains(secret)))
          .as("lines of the captured output that show %s", secret)
          .isEmpty();
    }
  }

  void note(Object... things) {
    for (Object o : things) evidence.append(o).append('\n');
  }

  void describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w)); // message, causes, suppressed
    evidence.append(w).append('\n');
    for (Throwable c = t; c != null; c = c.getCause()) {
      evidence.append(c).append('\n');
      if (c instanceof SQLException) {
        for (SQLException n = ((SQLException) c).getNextException(); n != null; n = n.getNextException()) {
          StringWriter nw = new StringWriter();
          n.printStackTrace(new PrintWriter(nw));
          evidence.append(nw).append('\n');
        }
      }
    }
  }

  static PGSimpleDataSource pg(String url, String user, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    if (user != null) ds.setUser(user);
    if (password != null) ds.setPassword(password);
    ds.setConnectTimeout(5);
    return ds;
  }

  static MariaDbDataSource maria(String url, String user, String password) throws SQLException {
    MariaDbDataSource ds = new MariaDbDataSource(url);
    ds.setUser(user);
    ds.setPassword(password);
    return ds;
  }

  /** Skips (or fails when {@code CI=true}) when the server is absent. */
  static void reachable(String url, String product) {
    try (Connection c = DriverManager.getConnection(url)) {
      c.isValid(5);
    } catch (SQLException e) {
      String msg = product + " is not reachable at " + JdbcDataSources.maskUrl(url) + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
  }

  static void exec(String url, String... sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String q : sql) s.execute(q);
    } catch (SQLException e) {
      throw new IllegalStateException("fixture statement failed: " + e.getMessage(), e);
    }
  }

  /** The port of a {@code jdbc:x://host:port/db} URL, or the default. */
  static int port(String url, int dflt) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
    return m.find() ? Integer.parseInt(m.group(1)) : dflt;
  }

  /** The database of a {@code jdbc:x://host:port/db?...} URL, or the default. */
  static String database(String url, String dflt) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^/]+/([^?;]+)").matcher(url);
    return m.find() ? m.group(1) : dflt;
  }
}
