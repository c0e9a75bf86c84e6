package io.github.dbqueryagent.bench;

import io.github.dbqueryagent.ContextResult;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.JdbcDataSources;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.introspect.DialectSchemaSource;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Measures one agent over one catalog: the cold first question, a warm-up pass, then one measured
 * pass per token budget; and, on request, the top-k baselines over the same catalog. Not
 * thread-safe; one instance per catalog.
 *
 * <p>The agent is built as a user would build it, {@code DatabaseQueryAgent.builder().dataSource(ds)
 * .schemaSource(source).tokenBudget(budget).build()}, with the agent's default summarizer, retriever
 * and budgeter, and a {@link DialectSchemaSource} restricted to the unit's schemas (its change probe
 * every hour instead of every 30 seconds, so that no probe query runs during a pass).
 */
final class ContextRun {
  /** A question with its gold tables (lower-case {@code schema.table}). */
  record Question(String db, String question, Set<String> gold) {}

  /**
   * One question as measured at one budget.
   *
   * @param rendered the rendered tables, lower-case {@code schema.table}, in rendered order
   * @param retrieved the retrieved tables, likewise
   * @param tokens tokens of the rendered context
   * @param millis RETRIEVE + BUDGET stage time
   * @param error the exception, when {@code context} threw (then nothing is covered)
   */
  record Measured(Question question, List<String> rendered, List<String> retrieved, int tokens, double millis, String error) {
    boolean covered() {
      return error == null && rendered.containsAll(question.gold());
    }

    boolean retrievedAll() {
      return error == null && retrieved.containsAll(question.gold());
    }
  }

  /**
   * A fresh agent: the catalog read, then {@code agent.prepare()} (summaries and the schema index, built
   * once per catalog), then the first question's wall time and stage times.
   */
  record Cold(double catalogMillis, double prepareMillis, double millis, Map<Stage, Double> stages) {}

  private final String name;
  private final DataSource dataSource;
  private final DialectSchemaSource source;
  private final DatabaseQueryAgent agent;
  private final List<Question> questions;
  private final PrintStream log;
  private Catalog catalog;
  private Map<TableName, String> summaries;

  /**
   * @param name what is measured, for progress lines
   * @param url the database
   * @param schemas the schemas the catalog is restricted to
   * @param questions the questions
   * @param budget the agent's configured token budget
   */
  ContextRun(String name, String url, List<String> schemas, List<Question> questions, int budget, PrintStream log) {
    this.name = name;
    this.questions = List.copyOf(questions);
    this.log = log;
    this.dataSource = JdbcDataSources.fromUrl(url, null, null);
    DialectSchemaSource.Builder b = DialectSchemaSource.builder(dataSource).probeInterval(Duration.ofHours(1));
    schemas.forEach(b::addSchema);
    this.source = b.build();
    this.agent = DatabaseQueryAgent.builder().dataSource(dataSource).schemaSource(source).tokenBudget(budget).build();
  }

  /**
   * Reads the catalog, prepares the agent (summaries and schema index) and asks the first question of
   * the fresh agent, timing each; call first. When the question fails (the question
   * guard refused it, say), the time until the failure is reported without stages; the measured pass
   * counts the failure.
   */
  Cold cold(int budget) {
    long c0 = System.nanoTime();
    source.catalog();
    long c1 = System.nanoTime();
    try {
      agent.prepare().join();
    } catch (RuntimeException e) {
      log.println("  " + name + ": prepare failed: " + e);
    }
    long c2 = System.nanoTime();
    long t0 = System.nanoTime();
    Map<Stage, Double> stages = new EnumMap<>(Stage.class);
    try {
      ContextResult r = agent.context(questions.get(0).question(), budget);
      r.timings().forEach((s, d) -> stages.put(s, d.toNanos() / 1e6));
    } catch (RuntimeException e) {
      log.println("  " + name + ": the first question failed: " + e);
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    catalog = source.catalog();
    return new Cold((c1 - c0) / 1e6, (c2 - c1) / 1e6, ms, stages);
  }

  /** Asks every question once at a budget, discarding the results (JIT, caches). */
  void warmUp(int budget) {
    for (Question q : questions) {
      try {
        agent.context(q.question(), budget);
      } catch (RuntimeException e) {
        // counted in the measured pass
      }
    }
  }

  /** Asks every question at a budget and measures it. */
  List<Measured> pass(int budget) {
    List<Measured> out = new ArrayList<>(questions.size());
    for (Question q : questions) {
      try {
        ContextResult r = agent.context(q.question(), budget);
        double ms = millis(r.timings().get(Stage.RETRIEVE)) + millis(r.timings().get(Stage.BUDGET));
        List<String> rendered = keys(r.context().tables());
        List<String> retrieved = new ArrayList<>();
        for (Retrieval.ScoredTable t : r.retrieval().tables()) retrieved.add(TableDocuments.key(t.table()));
        out.add(new Measured(q, rendered, retrieved, r.context().tokens(), ms, null));
      } catch (RuntimeException e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        out.add(new Measured(q, List.of(), List.of(), 0, 0, e.getClass().getSimpleName() + ": "
            + (m.length() > 120 ? m.substring(0, 120) : m)));
      }
    }
    log.println("  " + name + " @" + budget + ": " + out.stream().filter(Measured::covered).count() + "/" + out.size() + " covered");
    return out;
  }

  /** The catalog the agent saw (after {@link #cold}). */
  Catalog catalog() {
    return catalog;
  }

  /** Catalog size: tables, columns, declared and inferred foreign keys. */
  Map<String, Integer> catalogSize() {
    int declared = 0;
    int inferred = 0;
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        if (fk.inferred()) inferred++;
        else declared++;
      }
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put("tables", catalog.tables().size());
    out.put("columns", catalog.columnCount());
    out.put("declaredForeignKeys", declared);
    out.put("inferredForeignKeys", inferred);
    return out;
  }

  /** Gold tables of the questions that are not in the catalog, sorted; empty when all are. */
  Set<String> goldNotInCatalog() {
    Set<String> have = new TreeSet<>();
    for (Table t : catalog.tables()) have.add(TableDocuments.key(t.name()));
    Set<String> out = new TreeSet<>();
    for (Question q : questions) {
      for (String g : q.gold()) if (!have.contains(g)) out.add(g);
    }
    return out;
  }

  /**
   * Tokens of every table of the catalog as the default budgeter renders them (full columns, heuristic
   * summaries), without a budget: what "put the whole schema in the prompt" costs.
   */
  int fullSchemaTokens() {
    List<TableName> all = new ArrayList<>();
    for (Table t : catalog.tables()) all.add(t.name());
    return renderTokens(all);
  }

  /**
   * Ranks tables for every question with a top-k baseline and renders the k tables in full.
   *
   * @param ranker question to its top tables
   * @return one measurement per question: rendered = retrieved = the k tables, tokens of rendering
   *     them whole, time of the ranking
   */
  List<Measured> baseline(Function<String, List<TableName>> ranker) {
    List<Measured> out = new ArrayList<>();
    for (Question q : questions) {
      long t0 = System.nanoTime();
      List<TableName> top = ranker.apply(q.question());
      double ms = (System.nanoTime() - t0) / 1e6;
      List<String> keys = keys(top);
      out.add(new Measured(q, keys, keys, renderTokens(top), ms, null));
    }
    return out;
  }

  private int renderTokens(List<TableName> tables) {
    if (summaries == null) summaries = Summarizer.heuristic().summarize(catalog);
    List<Retrieval.ScoredTable> scored = new ArrayList<>();
    for (TableName t : tables) scored.add(new Retrieval.ScoredTable(t, 1.0, List.of()));
    return TokenBudgeter.defaults().render(catalog, new Retrieval(scored, List.of()), summaries, Integer.MAX_VALUE).tokens();
  }

  private static List<String> keys(List<TableName> tables) {
    Set<String> out = new LinkedHashSet<>();
    for (TableName t : tables) out.add(TableDocuments.key(t));
    return new ArrayList<>(out);
  }

  private static double millis(Duration d) {
    return d == null ? 0 : d.toNanos() / 1e6;
  }
}
