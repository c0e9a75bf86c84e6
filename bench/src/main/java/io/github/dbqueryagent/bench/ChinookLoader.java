package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Loads the Chinook sample database from the scripts under {@code ../shared/data/chinook} into a
 * local PostgreSQL and a local MariaDB (or MySQL), as database {@code dbqa_chinook}, so that {@link
 * ChinookEvaluation} can run the Chinook questions there ({@code --url}) while the gold SQL, written
 * for SQLite, runs on the SQLite file ({@code --gold-url}). Prints a JSON report on standard output.
 *
 * <p>{@code Chinook_PostgreSql.sql} (snake_case names, such as {@code invoice_line.unit_price}) goes
 * to PostgreSQL: {@code dbqa_chinook} is dropped ({@code WITH (FORCE)}) and created afresh, the
 * script's own {@code DROP DATABASE} / {@code CREATE DATABASE chinook} statements and its psql
 * {@code \c chinook} line are skipped, and the rest runs through JDBC in one transaction (split by
 * {@link SqlScript}). {@code Chinook_MySql.sql} (the CamelCase names of the SQLite file) goes to
 * MariaDB: {@code dbqa_chinook} is dropped and created ({@code utf8mb4}), the script's {@code DROP
 * DATABASE}, {@code CREATE DATABASE} and {@code USE} statements are skipped, and the rest runs
 * (split by {@link MySqlScript}) under {@code sql_mode NO_BACKSLASH_ESCAPES}, because the script
 * writes a few track names with a literal backslash ({@code 'Cavalleria Rusticana \ Act \ ...'})
 * that the SQLite file keeps; in the default mode MariaDB would drop those backslashes.
 *
 * <p>Each load is then verified against {@code Chinook_Sqlite.sqlite}: every SQLite table must exist
 * under its dialect name (snake_case on PostgreSQL), with the same columns (snake_case on
 * PostgreSQL), the same row count and the same rows (as multisets, values normalised as in {@link
 * ResultMatcher} with date-time normalisation, since the SQLite file stores dates as text).
 *
 * <p>Usage: {@code ChinookLoader [--target postgresql|mariadb|all] [--data DIR] [--pg-url JDBC_URL]
 * [--mariadb-url JDBC_URL] [--no-verify]}. {@code --target} defaults to {@code all}; {@code --data}
 * to {@code ../shared/data} from the working directory (or {@code ../../shared/data} when only that
 * exists, as when run from a module directory); {@code --pg-url} to the environment variable
 * {@code DBQA_BENCH_PG_URL}, else {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres};
 * {@code --mariadb-url} to {@code DBQA_BENCH_MARIADB_URL}, else {@code
 * jdbc:mariadb://127.0.0.1:3306/test?user=root}. Those URLs name the server (their database is used
 * only to connect); the report gives the URL of each loaded database. Exits with status 2 and a
 * message when the data is missing or a server is unreachable, 1 when a load fails or does not match
 * the SQLite file.
 */
public final class ChinookLoader {
  /** The database the loader creates on each server. */
  public static final String DATABASE = "dbqa_chinook";

  private static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String DEFAULT_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
  private static final Pattern PSQL_CONNECT = Pattern.compile("(?m)^[ \\t]*\\\\(c|connect)\\b[^\\n]*$");
  private static final Pattern DATABASE_STATEMENT = Pattern.compile("(?is)^(DROP|CREATE)\\s+(DATABASE|SCHEMA)\\b.*");
  private static final Pattern USE_STATEMENT = Pattern.compile("(?is)^USE\\s.*");

  private final ObjectMapper mapper = new ObjectMapper();

  private ChinookLoader() {}

  /** The servers the loader knows. */
  enum Target {
    /** PostgreSQL, loaded from {@code Chinook_PostgreSql.sql} with snake_case names. */
    POSTGRESQL,
    /** MariaDB or MySQL, loaded from {@code Chinook_MySql.sql} with CamelCase names. */
    MARIADB
  }

  /**
   * Entry point; see the class documentation for the arguments.
   *
   * @param args the command-line arguments
   * @throws Exception when loading fails for a reason other than missing data, an unreachable server
   *     or a verification mismatch (those exit with status 2 or 1)
   */
  public static void main(String[] args) throws Exception {
    Path data = Paths.get("../shared/data");
    if (!Files.exists(data) && Files.exists(Paths.get("../../shared/data"))) data = Paths.get("../../shared/data"); // run from a module
    String pgUrl = env("DBQA_BENCH_PG_URL", DEFAULT_PG_URL);
    String mariadbUrl = env("DBQA_BENCH_MARIADB_URL", DEFAULT_MARIADB_URL);
    Set<Target> targets = new LinkedHashSet<>(List.of(Target.POSTGRESQL, Target.MARIADB));
    boolean verify = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.equals("--no-verify") && i + 1 >= args.length) usage("missing value after " + a);
      switch (a) {
        case "--data" -> data = Paths.get(args[++i]);
        case "--pg-url" -> pgUrl = args[++i];
        case "--mariadb-url" -> mariadbUrl = args[++i];
        case "--target" -> {
          String t = args[++i].toLowerCase(Locale.ROOT);
          targets.clear();
          switch (t) {
            case "postgresql", "postgres", "pg" -> targets.add(Target.POSTGRESQL);
            case "mariadb", "mysql" -> targets.add(Target.MARIADB);
            case "all" -> targets.addAll(List.of(Target.POSTGRESQL, Target.MARIADB));
            default -> usage("unknown --target " + t);
          }
        }
        case "--no-verify" -> verify = false;
        default -> usage("unknown argument " + a);
      }
    }
    Path chinook = data.resolve("chinook");
    List<Path> required = new ArrayList<>();
    if (verify) required.add(chinook.resolve("Chinook_Sqlite.sqlite"));
    if (targets.contains(Target.POSTGRESQL)) required.add(chinook.resolve("Chinook_PostgreSql.sql"));
    if (targets.contains(Target.MARIADB)) required.add(chinook.resolve("Chinook_MySql.sql"));
    for (Path p : required) {
      if (!Files.exists(p)) {
        System.err.println("evaluation data missing: " + p.toAbsolutePath().normalize()
            + " (expected ../shared/data from the working directory, or pass --data DIR; see ../shared/data/README.md)");
        System.exit(2);
      }
    }
    for (Target t : targets) {
      String url = t == Target.POSTGRESQL ? pgUrl : mariadbUrl;
      try (Connection c = DriverManager.getConnection(url)) {
        c.isValid(5);
      } catch (SQLException e) {
        System.err.println(t.name().toLowerCase(Locale.ROOT) + " unreachable at " + mask(url) + ": " + e.getMessage()
            + " (start the server or set " + (t == Target.POSTGRESQL ? "DBQA_BENCH_PG_URL / --pg-url" : "DBQA_BENCH_MARIADB_URL / --mariadb-url") + ")");
        System.exit(2);
      }
    }
    ChinookLoader loader = new ChinookLoader();
    ObjectNode report = loader.mapper.createObjectNode();
    report.put("database", DATABASE);
    boolean ok = true;
    for (Target t : targets) {
      ObjectNode r = t == Target.POSTGRESQL
          ? loader.loadPostgresql(chinook.resolve("Chinook_PostgreSql.sql"), pgUrl)
          : loader.loadMariadb(chinook.resolve("Chinook_MySql.sql"), mariadbUrl);
      if (verify) {
        String sqlite = "jdbc:sqlite:" + chinook.resolve("Chinook_Sqlite.sqlite").toAbsolutePath();
        String loaded = withDatabase(t == Target.POSTGRESQL ? pgUrl : mariadbUrl, DATABASE);
        ObjectNode v = loader.verify(sqlite, loaded, t);
        r.set("verification", v);
        ok &= v.path("matches").asBoolean();
      }
      report.set(t.name().toLowerCase(Locale.ROOT), r);
    }
    report.put("verified", verify);
    report.put("allMatch", ok);
    System.out.println(loader.mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    if (!ok) System.exit(1);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: ChinookLoader [--target postgresql|mariadb|all] [--data DIR] [--pg-url JDBC_URL]"
        + " [--mariadb-url JDBC_URL] [--no-verify]");
    System.exit(2);
  }

  // ---------------------------------------------------------------- loading

  private ObjectNode loadPostgresql(Path script, String url) throws IOException, SQLException {
    long started = System.nanoTime();
    try (Connection admin = DriverManager.getConnection(url); Statement s = admin.createStatement()) {
      admin.setAutoCommit(true);
      try {
        s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      } catch (SQLException e) {
        if (!"42601".equals(e.getSQLState())) throw e; // before PostgreSQL 13: no FORCE option
        s.execute("DROP DATABASE IF EXISTS " + DATABASE);
      }
      s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
    }
    String text = Files.readString(script, StandardCharsets.UTF_8);
    ArrayNode skipped = mapper.createArrayNode();
    var connects = PSQL_CONNECT.matcher(text);
    while (connects.find()) skipped.add(connects.group().strip());
    text = PSQL_CONNECT.matcher(text).replaceAll("");
    List<SqlScript.Statement> statements;
    try {
      statements = SqlScript.split(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(script + ": " + e.getMessage(), e);
    }
    String target = withDatabase(url, DATABASE);
    int executed = 0;
    try (Connection c = DriverManager.getConnection(target)) {
      c.setAutoCommit(false);
      for (SqlScript.Statement st : statements) {
        if (DATABASE_STATEMENT.matcher(st.sql()).matches()) {
          skipped.add(firstLine(st.sql()));
          continue;
        }
        try {
          if (st.copyData().isPresent()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(st.sql(), new StringReader(st.copyData().get()));
          } else {
            try (Statement s = c.createStatement()) {
              s.execute(st.sql());
            }
          }
          executed++;
        } catch (SQLException e) {
          throw new SQLException(script.getFileName() + " line " + st.line() + ": " + e.getMessage(), e.getSQLState(), e);
        }
      }
      c.commit();
    }
    return loadReport(script, target, executed, skipped, started);
  }

  private ObjectNode loadMariadb(Path script, String url) throws IOException, SQLException {
    long started = System.nanoTime();
    try (Connection admin = DriverManager.getConnection(url); Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE);
      s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
    }
    List<MySqlScript.Statement> statements;
    try {
      statements = MySqlScript.split(Files.readString(script, StandardCharsets.UTF_8), false);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(script + ": " + e.getMessage(), e);
    }
    String target = withDatabase(url, DATABASE);
    ArrayNode skipped = mapper.createArrayNode();
    int executed = 0;
    try (Connection c = DriverManager.getConnection(target)) {
      try (Statement s = c.createStatement()) {
        s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
      }
      c.setAutoCommit(false); // DDL commits implicitly; the inserts commit at the end
      for (MySqlScript.Statement st : statements) {
        if (DATABASE_STATEMENT.matcher(st.sql()).matches() || USE_STATEMENT.matcher(st.sql()).matches()) {
          skipped.add(firstLine(st.sql()));
          continue;
        }
        try (Statement s = c.createStatement()) {
          s.execute(st.sql());
          executed++;
        } catch (SQLException e) {
          throw new SQLException(script.getFileName() + " line " + st.line() + ": " + e.getMessage(), e.getSQLState(), e);
        }
      }
      c.commit();
    }
    return loadReport(script, target, executed, skipped, started);
  }

  private ObjectNode loadReport(Path script, String target, int executed, ArrayNode skipped, long started) {
    ObjectNode r = mapper.createObjectNode();
    r.put("script", script.getFileName().toString());
    r.put("url", mask(target));
    r.put("statementsExecuted", executed);
    r.set("statementsSkipped", skipped);
    r.put("loadMs", (System.nanoTime() - started) / 1_000_000);
    return r;
  }

  private static String firstLine(String sql) {
    int eol = sql.indexOf('\n');
    return (eol < 0 ? sql : sql.substring(0, eol)).strip();
  }

  // ---------------------------------------------------------------- verification

  /**
   * Compares every table of the SQLite file with its counterpart in the loaded database.
   *
   * @return per table the names, row counts, column and content agreement; {@code matches} overall
   */
  private ObjectNode verify(String sqliteUrl, String loadedUrl, Target target) throws SQLException {
    ObjectNode v = mapper.createObjectNode();
    ObjectNode tables = v.putObject("tables");
    boolean all = true;
    try (Connection sqlite = DriverManager.getConnection(sqliteUrl); Connection loaded = DriverManager.getConnection(loadedUrl)) {
      List<String> names = new ArrayList<>();
      try (Statement s = sqlite.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
        while (rs.next()) names.add(rs.getString(1));
      }
      Set<String> expectedTables = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (String name : names) {
        String other = target == Target.POSTGRESQL ? snake(name) : name;
        expectedTables.add(other);
        ObjectNode t = tables.putObject(name);
        t.put("table", other);
        Rows a = rows(sqlite, "SELECT * FROM \"" + name + "\"");
        Rows b;
        try {
          b = rows(loaded, "SELECT * FROM " + quote(other, target));
        } catch (SQLException e) {
          t.put("sqliteRows", a.values().size());
          t.put("error", e.getMessage());
          t.put("matches", false);
          all = false;
          continue;
        }
        List<String> expectedColumns = new ArrayList<>();
        for (String col : a.columns()) expectedColumns.add(target == Target.POSTGRESQL ? snake(col) : col);
        boolean columnsMatch = expectedColumns.size() == b.columns().size();
        for (int i = 0; columnsMatch && i < expectedColumns.size(); i++) {
          columnsMatch = expectedColumns.get(i).equalsIgnoreCase(b.columns().get(i));
        }
        boolean contentMatches = columnsMatch && a.canonical().equals(b.canonical());
        t.put("sqliteRows", a.values().size());
        t.put("loadedRows", b.values().size());
        t.put("rowCountsMatch", a.values().size() == b.values().size());
        t.put("columnsMatch", columnsMatch);
        if (!columnsMatch) t.put("loadedColumns", String.join(", ", b.columns()));
        t.put("contentMatches", contentMatches);
        if (columnsMatch && !contentMatches) t.put("firstDifference", firstDifference(a.canonical(), b.canonical()));
        boolean ok = columnsMatch && contentMatches && a.values().size() == b.values().size();
        t.put("matches", ok);
        all &= ok;
      }
      ArrayNode extra = v.putArray("extraLoadedTables");
      try (ResultSet rs = loaded.getMetaData().getTables(loaded.getCatalog(), target == Target.POSTGRESQL ? "public" : null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String name = rs.getString("TABLE_NAME");
          if (!expectedTables.contains(name)) extra.add(name);
        }
      }
    }
    v.put("matches", all);
    return v;
  }

  /** A table's column names, raw rows, and rows normalised to sorted strings. */
  private record Rows(List<String> columns, List<List<Object>> values, List<String> canonical) {}

  private static Rows rows(Connection c, String sql) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<List<Object>> values = new ArrayList<>();
    List<String> canonical = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      for (int i = 1; i <= n; i++) columns.add(md.getColumnName(i));
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        StringBuilder key = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          Object o = rs.getObject(i);
          row.add(o);
          if (i > 1) key.append('\u0001');
          key.append(ResultMatcher.value(o, true));
        }
        values.add(row);
        canonical.add(key.toString());
      }
    }
    Collections.sort(canonical);
    return new Rows(columns, values, canonical);
  }

  private static String firstDifference(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return "sqlite: " + a.get(i).replace('\u0001', '|') + " / loaded: " + b.get(i).replace('\u0001', '|');
      }
    }
    return "row counts " + a.size() + " / " + b.size();
  }

  /** {@code InvoiceLine} to {@code invoice_line}, {@code MediaTypeId} to {@code media_type_id}. */
  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String quote(String identifier, Target target) {
    return target == Target.POSTGRESQL
        ? '"' + identifier.replace("\"", "\"\"") + '"'
        : '`' + identifier.replace("`", "``") + '`';
  }

  /**
   * Replaces the database of a {@code jdbc:<driver>://host[:port]/database[?params]} URL, keeping
   * host, port and parameters: {@code jdbc:mariadb://h:3306/test?user=u} with {@code x} gives {@code
   * jdbc:mariadb://h:3306/x?user=u}.
   *
   * @param url the server URL
   * @param database the database to put in it
   * @return the URL naming {@code database}
   */
  static String withDatabase(String url, String database) {
    int hosts = url.indexOf("//");
    if (hosts < 0) throw new IllegalArgumentException("not a jdbc:<driver>://host/database URL: " + mask(url));
    int query = url.indexOf('?', hosts + 2);
    int slash = url.indexOf('/', hosts + 2);
    int end = query < 0 ? url.length() : query;
    int hostEnd = slash < 0 || slash > end ? end : slash;
    return url.substring(0, hostEnd) + "/" + database + url.substring(end);
  }

  private static String mask(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
