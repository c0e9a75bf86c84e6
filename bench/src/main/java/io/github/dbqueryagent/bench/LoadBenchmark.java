package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.InvalidQuestionException;
import io.github.dbqueryagent.JdbcDataSources;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.Session;
import io.github.dbqueryagent.SqlExecutionException;
import io.github.dbqueryagent.SqlRejectedException;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many threads asking questions at once through {@code agent.query} and {@code session.ask} on
 * PostgreSQL over a HikariCP pool, to find concurrency bugs, connection leaks and memory growth, and
 * to measure throughput and latency under contention. Prints one JSON report.
 *
 * <p>The shop fixture is loaded into a fresh schema of its own and dropped afterwards. Each thread
 * repeats a cycle of 25 questions: 16 the offline generator answers, a two-turn session ("List the
 * customers", then "only those from Brazil"), 3 it answers with a clarification, and 4 that must fail:
 * a blank and an overlong question ({@link InvalidQuestionException}), and two scripted through a
 * generator wrapper that passes questions starting with {@code "sql: "} through verbatim: a {@code
 * DELETE} ({@link SqlRejectedException}) and a query on a missing column ({@link
 * SqlExecutionException} after one repair attempt). Every question is first asked once alone; under
 * load each outcome must equal that baseline (same rows, same clarification, same exception type).
 * Anything else, including any connection failure, is an <em>unexpected</em> error.
 *
 * <p>Usage: {@code LoadBenchmark [--url JDBC_URL] [--threads 64] [--questions 200] [--pool 16]};
 * {@code --questions} is per thread, the URL defaults to {@code DBQA_BENCH_PG_URL} or the local
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. Exits with 0 when all went as expected,
 * 1 when there were unexpected errors or connections still lent out at the end, 2 when PostgreSQL is
 * unreachable.
 */
public final class LoadBenchmark {
  private static final String SCRIPTED = "sql: ";
  private static final List<String> ANSWERED =
      List.of(
          "How many customers are from Brazil?",
          "How many products are there?",
          "List the customers",
          "How many orders are there?",
          "What is the average price of the products?",
          "How many customers are there in each country?",
          "Which products cost more than 20?",
          "What is the total of all orders?");
  private static final List<String> CLARIFIED =
      List.of("How many unicorns are there?", "What is the meaning of life?", "Tell me a joke");
  private static final List<String> FAILING =
      List.of(
          "   ",
          "How many customers are there? ".repeat(100),
          SCRIPTED + "DELETE FROM customer",
          SCRIPTED + "SELECT no_such_column FROM customer");
  private static final String SESSION_FIRST = "List the customers";
  private static final String SESSION_FOLLOW_UP = "only those from Brazil";
  private static final String SESSION = "\u0000session";

  private LoadBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String url = System.getenv().getOrDefault("DBQA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    int threads = 64;
    int perThread = 200;
    int poolSize = 16;
    for (int i = 0; i < args.length; i++) {
      boolean hasValue = i + 1 < args.length;
      switch (args[i]) {
        case "--url": if (hasValue) url = args[++i]; else usage(); break;
        case "--threads": if (hasValue) threads = positive(args[++i]); else usage(); break;
        case "--questions": if (hasValue) perThread = positive(args[++i]); else usage(); break;
        case "--pool": if (hasValue) poolSize = positive(args[++i]); else usage(); break;
        default: usage();
      }
    }
    ShopFixture fixture;
    try {
      fixture = ShopFixture.create(url);
    } catch (SQLException e) {
      System.err.println("PostgreSQL is not reachable at " + JdbcDataSources.maskUrl(url) + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    ObjectNode report;
    try {
      report = run(url, fixture, threads, perThread, poolSize);
    } finally {
      fixture.close();
    }
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    boolean ok = report.path("outcomes").path("unexpected").asLong() == 0 && report.path("pool").path("leaked").asLong() == 0;
    System.exit(ok ? 0 : 1);
  }

  private static int positive(String s) {
    try {
      int n = Integer.parseInt(s);
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println("expected a positive integer, got '" + s + "'");
    System.exit(2);
    return 0;
  }

  private static void usage() {
    System.err.println("usage: LoadBenchmark [--url JDBC_URL] [--threads 64] [--questions 200] [--pool 16]");
    System.exit(2);
  }

  /** The cycle of 25 questions each thread repeats; {@link #SESSION} stands for the two-turn session. */
  static List<String> cycle() {
    List<String> cycle = new ArrayList<>();
    cycle.addAll(ANSWERED);
    cycle.addAll(ANSWERED);
    cycle.add(SESSION);
    cycle.addAll(CLARIFIED);
    cycle.addAll(FAILING);
    return cycle;
  }

  private static ObjectNode run(String adminUrl, ShopFixture fixture, int threads, int perThread, int poolSize)
      throws Exception {
    String applicationName = "dbqa-load-" + fixture.schema();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(fixture.url());
    config.setPoolName("dbqa-load");
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(30_000);
    config.setLeakDetectionThreshold(30_000);
    config.addDataSourceProperty("ApplicationName", applicationName);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode report = mapper.createObjectNode();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    try (HikariDataSource pool = new HikariDataSource(config)) {
      DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(pool).sqlGenerator(new Scripted()).build();

      // baseline: every question once, alone
      Map<String, Outcome> baseline = new LinkedHashMap<>();
      for (String q : cycle()) {
        if (q.equals(SESSION)) {
          Session s = agent.session("baseline");
          baseline.put(SESSION_FIRST + " [session]", Outcome.of(() -> s.ask(SESSION_FIRST)));
          baseline.put(SESSION_FOLLOW_UP + " [session]", Outcome.of(() -> s.ask(SESSION_FOLLOW_UP)));
        } else {
          baseline.putIfAbsent(q, Outcome.of(() -> agent.query(q)));
        }
      }
      checkBaseline(baseline);

      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      AtomicLong heapMax = new AtomicLong(heapBefore);
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-sampler");
        t.setDaemon(true);
        return t;
      });
      sampler.scheduleAtFixedRate(
          () -> heapMax.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max), 0, 10, TimeUnit.MILLISECONDS);

      List<String> cycle = cycle();
      long[][] latencies = new long[threads][];
      Map<String, LongAdder> counts = new ConcurrentHashMap<>();
      Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();
      List<String> unexpectedSamples = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread worker = new Thread(() -> {
          long[] mine = new long[perThread];
          int asked = 0;
          int sessions = 0;
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          for (int i = 0; asked < perThread; i++) {
            String q = cycle.get((id * 7 + i) % cycle.size());
            List<String[]> turns = new ArrayList<>(); // {question, baseline key}
            Session session = null;
            if (q.equals(SESSION)) {
              if (perThread - asked < 2) continue;
              session = agent.session("load-" + id + "-" + sessions++);
              turns.add(new String[] {SESSION_FIRST, SESSION_FIRST + " [session]"});
              turns.add(new String[] {SESSION_FOLLOW_UP, SESSION_FOLLOW_UP + " [session]"});
            } else {
              turns.add(new String[] {q, q});
            }
            for (String[] turn : turns) {
              Session s = session;
              long begin = System.nanoTime();
              Outcome got = Outcome.of(() -> s == null ? agent.query(turn[0]) : s.ask(turn[0]));
              mine[asked++] = System.nanoTime() - begin;
              Outcome expected = baseline.get(turn[1]);
              if (got.equals(expected)) {
                counts.computeIfAbsent(got.category(), k -> new LongAdder()).increment();
              } else {
                String kind = got.failure != null ? got.failure : "wrong result";
                unexpected.computeIfAbsent(kind, k -> new LongAdder()).increment();
                if (unexpectedSamples.size() < 10) {
                  unexpectedSamples.add(abbreviate(turn[0]) + " -> " + got.describe() + " (expected " + expected.describe() + ")");
                }
              }
            }
          }
          latencies[id] = mine;
        }, "load-" + t);
        worker.start();
        workers.add(worker);
      }
      long began = System.nanoTime();
      start.countDown();
      for (Thread w : workers) w.join();
      long wall = System.nanoTime() - began;
      sampler.shutdown();
      sampler.awaitTermination(10, TimeUnit.SECONDS);

      HikariPoolMXBean mx = pool.getHikariPoolMXBean();
      int active = mx.getActiveConnections();
      int idle = mx.getIdleConnections();
      int total = mx.getTotalConnections();
      int awaiting = mx.getThreadsAwaitingConnection();
      int backends = backends(adminUrl, applicationName);
      long heapAtEnd = memory.getHeapMemoryUsage().getUsed();
      heapMax.accumulateAndGet(heapAtEnd, Math::max);
      System.gc();
      long heapAfter = memory.getHeapMemoryUsage().getUsed();

      long[] all = Arrays.stream(latencies).filter(Objects::nonNull).flatMapToLong(Arrays::stream).sorted().toArray();
      long questions = all.length;
      report.put("benchmark", "load");
      report.put("measuredAt", Instant.now().toString());
      report.put("database", databaseVersion(pool));
      report.put("url", JdbcDataSources.maskUrl(fixture.url()));
      report.put("threads", threads);
      report.put("questionsPerThread", perThread);
      report.put("poolSize", poolSize);
      report.put("processors", Runtime.getRuntime().availableProcessors());
      report.put("java", System.getProperty("java.version"));
      report.put("jvmArguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
      report.put("agent", agent.toString());
      ObjectNode mix = report.putObject("mixPerCycle");
      mix.put("answered", 2 * ANSWERED.size());
      mix.put("sessionTurns", 2);
      mix.put("clarifications", CLARIFIED.size());
      mix.put("expectedFailures", FAILING.size());
      report.put("totalQuestions", questions);
      report.put("wallSeconds", round(wall / 1e9, 3));
      report.put("throughputPerSecond", round(questions / (wall / 1e9), 1));

      ObjectNode outcomes = report.putObject("outcomes");
      long expectedFailures = 0;
      ObjectNode failuresByType = mapper.createObjectNode();
      for (Map.Entry<String, LongAdder> e : new java.util.TreeMap<>(counts).entrySet()) {
        if (e.getKey().startsWith("failure:")) {
          failuresByType.put(e.getKey().substring("failure:".length()), e.getValue().sum());
          expectedFailures += e.getValue().sum();
        }
      }
      outcomes.put("answered", sum(counts, "answered"));
      outcomes.put("clarifications", sum(counts, "clarification"));
      outcomes.put("expectedFailures", expectedFailures);
      outcomes.set("expectedFailuresByType", failuresByType);
      long unexpectedTotal = unexpected.values().stream().mapToLong(LongAdder::sum).sum();
      outcomes.put("unexpected", unexpectedTotal);
      ObjectNode unexpectedByType = outcomes.putObject("unexpectedByType");
      new java.util.TreeMap<>(unexpected).forEach((k, v) -> unexpectedByType.put(k, v.sum()));
      ArrayNode samples = outcomes.putArray("unexpectedSamples");
      unexpectedSamples.forEach(samples::add);

      ObjectNode latency = report.putObject("latencyMs");
      latency.put("p50", ms(percentile(all, 0.50)));
      latency.put("p95", ms(percentile(all, 0.95)));
      latency.put("p99", ms(percentile(all, 0.99)));
      latency.put("max", ms(all.length == 0 ? 0 : all[all.length - 1]));
      latency.put("mean", ms((long) Arrays.stream(all).average().orElse(0)));

      ObjectNode poolNode = report.putObject("pool");
      poolNode.put("active", active);
      poolNode.put("idle", idle);
      poolNode.put("total", total);
      poolNode.put("threadsAwaiting", awaiting);
      poolNode.put("serverBackends", backends);
      poolNode.put("leaked", active);

      ObjectNode heap = report.putObject("heapMb");
      heap.put("usedBefore", mb(heapBefore));
      heap.put("maxUsedDuring", mb(heapMax.get()));
      heap.put("usedAtEnd", mb(heapAtEnd));
      heap.put("usedAfterGc", mb(heapAfter));
      heap.put("maxHeap", mb(memory.getHeapMemoryUsage().getMax()));
      heap.put("sampledEveryMs", 10);
    }
    return report;
  }

  /** Refuses to measure when a question does not behave as its category says (the mix would lie). */
  private static void checkBaseline(Map<String, Outcome> baseline) {
    List<String> problems = new ArrayList<>();
    for (String q : ANSWERED) {
      if (!baseline.get(q).category().equals("answered")) problems.add(q + " was not answered: " + baseline.get(q).describe());
    }
    for (String q : CLARIFIED) {
      if (!baseline.get(q).category().equals("clarification")) problems.add(q + " was not clarified: " + baseline.get(q).describe());
    }
    for (String q : FAILING) {
      if (baseline.get(q).failure == null) problems.add(abbreviate(q) + " did not fail: " + baseline.get(q).describe());
    }
    Outcome followUp = baseline.get(SESSION_FOLLOW_UP + " [session]");
    if (!followUp.category().equals("answered") || followUp.rows.size() != 2) {
      problems.add("the session follow-up did not give the 2 Brazilian customers: " + followUp.describe());
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the question mix does not behave as declared: " + String.join("; ", problems));
    }
  }

  private static long sum(Map<String, LongAdder> counts, String key) {
    LongAdder a = counts.get(key);
    return a == null ? 0 : a.sum();
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(long nanos) {
    return round(nanos / 1e6, 2);
  }

  private static double mb(long bytes) {
    return round(bytes / (1024.0 * 1024.0), 1);
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  private static String abbreviate(String q) {
    return q.length() <= 60 ? "'" + q + "'" : "'" + q.substring(0, 40) + "...' (" + q.length() + " chars)";
  }

  private static String databaseVersion(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      return md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
    }
  }

  private static int backends(String adminUrl, String applicationName) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The offline generator, with {@code "sql: ..."} questions passed through verbatim (scripted failures). */
  private static final class Scripted implements SqlGenerator {
    private final SqlGenerator ruleBased = SqlGenerator.ruleBased();

    @Override
    public GeneratedSql generate(GenerationRequest request) {
      if (request.question().startsWith(SCRIPTED)) {
        return GeneratedSql.of(request.question().substring(SCRIPTED.length()), "scripted", 1.0);
      }
      return ruleBased.generate(request);
    }

    @Override
    public String name() {
      return "rule-based+scripted";
    }
  }

  /** What one question gave: rows, a clarification, or an exception type. Compared by value. */
  private static final class Outcome {
    final List<List<Object>> rows;
    final String clarification;
    final String failure;
    final String message;

    private Outcome(List<List<Object>> rows, String clarification, String failure, String message) {
      this.rows = rows;
      this.clarification = clarification;
      this.failure = failure;
      this.message = message;
    }

    static Outcome of(java.util.function.Supplier<QueryResult> ask) {
      try {
        QueryResult r = ask.get();
        if (!r.warnings().isEmpty()) {
          return new Outcome(null, null, "warning", r.warnings().get(0).message());
        }
        return new Outcome(r.rows(), r.clarification().orElse(null), null, null);
      } catch (SqlExecutionException e) {
        String type = e.isConnectionFailure() ? "connection failure" : e.getClass().getSimpleName();
        return new Outcome(null, null, type, e.getMessage());
      } catch (RuntimeException e) {
        return new Outcome(null, null, e.getClass().getSimpleName(), e.getMessage());
      }
    }

    String category() {
      if (failure != null) return "failure:" + failure;
      return clarification != null ? "clarification" : "answered";
    }

    String describe() {
      if (failure != null) return failure + ": " + message;
      if (clarification != null) return "clarification";
      return rows.size() + " rows " + (rows.size() <= 3 ? rows.toString() : "");
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Outcome)) return false;
      Outcome other = (Outcome) o;
      // clarification texts are not compared: they may name values found by lookups
      return Objects.equals(rows, other.rows)
          && (clarification == null) == (other.clarification == null)
          && Objects.equals(failure, other.failure);
    }

    @Override
    public int hashCode() {
      return Objects.hash(rows, clarification == null, failure);
    }
  }
}
