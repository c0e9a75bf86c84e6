package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.JdbcDataSources;
import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import io.github.dbqueryagent.introspect.CatalogReader;
import io.github.dbqueryagent.introspect.ChangeProbe;
import io.github.dbqueryagent.introspect.DialectSchemaSource;
import io.github.dbqueryagent.introspect.IntrospectionOptions;
import io.github.dbqueryagent.introspect.MySqlCatalogReader;
import io.github.dbqueryagent.introspect.PostgresCatalogReader;
import io.github.dbqueryagent.introspect.SqliteCatalogReader;
import io.github.dbqueryagent.spi.Catalog;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Cold and cached catalog introspection of a 1,000-table schema, side by side, on PostgreSQL, MariaDB or
 * SQLite. Prints one JSON report.
 *
 * <p>PostgreSQL: the schema is built by {@code /work/shared/bench/wide_schema_pg.sql} ({@code psql -v
 * n=1000 -v schema=wide}) into a database of its own ({@code dbqa_wide}). MariaDB and SQLite: the same
 * shape rendered by {@link WideSchema} into database {@code dbqa_wide} (MariaDB) or the file {@code
 * target/dbqa_wide.sqlite} (SQLite). Each is created when absent or when {@code --rebuild} is given.
 * Then, each after one warm-up and reported as the median of several runs, each on a freshly opened
 * connection (opening included): the dialect's bulk {@link CatalogReader}; core's {@link
 * JdbcSchemaSource} ({@code DatabaseMetaData}, bulk {@code getColumns} per schema, keys and indexes per
 * table); and a table-by-table {@code DatabaseMetaData} walk ({@code getColumns}, {@code
 * getPrimaryKeys}, {@code getImportedKeys} per table, as LangChain4j's SQL retriever does). Then {@code
 * changeProbeMillis}, the median time of one {@link ChangeProbe} token on an open connection (target
 * at most 20 ms). Then a cached {@link DialectSchemaSource#catalog()} read in nanoseconds, and the
 * retained heap of the catalog, measured as the difference in used heap ({@link MemoryMXBean}) after
 * repeated {@code System.gc()} with and without a reference to it (an approximation: the JVM may keep
 * garbage, so it is an upper bound give or take a few hundred KB).
 *
 * <p>Usage: {@code IntrospectionBenchmark [--dialect postgresql|mariadb|sqlite] [--url server-url]
 * [--database dbqa_wide] [--tables 1000] [--runs 7] [--rebuild] [--script path]}; the URL names the
 * server and must end with {@code /} (defaults: {@code jdbc:postgresql://127.0.0.1:5432/} with user
 * {@code postgres}, {@code jdbc:mariadb://127.0.0.1:3306/} with user {@code root}); for SQLite {@code
 * --database} is the file path.
 */
public final class IntrospectionBenchmark {
  private static final String SCHEMA = "wide";

  private IntrospectionBenchmark() {}

  /** What one dialect's run needs. */
  private static final class Target {
    String dialect;
    String database;
    DataSource dataSource;
    CatalogReader reader;
    IntrospectionOptions options;
    ChangeProbe probe;
    String walkCatalog;
    String walkSchema;
    long buildMillis;
    JdbcSchemaSource.Builder jdbcSource() {
      JdbcSchemaSource.Builder b = JdbcSchemaSource.builder(dataSource);
      return "postgresql".equals(dialect) ? b.addSchema(SCHEMA) : b;
    }
    DialectSchemaSource.Builder dialectSource() {
      DialectSchemaSource.Builder b = DialectSchemaSource.builder(dataSource);
      return "postgresql".equals(dialect) ? b.addSchema(SCHEMA) : b;
    }
  }

  /** Runs the benchmark; see the class documentation for arguments. */
  public static void main(String[] args) throws Exception {
    String dialect = "postgresql";
    String server = null;
    String database = null;
    String script = "/work/shared/bench/wide_schema_pg.sql";
    int tables = 1000;
    int runs = 7;
    boolean rebuild = false;
    for (int i = 0; i < args.length; i++) {
      boolean hasValue = i + 1 < args.length;
      switch (args[i]) {
        case "--dialect": if (hasValue) dialect = args[++i]; else usage(); break;
        case "--url": if (hasValue) server = args[++i]; else usage(); break;
        case "--database": if (hasValue) database = args[++i]; else usage(); break;
        case "--tables": if (hasValue) tables = Integer.parseInt(args[++i]); else usage(); break;
        case "--runs": if (hasValue) runs = Integer.parseInt(args[++i]); else usage(); break;
        case "--script": if (hasValue) script = args[++i]; else usage(); break;
        case "--rebuild": rebuild = true; break;
        default: usage();
      }
    }
    Target target;
    switch (dialect) {
      case "postgresql":
        target = postgres(server == null ? "jdbc:postgresql://127.0.0.1:5432/" : server,
            database == null ? "dbqa_wide" : database, script, tables, rebuild);
        break;
      case "mariadb":
        target = mariadb(server == null ? "jdbc:mariadb://127.0.0.1:3306/" : server,
            database == null ? "dbqa_wide" : database, tables, rebuild);
        break;
      case "sqlite":
        target = sqlite(database == null ? "target/dbqa_wide.sqlite" : database, tables, rebuild);
        break;
      default:
        usage();
        return;
    }
    DataSource ds = target.dataSource;

    ObjectNode report = new ObjectMapper().createObjectNode();
    report.put("benchmark", "introspection");
    report.put("timestamp", Instant.now().toString());
    report.put("dialect", dialect);
    report.put("database", target.database);
    report.put("buildMillis", target.buildMillis);
    report.put("runs", runs);
    try (Connection c = ds.getConnection()) {
      report.put("server", c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion());
    }

    Catalog[] last = new Catalog[3];
    double bulk = medianMillis(runs, () -> {
      try (Connection c = ds.getConnection()) {
        last[0] = target.reader.read(c, target.options);
      }
    });
    double jdbc = medianMillis(runs, () -> last[1] = target.jdbcSource().build().catalog());
    int walkRuns = Math.max(1, Math.min(runs, 3));
    int[] walked = new int[2];
    double perTable = medianMillis(walkRuns, () -> walkPerTable(ds, target.walkCatalog, target.walkSchema, walked));

    report.put("tables", last[0].tables().size());
    report.put("columns", last[0].columnCount());
    report.put("foreignKeys", last[0].foreignKeyCount());
    report.put("indexes", last[0].tables().stream().mapToInt(t -> t.indexes().size()).sum());
    ObjectNode cold = report.putObject("coldMillis");
    cold.put("bulkCatalogReader", round(bulk));
    cold.put("reader", target.reader.toString());
    cold.put("jdbcSchemaSource", round(jdbc));
    cold.put("perTableDatabaseMetaData", round(perTable));
    cold.put("perTableRuns", walkRuns);
    cold.put("perTableTablesSeen", walked[0]);
    cold.put("perTableColumnsSeen", walked[1]);
    report.put("speedupVsPerTable", round(perTable / bulk));
    report.put("speedupVsJdbcSchemaSource", round(jdbc / bulk));
    report.put("sameTablesAsJdbcSchemaSource", last[0].tables().size() == last[1].tables().size());
    report.put("fingerprint", last[0].fingerprint());
    double probeMs;
    try (Connection c = ds.getConnection()) {
      probeMs = medianMillis(Math.max(runs, 21), () -> target.probe.token(c, target.options));
    }
    report.put("changeProbeMillis", round(probeMs));

    DialectSchemaSource source = target.dialectSource().build();
    source.catalog();
    int iterations = 1_000_000;
    long sink = 0;
    for (int i = 0; i < iterations; i++) sink += source.catalog().tables().size();
    long[] batches = new long[9];
    for (int b = 0; b < batches.length; b++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) sink += source.catalog().tables().size();
      batches[b] = System.nanoTime() - t0;
    }
    Arrays.sort(batches);
    ObjectNode cached = report.putObject("cachedRead");
    cached.put("medianNanosPerCall", round((double) batches[batches.length / 2] / iterations));
    long t0 = System.nanoTime();
    sink += source.catalog().tables().size();
    cached.put("singleCallNanos", System.nanoTime() - t0);
    cached.put("checksum", sink % 1000);

    last[1] = null;
    last[0] = null;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    Catalog held;
    try (Connection c = ds.getConnection()) {
      held = target.reader.read(c, target.options);
    }
    long after = usedAfterGc(memory);
    ObjectNode heap = report.putObject("retainedHeap");
    heap.put("method", "MemoryMXBean used heap after System.gc() x5, with the catalog held minus before it was read");
    heap.put("bytes", after - before);
    heap.put("megabytes", round((after - before) / 1048576.0));
    heap.put("tablesHeld", held.tables().size());

    ObjectNode targets = report.putObject("targetsMet");
    targets.put("coldAtMost1s", bulk <= 1000);
    targets.put("atLeast10xFasterThanPerTable", perTable / bulk >= 10);
    targets.put("cachedReadAtMost1ms", batches[batches.length / 2] / (double) iterations <= 1_000_000);
    targets.put("heapAtMost50MB", after - before <= 50L * 1048576);
    targets.put("changeProbeAtMost20ms", probeMs <= 20);
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
  }

  private static Target postgres(String server, String database, String script, int tables, boolean rebuild)
      throws Exception {
    Target t = new Target();
    t.dialect = "postgresql";
    t.database = database;
    t.buildMillis = ensureDatabase(server + "postgres?user=postgres", server + database + "?user=postgres",
        database, script, tables, rebuild);
    t.dataSource = JdbcDataSources.fromUrl(server + database + "?user=postgres", null, null);
    t.reader = new PostgresCatalogReader();
    t.options = new IntrospectionOptions(List.of(SCHEMA));
    t.probe = ChangeProbe.postgres();
    t.walkSchema = SCHEMA;
    return t;
  }

  private static Target mariadb(String server, String database, int tables, boolean rebuild) throws Exception {
    if (!database.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("unsafe database name: " + database);
    Target t = new Target();
    t.dialect = "mariadb";
    t.database = database;
    String admin = server + "?user=root";
    boolean build = rebuild;
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
            + database + "' AND table_type = 'BASE TABLE'")) {
      rs.next();
      build |= rs.getInt(1) != tables;
    }
    if (build) {
      long start = System.nanoTime();
      try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database);
        s.execute("CREATE DATABASE " + database);
        s.execute("USE " + database);
        for (String sql : WideSchema.statements(WideSchema.Target.MARIADB, tables)) s.execute(sql);
        s.execute("ANALYZE TABLE " + database + ".`customer_0030`");
      }
      t.buildMillis = (System.nanoTime() - start) / 1_000_000;
    }
    t.dataSource = JdbcDataSources.fromUrl(server + database + "?user=root", null, null);
    t.reader = new MySqlCatalogReader();
    t.options = new IntrospectionOptions(List.of(database));
    t.probe = ChangeProbe.mysql();
    t.walkCatalog = database;
    return t;
  }

  private static Target sqlite(String file, int tables, boolean rebuild) throws Exception {
    Target t = new Target();
    t.dialect = "sqlite";
    t.database = file;
    Path path = Path.of(file);
    String url = "jdbc:sqlite:" + path.toAbsolutePath();
    boolean build = rebuild || !Files.exists(path);
    if (!build) {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
        rs.next();
        build = rs.getInt(1) != tables;
      }
    }
    if (build) {
      long start = System.nanoTime();
      Files.deleteIfExists(path);
      if (path.toAbsolutePath().getParent() != null) Files.createDirectories(path.toAbsolutePath().getParent());
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        for (String sql : WideSchema.statements(WideSchema.Target.SQLITE, tables)) s.execute(sql);
        c.commit();
      }
      t.buildMillis = (System.nanoTime() - start) / 1_000_000;
    }
    t.dataSource = JdbcDataSources.fromUrl(url, null, null);
    t.reader = new SqliteCatalogReader();
    t.options = IntrospectionOptions.defaults();
    t.probe = ChangeProbe.sqlite();
    return t;
  }

  private static void walkPerTable(DataSource ds, String catalog, String schema, int[] counts) throws SQLException {
    int tables = 0;
    int columns = 0;
    try (Connection c = ds.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      List<String> names = new ArrayList<>();
      try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE", "VIEW"})) {
        while (rs.next()) names.add(rs.getString("TABLE_NAME"));
      }
      for (String name : names) {
        tables++;
        try (ResultSet rs = md.getColumns(catalog, schema, name, "%")) {
          while (rs.next()) {
            rs.getString("COLUMN_NAME");
            rs.getString("TYPE_NAME");
            columns++;
          }
        }
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, name)) {
          while (rs.next()) rs.getString("COLUMN_NAME");
        }
        try (ResultSet rs = md.getImportedKeys(catalog, schema, name)) {
          while (rs.next()) rs.getString("FKCOLUMN_NAME");
        }
      }
    }
    counts[0] = tables;
    counts[1] = columns;
  }

  private static long ensureDatabase(String adminUrl, String url, String database, String script, int tables,
      boolean rebuild) throws Exception {
    boolean exists;
    try (Connection c = DriverManager.getConnection(adminUrl);
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        exists = rs.next();
      }
    }
    if (exists && !rebuild) {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = '" + SCHEMA + "' AND c.relkind = 'r'")) {
        rs.next();
        if (rs.getInt(1) == tables) return 0;
      }
    }
    if (!database.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("unsafe database name: " + database);
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
      s.execute("CREATE DATABASE " + database);
    }
    long start = System.nanoTime();
    String host = adminUrl.replaceFirst("^jdbc:postgresql://([^:/]+).*$", "$1");
    String port = adminUrl.matches("^jdbc:postgresql://[^:/]+:(\\d+)/.*$")
        ? adminUrl.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1") : "5432";
    Process p = new ProcessBuilder("psql", "-q", "-h", host, "-p", port, "-U", "postgres", "-d", database,
        "-v", "n=" + tables, "-v", "schema=" + SCHEMA, "-f", script)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) throw new IllegalStateException("psql failed building " + database + " from " + script);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** A timed action. */
  private interface Action {
    void run() throws Exception;
  }

  private static double medianMillis(int runs, Action action) throws Exception {
    action.run(); // warm-up
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      action.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void usage() {
    System.err.println("usage: IntrospectionBenchmark [--dialect postgresql|mariadb|sqlite] [--url server-url/]"
        + " [--database dbqa_wide|file]"
        + " [--tables 1000] [--runs 7] [--rebuild] [--script wide_schema_pg.sql]");
    System.exit(2);
  }
}
