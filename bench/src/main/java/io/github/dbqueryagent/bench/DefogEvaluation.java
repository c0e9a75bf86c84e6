package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import io.github.dbqueryagent.spi.Violation;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * Measures how the agent's offline generator generalises to databases it was not written against:
 * the 11 databases and 210 questions of defog's sql-eval benchmark ({@code
 * ../shared/data/defog}), executed on PostgreSQL, scored by execution accuracy as in {@link
 * ResultMatcher}, and printed as pretty JSON on standard output.
 *
 * <p>Each defog database {@code <db>} is loaded from {@code databases/<db>/<db>.sql} into a fresh
 * PostgreSQL database {@code dbqa_defog_<db>} (dropped first if it exists, and left in place
 * afterwards) through JDBC; with {@code --comments} (the default) the column descriptions of {@code
 * <db>.json} are added as {@code COMMENT ON COLUMN} so the agent's introspection sees them. Each
 * question of {@code questions_gen_postgres.csv} is then asked of an agent built once per database;
 * the question's {@code instructions} field is not passed on. A clarification counts as unanswered,
 * an exception as an error; an answer is correct when its rows match the rows of any gold
 * alternative (see {@link GoldQueries} for the notation). The report gives, overall, per database and
 * per query category, the questions, answered, correct and errors, execution accuracy (correct /
 * questions) and answered precision (correct / answered); the wrong answers (answered, not matching);
 * errors grouped by exception class and message; and gold queries that failed to run.
 *
 * <p>With {@code --validator} no database is needed: every gold alternative of the four question
 * files (PostgreSQL, SQLite, MySQL, T-SQL) goes through {@link Validator#jsqlparser()} with an empty
 * catalog, and every rejection is listed; since the gold queries are legitimate read-only queries,
 * each rejection is a false rejection.
 *
 * <p>Usage: {@code DefogEvaluation [--data DIR] [--url JDBC_URL] [--validator] [--comments |
 * --no-comments] [--db NAME]... [--no-load] [--details]}. {@code --data} defaults to {@code
 * ../shared/data} from the working directory; {@code --url} to the environment variable {@code
 * DBQA_BENCH_PG_URL}, else {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres} (the server
 * whose databases are replaced; the URL's database is used only to connect); {@code --db} limits the
 * run to the named databases; {@code --no-load} reuses databases loaded by an earlier run; {@code
 * --details} lists every question with its status. Exits with status 2 and a message when the data
 * is missing or PostgreSQL is unreachable, 1 on any other failure.
 */
public final class DefogEvaluation {
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String DB_PREFIX = "dbqa_defog_";
  private static final Pattern DB_NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern ORDER_WORDS =
      Pattern.compile("(?i).*\\b(order|ordered|ordering|sort|sorted|sorting|rank|ranked|ranking|ranks)\\b.*", Pattern.DOTALL);
  private static final Map<String, Dialect> QUESTION_FILES = new LinkedHashMap<>();

  static {
    QUESTION_FILES.put("questions_gen_postgres.csv", Dialect.POSTGRESQL);
    QUESTION_FILES.put("questions_gen_sqlite.csv", Dialect.SQLITE);
    QUESTION_FILES.put("questions_gen_mysql.csv", Dialect.MYSQL);
    QUESTION_FILES.put("questions_gen_tsql.csv", Dialect.SQLSERVER);
  }

  private final ObjectMapper mapper = new ObjectMapper();

  private DefogEvaluation() {}

  /**
   * Entry point; see the class documentation for the arguments. Prints the JSON report on standard
   * output and diagnostics on standard error.
   *
   * @param args the command-line arguments
   * @throws Exception when the evaluation fails for a reason other than missing data or an
   *     unreachable server (those exit with status 2)
   */
  public static void main(String[] args) throws Exception {
    Path data = Paths.get("../shared/data");
    String env = System.getenv("DBQA_BENCH_PG_URL");
    String url = env == null || env.isBlank() ? DEFAULT_URL : env;
    boolean validator = false;
    boolean comments = true;
    boolean load = true;
    boolean details = false;
    Set<String> only = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--data") || a.equals("--url") || a.equals("--db")) && i + 1 >= args.length) usage("missing value after " + a);
      switch (a) {
        case "--data" -> data = Paths.get(args[++i]);
        case "--url" -> url = args[++i];
        case "--db" -> only.add(args[++i]);
        case "--validator" -> validator = true;
        case "--comments", "--comments=true" -> comments = true;
        case "--no-comments", "--comments=false" -> comments = false;
        case "--no-load" -> load = false;
        case "--details" -> details = true;
        default -> usage("unknown argument " + a);
      }
    }
    Path defog = data.resolve("defog");
    for (Path required : List.of(defog.resolve("questions").resolve("questions_gen_postgres.csv"), defog.resolve("databases"))) {
      if (!Files.exists(required)) {
        System.err.println("evaluation data missing: " + required.toAbsolutePath().normalize()
            + " (expected ../shared/data from the working directory, or pass --data DIR; see ../shared/data/README.md)");
        System.exit(2);
      }
    }
    List<String> databases;
    try (Stream<Path> dirs = Files.list(defog.resolve("databases"))) {
      databases = dirs.filter(p -> Files.exists(p.resolve(p.getFileName() + ".sql")))
          .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    for (String db : only) {
      if (!databases.contains(db)) usage("--db " + db + ": no such defog database; have " + databases);
    }
    if (!only.isEmpty()) databases.retainAll(only);
    for (String db : databases) {
      if (!DB_NAME.matcher(db).matches()) usage("unexpected defog database name (want [a-z0-9_]+): " + db);
    }
    DefogEvaluation evaluation = new DefogEvaluation();
    ObjectNode report;
    if (validator) {
      report = evaluation.validatorReport(defog.resolve("questions"));
    } else {
      try (Connection admin = DriverManager.getConnection(url)) {
        admin.isValid(5);
      } catch (SQLException e) {
        System.err.println("PostgreSQL unreachable at " + mask(url) + ": " + e.getMessage()
            + " (start the server or set DBQA_BENCH_PG_URL / --url)");
        System.exit(2);
      }
      report = evaluation.evaluate(defog, url, databases, comments, load, details);
    }
    System.out.println(evaluation.mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: DefogEvaluation [--data DIR] [--url JDBC_URL] [--validator] [--comments | --no-comments]"
        + " [--db NAME]... [--no-load] [--details]");
    System.exit(2);
  }

  // ---------------------------------------------------------------- execution accuracy

  private ObjectNode evaluate(Path defog, String url, List<String> databases, boolean comments, boolean load, boolean details)
      throws IOException, SQLException {
    long started = System.nanoTime();
    List<Map<String, String>> questions =
        CsvReader.readWithHeader(Files.readString(defog.resolve("questions/questions_gen_postgres.csv"), StandardCharsets.UTF_8));

    ObjectNode report = mapper.createObjectNode();
    report.put("benchmark", "defog-execution-accuracy");
    report.put("dataset", "defog/questions/questions_gen_postgres.csv");
    report.put("server", mask(url));
    report.put("commentsApplied", comments && load);
    report.put("instructionsPassed", false);
    ObjectNode loaded = report.putObject("databases");
    long loadStarted = System.nanoTime();
    if (load) {
      try (Connection admin = DriverManager.getConnection(url)) {
        admin.setAutoCommit(true);
        for (String db : databases) {
          loaded.set(db, load(admin, url, defog.resolve("databases").resolve(db), db, comments));
        }
      }
    } else {
      for (String db : databases) loaded.putObject(db).put("reused", DB_PREFIX + db);
    }
    long loadMs = (System.nanoTime() - loadStarted) / 1_000_000;

    Map<String, int[]> byDb = new TreeMap<>();
    Map<String, int[]> byCategory = new LinkedHashMap<>();
    int[] overall = new int[4]; // questions, answered, correct, errors
    ArrayNode wrong = mapper.createArrayNode();
    ArrayNode all = mapper.createArrayNode();
    ArrayNode goldErrors = mapper.createArrayNode();
    Map<String, Integer> errors = new TreeMap<>();
    String generator = "";
    long questionsStarted = System.nanoTime();
    for (String db : databases) {
      String dbUrl = withDatabase(url, DB_PREFIX + db);
      List<Map<String, String>> mine = questions.stream().filter(q -> db.equals(q.get("db_name"))).collect(Collectors.toList());
      DatabaseQueryAgent agent = null;
      String buildError = null;
      try {
        agent = DatabaseQueryAgent.builder().jdbcUrl(dbUrl)
            // results are compared with the gold rows: measure the SQL, not the masking of emails and phones
            .accessPolicy(AccessPolicy.builder().sensitiveColumnDetection(false).build())
            .build();
      } catch (RuntimeException e) {
        buildError = errorKey(e);
      }
      try (Connection gold = DriverManager.getConnection(dbUrl)) {
        gold.setAutoCommit(true);
        gold.setReadOnly(true);
        for (Map<String, String> q : mine) {
          String question = q.get("question");
          String category = q.getOrDefault("query_category", "unknown");
          int[][] counters = {overall, byDb.computeIfAbsent(db, k -> new int[4]), byCategory.computeIfAbsent(category, k -> new int[4])};
          count(counters, 0);
          List<String> alternatives = GoldQueries.alternatives(q.get("query"));
          List<GoldResult> golds = runGold(gold, alternatives, question, db, goldErrors);
          ObjectNode row = mapper.createObjectNode();
          row.put("db", db);
          row.put("category", category);
          row.put("question", question);
          String status;
          if (agent == null) {
            status = "error";
            count(counters, 3);
            errors.merge(buildError, 1, Integer::sum);
            row.put("error", buildError);
          } else {
            try {
              QueryResult r = agent.query(question);
              if (generator.isEmpty()) generator = r.generator();
              row.put("predictedSql", r.sql());
              if (!r.answered()) {
                status = "clarified";
                row.put("clarification", r.clarification().orElse(""));
              } else {
                count(counters, 1);
                boolean correct = false;
                for (GoldResult g : golds) {
                  if (ResultMatcher.matches(g.rows(), r.rows(), g.ordered())) {
                    correct = true;
                    break;
                  }
                }
                if (correct) {
                  count(counters, 2);
                  status = "correct";
                } else {
                  status = "wrong";
                  ObjectNode w = mapper.createObjectNode();
                  w.put("db", db);
                  w.put("category", category);
                  w.put("question", question);
                  w.put("predictedSql", r.sql());
                  w.put("goldSql", alternatives.isEmpty() ? "" : alternatives.get(0));
                  w.put("predictedRows", r.rowCount());
                  if (!golds.isEmpty()) w.put("goldRows", golds.get(0).rows().size());
                  w.put("confidence", Math.round(r.confidence() * 100) / 100.0);
                  wrong.add(w);
                }
              }
            } catch (RuntimeException e) { // QueryAgentException, and bugs: both are errors, not answers
              status = "error";
              count(counters, 3);
              String key = errorKey(e);
              errors.merge(key, 1, Integer::sum);
              row.put("error", key);
            }
          }
          row.put("status", status);
          all.add(row);
        }
      }
    }
    long questionsMs = (System.nanoTime() - questionsStarted) / 1_000_000;

    report.put("generator", generator.isEmpty() ? "unknown" : generator);
    report.set("overall", figures(overall));
    ObjectNode perDb = report.putObject("byDatabase");
    byDb.forEach((k, v) -> perDb.set(k, figures(v)));
    ObjectNode perCategory = report.putObject("byCategory");
    byCategory.forEach((k, v) -> perCategory.set(k, figures(v)));
    report.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
    report.put("loadMs", loadMs);
    report.put("questionsMs", questionsMs);
    report.set("notCorrect", wrong);
    ObjectNode errorReport = report.putObject("errors");
    errorReport.put("total", overall[3]);
    ObjectNode byKind = errorReport.putObject("byKind");
    errors.forEach(byKind::put);
    report.set("goldErrors", goldErrors);
    if (details) report.set("questions", all);
    return report;
  }

  /** One runnable gold query and its rows. */
  private record GoldResult(String sql, boolean ordered, List<List<Object>> rows) {}

  private List<GoldResult> runGold(Connection c, List<String> alternatives, String question, String db, ArrayNode goldErrors) {
    List<GoldResult> out = new ArrayList<>();
    boolean asksOrder = ORDER_WORDS.matcher(question).matches();
    for (String alternative : alternatives) {
      for (String sql : GoldQueries.expand(alternative)) {
        try {
          out.add(new GoldResult(sql, asksOrder && GoldQueries.hasTopLevelOrderBy(sql), rows(c, sql)));
        } catch (SQLException e) {
          ObjectNode g = goldErrors.addObject();
          g.put("db", db);
          g.put("question", question);
          g.put("sql", sql);
          g.put("error", e.getMessage());
        }
      }
    }
    return out;
  }

  private static void count(int[][] counters, int index) {
    for (int[] c : counters) c[index]++;
  }

  private ObjectNode figures(int[] c) {
    ObjectNode o = mapper.createObjectNode();
    o.put("questions", c[0]);
    o.put("answered", c[1]);
    o.put("correct", c[2]);
    o.put("errors", c[3]);
    o.put("executionAccuracy", c[0] == 0 ? 0 : round((double) c[2] / c[0]));
    o.put("answeredPrecision", c[1] == 0 ? 0 : round((double) c[2] / c[1]));
    return o;
  }

  private static String errorKey(Throwable e) {
    String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    return e.getClass().getSimpleName() + ": " + (m.length() > 80 ? m.substring(0, 80) : m);
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
        out.add(row);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- loading

  /**
   * Creates {@code dbqa_defog_<db>} afresh and runs the dump into it in one transaction.
   *
   * @return what was loaded: statements, COPY blocks, comments applied and not found, milliseconds
   */
  private ObjectNode load(Connection admin, String url, Path dir, String db, boolean comments) throws IOException, SQLException {
    long started = System.nanoTime();
    String name = DB_PREFIX + db;
    try (Statement s = admin.createStatement()) {
      try {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (SQLException e) {
        if (!"42601".equals(e.getSQLState())) throw e; // before PostgreSQL 13: no FORCE option
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
      s.execute("CREATE DATABASE " + name);
    }
    Path script = dir.resolve(db + ".sql");
    List<SqlScript.Statement> statements;
    try {
      statements = SqlScript.split(Files.readString(script, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(script + ": " + e.getMessage(), e);
    }
    ObjectNode info = mapper.createObjectNode();
    int copies = 0;
    try (Connection c = DriverManager.getConnection(withDatabase(url, name))) {
      c.setAutoCommit(false);
      for (SqlScript.Statement st : statements) {
        try {
          if (st.copyData().isPresent()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(st.sql(), new StringReader(st.copyData().get()));
            copies++;
          } else {
            try (Statement s = c.createStatement()) {
              s.execute(st.sql());
            }
          }
        } catch (SQLException e) {
          throw new SQLException(script.getFileName() + " line " + st.line() + ": " + e.getMessage(), e.getSQLState(), e);
        }
      }
      info.put("statements", statements.size());
      info.put("copyBlocks", copies);
      Path json = dir.resolve(db + ".json");
      if (comments && Files.exists(json)) {
        int[] applied = applyComments(c, json);
        info.put("columnComments", applied[0]);
        info.put("describedColumnsNotFound", applied[1]);
      } else {
        info.put("columnComments", 0);
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables"
              + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
        rs.next();
        info.put("tables", rs.getInt(1));
      }
      c.commit();
    }
    info.put("loadMs", (System.nanoTime() - started) / 1_000_000);
    return info;
  }

  /**
   * Adds each non-empty {@code column_description} of the defog metadata file as a column comment.
   * Table keys are {@code table} or {@code schema.table}; names are matched case-insensitively,
   * since the dumps write some unquoted mixed-case names that PostgreSQL folds to lower case.
   *
   * @return {comments applied, described columns not found in the database}
   */
  private int[] applyComments(Connection c, Path json) throws IOException, SQLException {
    Map<String, String> columns = new HashMap<>(); // schema.table.column, lower case -> quoted name
    Map<String, List<String>> tableOnly = new HashMap<>(); // table.column, lower case -> quoted names
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT table_schema, table_name, column_name FROM information_schema.columns"
            + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
      while (rs.next()) {
        String schema = rs.getString(1);
        String table = rs.getString(2);
        String column = rs.getString(3);
        String quoted = quote(schema) + "." + quote(table) + "." + quote(column);
        String key = (table + "." + column).toLowerCase(Locale.ROOT);
        columns.put(schema.toLowerCase(Locale.ROOT) + "." + key, quoted);
        tableOnly.computeIfAbsent(key, k -> new ArrayList<>()).add(quoted);
      }
    }
    int applied = 0;
    int missing = 0;
    JsonNode tables = mapper.readTree(json.toFile()).path("table_metadata");
    for (Map.Entry<String, JsonNode> t : tables.properties()) {
      String tableKey = t.getKey().toLowerCase(Locale.ROOT);
      for (JsonNode col : t.getValue()) {
        String description = col.path("column_description").asText("").strip();
        if (description.isEmpty()) continue;
        String key = tableKey + "." + col.path("column_name").asText().toLowerCase(Locale.ROOT);
        String target = columns.get(tableKey.contains(".") ? key : "public." + key);
        if (target == null && !tableKey.contains(".")) {
          List<String> candidates = tableOnly.getOrDefault(key, List.of());
          if (candidates.size() == 1) target = candidates.get(0);
        }
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

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * Replaces the database of a PostgreSQL JDBC URL, keeping host, port and parameters: {@code
   * jdbc:postgresql://h:5432/test?user=u} with {@code x} gives {@code jdbc:postgresql://h:5432/x?user=u}.
   */
  static String withDatabase(String url, String database) {
    int hosts = url.indexOf("//");
    if (hosts < 0) throw new IllegalArgumentException("not a jdbc:postgresql://host/database URL: " + mask(url));
    int query = url.indexOf('?', hosts + 2);
    int slash = url.indexOf('/', hosts + 2);
    int end = query < 0 ? url.length() : query;
    int hostEnd = slash < 0 || slash > end ? end : slash;
    return url.substring(0, hostEnd) + "/" + database + url.substring(end);
  }

  private static String mask(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  // ---------------------------------------------------------------- validator false rejections

  private ObjectNode validatorReport(Path questionsDir) throws IOException {
    long started = System.nanoTime();
    Validator validator = Validator.jsqlparser();
    ObjectNode report = mapper.createObjectNode();
    report.put("benchmark", "validator-false-rejections");
    report.put("validator", "jsqlparser");
    report.put("note", "every gold query is a legitimate read-only query, so every rejection is a false rejection;"
        + " {a, b} column sets are expanded to the full set; the catalog is empty, so table checks are skipped");
    ObjectNode byDialect = report.putObject("byDialect");
    ArrayNode rejections = mapper.createArrayNode();
    Map<String, Integer> byRule = new TreeMap<>();
    int total = 0;
    int accepted = 0;
    for (Map.Entry<String, Dialect> file : QUESTION_FILES.entrySet()) {
      Path path = questionsDir.resolve(file.getKey());
      if (!Files.exists(path)) {
        System.err.println("question file missing, skipped: " + path);
        continue;
      }
      Dialect dialect = file.getValue();
      ValidationContext context = new ValidationContext(dialect, 1000, new Catalog("", "", dialect, List.of()));
      int fileTotal = 0;
      int fileAccepted = 0;
      List<Map<String, String>> questions = CsvReader.readWithHeader(Files.readString(path, StandardCharsets.UTF_8));
      for (Map<String, String> q : questions) {
        for (String alternative : GoldQueries.alternatives(q.get("query"))) {
          List<String> expansions = GoldQueries.expand(alternative);
          String sql = expansions.get(expansions.size() - 1);
          fileTotal++;
          List<String> violations = new ArrayList<>();
          try {
            ValidatedSql v = validator.validate(sql, context);
            for (Violation x : v.violations()) {
              violations.add(x.toString());
              byRule.merge(x.rule(), 1, Integer::sum);
            }
          } catch (RuntimeException e) {
            violations.add("[exception] " + errorKey(e));
            byRule.merge("exception", 1, Integer::sum);
          }
          if (violations.isEmpty()) {
            fileAccepted++;
          } else {
            ObjectNode r = rejections.addObject();
            r.put("dialect", dialect.name());
            r.put("db", q.get("db_name"));
            r.put("category", q.get("query_category"));
            r.put("sql", sql);
            ArrayNode vs = r.putArray("violations");
            violations.forEach(vs::add);
          }
        }
      }
      ObjectNode d = byDialect.putObject(dialect.name());
      d.put("file", file.getKey());
      d.put("questions", questions.size());
      d.put("total", fileTotal);
      d.put("accepted", fileAccepted);
      d.put("rejected", fileTotal - fileAccepted);
      total += fileTotal;
      accepted += fileAccepted;
    }
    report.put("total", total);
    report.put("accepted", accepted);
    report.put("rejected", total - accepted);
    report.put("falseRejectionRate", total == 0 ? 0 : round((double) (total - accepted) / total));
    ObjectNode rules = report.putObject("rejectedByRule");
    byRule.forEach(rules::put);
    report.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
    report.set("falseRejections", rejections);
    return report;
  }
}
