package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Builds the PostgreSQL databases of {@link ContextBenchmark}, once, and recognises them on later
 * runs. Not thread-safe; one instance per run.
 *
 * <ul>
 *   <li>{@value #CONTEXT}: the 11 defog databases as 11 schemas named after them (each dump runs with
 *       {@code search_path} {@code public}, then its schema, {@code public} or ewallet's {@code
 *       consumer_div}, is renamed), their column descriptions as {@code COMMENT ON COLUMN}, and the
 *       synthetic catalog of {@code wide_schema_pg.sql} (1,000 tables) in schema {@value #WIDE}.
 *   <li>{@value #NO_FK}: a copy of it ({@code CREATE DATABASE ... TEMPLATE}) with every foreign-key
 *       constraint dropped.
 *   <li>{@value #HELD_OUT}: Chinook ({@code Chinook_PostgreSql.sql}) as schema {@code chinook}, the
 *       bench's own small schemas ({@value #HELD_OUT_DDL}) and the {@value #WIDE} catalog again.
 * </ul>
 *
 * <p>A complete load ends by writing a marker as the database's comment ({@code COMMENT ON DATABASE}):
 * a fingerprint of the inputs (the loader version, every script and metadata file) and the number of
 * tables. A database whose marker matches the inputs and whose table count matches the marker is
 * reused as it is, so a second run starts at once; anything else (no database, an interrupted load,
 * changed inputs, a dropped table) is rebuilt from scratch. {@code wide_schema_pg.sql} runs through
 * JDBC: its psql lines ({@code \set}) are dropped and its {@code :'n'} and {@code :'schema'} variables
 * replaced by constants.
 */
final class ContextDatabases {
  static final String CONTEXT = "dbqa_context";
  static final String NO_FK = "dbqa_context_nofk";
  static final String HELD_OUT = "dbqa_context_heldout";
  static final String WIDE = "wide";
  static final int WIDE_TABLES = 1000;
  static final String HELD_OUT_DDL = "context-heldout-schemas.sql";
  /** Change when the way the databases are built changes, so that old loads are rebuilt. */
  private static final String LOADER_VERSION = "context-databases 1";
  private static final String MARKER = "dbqa-context-bench";
  private static final Pattern MARKER_TEXT = Pattern.compile(MARKER + " fingerprint=([0-9a-f]+) tables=(\\d+)");
  private static final Pattern PSQL_LINE = Pattern.compile("(?m)^[ \\t]*\\\\[^\\n]*$");
  private static final Pattern DATABASE_STATEMENT = Pattern.compile("(?is)^(DROP|CREATE)\\s+DATABASE\\b.*");

  private final String serverUrl;
  private final Path defog;
  private final Path chinookScript;
  private final Path wideScript;
  private final PrintStream log;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * @param serverUrl a JDBC URL of the server; its database is used only to connect
   * @param data the evaluation data folder ({@code ../shared/data})
   * @param wideScript {@code wide_schema_pg.sql}
   * @param log where progress goes
   */
  ContextDatabases(String serverUrl, Path data, Path wideScript, PrintStream log) {
    this.serverUrl = serverUrl;
    this.defog = data.resolve("defog");
    this.chinookScript = data.resolve("chinook").resolve("Chinook_PostgreSql.sql");
    this.wideScript = wideScript;
    this.log = log;
  }

  /** What to do about a database. */
  enum Mode {
    /** Reuse a matching load, build otherwise. */
    ENSURE,
    /** Rebuild whatever is there. */
    RELOAD,
    /** Never build: reuse what is there, fail when nothing is. */
    REUSE
  }

  /**
   * Makes sure one of the databases is loaded.
   *
   * @param database {@link #CONTEXT}, {@link #NO_FK} or {@link #HELD_OUT}
   * @param defogDatabases the defog database names (for {@link #CONTEXT} and {@link #NO_FK})
   * @param mode what to do
   * @return what was done: {@code reused} or {@code loaded}, tables, milliseconds, and load details
   * @throws MissingLoadException in {@link Mode#REUSE} when the database has no complete load
   */
  ObjectNode ensure(String database, List<String> defogDatabases, Mode mode) throws IOException, SQLException {
    long start = System.nanoTime();
    String fingerprint = fingerprint(database, defogDatabases);
    Optional<Marker> marker = marker(database);
    ObjectNode info = mapper.createObjectNode();
    info.put("database", database);
    if (mode != Mode.RELOAD && marker.isPresent()) {
      int tables = tableCount(database);
      boolean same = marker.get().fingerprint().equals(fingerprint) && marker.get().tables() == tables;
      if (same || mode == Mode.REUSE) {
        if (!same) {
          log.println("warning: " + database + " was loaded from other inputs or changed since (marker "
              + marker.get() + ", " + tables + " tables now); reusing it because of --no-load");
        }
        info.put("status", "reused");
        info.put("tables", tables);
        info.put("checkMs", (System.nanoTime() - start) / 1_000_000);
        return info;
      }
    }
    if (mode == Mode.REUSE) throw new MissingLoadException(database);
    log.println("loading " + database + (marker.isPresent() ? " (its load is out of date)" : "") + " ...");
    dropDatabase(database);
    switch (database) {
      case CONTEXT -> loadContext(info, defogDatabases);
      case NO_FK -> copyWithoutForeignKeys(info);
      case HELD_OUT -> loadHeldOut(info);
      default -> throw new IllegalArgumentException("unknown database " + database);
    }
    int tables = tableCount(database);
    try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
      s.execute("COMMENT ON DATABASE " + database + " IS '" + MARKER + " fingerprint=" + fingerprint + " tables=" + tables + "'");
    }
    info.put("status", "loaded");
    info.put("tables", tables);
    info.put("loadMs", (System.nanoTime() - start) / 1_000_000);
    log.println("loaded " + database + ": " + tables + " tables in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return info;
  }

  /** Thrown when {@code --no-load} finds no complete load. */
  static final class MissingLoadException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingLoadException(String database) {
      super("database " + database + " is not loaded (no complete load marker); run once without --no-load");
    }
  }

  /** The JDBC URL of one of the databases on the configured server. */
  String url(String database) {
    return DefogEvaluation.withDatabase(serverUrl, database);
  }

  // ---------------------------------------------------------------- loads

  private void loadContext(ObjectNode info, List<String> databases) throws IOException, SQLException {
    createDatabase(CONTEXT, null);
    ObjectNode schemas = info.putObject("schemas");
    try (Connection c = DriverManager.getConnection(url(CONTEXT))) {
      c.setAutoCommit(false);
      List<String> done = new ArrayList<>();
      for (String db : databases) {
        long t0 = System.nanoTime();
        Path dir = defog.resolve("databases").resolve(db);
        int statements = runIntoSchema(c, Files.readString(dir.resolve(db + ".sql"), StandardCharsets.UTF_8), db, done);
        ObjectNode s = schemas.putObject(db);
        s.put("statements", statements);
        Path json = dir.resolve(db + ".json");
        if (Files.exists(json)) {
          int[] applied = applyComments(c, json, db);
          s.put("columnComments", applied[0]);
          s.put("describedColumnsNotFound", applied[1]);
        }
        c.commit();
        done.add(db);
        s.put("ms", (System.nanoTime() - t0) / 1_000_000);
        log.println("  " + db + ": " + statements + " statements");
      }
      long t0 = System.nanoTime();
      runWide(c);
      c.commit();
      schemas.putObject(WIDE).put("ms", (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private void copyWithoutForeignKeys(ObjectNode info) throws SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + NO_FK + " TEMPLATE " + CONTEXT);
        last = null;
        break;
      } catch (SQLException e) {
        if (!"55006".equals(e.getSQLState())) throw e; // source database is being accessed by other users
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    if (last != null) throw last;
    int dropped = 0;
    try (Connection c = DriverManager.getConnection(url(NO_FK))) {
      c.setAutoCommit(false);
      List<String> drops = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname)"
              + " FROM pg_constraint WHERE contype = 'f'")) {
        while (rs.next()) drops.add(rs.getString(1));
      }
      try (Statement s = c.createStatement()) {
        for (String d : drops) {
          s.execute(d);
          dropped++;
        }
      }
      c.commit();
    }
    info.put("foreignKeysDropped", dropped);
  }

  private void loadHeldOut(ObjectNode info) throws IOException, SQLException {
    createDatabase(HELD_OUT, null);
    try (Connection c = DriverManager.getConnection(url(HELD_OUT))) {
      c.setAutoCommit(false);
      String chinook = PSQL_LINE.matcher(Files.readString(chinookScript, StandardCharsets.UTF_8)).replaceAll("");
      info.put("chinookStatements", runIntoSchema(c, chinook, "chinook", List.of()));
      c.commit();
      int own = 0;
      for (SqlScript.Statement st : SqlScript.split(heldOutDdl())) {
        try (Statement s = c.createStatement()) {
          s.execute(st.sql());
        } catch (SQLException e) {
          throw new SQLException(HELD_OUT_DDL + " line " + st.line() + ": " + e.getMessage(), e.getSQLState(), e);
        }
        own++;
      }
      info.put("ownSchemaStatements", own);
      c.commit();
      runWide(c);
      c.commit();
    }
  }

  /**
   * Runs a script with {@code search_path} {@code public} in an empty {@code public} schema, then
   * renames the one schema it filled to {@code target}.
   *
   * @param loaded schemas loaded before, not candidates for the rename
   * @return the statements run
   */
  private int runIntoSchema(Connection c, String script, String target, List<String> loaded) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + target + " CASCADE");
      s.execute("DROP SCHEMA IF EXISTS public CASCADE");
      s.execute("CREATE SCHEMA public");
      s.execute("SET search_path TO public");
    }
    int n = 0;
    for (SqlScript.Statement st : SqlScript.split(script)) {
      if (DATABASE_STATEMENT.matcher(st.sql()).matches()) continue;
      try {
        if (st.copyData().isPresent()) {
          c.unwrap(PGConnection.class).getCopyAPI().copyIn(st.sql(), new StringReader(st.copyData().get()));
        } else {
          try (Statement s = c.createStatement()) {
            s.execute(st.sql());
          }
        }
      } catch (SQLException | IOException e) {
        throw new SQLException(target + " script line " + st.line() + ": " + e.getMessage(),
            e instanceof SQLException x ? x.getSQLState() : null, e);
      }
      n++;
    }
    List<String> filled = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT table_schema FROM information_schema.tables"
            + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
      while (rs.next()) {
        String schema = rs.getString(1);
        if (!loaded.contains(schema) && !schema.equals(WIDE)) filled.add(schema);
      }
    }
    if (filled.size() != 1) throw new IllegalStateException("the " + target + " script filled schemas " + filled + ", expected one");
    try (Statement s = c.createStatement()) {
      s.execute("ALTER SCHEMA " + quote(filled.get(0)) + " RENAME TO " + quote(target));
      if (filled.get(0).equals("public")) s.execute("CREATE SCHEMA public");
      s.execute("SET search_path TO public");
    }
    return n;
  }

  /** Runs {@code wide_schema_pg.sql} for {@value #WIDE_TABLES} tables in schema {@value #WIDE}. */
  private void runWide(Connection c) throws IOException, SQLException {
    String script = PSQL_LINE.matcher(Files.readString(wideScript, StandardCharsets.UTF_8)).replaceAll("")
        .replace(":'n'", "'" + WIDE_TABLES + "'").replace(":'schema'", "'" + WIDE + "'");
    for (SqlScript.Statement st : SqlScript.split(script)) {
      try (Statement s = c.createStatement()) {
        s.execute(st.sql());
      }
    }
  }

  /**
   * Adds each non-empty {@code column_description} of a defog metadata file as a column comment in
   * {@code schema}. Table keys are {@code table} or {@code schema.table} (the schema part is ignored:
   * the database now lives in {@code schema}); names match ignoring case.
   *
   * @return {comments applied, described columns not found}
   */
  private int[] applyComments(Connection c, Path json, String schema) throws IOException, SQLException {
    Map<String, String> columns = new HashMap<>(); // table.column, lower case -> quoted name
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put((rs.getString(1) + "." + rs.getString(2)).toLowerCase(Locale.ROOT),
              quote(schema) + "." + quote(rs.getString(1)) + "." + quote(rs.getString(2)));
        }
      }
    }
    int applied = 0;
    int missing = 0;
    JsonNode tables = mapper.readTree(json.toFile()).path("table_metadata");
    for (Map.Entry<String, JsonNode> t : tables.properties()) {
      String table = GoldTables.lastPart(t.getKey()).toLowerCase(Locale.ROOT);
      for (JsonNode col : t.getValue()) {
        String description = col.path("column_description").asText("").strip();
        if (description.isEmpty()) continue;
        String target = columns.get(table + "." + col.path("column_name").asText().toLowerCase(Locale.ROOT));
        if (target == null) {
          missing++;
          continue;
        }
        try (Statement s = c.createStatement()) {
          s.execute("COMMENT ON COLUMN " + target + " IS '" + description.replace("'", "''") + "'");
        }
        applied++;
      }
    }
    return new int[] {applied, missing};
  }

  // ---------------------------------------------------------------- markers and helpers

  /** A load marker read back from a database comment. */
  private record Marker(String fingerprint, int tables) {}

  private Optional<Marker> marker(String database) throws SQLException {
    try (Connection c = DriverManager.getConnection(serverUrl);
        PreparedStatement ps = c.prepareStatement("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) return Optional.empty();
        Matcher m = MARKER_TEXT.matcher(rs.getString(1));
        return m.find() ? Optional.of(new Marker(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
      }
    }
  }

  /** Tables, views and materialized views outside the system schemas. */
  private int tableCount(String database) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(database)); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private String fingerprint(String database, List<String> defogDatabases) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    update(sha, LOADER_VERSION);
    switch (database) {
      case CONTEXT, NO_FK -> {
        update(sha, database.equals(NO_FK) ? "no foreign keys" : "");
        for (String db : defogDatabases) {
          update(sha, db);
          Path dir = defog.resolve("databases").resolve(db);
          sha.update(Files.readAllBytes(dir.resolve(db + ".sql")));
          Path json = dir.resolve(db + ".json");
          if (Files.exists(json)) sha.update(Files.readAllBytes(json));
        }
      }
      case HELD_OUT -> {
        sha.update(Files.readAllBytes(chinookScript));
        update(sha, heldOutDdl());
      }
      default -> throw new IllegalArgumentException("unknown database " + database);
    }
    update(sha, WIDE + WIDE_TABLES);
    sha.update(Files.readAllBytes(wideScript));
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  private static void update(MessageDigest sha, String s) {
    sha.update(s.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }

  /** The DDL of the bench's own held-out schemas, a class-path resource. */
  static String heldOutDdl() throws IOException {
    try (InputStream in = ContextDatabases.class.getResourceAsStream("/" + HELD_OUT_DDL)) {
      if (in == null) throw new IOException("resource missing: " + HELD_OUT_DDL);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void dropDatabase(String database) throws SQLException {
    try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
      try {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } catch (SQLException e) {
        if (!"42601".equals(e.getSQLState())) throw e; // before PostgreSQL 13: no FORCE option
        s.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  private void createDatabase(String database, String template) throws SQLException {
    try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database + (template == null ? " ENCODING 'UTF8' TEMPLATE template0" : " TEMPLATE " + template));
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
