package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.introspect.DialectSchemaSource;
import io.github.dbqueryagent.openai.OpenAiSqlGenerator;
import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.SchemaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole pipeline with a language-model generator ({@link OpenAiSqlGenerator}) against a scripted
 * OpenAI-compatible server ({@link ScriptedChatServer}) that answers each defog question with its gold
 * SQL, breaking the first answer of one question in five so that the repair loop runs. Measures
 * execution accuracy (which should be 1 with a perfect model: every difference is the pipeline's) and
 * the library's own overhead per question. Prints one JSON document on standard output, progress on
 * standard error.
 *
 * <p>Both configurations use the database {@value ContextDatabases#CONTEXT} of {@link
 * ContextDatabases} (built there when missing or out of date), where each defog database is a schema
 * named after it. The scripted gold SQL is the first alternative of the defog gold query with {@code
 * {a, b}} expanded to the full column set (see {@link GoldQueries}), unqualified as defog writes it
 * (ewallet's {@code consumer_div.} prefix removed, since that schema is renamed {@code ewallet}); each
 * agent's connections set {@code search_path} to the question's schema ({@code currentSchema}), so the
 * gold SQL runs unchanged.
 *
 * <ul>
 *   <li>{@code small}: per defog database, an agent whose catalog is that schema alone (about 10
 *       tables).
 *   <li>{@code large}: per defog database, an agent whose catalog is the whole database, 1,110 tables
 *       (11 defog schemas and the 1,000-table {@code wide} schema), read once by one shared {@link
 *       DialectSchemaSource}.
 * </ul>
 *
 * <p>Every agent is prepared ({@code prepare()}) and then asked every question once unmeasured
 * (warm-up); the measured pass follows. A question is correct when its rows match the rows of any gold
 * alternative run directly on the same schema ({@link ResultMatcher}, date-times normalised, order
 * counted when the question asks for it and the gold query orders). Overhead per question is its wall
 * time around {@code agent.query} minus the time spent inside the server's handler minus the {@link
 * Stage#EXECUTE} time of {@link QueryResult#timings()} (both attempts when repaired); a question that
 * throws has no overhead sample.
 *
 * <p>Usage: {@code LlmPipelineBenchmark [--data DIR] [--url JDBC_URL] [--configs small,large] [--out
 * FILE] [--details] [--no-masking]}. {@code --data} defaults to {@code ../shared/data}; {@code --url}
 * to {@code DBQA_BENCH_PG_URL}, else {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres} (the
 * server; its database is used only to connect); {@code --no-masking} turns the access policy's
 * sensitive-column detection off (on by default, as a user gets the agent); {@code --details} lists
 * every question. Exits with status 2 when the data is missing or PostgreSQL is unreachable.
 */
public final class LlmPipelineBenchmark {
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final Pattern ORDER_WORDS =
      Pattern.compile("(?i).*\\b(order|ordered|ordering|sort|sorted|sorting|rank|ranked|ranking|ranks)\\b.*", Pattern.DOTALL);
  private static final Pattern EWALLET_SCHEMA = Pattern.compile("(?i)\\bconsumer_div\\.");

  private final ObjectMapper mapper = new ObjectMapper();
  private final String url;
  private final boolean details;
  private final boolean masking;

  private LlmPipelineBenchmark(String url, boolean details, boolean masking) {
    this.url = url;
    this.details = details;
    this.masking = masking;
  }

  /**
   * Entry point; see the class documentation for the arguments.
   *
   * @param args the command-line arguments
   * @throws Exception on a failure other than missing data or an unreachable server (status 2)
   */
  public static void main(String[] args) throws Exception {
    Path data = Paths.get("../shared/data");
    String env = System.getenv("DBQA_BENCH_PG_URL");
    String url = env == null || env.isBlank() ? DEFAULT_URL : env;
    List<String> configs = List.of("small", "large");
    Path out = null;
    boolean details = false;
    boolean masking = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (List.of("--data", "--url", "--configs", "--out").contains(a) && i + 1 >= args.length) usage("missing value after " + a);
      switch (a) {
        case "--data" -> data = Paths.get(args[++i]);
        case "--url" -> url = args[++i];
        case "--configs" -> configs = Arrays.stream(args[++i].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        case "--out" -> out = Paths.get(args[++i]);
        case "--details" -> details = true;
        case "--no-masking" -> masking = false;
        default -> usage("unknown argument " + a);
      }
    }
    for (String c : configs) if (!c.equals("small") && !c.equals("large")) usage("unknown configuration " + c + " (want small, large)");
    Path defog = data.resolve("defog");
    Path wide = data.toAbsolutePath().normalize().resolveSibling("bench").resolve("wide_schema_pg.sql");
    for (Path required : List.of(defog.resolve("questions").resolve("questions_gen_postgres.csv"), defog.resolve("databases"), wide)) {
      if (!Files.exists(required)) {
        System.err.println("evaluation data missing: " + required.toAbsolutePath().normalize()
            + " (expected ../shared/data from the working directory, or pass --data DIR; see ../shared/data/README.md)");
        System.exit(2);
      }
    }
    try (Connection c = DriverManager.getConnection(url)) {
      c.isValid(5);
    } catch (SQLException e) {
      System.err.println("PostgreSQL unreachable: " + e.getMessage() + " (start the server or set DBQA_BENCH_PG_URL / --url)");
      System.exit(2);
    }
    List<String> databases;
    try (Stream<Path> dirs = Files.list(defog.resolve("databases"))) {
      databases = dirs.filter(p -> Files.exists(p.resolve(p.getFileName() + ".sql")))
          .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    ContextDatabases loader = new ContextDatabases(url, data, wide, System.err);
    LlmPipelineBenchmark bench = new LlmPipelineBenchmark(url, details, masking);
    ObjectNode report = bench.mapper.createObjectNode();
    report.put("benchmark", "llm-pipeline-scripted");
    report.put("generator", "OpenAiSqlGenerator (structured output) against an in-process scripted server");
    report.put("maxRepairAttempts", 1);
    report.put("sensitiveColumnMasking", masking);
    report.put("java", System.getProperty("java.version"));
    report.set("database", loader.ensure(ContextDatabases.CONTEXT, databases, ContextDatabases.Mode.ENSURE));
    List<Map<String, String>> questions =
        CsvReader.readWithHeader(Files.readString(defog.resolve("questions/questions_gen_postgres.csv"), StandardCharsets.UTF_8));
    ObjectNode results = report.putObject("configs");
    try (ScriptedChatServer server = new ScriptedChatServer()) {
      for (String config : configs) {
        System.err.println("configuration " + config + " ...");
        results.set(config, bench.run(config, server, loader, databases, questions));
      }
    }
    String json = bench.mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    if (out != null) Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
    System.out.println(json);
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: LlmPipelineBenchmark [--data DIR] [--url JDBC_URL] [--configs small,large] [--out FILE] [--details] [--no-masking]");
    System.exit(2);
  }

  /** The SQL the scripted server answers with: first alternative, full column set, unqualified. */
  static String scriptedSql(String goldField) {
    List<String> alternatives = GoldQueries.alternatives(goldField);
    if (alternatives.isEmpty()) return "";
    List<String> expanded = GoldQueries.expand(alternatives.get(0));
    return unqualified(expanded.get(expanded.size() - 1));
  }

  private static String unqualified(String sql) {
    return EWALLET_SCHEMA.matcher(sql).replaceAll("");
  }

  /** One gold alternative's rows. */
  private record Gold(boolean ordered, List<List<Object>> rows) {}

  /** Per-question measurements. */
  private record Sample(String db, String question, String status, double overheadMs, Map<Stage, Duration> timings) {}

  private ObjectNode run(String config, ScriptedChatServer server, ContextDatabases loader, List<String> databases,
      List<Map<String, String>> questions) throws SQLException {
    long started = System.nanoTime();
    String contextUrl = loader.url(ContextDatabases.CONTEXT);
    List<HikariDataSource> pools = new ArrayList<>();
    ObjectNode o = mapper.createObjectNode();
    try {
      SchemaSource shared = null;
      long catalogMs = 0;
      if (config.equals("large")) {
        HikariDataSource catalogPool = pool(contextUrl, null, "catalog");
        pools.add(catalogPool);
        shared = DialectSchemaSource.builder(catalogPool).build();
        long t0 = System.nanoTime();
        o.put("catalogTables", shared.catalog().tables().size());
        catalogMs = (System.nanoTime() - t0) / 1_000_000;
        o.put("catalogReadMs", catalogMs);
      }
      OpenAiSqlGenerator generator = OpenAiSqlGenerator.builder().baseUrl(server.baseUrl()).apiKey("bench").model("scripted").build();
      List<Sample> samples = new ArrayList<>();
      ArrayNode notCorrect = mapper.createArrayNode();
      ArrayNode all = mapper.createArrayNode();
      Map<String, Integer> errors = new TreeMap<>();
      Map<String, int[]> byDb = new TreeMap<>();
      int[] overall = new int[4]; // questions, answered, correct, errors
      long requests = 0;
      long repairs = 0;
      long broken = 0;
      long unknown = 0;
      long prepareMs = 0;
      for (String db : databases) {
        List<Map<String, String>> mine = questions.stream().filter(q -> db.equals(q.get("db_name"))).toList();
        Map<String, String> script = new LinkedHashMap<>();
        for (Map<String, String> q : mine) script.put(q.get("question").strip(), scriptedSql(q.get("query")));
        server.script(script);
        HikariDataSource ds = pool(contextUrl, db, db);
        pools.add(ds);
        SchemaSource source = shared != null ? shared : DialectSchemaSource.builder(ds).addSchema(db).build();
        DatabaseQueryAgent.Builder builder = DatabaseQueryAgent.builder().dataSource(ds).schemaSource(source)
            .sqlGenerator(generator).maxRepairAttempts(1);
        if (!masking) builder.accessPolicy(AccessPolicy.builder().sensitiveColumnDetection(false).build());
        try (DatabaseQueryAgent agent = builder.build(); Connection gold = ds.getConnection()) {
          gold.setReadOnly(true);
          long t0 = System.nanoTime();
          agent.prepare().join();
          prepareMs += (System.nanoTime() - t0) / 1_000_000;
          for (Map<String, String> q : mine) { // warm-up, unmeasured
            try {
              agent.query(q.get("question"));
            } catch (RuntimeException e) {
              // measured below
            }
          }
          server.resetCounters();
          int[] dbCounts = byDb.computeIfAbsent(db, k -> new int[4]);
          for (Map<String, String> q : mine) {
            String question = q.get("question");
            overall[0]++;
            dbCounts[0]++;
            List<Gold> golds = gold(gold, q.get("query"), question);
            long serverBefore = server.handlerNanos();
            long t1 = System.nanoTime();
            ObjectNode row = mapper.createObjectNode();
            row.put("db", db);
            row.put("question", question);
            String status;
            try {
              QueryResult r = agent.query(question);
              long wall = System.nanoTime() - t1;
              long inServer = server.handlerNanos() - serverBefore;
              long execute = r.timings().getOrDefault(Stage.EXECUTE, Duration.ZERO).toNanos();
              double overhead = (wall - inServer - execute) / 1e6;
              row.put("overheadMs", round(overhead));
              row.put("sql", r.sql());
              if (!r.answered()) {
                status = "clarified";
              } else {
                overall[1]++;
                dbCounts[1]++;
                boolean correct = golds.stream().anyMatch(g -> ResultMatcher.matches(g.rows(), r.rows(), g.ordered(), true));
                if (correct) {
                  status = "correct";
                  overall[2]++;
                  dbCounts[2]++;
                } else {
                  status = "wrong";
                  ObjectNode w = notCorrect.addObject();
                  w.put("db", db);
                  w.put("question", question);
                  w.put("sql", r.sql());
                  w.put("rows", r.rowCount());
                  w.put("truncated", r.truncated());
                  w.put("goldRows", golds.isEmpty() ? -1 : golds.get(0).rows().size());
                  w.put("goldSql", scriptedSql(q.get("query")));
                  ArrayNode warnings = w.putArray("warnings");
                  r.warnings().forEach(x -> warnings.add(x.toString()));
                }
              }
              samples.add(new Sample(db, question, status, overhead, r.timings()));
            } catch (RuntimeException e) {
              status = "error";
              overall[3]++;
              dbCounts[3]++;
              String key = e.getClass().getSimpleName();
              errors.merge(key, 1, Integer::sum);
              row.put("error", key + ": " + oneLine(e.getMessage()));
              ObjectNode w = notCorrect.addObject();
              w.put("db", db);
              w.put("question", question);
              w.put("error", key + ": " + oneLine(e.getMessage()));
              w.put("goldSql", scriptedSql(q.get("query")));
            }
            row.put("status", status);
            row.put("repairedFirstAnswer", ScriptedChatServer.breaksFirstAnswer(question));
            all.add(row);
          }
          requests += server.requests();
          repairs += server.repairsServed();
          broken += server.brokenServed();
          unknown += server.unknownQuestions();
        }
      }
      o.put("questions", overall[0]);
      o.put("answered", overall[1]);
      o.put("correct", overall[2]);
      o.put("errors", overall[3]);
      o.put("executionAccuracy", overall[0] == 0 ? 0 : round3((double) overall[2] / overall[0]));
      o.put("chatRequests", requests);
      o.put("brokenFirstAnswersServed", broken);
      o.put("repairsServed", repairs);
      o.put("unscriptedQuestions", unknown);
      ObjectNode errorsNode = o.putObject("errorsByType");
      errors.forEach(errorsNode::put);
      double[] overheads = samples.stream().mapToDouble(Sample::overheadMs).sorted().toArray();
      ObjectNode oh = o.putObject("overheadMs");
      oh.put("samples", overheads.length);
      oh.put("p50", round(percentile(overheads, 0.50)));
      oh.put("p95", round(percentile(overheads, 0.95)));
      oh.put("max", round(overheads.length == 0 ? 0 : overheads[overheads.length - 1]));
      oh.put("mean", round(Arrays.stream(overheads).average().orElse(0)));
      ObjectNode stages = o.putObject("stageMsP50");
      ObjectNode stages95 = o.putObject("stageMsP95");
      Map<Stage, List<Double>> perStage = new EnumMap<>(Stage.class);
      for (Sample s : samples) s.timings().forEach((k, v) -> perStage.computeIfAbsent(k, x -> new ArrayList<>()).add(v.toNanos() / 1e6));
      perStage.forEach((k, v) -> {
        double[] d = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        stages.put(k.name(), round(percentile(d, 0.5)));
        stages95.put(k.name(), round(percentile(d, 0.95)));
      });
      ObjectNode targets = o.putObject("targets");
      targets.put("executionAccuracyAtLeast0.99", overall[0] > 0 && (double) overall[2] / overall[0] >= 0.99);
      targets.put("overheadP50AtMost10ms", percentile(overheads, 0.5) <= 10);
      targets.put("overheadP95AtMost30ms", percentile(overheads, 0.95) <= 30);
      ObjectNode perDb = o.putObject("byDatabase");
      byDb.forEach((k, v) -> {
        ObjectNode d = perDb.putObject(k);
        d.put("questions", v[0]);
        d.put("answered", v[1]);
        d.put("correct", v[2]);
        d.put("errors", v[3]);
      });
      o.put("prepareMs", prepareMs);
      o.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
      o.set("notCorrect", notCorrect);
      if (details) o.set("questionDetails", all);
      generator.close();
    } finally {
      pools.forEach(HikariDataSource::close);
    }
    return o;
  }

  private static HikariDataSource pool(String jdbcUrl, String schema, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    if (schema != null) c.addDataSourceProperty("currentSchema", schema);
    c.setMaximumPoolSize(4);
    c.setMinimumIdle(1);
    c.setPoolName("llmbench-" + name);
    return new HikariDataSource(c);
  }

  private List<Gold> gold(Connection c, String goldField, String question) {
    List<Gold> out = new ArrayList<>();
    boolean asksOrder = ORDER_WORDS.matcher(question).matches();
    for (String alternative : GoldQueries.alternatives(goldField)) {
      for (String sql : GoldQueries.expand(alternative)) {
        String plain = unqualified(sql);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(plain)) {
          int n = rs.getMetaData().getColumnCount();
          List<List<Object>> rows = new ArrayList<>();
          while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
            rows.add(row);
          }
          out.add(new Gold(asksOrder && GoldQueries.hasTopLevelOrderBy(plain), rows));
        } catch (SQLException e) {
          System.err.println("gold query failed (" + e.getMessage() + "): " + plain);
        }
      }
    }
    return out;
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String oneLine(String s) {
    String m = String.valueOf(s).replaceAll("\\s+", " ").strip();
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  private static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }

  private static double round3(double d) {
    return Math.round(d * 1000) / 1000.0;
  }
}
