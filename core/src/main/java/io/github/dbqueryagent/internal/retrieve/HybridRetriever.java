package io.github.dbqueryagent.internal.retrieve;

import io.github.dbqueryagent.internal.index.EmbeddingIndex;
import io.github.dbqueryagent.internal.index.ExampleIndex;
import io.github.dbqueryagent.internal.index.LexicalIndex;
import io.github.dbqueryagent.internal.index.SchemaIndex;
import io.github.dbqueryagent.internal.index.Terms;
import io.github.dbqueryagent.internal.index.ValueIndex;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.EmbeddingModel;
import io.github.dbqueryagent.spi.FewShotExample;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hybrid schema linking over the shared {@link SchemaIndex}: several rankings of the tables fused by
 * reciprocal rank fusion, weighted by schema routing, completed along join paths, with no fixed table
 * cap — the {@link io.github.dbqueryagent.spi.TokenBudgeter} takes tables in this order until the budget
 * is used.
 *
 * <ol>
 *   <li><b>Rankings</b>: BM25 over table names, column names and comments/summaries (split, segmented,
 *       stemmed); sampled values the question names ("Brazil" → {@code customer.country}); when an
 *       {@link EmbeddingModel} is configured, cosine similarity of table descriptions to the question;
 *       for follow-ups, the previous question's terms and the tables of the previous SQL; the tables read by
 *       the {@linkplain FewShotExample few-shot examples} most like the question (BM25 over their questions;
 *       up to {@value #MAX_EXAMPLES}, handed forward in {@link Retrieval#examples()}).
 *   <li><b>Fusion</b>: reciprocal rank fusion, {@code Σ w / (k + rank)} with {@code k = 10} (Cormack,
 *       Clarke and Büttcher, 2009, "Reciprocal rank fusion outperforms Condorcet and individual rank
 *       learning methods").
 *   <li><b>Schema routing</b>: in a catalog of several schemas (databases), each schema is scored as a
 *       whole by how much of the question it covers — for each question term, the best field weight any of
 *       its tables gives it, weighted by the term's IDF, plus the values it holds — so that a schema that
 *       covers "customers", "cars" and "salespeople" beats one whose hundred tables all match "customer".
 *       Table scores are scaled by their schema's share of the best coverage, squared; tables of the
 *       schemas the question points to are all kept as candidates after those with evidence. This is the
 *       idea of DBCopilot's schema routing (Wang et al., 2023) and of CRUSH4SQL's collective retrieval
 *       (Kothyari et al., 2023), without a trained router.
 *   <li><b>Join completion</b>: the best tables (at least 35 % of the top score, up to six) are connected
 *       through bridge tables along the foreign-key graph — declared and inferred keys — with a
 *       Steiner-tree approximation ({@link JoinPaths}); the direct neighbours of the best tables get a
 *       share of their score, so link tables rank near the tables they link.
 * </ol>
 *
 * The result lists the best tables first, then their bridges, then every other candidate by fused score;
 * each with the columns the question matched. Thread-safe; the index is built once per catalog.
 */
public final class HybridRetriever implements Retriever {
  static final double RRF_K = 10;
  private static final int LEXICAL_DEPTH = 200;
  private static final int DENSE_DEPTH = 60;
  private static final int MAX_SEEDS = 6;
  private static final double SEED_SHARE = 0.35;
  private static final int MAX_HOPS = 4;
  /** The most few-shot examples handed forward. */
  static final int MAX_EXAMPLES = 3;
  /** Examples scoring below this share of the best are not handed forward. */
  private static final double EXAMPLE_SHARE = 0.5;
  /**
   * Schemas (or whole single-schema catalogs) of at most this many tables keep every table as a
   * candidate, after those with evidence, when the question is routed to them: a model sees the rest of a
   * small schema rather than nothing.
   */
  private static final int MAX_ROUTED_SCHEMA_TABLES = 40;

  private final EmbeddingModel embeddingModel;
  private final Path cacheDirectory;
  private final int maxCandidates;
  private final com.github.benmanes.caffeine.cache.Cache<List<FewShotExample>, ExampleIndex> exampleIndexes =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(4).build();

  /**
   * Creates the retriever.
   *
   * @param embeddingModel the dense model, or null for lexical and value retrieval only
   * @param cacheDirectory where table vectors are persisted, or null for memory only
   * @param maxCandidates the most tables returned, at least 1
   */
  public HybridRetriever(EmbeddingModel embeddingModel, Path cacheDirectory, int maxCandidates) {
    if (maxCandidates < 1) throw new IllegalArgumentException("maxCandidates must be at least 1: " + maxCandidates);
    this.embeddingModel = embeddingModel;
    this.cacheDirectory = cacheDirectory;
    this.maxCandidates = maxCandidates;
  }

  @Override
  public Retrieval retrieve(RetrievalRequest request) {
    Catalog catalog = request.catalog();
    if (catalog.tables().isEmpty()) return new Retrieval(List.of(), List.of());
    SchemaIndex index = SchemaIndex.of(catalog);
    LexicalIndex lexical = index.lexical(request.summaries());
    Set<String> terms = Terms.questionTerms(request.question());

    Map<TableName, Double> fused = new HashMap<>();
    Map<TableName, Set<String>> matched = new HashMap<>();
    // 1. lexical
    List<LexicalIndex.Hit> lexicalHits = lexical.search(terms, LEXICAL_DEPTH);
    addRanks(fused, tablesOf(lexicalHits), 1.0);
    for (LexicalIndex.Hit h : lexicalHits) {
      Set<String> cols = matched.computeIfAbsent(h.table(), k -> new LinkedHashSet<>());
      for (String term : terms) cols.addAll(lexical.columns(h.table(), term));
    }
    // 2. values
    List<ValueIndex.ValueMatch> values = index.values().find(request.question());
    List<TableName> valueTables = new ArrayList<>();
    for (ValueIndex.ValueMatch m : values) {
      if (!valueTables.contains(m.table())) valueTables.add(m.table());
      matched.computeIfAbsent(m.table(), k -> new LinkedHashSet<>()).add(m.column());
    }
    addRanks(fused, valueTables, 1.0);
    // 3. dense
    Map<TableName, Double> similarity = new HashMap<>();
    if (embeddingModel != null) {
      EmbeddingIndex dense = index.embeddings(embeddingModel, request.summaries(), Optional.ofNullable(cacheDirectory));
      List<EmbeddingIndex.Hit> hits = dense.search(request.question(), DENSE_DEPTH);
      List<TableName> ranked = new ArrayList<>();
      for (EmbeddingIndex.Hit h : hits) {
        ranked.add(h.table());
        similarity.put(h.table(), h.similarity());
      }
      addRanks(fused, ranked, 1.0);
    }
    // 4. follow-ups: the previous question's terms and the tables of the previous SQL
    List<Turn> history = request.history();
    if (!history.isEmpty()) {
      Turn last = history.get(history.size() - 1);
      Set<String> previous = new LinkedHashSet<>(Terms.questionTerms(last.question()));
      previous.removeAll(terms);
      addRanks(fused, tablesOf(lexical.search(previous, LEXICAL_DEPTH)), 0.5);
      addRanks(fused, tablesInSql(catalog, last.sql()), 0.8);
    }

    // 5. few-shot examples like the question, and the tables their SQL reads
    List<FewShotExample> examples = new ArrayList<>();
    if (!request.examples().isEmpty()) {
      ExampleIndex exampleIndex = exampleIndexes.get(request.examples(), ExampleIndex::new);
      List<TableName> exampleTables = new ArrayList<>();
      for (ExampleIndex.Hit hit : exampleIndex.search(terms, MAX_EXAMPLES, EXAMPLE_SHARE)) {
        examples.add(hit.example());
        for (TableName t : tablesInSql(catalog, hit.example().sql())) if (!exampleTables.contains(t)) exampleTables.add(t);
      }
      addRanks(fused, exampleTables, 0.8);
    }

    // 6. schema routing
    Map<Group, Double> groupFactor = routing(catalog, lexical, terms, values, similarity);
    Map<Group, Integer> groupSizes = new HashMap<>();
    for (Table t : catalog.tables()) groupSizes.merge(group(t.name()), 1, Integer::sum);
    Map<TableName, Double> evidence = new HashMap<>(); // reported: what the question matched, routed
    Map<TableName, Double> score = new HashMap<>(); // for ordering: evidence, plus small-schema prior and neighbours
    double prior = 1.0 / (RRF_K + LEXICAL_DEPTH);
    for (Table t : catalog.tables()) {
      Group g = group(t.name());
      double factor = groupFactor.getOrDefault(g, 1.0);
      double weight = 0.2 + 0.8 * factor;
      double base = fused.getOrDefault(t.name(), 0.0);
      if (base > 0) evidence.put(t.name(), base * weight);
      if (factor >= 0.5 && groupSizes.get(g) <= MAX_ROUTED_SCHEMA_TABLES) base += prior;
      if (base > 0) score.put(t.name(), base * weight);
    }
    if (score.isEmpty()) return new Retrieval(List.of(), List.of(), examples);

    // 7. seeds, their bridges, their neighbours
    List<TableName> ranked = sorted(score);
    double top = score.get(ranked.get(0));
    List<TableName> seeds = new ArrayList<>();
    for (TableName t : ranked) {
      if (seeds.size() >= MAX_SEEDS || score.get(t) < SEED_SHARE * top) break;
      if (fused.containsKey(t)) seeds.add(t);
    }
    List<TableName> bridges = new ArrayList<>();
    Map<Group, List<TableName>> seedsByGroup = new LinkedHashMap<>();
    for (TableName s : seeds) seedsByGroup.computeIfAbsent(group(s), k -> new ArrayList<>()).add(s);
    for (List<TableName> groupSeeds : seedsByGroup.values()) {
      for (TableName b : JoinPaths.bridges(index.graph(), groupSeeds, MAX_HOPS)) {
        if (!seeds.contains(b) && !bridges.contains(b)) bridges.add(b);
      }
    }
    for (TableName s : seeds) {
      double share = 0.3 * score.get(s);
      for (JoinGraph.Step step : index.graph().neighbours(s)) {
        if (!seeds.contains(step.to()) && group(step.to()).equals(group(s))) score.merge(step.to(), share, Double::sum);
      }
    }
    List<TableName> order = new ArrayList<>(seeds);
    order.addAll(bridges);
    Set<TableName> placed = new HashSet<>(order);
    for (TableName t : sorted(score)) {
      if (order.size() >= maxCandidates) break;
      if (placed.add(t)) order.add(t);
    }
    if (order.size() > maxCandidates) order = order.subList(0, maxCandidates);

    List<Retrieval.ScoredTable> tables = new ArrayList<>(order.size());
    for (TableName t : order) {
      double s = evidence.getOrDefault(t, 0.0);
      tables.add(new Retrieval.ScoredTable(t, s, new ArrayList<>(matched.getOrDefault(t, Set.of()))));
    }
    Set<TableName> chosen = new HashSet<>(order);
    List<Retrieval.JoinEdge> joins = new ArrayList<>();
    for (TableName t : order) {
      catalog.table(t).ifPresent(table -> table.foreignKeys().forEach(fk -> {
        if (chosen.contains(fk.referencedTable()) && !fk.referencedTable().equals(t)) joins.add(new Retrieval.JoinEdge(t, fk));
      }));
    }
    return new Retrieval(tables, joins, examples);
  }

  @Override
  public void prepare(Catalog catalog, Map<TableName, String> summaries) {
    SchemaIndex index = SchemaIndex.of(catalog);
    index.lexical(summaries);
    index.clusters();
    if (embeddingModel != null) index.embeddings(embeddingModel, summaries, Optional.ofNullable(cacheDirectory));
  }

  /**
   * Scores each schema by its coverage of the question and returns its share of the best, squared; one
   * entry per schema, empty when the catalog has a single schema.
   */
  private static Map<Group, Double> routing(Catalog catalog, LexicalIndex lexical, Set<String> terms,
      List<ValueIndex.ValueMatch> values, Map<TableName, Double> similarity) {
    Set<Group> groups = new LinkedHashSet<>();
    for (Table t : catalog.tables()) groups.add(group(t.name()));
    if (groups.size() < 2) return Map.of();
    Map<Group, Double> coverage = new HashMap<>();
    for (String term : terms) {
      double idf = lexical.idf(term);
      if (idf <= 0) continue;
      Map<Group, Double> best = new HashMap<>();
      for (Map.Entry<TableName, Double> e : lexical.postings(term).entrySet()) {
        best.merge(group(e.getKey()), e.getValue(), Math::max);
      }
      best.forEach((g, w) -> coverage.merge(g, idf * w / 3.0, Double::sum));
    }
    Map<Group, Set<String>> phrases = new HashMap<>();
    for (ValueIndex.ValueMatch m : values) phrases.computeIfAbsent(group(m.table()), k -> new HashSet<>()).add(m.phrase());
    phrases.forEach((g, ps) -> coverage.merge(g, 2.0 * ps.size(), Double::sum));
    if (!similarity.isEmpty()) {
      Map<Group, Double> bestSim = new HashMap<>();
      similarity.forEach((t, s) -> bestSim.merge(group(t), s, Math::max));
      bestSim.forEach((g, s) -> coverage.merge(g, 4.0 * Math.max(0, s), Double::sum));
    }
    double max = coverage.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    Map<Group, Double> out = new HashMap<>();
    for (Group g : groups) {
      double share = max <= 0 ? 1.0 : coverage.getOrDefault(g, 0.0) / max;
      out.put(g, share * share);
    }
    return out;
  }

  /** The routing unit of a table: its JDBC catalog and schema (a MySQL database is a JDBC catalog). */
  record Group(String catalog, String schema) {}

  static Group group(TableName t) {
    return new Group(t.catalog(), t.schema());
  }

  /**
   * Adds a ranking's reciprocal ranks. A table's rank is counted among the tables of its own schema: the
   * schemas are compared by routing, so a schema's best table is not pushed down by the many tables of
   * another schema that share one word with the question.
   */
  private static void addRanks(Map<TableName, Double> fused, List<TableName> ranked, double weight) {
    Map<Group, Integer> seen = new HashMap<>();
    for (TableName t : ranked) {
      int rank = seen.merge(group(t), 1, Integer::sum);
      fused.merge(t, weight / (RRF_K + rank), Double::sum);
    }
  }

  private static List<TableName> tablesOf(List<LexicalIndex.Hit> hits) {
    List<TableName> out = new ArrayList<>(hits.size());
    for (LexicalIndex.Hit h : hits) out.add(h.table());
    return out;
  }

  private static List<TableName> sorted(Map<TableName, Double> score) {
    List<TableName> out = new ArrayList<>(score.keySet());
    out.sort((a, b) -> {
      int c = Double.compare(score.get(b), score.get(a));
      return c != 0 ? c : a.compareTo(b);
    });
    return out;
  }

  /** The catalog's tables named in a SQL text, in order of appearance (a cheap scan, not a parse). */
  static List<TableName> tablesInSql(Catalog catalog, String sql) {
    if (sql == null || sql.isBlank()) return List.of();
    Set<String> words = new LinkedHashSet<>();
    for (String w : sql.split("[^\\p{L}\\p{N}_$]+")) if (!w.isEmpty()) words.add(w.toLowerCase(Locale.ROOT));
    List<TableName> out = new ArrayList<>();
    for (String w : words) {
      for (Table t : catalog.tablesNamed(w)) if (!out.contains(t.name())) out.add(t.name());
    }
    return out;
  }

  @Override
  public String toString() {
    return "HybridRetriever[" + (embeddingModel == null ? "lexical+values" : "lexical+values+" + embeddingModel.name())
        + ", maxCandidates=" + maxCandidates + "]";
  }
}
