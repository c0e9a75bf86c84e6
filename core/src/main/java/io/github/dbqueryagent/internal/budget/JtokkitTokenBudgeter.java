package io.github.dbqueryagent.internal.budget;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.dbqueryagent.internal.index.SchemaClusters;
import io.github.dbqueryagent.internal.index.SchemaIndex;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.FewShotExample;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders tables as compact one-line signatures and counts tokens with jtokkit.
 *
 * <p>Each table is a comment line with its description and a signature line:
 *
 * <pre>
 * -- Customer: customer (13 columns); references Employee
 * Customer(CustomerId INTEGER PK, FirstName NVARCHAR, ..., SupportRepId INTEGER -&gt; Employee.EmployeeId)
 * </pre>
 *
 * Tables come in retrieval order (best first) and are chosen by marginal value, each at one of four
 * {@linkplain Level levels}: first as many tables as fit in half the budget in compact form (keys and the
 * columns the question matched, the rest counted as {@code ... n more}); then their other columns (up to
 * {@value #MAX_COLUMNS}, comments on matched columns only) up to 80 % of the budget; the most similar
 * {@linkplain Retrieval#examples() few-shot examples} within 15 %; more compact tables up to 90 %; the
 * tables' descriptions and comments, then sample values, up to the budget; up to 10 % for the "areas" of
 * a catalog of {@value #MIN_AREA_TABLES} tables or more (clusters of its foreign-key graph that no shown
 * table belongs to, one line each, so a model knows what else exists); then whatever tables, columns and
 * comments still fit. A table that does not fit even compact is listed in {@link SchemaContext#omitted()};
 * {@link SchemaContext#columns()} lists the columns rendered of each included table. Block token counts
 * are cached (the same tables are rendered for many questions); the final text is counted whole.
 *
 * <p>Columns with {@linkplain Column#sampleValues() sample values} show up to {@value
 * #MAX_SAMPLES_SHOWN} of them as SQL literals, with {@code ...} when there are more:
 *
 * <pre>
 * customer(customer_id INTEGER PK, country VARCHAR /* e.g. 'Brazil', 'Canada', 'USA' *&#47;)
 * </pre>
 *
 * Sample values are counted in the budget and are what goes first when it is tight. The result never
 * exceeds the budget: if the whole text counts more than its parts (tokens can merge at the joins), areas,
 * then examples, are dropped and the last tables stepped down to compact or left out until it fits.
 * Thread-safe (jtokkit encodings and the count cache are).
 */
public final class JtokkitTokenBudgeter implements TokenBudgeter {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  /** The fewest tokens any table rendering takes ("t(c X)" plus a newline is more than this). */
  private static final int MIN_TABLE_TOKENS = 4;

  /** The most columns rendered per table; wider tables show keys and matched columns first, then "... n more". */
  static final int MAX_COLUMNS = 40;

  /** Catalogs smaller than this get no "areas" lines. */
  static final int MIN_AREA_TABLES = 50;

  /** The most "areas" lines rendered. */
  static final int MAX_AREAS = 12;

  /** Tables in a row that do not fit before a pass over the candidates gives up. */
  private static final int MAX_MISSES = 8;

  /** The most sample values shown per column. */
  static final int MAX_SAMPLES_SHOWN = 5;

  private final Encoding encoding;

  /**
   * Token counts of rendered table blocks: the same tables are rendered again and again for the
   * questions about one catalog, and counting is most of the rendering's cost.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, Integer> blockTokens =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumWeight(8_000_000)
          .<String, Integer>weigher((k, v) -> 64 + 2 * k.length()).build();

  private JtokkitTokenBudgeter(Encoding encoding) {
    this.encoding = encoding;
  }

  /** Counts a table block's tokens, from the cache when it was counted before. */
  private int blockTokens(String block) {
    return blockTokens.get(block, encoding::countTokens);
  }

  /** Returns a budgeter with the encoding of a model family. */
  public static JtokkitTokenBudgeter forModel(String model) {
    Objects.requireNonNull(model, "model");
    String m = model.toLowerCase(Locale.ROOT);
    boolean o200k = m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-5")
        || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("chatgpt-4o");
    return new JtokkitTokenBudgeter(REGISTRY.getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE));
  }

  @Override
  public int countTokens(String text) {
    return encoding.countTokens(Objects.requireNonNull(text, "text"));
  }

  @Override
  public SchemaContext render(Catalog catalog, Retrieval retrieval, Map<TableName, String> summaries, int budget) {
    if (budget < 1) throw new IllegalArgumentException("budget must be at least 1: " + budget);
    List<Candidate> candidates = new ArrayList<>();
    Set<TableName> seen = new HashSet<>();
    for (Retrieval.ScoredTable st : retrieval.tables()) {
      if (!seen.add(st.table())) continue;
      Table table = catalog.table(st.table()).orElse(null);
      if (table != null) candidates.add(new Candidate(table, summaries.getOrDefault(table.name(), ""), st.matchedColumns()));
    }
    Fill fill = new Fill(catalog, budget);
    // marginal value: first as many relevant tables as possible in compact form, then their columns,
    // more tables, descriptions and comments, sample values, and whatever tables still fit
    fill.add(candidates, Level.COMPACT, budget / 2);
    fill.upgrade(Level.COLUMNS, budget * 4 / 5);
    String examples = fill.examples(retrieval.examples(), budget * 4 / 5 + budget * 3 / 20);
    fill.add(candidates, Level.COMPACT, budget * 9 / 10);
    fill.upgrade(Level.FULL, budget);
    fill.upgrade(Level.SAMPLES, budget);
    String areas = fill.areas(candidates, budget / 10);
    fill.add(candidates, Level.COMPACT, budget);
    fill.upgrade(Level.COLUMNS, budget);
    fill.upgrade(Level.FULL, budget);

    List<Candidate> included = new ArrayList<>();
    for (Candidate c : candidates) if (c.level != null) included.add(c);
    String rendered = join(included) + examples + areas;
    int tokens = countTokens(rendered);
    if (tokens > budget && !areas.isEmpty()) {
      areas = "";
      rendered = join(included) + examples;
      tokens = countTokens(rendered);
    }
    if (tokens > budget && !examples.isEmpty()) {
      examples = "";
      rendered = join(included);
      tokens = countTokens(rendered);
    }
    // token counts of concatenations can differ by a token at the joins: step the last tables down,
    // then drop them, until the text fits
    while (tokens > budget && !included.isEmpty()) {
      Candidate last = included.get(included.size() - 1);
      if (last.level != Level.COMPACT) {
        last.render(catalog, Level.COMPACT, this);
      } else {
        included.remove(included.size() - 1);
        last.level = null;
      }
      rendered = join(included);
      tokens = countTokens(rendered);
    }
    List<TableName> names = new ArrayList<>();
    List<TableName> omitted = new ArrayList<>();
    Map<TableName, List<String>> columns = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      if (c.level == null) {
        omitted.add(c.table.name());
      } else {
        names.add(c.table.name());
        columns.put(c.table.name(), c.columns);
      }
    }
    return new SchemaContext(rendered, tokens, names, omitted, columns);
  }

  /** How much of a table is rendered. */
  enum Level {
    /** Keys and the columns the question matched, types only; the rest counted as "... n more". */
    COMPACT,
    /** Every column (up to {@value JtokkitTokenBudgeter#MAX_COLUMNS}) with its type, comments on matched columns. */
    COLUMNS,
    /** Every column with its comment, and the table's description. */
    FULL,
    /** {@link #FULL} with sample values. */
    SAMPLES
  }

  /** A retrieved table and how it is rendered so far ({@code level} null: not included). */
  private static final class Candidate {
    final Table table;
    final String summary;
    final List<String> matched;
    Level level;
    String text = "";
    int cost;
    List<String> columns = List.of();

    Candidate(Table table, String summary, List<String> matched) {
      this.table = table;
      this.summary = summary;
      this.matched = matched;
    }

    /** Renders at a level and returns the token cost. */
    int render(Catalog catalog, Level at, JtokkitTokenBudgeter budgeter) {
      List<String> shown = new ArrayList<>();
      text = block(catalog, table, at, matched, summary, shown);
      cost = budgeter.blockTokens(text);
      columns = shown;
      level = at;
      return cost;
    }
  }

  /** The running state of one rendering: the tables included, best first, and the tokens used. */
  private final class Fill {
    private final Catalog catalog;
    private final int budget;
    private final List<Candidate> included = new ArrayList<>();
    private int used;

    Fill(Catalog catalog, int budget) {
      this.catalog = catalog;
      this.budget = budget;
    }

    /** Adds tables not yet included at {@code level}, in order, while the total stays within {@code limit}. */
    void add(List<Candidate> candidates, Level level, int limit) {
      int misses = 0;
      for (Candidate c : candidates) {
        if (c.level != null) continue;
        if (limit - used < MIN_TABLE_TOKENS || misses >= MAX_MISSES) return;
        int cost = c.render(catalog, level, JtokkitTokenBudgeter.this);
        if (used + cost <= limit) {
          used += cost;
          included.add(c);
        } else {
          c.level = null;
          misses++;
        }
      }
    }

    /**
     * Renders few-shot examples, best first, while the total stays within {@code limit}.
     *
     * @return the lines, possibly empty; their tokens are counted as used
     */
    String examples(List<FewShotExample> examples, int limit) {
      StringBuilder sb = new StringBuilder();
      for (FewShotExample e : examples) {
        String text = "-- Example question: " + oneLine(e.question()) + "\n-- Example SQL: " + oneLine(e.sql()) + "\n";
        int cost = blockTokens(text);
        if (used + cost > Math.min(limit, budget)) break;
        sb.append(text);
        used += cost;
      }
      return sb.toString();
    }

    /**
     * Renders the areas of the catalog (clusters of its foreign-key graph) that no included table belongs
     * to, largest first, within {@code limit} tokens, so that a model sees what else the database holds; only
     * for catalogs of at least {@value JtokkitTokenBudgeter#MIN_AREA_TABLES} tables with several areas.
     *
     * @return the lines, possibly empty; their tokens are counted as used
     */
    String areas(List<Candidate> candidates, int limit) {
      if (catalog.tables().size() < MIN_AREA_TABLES || limit < MIN_TABLE_TOKENS * 4) return "";
      List<SchemaClusters.Cluster> clusters = SchemaIndex.of(catalog).clusters();
      if (clusters.size() < 3) return "";
      Set<TableName> shown = new HashSet<>();
      for (Candidate c : candidates) if (c.level != null) shown.add(c.table.name());
      StringBuilder sb = new StringBuilder("-- Other areas of this database, not shown:\n");
      int header = blockTokens(sb.toString());
      int cost = header;
      int lines = 0;
      for (SchemaClusters.Cluster cluster : clusters) {
        if (lines >= MAX_AREAS || cluster.tables().size() < 2) continue;
        if (cluster.tables().stream().anyMatch(shown::contains)) continue;
        String line = "--   " + cluster.summary() + "\n";
        int lineCost = blockTokens(line);
        if (used + cost + lineCost > limit + used || used + cost + lineCost > budget) break;
        sb.append(line);
        cost += lineCost;
        lines++;
      }
      if (lines == 0) return "";
      used += cost;
      return sb.toString();
    }

    /** Raises included tables below {@code level} to it, best first, while the total stays within {@code limit}. */
    void upgrade(Level level, int limit) {
      for (Candidate c : included) {
        if (c.level.compareTo(level) >= 0) continue;
        if (level == Level.SAMPLES && !hasSamples(c.table)) continue;
        Level was = c.level;
        String text = c.text;
        int cost = c.cost;
        List<String> columns = c.columns;
        int newCost = c.render(catalog, level, JtokkitTokenBudgeter.this);
        if (used - cost + newCost <= Math.min(limit, budget) && !c.text.equals(text)) {
          used += newCost - cost;
        } else {
          c.level = was;
          c.text = text;
          c.cost = cost;
          c.columns = columns;
        }
      }
    }
  }

  private static String join(List<Candidate> tables) {
    StringBuilder sb = new StringBuilder();
    for (Candidate c : tables) sb.append(c.text);
    return sb.toString();
  }

  private static boolean hasSamples(Table table) {
    for (Column c : table.columns()) if (!c.sampleValues().isEmpty()) return true;
    return false;
  }

  /**
   * Renders one table at a level, adding the names of the columns shown to {@code shown}: {@link
   * Level#COMPACT} shows keys and matched columns; the other levels every column up to {@value
   * #MAX_COLUMNS} (keys and matched columns first when there are more), with comments on matched columns
   * only ({@link Level#COLUMNS}) or on all and the table's description ({@link Level#FULL}, {@link
   * Level#SAMPLES}, which adds sample values).
   */
  static String block(Catalog catalog, Table table, Level level, List<String> matched, String summary, List<String> shown) {
    Set<String> keys = new HashSet<>(table.primaryKey());
    for (ForeignKey fk : table.foreignKeys()) keys.addAll(fk.columns());
    List<String> only = null;
    if (level == Level.COMPACT || table.columns().size() > MAX_COLUMNS) {
      only = new ArrayList<>();
      for (Column c : table.columns()) if (keys.contains(c.name()) || matched.contains(c.name())) only.add(c.name());
      if (level != Level.COMPACT) {
        for (Column c : table.columns()) {
          if (only.size() >= MAX_COLUMNS) break;
          if (!only.contains(c.name())) only.add(c.name());
        }
      } else if (table.columns().size() - only.size() <= 2) {
        only = null; // "... 2 more" costs about as much as the two columns
      }
    }
    boolean full = level == Level.FULL || level == Level.SAMPLES;
    return block(catalog, table, full ? summary : "", only, level == Level.SAMPLES, full ? null : matched, shown);
  }

  /** Renders a whole table with its description; for tests and for callers that render one table. */
  static String block(Catalog catalog, Table table, String summary, List<String> onlyColumns, boolean samples) {
    return block(catalog, table, summary, onlyColumns, samples, null, new ArrayList<>());
  }

  /**
   * Renders one table; with {@code onlyColumns} non-null, only those columns (in table order); with {@code
   * samples}, each shown column's first {@value #MAX_SAMPLES_SHOWN} sample values; with {@code commented}
   * non-null, comments on those columns only.
   */
  static String block(Catalog catalog, Table table, String summary, List<String> onlyColumns, boolean samples,
      List<String> commented, List<String> shown) {
    StringBuilder sb = new StringBuilder();
    String name = table.name().toSql(catalog.dialect());
    if (!summary.isBlank()) sb.append("-- ").append(name).append(": ").append(oneLine(summary)).append('\n');
    Map<String, String> fkTargets = new HashMap<>();
    for (ForeignKey fk : table.foreignKeys()) {
      for (int i = 0; i < fk.columns().size(); i++) {
        // an inferred key is a likely join, not a constraint: the model is told so
        fkTargets.put(fk.columns().get(i), fk.referencedTable().toSql(catalog.dialect()) + "."
            + catalog.dialect().quote(fk.referencedColumns().get(i)) + (fk.inferred() ? " (inferred)" : ""));
      }
    }
    sb.append(table.kind() == Table.Kind.MATERIALIZED_VIEW ? "MATERIALIZED VIEW " : table.isView() ? "VIEW " : "").append(name).append('(');
    boolean first = true;
    int skipped = 0;
    for (Column c : table.columns()) {
      if (onlyColumns != null && !onlyColumns.contains(c.name())) {
        skipped++;
        continue;
      }
      shown.add(c.name());
      if (!first) sb.append(", ");
      first = false;
      sb.append(catalog.dialect().quote(c.name())).append(' ').append(shortType(c));
      if (table.primaryKey().contains(c.name())) sb.append(" PK");
      String target = fkTargets.get(c.name());
      if (target != null) sb.append(" -> ").append(target);
      if (!c.comment().isBlank() && (commented == null || commented.contains(c.name()))) {
        sb.append(" /* ").append(oneLine(c.comment()).replace("*/", "* /")).append(" */");
      }
      if (samples && !c.sampleValues().isEmpty()) sb.append(" /* e.g. ").append(samples(c)).append(" */");
    }
    if (skipped > 0) sb.append(first ? "" : ", ").append("... ").append(skipped).append(" more");
    sb.append(")\n");
    return sb.toString();
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  /** Up to {@value #MAX_SAMPLES_SHOWN} sample values as SQL string literals, then {@code ...} if there are more. */
  private static String samples(Column c) {
    List<String> values = c.sampleValues();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(MAX_SAMPLES_SHOWN, values.size()); i++) {
      if (i > 0) sb.append(", ");
      String literal = values.get(i).replace("'", "''").replace("*/", "* /").replace('\n', ' ').replace('\r', ' ');
      sb.append('\'').append(literal).append('\'');
    }
    if (values.size() > MAX_SAMPLES_SHOWN) sb.append(", ...");
    return sb.toString();
  }

  private static String shortType(Column c) {
    String t = c.typeName().isEmpty() ? "ANY" : c.typeName();
    int paren = t.indexOf('(');
    return paren > 0 ? t.substring(0, paren) : t;
  }

  @Override
  public String toString() {
    return "JtokkitTokenBudgeter[" + encoding.getName() + "]";
  }
}
