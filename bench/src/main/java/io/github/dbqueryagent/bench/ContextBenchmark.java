package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.spi.TableName;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Schema-retrieval recall and cost at scale: for each question, is every table of its gold query in
 * the schema context the agent renders ({@code agent.context(question, budget).context().tables()}),
 * how many tokens does that context take, and how long do retrieval and rendering take. Prints one
 * JSON document on standard output, progress on standard error.
 *
 * <p>Configurations (see {@link ContextDatabases} for how the databases are built):
 *
 * <ul>
 *   <li>{@code a}: each of the 11 defog databases alone (the catalog restricted to its schema), with
 *       its own questions.
 *   <li>{@code b}: the 11 defog databases as 11 schemas of one database, all 210 questions against
 *       the whole catalog (about 110 tables).
 *   <li>{@code c}: {@code b} plus the 1,000 tables of the synthetic {@code wide} catalog.
 *   <li>{@code d}: {@code c} with every declared foreign key dropped (the agent infers keys from
 *       names).
 *   <li>{@code e}: held out, never tuned against: Chinook, the bench's own hospital, university and
 *       logistics schemas and {@code wide}, with the hand-written questions of {@code
 *       context-heldout.json}.
 * </ul>
 *
 * <p>Gold tables: the tables of the first alternative of the gold SQL ({@link GoldTables}),
 * qualified with the question's database. Recall is the share of questions whose gold tables are all
 * rendered. Per configuration and budget: questions, recall, recall per database, the same for the
 * retrieval before rendering, mean and maximum tokens, the number over budget (must be 0), warm
 * RETRIEVE + BUDGET time p50/p95/max (a warm-up pass over all questions first), and errors. Per
 * configuration: the catalog size and the cold first question (a fresh agent: catalog read,
 * summaries, index building). For {@code b}-{@code e}, baselines: the tokens of the whole schema
 * rendered, and the recall of the 10 best tables by BM25 ({@link Bm25TableRanker}) and by MiniLM
 * embeddings ({@link EmbeddingTableRanker}), with the tokens those 10 tables take rendered whole.
 *
 * <p>Usage: {@code ContextBenchmark [--data DIR] [--url JDBC_URL] [--budgets 1000,2000,3000]
 * [--configs a,b,c,d,e] [--no-load | --reload] [--details] [--no-baselines] [--label TEXT] [--out FILE]
 * [--wide-script FILE]}. {@code --data} defaults to {@code ../shared/data}; {@code --url} to {@code
 * DBQA_BENCH_PG_URL}, else {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres} (the server;
 * its database is used only to connect); {@code --wide-script} to {@code wide_schema_pg.sql} in the
 * {@code bench} folder next to the data folder. Databases whose load is complete and current are
 * reused; {@code --reload} rebuilds them, {@code --no-load} never builds (and fails when one is
 * missing). {@code --details} lists every question not covered at each budget; {@code --label} is
 * copied into the report (say which retriever was measured); {@code --out} also writes the report to a
 * file (Maven 3.8 prints a stray colour code before a program's standard output). The embedding
 * vectors of the table documents are kept in {@code target/context-benchmark/} under the working
 * directory, so that later runs skip the 15-20 s of embedding. Exits with status 2
 * and a message when the data is missing, PostgreSQL is unreachable or {@code --no-load} finds no
 * load; 1 when a rendered context exceeded its budget or on any other failure.
 */
public final class ContextBenchmark {
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String HELD_OUT_QUESTIONS = "context-heldout.json";
  private static final List<String> CONFIGS = List.of("a", "b", "c", "d", "e");
  private static final int TOP_K = 10;

  private final ObjectMapper mapper = new ObjectMapper();
  private final PrintStream log = System.err;
  private final int[] budgets;
  private final boolean details;
  private final boolean baselines;
  private final Path embeddingCache;
  private EmbeddingTableRanker.Vectors vectors;
  private int overBudget;

  private ContextBenchmark(int[] budgets, boolean details, boolean baselines, Path embeddingCache) {
    this.embeddingCache = embeddingCache;
    this.budgets = budgets;
    this.details = details;
    this.baselines = baselines;
  }

  /**
   * Entry point; see the class documentation for the arguments.
   *
   * @param args the command-line arguments
   * @throws Exception when the benchmark fails for a reason other than those that exit with status 2
   */
  public static void main(String[] args) throws Exception {
    Path data = Paths.get("../shared/data");
    Path wideScript = null;
    String env = System.getenv("DBQA_BENCH_PG_URL");
    String url = env == null || env.isBlank() ? DEFAULT_URL : env;
    int[] budgets = {1000, 2000, 3000};
    Set<String> configs = new LinkedHashSet<>(CONFIGS);
    ContextDatabases.Mode mode = ContextDatabases.Mode.ENSURE;
    boolean details = false;
    boolean baselines = true;
    String label = "";
    Path outFile = null;
    Path embeddingCache = Paths.get("target", "context-benchmark", "embeddings-all-minilm-l6-v2-q.bin");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean valued = Set.of("--data", "--url", "--budgets", "--configs", "--label", "--wide-script", "--out").contains(a);
      if (valued && i + 1 >= args.length) usage("missing value after " + a);
      switch (a) {
        case "--data" -> data = Paths.get(args[++i]);
        case "--url" -> url = args[++i];
        case "--wide-script" -> wideScript = Paths.get(args[++i]);
        case "--label" -> label = args[++i];
        case "--out" -> outFile = Paths.get(args[++i]);
        case "--budgets" -> budgets = budgets(args[++i]);
        case "--configs" -> configs = configs(args[++i]);
        case "--no-load" -> mode = ContextDatabases.Mode.REUSE;
        case "--reload" -> mode = ContextDatabases.Mode.RELOAD;
        case "--details" -> details = true;
        case "--no-baselines" -> baselines = false;
        default -> usage("unknown argument " + a);
      }
    }
    if (wideScript == null) wideScript = data.toAbsolutePath().normalize().getParent().resolve("bench").resolve("wide_schema_pg.sql");
    Path defog = data.resolve("defog");
    List<Path> required = new ArrayList<>(List.of(defog.resolve("questions").resolve("questions_gen_postgres.csv"),
        defog.resolve("databases"), wideScript));
    if (configs.contains("e")) required.add(data.resolve("chinook").resolve("Chinook_PostgreSql.sql"));
    for (Path p : required) {
      if (!Files.exists(p)) {
        System.err.println("evaluation data missing: " + p.toAbsolutePath().normalize()
            + " (expected ../shared/data and ../shared/bench from the working directory, or pass --data DIR"
            + " / --wide-script FILE; see ../shared/data/README.md)");
        System.exit(2);
      }
    }
    String server;
    try (Connection c = DriverManager.getConnection(url)) {
      server = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      System.err.println("PostgreSQL unreachable at " + mask(url) + ": " + e.getMessage()
          + " (start the server or set DBQA_BENCH_PG_URL / --url)");
      System.exit(2);
      return;
    }
    ContextBenchmark bench = new ContextBenchmark(budgets, details, baselines, embeddingCache);
    ObjectNode report;
    try {
      report = bench.run(data, url, wideScript, configs, mode, label, server);
    } catch (ContextDatabases.MissingLoadException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String json = bench.mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    System.out.println(json);
    if (outFile != null) {
      if (outFile.toAbsolutePath().getParent() != null) Files.createDirectories(outFile.toAbsolutePath().getParent());
      Files.writeString(outFile, json + System.lineSeparator(), StandardCharsets.UTF_8);
      System.err.println("report written to " + outFile.toAbsolutePath().normalize());
    }
    if (bench.overBudget > 0) {
      System.err.println(bench.overBudget + " rendered contexts exceeded their token budget (see overBudget)");
      System.exit(1);
    }
  }

  private ObjectNode run(Path data, String url, Path wideScript, Set<String> configs, ContextDatabases.Mode mode,
      String label, String server) throws IOException, SQLException {
    long started = System.nanoTime();
    Path defog = data.resolve("defog");
    List<String> databases;
    try (Stream<Path> dirs = Files.list(defog.resolve("databases"))) {
      databases = dirs.filter(p -> Files.exists(p.resolve(p.getFileName() + ".sql")))
          .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    ObjectNode report = mapper.createObjectNode();
    report.put("benchmark", "context-at-scale");
    report.put("label", label);
    report.put("timestamp", Instant.now().toString());
    report.put("server", server);
    report.put("url", mask(url));
    report.put("javaVersion", System.getProperty("java.version"));
    report.put("retriever", "the agent's default (DatabaseQueryAgent.builder() without retriever(...))");
    report.put("core", coreLocation());
    ArrayNode b = report.putArray("budgets");
    for (int x : budgets) b.add(x);
    ObjectNode method = report.putObject("method");
    method.put("goldTables", "tables of the first alternative of the gold SQL ({a, b} expanded), found by jsqlparser,"
        + " CTE names excluded, qualified with the question's database (schema)");
    method.put("recall", "share of questions whose gold tables are all in the rendered context (context().tables());"
        + " retrievalRecall: all in retrieval().tables(), before the budget");
    method.put("warmMs", "RETRIEVE + BUDGET stage time per question, in a second pass (the first warms up)");
    method.put("coldFirstQuestion", "a fresh agent and schema source: the catalog read (catalogReadMs), agent.prepare()"
        + " building the summaries and the schema index (prepareMs: join graph, Lucene index, clusters), then wall time"
        + " of the first context() call and its stages");
    method.put("baselines", "top-" + TOP_K + " tables by BM25 (Lucene, EnglishAnalyzer) and by all-MiniLM-L6-v2-q cosine"
        + " over one document per table (schema, name and column words, comments); tokens: those tables rendered whole");

    List<ContextRun.Question> defogQuestions = defogQuestions(defog);
    ContextDatabases dbs = new ContextDatabases(url, data, wideScript, log);
    long loadStart = System.nanoTime();
    ObjectNode loads = report.putObject("databases");
    if (configs.stream().anyMatch(c -> Set.of("a", "b", "c", "d").contains(c))) {
      loads.set(ContextDatabases.CONTEXT, dbs.ensure(ContextDatabases.CONTEXT, databases, mode));
    }
    if (configs.contains("d")) loads.set(ContextDatabases.NO_FK, dbs.ensure(ContextDatabases.NO_FK, databases, mode));
    if (configs.contains("e")) loads.set(ContextDatabases.HELD_OUT, dbs.ensure(ContextDatabases.HELD_OUT, databases, mode));
    long loadMs = (System.nanoTime() - loadStart) / 1_000_000;

    ObjectNode out = report.putObject("configurations");
    List<String> withWide = new ArrayList<>(databases);
    withWide.add(ContextDatabases.WIDE);
    for (String config : configs) {
      long t0 = System.nanoTime();
      log.println("configuration " + config + " ...");
      switch (config) {
        case "a" -> out.set("a", perDatabase(dbs, databases, defogQuestions));
        case "b" -> out.set("b", whole("the 11 defog databases as 11 schemas of one database, all questions",
            ContextDatabases.CONTEXT, dbs, databases, defogQuestions));
        case "c" -> out.set("c", whole("b plus the 1,000 tables of the synthetic wide schema",
            ContextDatabases.CONTEXT, dbs, withWide, defogQuestions));
        case "d" -> out.set("d", whole("c with every declared foreign key dropped",
            ContextDatabases.NO_FK, dbs, withWide, defogQuestions));
        case "e" -> out.set("e", whole("held out: chinook, hospital, university, logistics and wide schemas;"
            + " hand-written questions (" + HELD_OUT_QUESTIONS + ")", ContextDatabases.HELD_OUT, dbs,
            List.of("chinook", "hospital", "university", "logistics", ContextDatabases.WIDE), heldOutQuestions()));
        default -> throw new IllegalStateException(config);
      }
      ((ObjectNode) out.get(config)).put("elapsedMs", (System.nanoTime() - t0) / 1_000_000);
    }
    if (vectors != null) {
      vectors.save();
      long[] work = vectors.work();
      ObjectNode e = report.putObject("embedding");
      e.put("model", vectors.name());
      e.put("vectorsFromCacheFile", vectors.fromFile());
      e.put("textsEmbedded", work[0]);
      e.put("embeddingMs", work[1]);
    }
    ObjectNode elapsed = report.putObject("elapsedMs");
    elapsed.put("total", (System.nanoTime() - started) / 1_000_000);
    elapsed.put("loadOrCheck", loadMs);
    report.put("overBudgetTotal", overBudget);
    return report;
  }

  // ---------------------------------------------------------------- configurations

  /** Configuration a: one agent per defog database, its schema only. */
  private ObjectNode perDatabase(ContextDatabases dbs, List<String> databases, List<ContextRun.Question> questions) {
    ObjectNode o = mapper.createObjectNode();
    o.put("description", "each defog database alone: the catalog restricted to its schema, its own questions");
    o.put("database", ContextDatabases.CONTEXT);
    Map<Integer, List<ContextRun.Measured>> byBudget = new LinkedHashMap<>();
    ObjectNode tables = mapper.createObjectNode();
    ObjectNode cold = mapper.createObjectNode();
    Set<String> missingGold = new TreeSet<>();
    int total = 0;
    double coldMax = 0;
    for (String db : databases) {
      List<ContextRun.Question> mine = questions.stream().filter(q -> q.db().equals(db)).collect(Collectors.toList());
      if (mine.isEmpty()) continue;
      ContextRun run = new ContextRun(db, dbs.url(ContextDatabases.CONTEXT), List.of(db), mine, budgets[0], log);
      ContextRun.Cold c = run.cold(budgets[0]);
      cold.put(db, round(c.millis()));
      coldMax = Math.max(coldMax, c.millis());
      int n = run.catalog().tables().size();
      tables.put(db, n);
      total += n;
      missingGold.addAll(run.goldNotInCatalog());
      run.warmUp(budgets[0]);
      for (int budget : budgets) byBudget.computeIfAbsent(budget, k -> new ArrayList<>()).addAll(run.pass(budget));
    }
    ObjectNode catalog = o.putObject("catalog");
    catalog.put("tables", total);
    catalog.set("tablesByDb", tables);
    putGoldCheck(o, missingGold);
    ObjectNode coldNode = o.putObject("coldFirstQuestionMs");
    coldNode.put("max", round(coldMax));
    coldNode.set("byDb", cold);
    ObjectNode perBudget = o.putObject("byBudget");
    byBudget.forEach((budget, measured) -> perBudget.set(String.valueOf(budget), stats(measured, budget, true)));
    return o;
  }

  /** Configurations b-e: one agent over several schemas, all questions. */
  private ObjectNode whole(String description, String database, ContextDatabases dbs, List<String> schemas,
      List<ContextRun.Question> questions) {
    ObjectNode o = mapper.createObjectNode();
    o.put("description", description);
    o.put("database", database);
    ArrayNode s = o.putArray("schemas");
    schemas.forEach(s::add);
    ContextRun run = new ContextRun(database, dbs.url(database), schemas, questions, budgets[0], log);
    ContextRun.Cold cold = run.cold(budgets[0]);
    ObjectNode catalog = o.putObject("catalog");
    run.catalogSize().forEach(catalog::put);
    putGoldCheck(o, run.goldNotInCatalog());
    ObjectNode c = o.putObject("coldFirstQuestion");
    c.put("catalogReadMs", round(cold.catalogMillis()));
    c.put("prepareMs", round(cold.prepareMillis()));
    c.put("ms", round(cold.millis()));
    ObjectNode stages = c.putObject("stagesMs");
    cold.stages().forEach((stage, ms) -> stages.put(stage.name(), round(ms)));
    run.warmUp(budgets[0]);
    ObjectNode perBudget = o.putObject("byBudget");
    for (int budget : budgets) perBudget.set(String.valueOf(budget), stats(run.pass(budget), budget, true));
    if (baselines) {
      ObjectNode base = o.putObject("baselines");
      base.put("fullSchemaTokens", run.fullSchemaTokens());
      Map<TableName, String> docs = TableDocuments.of(run.catalog());
      Bm25TableRanker bm25 = new Bm25TableRanker(docs);
      base.set("bm25Top" + TOP_K, baselineStats(run.baseline(q -> bm25.top(q, TOP_K))));
      if (vectors == null) {
        log.println("loading the embedding model ...");
        vectors = new EmbeddingTableRanker.Vectors(embeddingCache);
      }
      long t0 = System.nanoTime();
      EmbeddingTableRanker dense = new EmbeddingTableRanker(docs, vectors);
      log.println("  embedded " + docs.size() + " table documents (cached ones skipped) in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      base.set("embeddingTop" + TOP_K, baselineStats(run.baseline(q -> dense.top(q, TOP_K))));
    }
    return o;
  }

  private void putGoldCheck(ObjectNode o, Set<String> missing) {
    if (missing.isEmpty()) return;
    log.println("warning: gold tables not in the catalog: " + missing);
    ArrayNode a = o.putArray("goldTablesNotInCatalog");
    missing.forEach(a::add);
  }

  // ---------------------------------------------------------------- figures

  private ObjectNode stats(List<ContextRun.Measured> measured, int budget, boolean byDb) {
    ObjectNode o = mapper.createObjectNode();
    int n = measured.size();
    long covered = measured.stream().filter(ContextRun.Measured::covered).count();
    long retrieved = measured.stream().filter(ContextRun.Measured::retrievedAll).count();
    o.put("questions", n);
    o.put("covered", covered);
    o.put("recall", ratio(covered, n));
    o.put("retrievalRecall", ratio(retrieved, n));
    if (byDb) o.set("recallByDb", recallByDb(measured));
    ObjectNode tokens = o.putObject("tokens");
    tokens.put("mean", round(measured.stream().mapToInt(ContextRun.Measured::tokens).average().orElse(0)));
    tokens.put("max", measured.stream().mapToInt(ContextRun.Measured::tokens).max().orElse(0));
    o.put("meanTablesRendered", round(measured.stream().mapToInt(m -> m.rendered().size()).average().orElse(0)));
    long over = measured.stream().filter(m -> m.tokens() > budget).count();
    overBudget += (int) over;
    o.put("overBudget", over);
    o.set("warmMs", percentiles(measured));
    long errors = measured.stream().filter(m -> m.error() != null).count();
    o.put("errors", errors);
    if (errors > 0) {
      ArrayNode e = o.putArray("errorSamples");
      measured.stream().filter(m -> m.error() != null).limit(5).forEach(m -> e.add(m.question().db() + ": " + m.error()));
    }
    if (details) o.set("misses", misses(measured));
    return o;
  }

  private ObjectNode baselineStats(List<ContextRun.Measured> measured) {
    ObjectNode o = mapper.createObjectNode();
    long covered = measured.stream().filter(ContextRun.Measured::covered).count();
    o.put("k", TOP_K);
    o.put("covered", covered);
    o.put("recall", ratio(covered, measured.size()));
    o.set("recallByDb", recallByDb(measured));
    ObjectNode tokens = o.putObject("tokensOfTopK");
    tokens.put("mean", round(measured.stream().mapToInt(ContextRun.Measured::tokens).average().orElse(0)));
    tokens.put("max", measured.stream().mapToInt(ContextRun.Measured::tokens).max().orElse(0));
    o.set("rankMs", percentiles(measured));
    if (details) o.set("misses", misses(measured));
    return o;
  }

  private ObjectNode recallByDb(List<ContextRun.Measured> measured) {
    Map<String, long[]> by = new TreeMap<>();
    for (ContextRun.Measured m : measured) {
      long[] c = by.computeIfAbsent(m.question().db(), k -> new long[2]);
      c[0]++;
      if (m.covered()) c[1]++;
    }
    ObjectNode o = mapper.createObjectNode();
    by.forEach((db, c) -> o.put(db, ratio(c[1], c[0])));
    return o;
  }

  private ObjectNode percentiles(List<ContextRun.Measured> measured) {
    double[] ms = measured.stream().filter(m -> m.error() == null).mapToDouble(ContextRun.Measured::millis).toArray();
    Arrays.sort(ms);
    ObjectNode o = mapper.createObjectNode();
    o.put("p50", round(percentile(ms, 0.50)));
    o.put("p95", round(percentile(ms, 0.95)));
    o.put("max", round(ms.length == 0 ? 0 : ms[ms.length - 1]));
    return o;
  }

  /** Nearest-rank percentile of sorted values; 0 when empty. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private ArrayNode misses(List<ContextRun.Measured> measured) {
    ArrayNode a = mapper.createArrayNode();
    for (ContextRun.Measured m : measured) {
      if (m.covered()) continue;
      ObjectNode x = a.addObject();
      x.put("db", m.question().db());
      x.put("question", m.question().question());
      ArrayNode gold = x.putArray("gold");
      m.question().gold().forEach(gold::add);
      ArrayNode missing = x.putArray("missing");
      m.question().gold().stream().filter(g -> !m.rendered().contains(g)).forEach(missing::add);
      ArrayNode rendered = x.putArray("rendered");
      m.rendered().forEach(rendered::add);
      if (!m.retrieved().equals(m.rendered())) {
        ArrayNode retrieved = x.putArray("retrieved");
        m.retrieved().forEach(retrieved::add);
      }
      x.put("tokens", m.tokens());
      if (m.error() != null) x.put("error", m.error());
    }
    return a;
  }

  // ---------------------------------------------------------------- questions

  private List<ContextRun.Question> defogQuestions(Path defog) throws IOException {
    List<ContextRun.Question> out = new ArrayList<>();
    String csv = Files.readString(defog.resolve("questions").resolve("questions_gen_postgres.csv"), StandardCharsets.UTF_8);
    for (Map<String, String> row : CsvReader.readWithHeader(csv)) {
      String db = row.get("db_name");
      out.add(new ContextRun.Question(db, row.get("question"), GoldTables.of(row.get("query"), db)));
    }
    return out;
  }

  /** The held-out questions of {@value #HELD_OUT_QUESTIONS} (a class-path resource). */
  static List<ContextRun.Question> heldOutQuestions() throws IOException {
    JsonNode root;
    try (InputStream in = ContextBenchmark.class.getResourceAsStream("/" + HELD_OUT_QUESTIONS)) {
      if (in == null) throw new IOException("resource missing: " + HELD_OUT_QUESTIONS);
      root = new ObjectMapper().readTree(in);
    }
    List<ContextRun.Question> out = new ArrayList<>();
    for (JsonNode q : root.path("questions")) {
      Set<String> gold = new TreeSet<>();
      for (JsonNode t : q.path("tables")) gold.add(t.asText().toLowerCase(Locale.ROOT));
      out.add(new ContextRun.Question(q.path("db").asText(), q.path("question").asText(), gold));
    }
    return out;
  }

  // ---------------------------------------------------------------- arguments and helpers

  private static int[] budgets(String list) {
    try {
      int[] out = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .mapToInt(Integer::parseInt).toArray();
      if (out.length == 0 || Arrays.stream(out).anyMatch(x -> x < 1)) usage("--budgets: positive integers, comma-separated: " + list);
      return out;
    } catch (NumberFormatException e) {
      usage("--budgets: positive integers, comma-separated: " + list);
      return new int[0];
    }
  }

  private static Set<String> configs(String list) {
    Set<String> out = new LinkedHashSet<>();
    for (String c : list.split(",")) {
      String x = c.strip().toLowerCase(Locale.ROOT);
      if (!CONFIGS.contains(x)) usage("--configs: a subset of " + String.join(",", CONFIGS) + ", got " + c);
      out.add(x);
    }
    if (out.isEmpty()) usage("--configs: at least one of " + String.join(",", CONFIGS));
    // keep the canonical order
    Set<String> ordered = new LinkedHashSet<>();
    for (String c : CONFIGS) if (out.contains(c)) ordered.add(c);
    return ordered;
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: ContextBenchmark [--data DIR] [--url JDBC_URL] [--budgets 1000,2000,3000]"
        + " [--configs a,b,c,d,e] [--no-load | --reload] [--details] [--no-baselines] [--label TEXT] [--out FILE]"
        + " [--wide-script FILE]");
    System.exit(2);
  }

  /**
   * Where the agent's classes come from and when that jar or folder was last changed: the bench runs
   * whatever core is installed, so the report says which one.
   */
  private static String coreLocation() {
    try {
      Path p = Paths.get(DatabaseQueryAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return p + " (modified " + Files.getLastModifiedTime(p) + ")";
    } catch (Exception e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }

  private static double ratio(long a, long n) {
    return n == 0 ? 0 : Math.round(1000.0 * a / n) / 1000.0;
  }

  private static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }

  private static String mask(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
