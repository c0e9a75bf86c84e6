package io.github.dbqueryagent.internal.generate;

import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.internal.generate.QuestionText.Token;
import io.github.dbqueryagent.internal.retrieve.JoinGraph;
import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** One run of the rule-based generator over one question. Not thread-safe; used once. */
final class RuleAnalysis {
  private static final int MAX_VALUE_TABLES = 10;
  private static final int MAX_VALUE_COLUMNS = 15;
  private static final int MAX_HOPS = 4;
  private static final Map<String, Semantic> VERB_SEMANTICS =
      Map.of("cost", Semantic.PRICE, "costs", Semantic.PRICE, "costing", Semantic.PRICE, "priced", Semantic.PRICE,
          "last", Semantic.LENGTH, "lasts", Semantic.LENGTH, "lasting", Semantic.LENGTH, "weigh", Semantic.WEIGHT,
          "weighs", Semantic.WEIGHT, "weighing", Semantic.WEIGHT);
  private static final Set<String> CONTAINS_WORDS =
      Set.of("contains", "containing", "contain", "like", "including", "includes", "mentioning", "mention", "mentions");
  private static final Set<String> NAME_HEADS = Set.of("name", "code", "title", "label");
  private static final Set<String> TEMPORAL_HEADS = Set.of("date", "time", "timestamp", "at", "on", "dt", "ts");

  record TMention(Table table, int start, int end) {}

  record CMention(Table table, Column column, int start, int end, boolean full) {}

  record VMention(Table table, Column column, String value, int start, int end) {}

  record Ref(Table table, Column column) {}

  /** An SQL fragment rendered once aliases are known. */
  interface Expr extends Function<Aliases, String> {}

  private final GenerationRequest request;
  private final SchemaIndex index;
  private final QuestionText q;
  private final Dialect dialect;
  private final int n;
  private final boolean[] explained;
  private final boolean[] schemaWord;
  private final List<Table> candidates = new ArrayList<>();
  private final List<TMention> tableMentions = new ArrayList<>();
  private final List<CMention> columnMentions = new ArrayList<>();
  private final List<VMention> values = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> filters = new ArrayList<>();
  private double confidence = 0.9;

  // the query being assembled
  private Table base;
  private final List<Expr> select = new ArrayList<>();
  private final List<String> selectAliases = new ArrayList<>();
  private final List<Expr> where = new ArrayList<>();
  private final List<Expr> groupBy = new ArrayList<>();
  private final List<Expr> having = new ArrayList<>();
  private Expr orderBy;
  private boolean orderDesc;
  private Integer limit;
  private boolean distinct;
  private boolean distinctOnFanOut;
  private String outer;
  private String renderedSql;
  private final LinkedHashSet<Table> needed = new LinkedHashSet<>();

  RuleAnalysis(GenerationRequest request, SchemaIndex index, String question) {
    this.request = request;
    this.index = index;
    this.q = QuestionText.parse(question);
    this.dialect = request.dialect();
    this.n = q.size();
    this.explained = new boolean[n];
    this.schemaWord = new boolean[n];
  }

  GeneratedSql run() {
    if (n == 0) {
      return GeneratedSql.clarify("What would you like to know about the data?", "the question has no words");
    }
    chooseCandidateTables();
    findTableMentions();
    findColumnMentions();
    markVocabulary();
    findValues();
    try {
      return build();
    } catch (Unanswerable u) {
      return GeneratedSql.clarify(u.getMessage(), String.join("; ", notes));
    }
  }

  /** Thrown when the question cannot be answered confidently; the message is the clarification. */
  private static final class Unanswerable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unanswerable(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------- linking

  private void chooseCandidateTables() {
    List<Table> all = index.catalog.tables();
    if (all.size() <= 60) {
      // small catalogs: every table, retrieved ones first
      for (Retrieval.ScoredTable st : request.retrieval().tables()) {
        index.catalog.table(st.table()).ifPresent(candidates::add);
      }
      for (Table t : all) if (!candidates.contains(t)) candidates.add(t);
    } else {
      for (Retrieval.ScoredTable st : request.retrieval().tables()) {
        index.catalog.table(st.table()).ifPresent(candidates::add);
      }
    }
  }

  private void findTableMentions() {
    for (Table t : candidates) {
      List<String> stems = index.tableStems(t);
      if (stems.isEmpty()) continue;
      for (int i = 0; i + stems.size() <= n; i++) {
        if (matchesAt(i, stems)) tableMentions.add(new TMention(t, i, i + stems.size()));
      }
      // "order items" for a table "order_item_details"? no: only whole names, or the name without a
      // generic prefix such as "tbl_" / "dim_" / "fact_"
      if (stems.size() >= 2 && Set.of("tbl", "tb", "dim", "fact", "t").contains(stems.get(0))) {
        List<String> rest = stems.subList(1, stems.size());
        for (int i = 0; i + rest.size() <= n; i++) {
          if (matchesAt(i, rest)) tableMentions.add(new TMention(t, i, i + rest.size()));
        }
      }
    }
    // keep the longest mention at each position ("media type" over "type")
    tableMentions.sort(Comparator.comparingInt((TMention m) -> m.start).thenComparingInt(m -> -(m.end - m.start)));
    List<TMention> kept = new ArrayList<>();
    for (TMention m : tableMentions) {
      boolean covered = false;
      for (TMention k : kept) {
        if (m.start >= k.start && m.end <= k.end && (m.end - m.start) < (k.end - k.start)) covered = true;
      }
      if (!covered) kept.add(m);
    }
    tableMentions.clear();
    tableMentions.addAll(kept);
    for (TMention m : tableMentions) markSchema(m.start, m.end);
  }

  private void findColumnMentions() {
    for (Table t : candidates) {
      for (Column c : t.columns()) {
        List<String> stems = index.columnStems(t, c);
        if (stems.isEmpty()) continue;
        List<String> noId = stems;
        if (stems.size() >= 2 && stems.get(stems.size() - 1).equals("id")) noId = stems.subList(0, stems.size() - 1);
        boolean onlyId = stems.size() == 1 && stems.get(0).equals("id");
        for (int i = 0; i < n; i++) {
          if (!onlyId && i + stems.size() <= n && matchesAt(i, stems)) {
            columnMentions.add(new CMention(t, c, i, i + stems.size(), true));
          } else if (noId != stems && i + noId.size() <= n && matchesAt(i, noId) && !sameAsTable(noId)) {
            columnMentions.add(new CMention(t, c, i, i + noId.size(), true));
          } else if (stems.size() >= 2 && NAME_HEADS.contains(stems.get(stems.size() - 1))
              && !noId.subList(0, stems.size() - 1).equals(index.tableStems(t)) && i + stems.size() - 1 <= n
              && matchesAt(i, stems.subList(0, stems.size() - 1)) && !Words.isStopword(q.get(i).lower)) {
            // "city" for city_name, "state" for state_code
            columnMentions.add(new CMention(t, c, i, i + stems.size() - 1, false));
          } else if (stems.size() >= 2 && c.isTemporal() && TEMPORAL_HEADS.contains(stems.get(stems.size() - 1))
              && i + stems.size() - 1 <= n && matchesAt(i, stems.subList(0, stems.size() - 1))
              && !Words.isStopword(q.get(i).lower)) {
            // "hired" for HireDate, "shipped" for shipped_at
            columnMentions.add(new CMention(t, c, i, i + stems.size() - 1, true));
          } else if (stems.size() >= 2 && !onlyId) {
            // the head word alone: "country" for BillingCountry
            String head = stems.get(stems.size() - 1);
            if (!head.equals("id") && q.get(i).matches(head) && !Words.isStopword(q.get(i).lower)) {
              columnMentions.add(new CMention(t, c, i, i + 1, false));
            }
          }
          // the table's own name prefixed: "genre name" also links through the table mention
        }
      }
    }
    for (CMention m : columnMentions) {
      if (m.full) markSchema(m.start, m.end);
    }
  }

  private boolean sameAsTable(List<String> stems) {
    for (Table t : index.catalog.tables()) {
      if (index.tableStems(t).equals(stems)) return true;
    }
    return false;
  }

  private boolean matchesAt(int i, List<String> stems) {
    for (int k = 0; k < stems.size(); k++) {
      if (!q.get(i + k).matches(stems.get(k))) return false;
    }
    return true;
  }

  private void markVocabulary() {
    for (int i = 0; i + 1 < n; i++) {
      String w = q.get(i).lower;
      String next = q.get(i + 1).lower;
      if ((w.startsWith("look") && next.equals("after")) || (w.equals("responsible") && next.equals("for"))
          || (w.equals("taken") && next.equals("care")) || (w.equals("in") && next.equals("charge"))
          || (w.equals("deal") || w.equals("deals") || w.equals("dealt")) && next.equals("with")) {
        explained[i] = true;
        explained[i + 1] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      Token t = q.get(i);
      String w = t.lower;
      if (t.quoted) continue;
      if (Words.isStopword(w) || Vocabulary.COUNT_WORDS.contains(w)
          || Vocabulary.SUM_WORDS.contains(w) || Vocabulary.MAX_WORDS.contains(w) || Vocabulary.MIN_WORDS.contains(w)
          || Vocabulary.DISTINCT_WORDS.contains(w)
          || Vocabulary.LIST_WORDS.contains(w) || Vocabulary.RELATION_WORDS.contains(w)
          || w.equals("than") || w.equals("least") || w.equals("top") || w.equals("first") || w.equals("last")) {
        explained[i] = true;
      }
    }
  }

  private void findValues() {
    // candidate phrases: quoted text whole; otherwise spans of up to 4 tokens not explained as schema
    Map<String, int[]> spans = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      if (q.get(i).quoted) {
        int j = i;
        while (j < n && q.get(j).quoted) j++;
        spans.put(q.raw(i, j), new int[] {i, j});
        i = j - 1;
      }
    }
    for (int len = 4; len >= 1; len--) {
      for (int i = 0; i + len <= n; i++) {
        boolean ok = true;
        boolean capitalized = false;
        boolean unexplained = false;
        for (int k = i; k < i + len; k++) {
          Token t = q.get(k);
          if (t.quoted) ok = false;
          if (t.isCapitalized() && k > 0) capitalized = true;
          if (!explained[k] && !schemaWord[k]) unexplained = true;
        }
        if (!ok) continue;
        Token first = q.get(i);
        Token last = q.get(i + len - 1);
        if (Words.isStopword(first.lower) || Words.isStopword(last.lower)) continue;
        if (len == 1 && first.isNumber()) continue;
        if (len == 1 && isOperationWord(first.lower)) continue;
        if (!capitalized && !unexplained && !(len == 1 && schemaWord[i] && !explained[i])) continue;
        spans.putIfAbsent(q.raw(i, i + len), new int[] {i, i + len});
      }
    }
    if (spans.isEmpty()) return;
    List<String> phrases = new ArrayList<>(spans.keySet());
    for (Map.Entry<String, int[]> e : new ArrayList<>(spans.entrySet())) {
      if (e.getValue()[1] - e.getValue()[0] > 1 && !q.get(e.getValue()[0]).quoted) {
        phrases.add(e.getKey().replace(' ', '_'));
        phrases.add(e.getKey().replace(' ', '-'));
      }
    }
    // tables to look in: mentioned tables, their neighbours, then the retrieved ones
    LinkedHashSet<Table> tables = new LinkedHashSet<>();
    for (TMention m : tableMentions) tables.add(m.table);
    for (TMention m : new ArrayList<>(tableMentions)) {
      for (JoinGraph.Step s : index.graph.neighbours(m.table.name())) index.catalog.table(s.to()).ifPresent(tables::add);
    }
    tables.addAll(candidates);
    List<VMention> found = new ArrayList<>();
    Set<String> wanted = lowerCase(phrases);
    int looked = 0;
    for (Table t : tables) {
      // sample values cost no query: they are matched in every table; lookups stay bounded
      boolean lookups = looked++ < MAX_VALUE_TABLES;
      int cols = 0;
      for (Column c : t.columns()) {
        if (!c.isText() || index.isKey(t, c)) continue;
        List<String> samples = sampleValues(t, c);
        List<String> hits;
        if (!samples.isEmpty()) {
          hits = matchSamples(samples, wanted);
        } else {
          if (!lookups || cols++ >= MAX_VALUE_COLUMNS) continue;
          request.cancellation().throwIfCancelled(Stage.GENERATE);
          hits = request.values().find(t, c, phrases);
        }
        for (String hit : hits) {
          for (Map.Entry<String, int[]> e : spans.entrySet()) {
            if (e.getKey().equalsIgnoreCase(hit.strip())
                || (!q.get(e.getValue()[0]).quoted && e.getKey().equalsIgnoreCase(hit.strip().replace('_', ' ').replace('-', ' ')))) {
              found.add(new VMention(t, c, hit, e.getValue()[0], e.getValue()[1]));
            }
          }
        }
      }
    }
    // longest spans first, then the best column for each span
    found.sort(Comparator.comparingInt((VMention v) -> -(v.end - v.start)).thenComparingDouble(v -> -valueScore(v)));
    boolean[] used = new boolean[n];
    for (VMention v : found) {
      if (v.start > 0 && CONTAINS_WORDS.contains(q.get(v.start - 1).lower)) continue;
      if (v.start > 0 && q.get(v.start - 1).lower.equals("with") && v.end < n && q.get(v.end).lower.equals("in")) continue;
      boolean free = true;
      for (int k = v.start; k < v.end; k++) if (used[k]) free = false;
      if (!free) continue;
      // a lower-case single word that is also a schema word is more likely the schema word
      if (v.end - v.start == 1 && !q.get(v.start).quoted && !q.get(v.start).isCapitalized()
          && (explained[v.start] || schemaWord[v.start]) && !valueOfMentionedTable(v)) {
        continue;
      }
      values.add(v);
      for (int k = v.start; k < v.end; k++) used[k] = true;
      mark(v.start, v.end);
      if (!q.get(v.start).quoted && !q.get(v.start).isCapitalized()) confidence -= 0.05;
    }
    values.sort(Comparator.comparingInt(v -> v.start));
  }

  /**
   * The column's sample values in the request's catalog. The schema index is cached by fingerprint,
   * which sample values are not part of, so they are read from the request's own catalog.
   */
  private List<String> sampleValues(Table t, Column c) {
    if (index.catalog == request.catalog()) return c.sampleValues();
    return request.catalog().table(t.name()).flatMap(table -> table.column(c.name()))
        .map(Column::sampleValues).orElse(List.of());
  }

  /**
   * Value linking against a column's sample values, which hold all its values in the rows sampled:
   * the samples equal to a candidate ignoring case (and surrounding blanks), in their stored spelling.
   *
   * @param wanted the candidates as {@link #lowerCase} gives them
   */
  static List<String> matchSamples(List<String> samples, Set<String> wanted) {
    List<String> hits = new ArrayList<>();
    for (String s : samples) {
      if (wanted.contains(s.strip().toLowerCase(Locale.ROOT))) hits.add(s);
    }
    return hits;
  }

  /** The candidates stripped and lower-cased, for {@link #matchSamples}. */
  static Set<String> lowerCase(List<String> candidates) {
    Set<String> out = new HashSet<>();
    for (String c : candidates) out.add(c.strip().toLowerCase(Locale.ROOT));
    return out;
  }

  /**
   * Whether a lower-case value word that is also a schema word should still be read as a value: its
   * column is in a table the question names, and the word names no column or table of the named
   * tables ("orders" ... "shipped" is a status of orders, not the shipped_date of shipments).
   */
  private boolean valueOfMentionedTable(VMention v) {
    if (explained[v.start]) return false;
    boolean tableNamed = false;
    for (TMention m : tableMentions) {
      if (m.table.equals(v.table)) tableNamed = true;
      if (m.start <= v.start && v.start < m.end) return false;
    }
    if (!tableNamed) return false;
    for (CMention m : columnMentions) {
      if (m.start <= v.start && v.start < m.end) {
        for (TMention t : tableMentions) if (t.table.equals(m.table)) return false;
      }
    }
    return true;
  }

  /** Prefers the column whose table or own name is mentioned next to the value. */
  private double valueScore(VMention v) {
    double s = 0;
    for (TMention m : tableMentions) {
      if (m.table.equals(v.table)) {
        s += 1.5;
        if (m.end == v.start || m.start == v.end || m.end + 1 == v.start) s += 3;
      }
    }
    for (CMention m : columnMentions) {
      if (m.table.equals(v.table) && m.column.equals(v.column)) {
        if (m.end == v.start || m.end + 1 == v.start || m.start == v.end) s += 2.5;
        else s += 1;
      }
    }
    if (!tableMentions.isEmpty() && tableMentions.get(0).table.equals(v.table)) s += 1;
    if (index.displayColumns(v.table).contains(v.column)) s += 0.5;
    if (!tableMentions.isEmpty()) {
      Optional<List<JoinGraph.Step>> p =
          index.graph.shortestPath(tableMentions.get(0).table.name(), v.table.name(), MAX_HOPS);
      s -= p.map(l -> 0.2 * l.size()).orElse(1.0);
    }
    return s;
  }

  /** Renders the query, then requires every word of the question to be explained. */
  private void checkExplainedAndRender() {
    Aliases aliases = new Aliases(base, needed, index, dialect);
    renderedSql = render(aliases);
    // words naming a table the query joins, or a column it uses, are explained
    for (TMention m : tableMentions) {
      if (aliases.joins(m.table)) mark(m.start, m.end);
    }
    for (CMention m : columnMentions) {
      if (m.full && aliases.usedColumns.contains(new Ref(m.table, m.column))) mark(m.start, m.end);
    }
    for (Ref r : aliases.usedColumns) {
      List<String> stems = index.columnStems(r.table, r.column);
      for (int i = 0; i < n; i++) {
        if (explained[i] || Words.isStopword(q.get(i).lower)) continue;
        for (String st : stems) {
          if (st.length() >= 3 && q.get(i).matches(st)) explained[i] = true;
        }
      }
    }
    checkExplained();
  }

  /** The reading of the question: "number of customers where Country = 'Brazil'; per Country". */
  private String explanation() {
    StringBuilder sb = new StringBuilder(notes.isEmpty() ? "" : notes.get(0));
    if (!filters.isEmpty()) sb.append(" where ").append(String.join(" and ", filters));
    for (int i = 1; i < notes.size(); i++) sb.append("; ").append(notes.get(i));
    return sb.toString();
  }

  private void markSchema(int from, int to) {
    for (int k = from; k < to; k++) schemaWord[k] = true;
  }

  private void mark(int from, int to) {
    for (int k = from; k < to; k++) explained[k] = true;
  }

  // ---------------------------------------------------------------- building

  private GeneratedSql build() {
    String lower = q.lower;
    boolean countQuestion = lower.matches(".*\\b(how many|number of|count of|count the|count all|count how)\\b.*")
        || (q.get(0).lower.equals("count"));
    int groupStart = findGroupStart();
    int groupEnd = -1;
    if (groupStart < 0 && countQuestion && n > 2 && (q.get(0).lower.equals("which") || q.get(0).lower.equals("what"))) {
      int at = q.get(1).lower.equals("the") ? 2 : 1;
      TMention x = tableMentionAt(at);
      int countAt = q.indexOf(0, "many", "number", "count");
      if (x != null && countAt > x.end) {
        for (TMention y : tableMentions) {
          if (y.start > countAt && !y.table.equals(x.table)) {
            groupStart = at; // "which users ... how many reviews": per user
            groupEnd = x.end;
            break;
          }
        }
        if (groupStart < 0) throw unanswerable("Do you want the list of " + q.get(at).raw + " or how many there are?");
      }
    }
    Set<Integer> groupTokens = new HashSet<>();
    if (groupStart >= 0) {
      for (int k = groupStart; k < (groupEnd >= 0 ? groupEnd : n) && !isBoundary(k); k++) groupTokens.add(k);
    }

    // the entity the question is about
    TMention entity = null;
    for (TMention m : tableMentions) {
      if (groupTokens.contains(m.start)) continue;
      if (isValueQualifier(m)) continue;
      entity = m;
      break;
    }

    Integer topN = findTopN();
    Superlative sup = findSuperlative();
    if (sup != null && sup.at >= 0) explained[sup.at] = true;
    if (sup != null && sup.viaNumberOf) countQuestion = false; // "the highest number of authors" ranks
    Aggregate agg = findAggregate(countQuestion, sup, topN);
    if (agg != null && sup != null && ("MIN".equals(agg.fn) || "MAX".equals(agg.fn)) && sup.at == agg.at) {
      sup = null; // "the smallest invoice total": the superlative is the aggregate itself
    }

    // measure for sum/avg/min/max
    Measure measure = null;
    if (agg != null && agg.fn != null && !agg.fn.equals("COUNT")) {
      measure = findMeasure(agg, entity, groupStart);
      if (measure == null) {
        throw unanswerable("I could not tell which numeric column to " + describeFn(agg.fn) + ".");
      }
    }
    if (measure != null && "AVG".equals(agg.fn) && entity != null && !entity.table.equals(measure.table)
        && !groupTokens.contains(entity.start)) {
      Optional<List<JoinGraph.Step>> p = index.graph.shortestPath(entity.table.name(), measure.table.name(), MAX_HOPS);
      if (p.isPresent() && p.get().stream().anyMatch(st -> !st.owner().equals(st.from()))) {
        throw unanswerable("Average over each " + Words.readable(measure.table.name().name()) + " row, or first per "
            + Words.readable(entity.table.name().name()) + "? Please say which.");
      }
    }
    if (sup != null && sup.semantic == Semantic.MONEY && sup.measure == null) {
      sup.measure = findMoneyMeasure(entity != null ? entity.table : null, groupStart >= 0);
      if (sup.measure == null) throw unanswerable("I could not tell which column holds the amounts.");
    }

    // the base table
    if (entity != null) {
      base = entity.table;
    } else if (measure != null) {
      base = measure.table;
    } else if (!values.isEmpty() && columnMentions.isEmpty()) {
      base = values.get(0).table;
    } else {
      base = baseFromColumns();
    }
    if (base == null) {
      throw unanswerable("Which table is this about? I could not link the question to a table; the database has "
          + tableList() + ".");
    }
    needed.add(base);
    if (measure != null) needed.add(measure.table);

    // filters
    Map<Ref, List<String>> byColumn = new LinkedHashMap<>();
    for (VMention v : values) {
      byColumn.computeIfAbsent(new Ref(v.table, v.column), k -> new ArrayList<>()).add(literal(v.value));
      markAdjacentColumn(v);
    }
    for (Map.Entry<Ref, List<String>> e : byColumn.entrySet()) {
      Ref r = e.getKey();
      needed.add(r.table);
      List<String> literals = new ArrayList<>(new LinkedHashSet<>(e.getValue()));
      if (literals.size() == 1) {
        where.add(a -> a.col(r) + " = " + literals.get(0));
        filters.add(r.column.name() + " = " + literals.get(0));
      } else {
        // a column cannot equal two values: "from Brazil or Canada" (and "and") means either
        String in = String.join(", ", literals);
        where.add(a -> a.col(r) + " IN (" + in + ")");
        filters.add(r.column.name() + " in (" + in + ")");
      }
    }
    applyContains();
    applyComparisons(entity);
    applyYearFilters(measure);
    applyNullFilters();
    applyEqualities();
    applyBooleanFilters();
    applyNotNullFilters();

    // grouping
    Ref groupRef = null;
    List<Ref> groupDisplay = new ArrayList<>();
    String groupTime = null;
    if (groupStart >= 0) {
      GroupTarget g = resolveGroup(groupStart, measure);
      if (g == null) {
        throw unanswerable("Group by what? I could not link '" + phraseAt(groupStart) + "' to a column or table.");
      }
      groupDisplay = g.display;
      groupRef = g.key;
      groupTime = g.timeUnit;
      for (Ref r : groupDisplay) needed.add(r.table);
      if (groupRef != null) needed.add(groupRef.table);
    }

    // ordering ("sorted by X")
    applySortBy();

    // what to select
    if (agg != null && agg.fn != null) {
      Expr aggExpr = aggregateExpr(agg, measure);
      if (agg.outer != null) {
        // "the average number of tracks per album": an aggregate over the counts of each group
        if (groupStart < 0) throw unanswerable(describeFn(agg.outer) + " number per what? Say 'per ...'.");
        if (groupRef != null) {
          Ref g = groupRef;
          groupBy.add(a -> a.col(g));
        } else {
          for (Ref r : groupDisplay) groupBy.add(a -> a.col(r));
        }
        if (groupTime != null) throw unanswerable("I cannot yet average counts per " + groupTime + ".");
        select.add(aggExpr);
        selectAliases.add("n");
        outer = agg.outer + "(n)";
        notes.add(0, describeFn(agg.outer) + " of the number of " + entityWord() + " per group");
        checkExplainedAndRender();
        return GeneratedSql.of(renderedSql, explanation(), Math.max(0.3, Math.min(0.95, confidence)));
      }
      if (agg.fn.equals("COUNT") && !having.isEmpty() && groupStart < 0) {
        // "how many artists have more than 10 albums": count the groups that pass
        if (base.primaryKey().size() != 1) throw unanswerable("I cannot count those without a single-column key.");
        Ref pk = new Ref(base, base.column(base.primaryKey().get(0)).orElseThrow());
        select.add(a -> a.col(pk));
        selectAliases.add(null);
        groupBy.add(a -> a.col(pk));
        outer = "COUNT(*)";
        notes.add(0, "number of " + entityWord());
        checkExplainedAndRender();
        return GeneratedSql.of(renderedSql, explanation(), Math.max(0.3, Math.min(0.95, confidence)));
      }
      if (groupStart >= 0) {
        addGroupSelect(groupDisplay, groupRef, groupTime, measure);
        select.add(aggExpr);
        selectAliases.add(aggAlias(agg, measure));
        if (sup != null || topN != null) {
          // "which country has the most customers" / "top 3 genres by average length"
          orderBy = aggExpr;
          orderDesc = sup == null || sup.desc;
          limit = topN != null ? topN : (groupPlural() ? null : Integer.valueOf(1));
        } else if (sortedByAggregate()) {
          orderBy = aggExpr;
          orderDesc = descendingWords();
        }
      } else if (sup != null || topN != null) {
        // "top 2 categories with the highest average rating" needs a ranking this generator does not build
        throw unanswerable("Should I rank groups by that " + describeFn(agg.fn) + "? Say what to group by, e.g. 'for each ...'.");
      } else {
        select.add(aggExpr);
        selectAliases.add(null);
      }
      notes.add(0, describeAgg(agg, measure));
    } else if (sup != null && sup.relatedCount != null && entity != null && entity.table.equals(sup.relatedCount)) {
      // "which country has the most customers": rank the values of a column by how many rows have them
      CMention key = null;
      for (CMention m : columnMentions) {
        if (m.full && m.start < sup.at && (key == null || m.start < key.start)) key = m;
      }
      if (key == null) throw unanswerable("Which " + Words.readable(entity.table.name().name()) + " attribute should I rank by count?");
      Ref k = resolve(key);
      needed.add(k.table);
      ForeignKey fk = index.foreignKeyOf(k.table, k.column);
      List<Ref> shown = new ArrayList<>();
      if (fk != null && index.catalog.table(fk.referencedTable()).isPresent()) {
        Table target = index.catalog.table(fk.referencedTable()).get();
        needed.add(target);
        for (Column c : index.displayColumns(target)) shown.add(new Ref(target, c));
      } else {
        shown.add(k);
      }
      for (Ref r : shown) {
        select.add(a -> a.col(r));
        selectAliases.add(null);
        groupBy.add(a -> a.col(r));
      }
      if (fk != null) groupBy.add(0, a -> a.col(k));
      Table counted = sup.relatedCount;
      String alias = aliasFor(Words.readable(counted.name().name()).replace(' ', '_') + "_count");
      select.add(a -> countExpr(a, counted));
      selectAliases.add(alias);
      orderBy = a -> alias;
      orderDesc = sup.desc;
      limit = topN != null ? topN : (pluralWordAt(key.end - 1) ? null : Integer.valueOf(1));
      notes.add(0, k.column.name() + " ranked by number of " + counted.name().name());
    } else if (sup != null && (sup.relatedCount != null || sup.measure != null)) {
      // "which artist has the most albums", "which 5 customers spent the most"
      if (entity == null) throw unanswerable("The most of what? Which kind of thing should I rank?");
      List<Column> disp = index.displayColumns(base);
      for (Column c : disp) {
        Ref r = new Ref(base, c);
        select.add(a -> a.col(r));
        selectAliases.add(null);
      }
      Expr rank;
      String alias;
      if (sup.relatedCount != null) {
        needed.add(sup.relatedCount);
        Table counted = sup.relatedCount;
        rank = a -> countExpr(a, counted);
        alias = aliasFor(Words.readable(counted.name().name()).replace(' ', '_') + "_count");
      } else {
        needed.add(sup.measure.table);
        Measure m = sup.measure;
        rank = a -> "SUM(" + m.render(a) + ")";
        alias = aliasFor("total_" + Words.readable(m.name()).replace(' ', '_'));
      }
      select.add(rank);
      selectAliases.add(alias);
      groupByEntity(base, disp);
      orderBy = a -> alias;
      orderDesc = sup.desc;
      limit = topN != null ? topN : (entitySingular(entity) ? Integer.valueOf(1) : null);
      notes.add(0, (sup.desc ? "the " : "the fewest ") + base.name().name() + " ranked by "
          + (sup.relatedCount != null ? "number of " + sup.relatedCount.name().name() : "total " + sup.measure.name()));
    } else {
      // a list, possibly ordered by a superlative
      List<Ref> projection = projection(entity);
      if (projection.isEmpty()) {
        for (Column c : index.displayColumns(base)) projection.add(new Ref(base, c));
      }
      for (Ref r : projection) {
        needed.add(r.table);
        select.add(a -> a.col(r));
        selectAliases.add(null);
      }
      distinctOnFanOut = projection.stream().noneMatch(r -> r.table.equals(base));
      if (!having.isEmpty()) {
        // "which artists have more than 10 albums": one row per entity
        if (base.primaryKey().size() == 1) {
          Ref pk = new Ref(base, base.column(base.primaryKey().get(0)).orElseThrow());
          groupBy.add(a -> a.col(pk));
        }
        for (Ref r : projection) groupBy.add(a -> a.col(r));
        distinctOnFanOut = false;
      }
      if (sup != null) {
        Ref col = sup.column != null ? sup.column : impliedColumn(sup.semantic, base);
        if (col == null) {
          throw unanswerable("I could not tell which column makes something the " + sup.word + ".");
        }
        needed.add(col.table);
        Ref oc = col;
        if (!projection.contains(col)) {
          select.add(a -> a.col(oc));
          selectAliases.add(null);
        }
        orderBy = a -> a.col(oc);
        orderDesc = sup.desc;
        limit = topN != null ? topN : (entitySingular(entity) ? Integer.valueOf(1) : null);
        notes.add(0, base.name().name() + " ordered by " + col.column.name() + (sup.desc ? " descending" : " ascending"));
      } else if (topN != null) {
        throw unanswerable("Top " + topN + " by what? Say which value to rank by (for example 'the most expensive').");
      } else {
        notes.add(0, "rows of " + base.name().name());
      }
      if (lower.matches(".*\\b(distinct|different|unique)\\b.*")) distinct = true;
      if (orderBy == null && lower.matches(".*\\balphabetical(ly)?\\b.*")) {
        Ref first = null;
        for (Ref r : projection) if (first == null && r.column.isText()) first = r;
        if (first == null) throw unanswerable("Sort alphabetically by which column?");
        Ref f = first;
        orderBy = a -> a.col(f);
        orderDesc = false;
      }
    }

    checkExplainedAndRender();
    return GeneratedSql.of(renderedSql, explanation(), Math.max(0.3, Math.min(0.95, confidence)));
  }

  // ---------------------------------------------------------------- operations

  private static final class Aggregate {
    String outer;
    String fn;
    int at;
    boolean distinctCount;
    Ref distinctColumn;
  }

  private static final Set<String> RANK_UP = Set.of("highest", "largest", "greatest", "biggest", "most", "maximum", "top");
  private static final Set<String> RANK_DOWN = Set.of("lowest", "smallest", "fewest", "least", "minimum", "bottom");

  private static final class Superlative {
    boolean viaNumberOf;
    int at = -1;
    String word;
    boolean desc;
    Semantic semantic;
    Ref column;
    Table relatedCount;
    Measure measure;
  }

  /** A numeric expression: a column, a product of two columns, or a column with a unit factor. */
  private static final class Measure {
    Table table;
    Ref column;
    Ref times;
    String divisor;

    String render(Aliases a) {
      String e = a.col(column);
      if (times != null) e = e + " * " + a.col(times);
      return e;
    }

    String name() {
      return times == null ? column.column.name() : column.column.name() + " * " + times.column.name();
    }
  }

  private Aggregate findAggregate(boolean countQuestion, Superlative sup, Integer topN) {
    Aggregate a = new Aggregate();
    if (countQuestion) {
      a.fn = "COUNT";
      int at = q.indexOf(0, "many", "number", "count");
      a.at = at;
      if (at > 0) {
        String before = q.get(at - 1).lower;
        if (Vocabulary.AVG_WORDS.contains(before)) a.outer = "AVG";
        else if (before.equals("maximum") || before.equals("max") || before.equals("highest") || before.equals("largest")) a.outer = "MAX";
        else if (before.equals("minimum") || before.equals("min") || before.equals("lowest") || before.equals("smallest")) a.outer = "MIN";
        if (a.outer != null) explained[at - 1] = true;
      }
      // "how many different countries", "how many countries ... come from"
      int next = at + 1;
      if (next < n && Vocabulary.DISTINCT_WORDS.contains(q.get(next).lower)) {
        a.distinctCount = true;
        next++;
      }
      CMention col = columnMentionAt(next);
      TMention tab = tableMentionAt(next);
      if (col != null && (tab == null || col.end - col.start > tab.end - tab.start) && col.full) {
        a.distinctCount = true;
        a.distinctColumn = new Ref(col.table, col.column);
      }
      return a;
    }
    for (int i = 0; i < n; i++) {
      String w = q.get(i).lower;
      if (Vocabulary.AVG_WORDS.contains(w)) {
        a.fn = "AVG";
        a.at = i;
        explained[i] = true;
        return a;
      }
    }
    for (int i = 0; i < n; i++) {
      String w = q.get(i).lower;
      if (topN != null || !valueQuestion() || insideColumnName(i)) continue;
      if ((w.equals("maximum") || w.equals("max") || w.equals("minimum") || w.equals("min")
          || ((w.equals("highest") || w.equals("largest") || w.equals("biggest") || w.equals("greatest")
              || w.equals("lowest") || w.equals("smallest")) && valueQuestion()))
          && numericColumnSoonAfter(i) != null) {
        a.fn = Vocabulary.MIN_WORDS.contains(w) ? "MIN" : "MAX";
        a.at = i;
        return a;
      }
    }
    for (int i = 0; i < n; i++) {
      String w = q.get(i).lower;
      if ((w.equals("sum") || w.equals("total") || w.equals("overall") || w.equals("combined")) && sumWord(i, sup)) {
        a.fn = "SUM";
        a.at = i;
        return a;
      }
    }
    if (valueQuestion() && sup == null) {
      // "what is the revenue from jazz": money without an explicit total
      for (int i = 0; i < n; i++) {
        if (Vocabulary.MONEY_WORDS.contains(q.get(i).lower) && !q.get(i).lower.equals("amount")) {
          a.fn = "SUM";
          a.at = i;
          return a;
        }
      }
    }
    return null;
  }

  private static boolean isOperationWord(String w) {
    return Vocabulary.AVG_WORDS.contains(w) || Vocabulary.SUM_WORDS.contains(w) || Vocabulary.MAX_WORDS.contains(w)
        || Vocabulary.MIN_WORDS.contains(w) || Vocabulary.COUNT_WORDS.contains(w) || Vocabulary.GROUP_WORDS.contains(w)
        || Vocabulary.DISTINCT_WORDS.contains(w) || Vocabulary.COMPARATORS.containsKey(w)
        || Vocabulary.IMPLIED_SUPERLATIVES.containsKey(w);
  }

  /** Whether token {@code i} is part of a full column-name mention spanning more than that token. */
  private boolean insideColumnName(int i) {
    for (CMention m : columnMentions) {
      if (m.full && m.start <= i && i < m.end && m.end - m.start > 1) return true;
    }
    return false;
  }

  /** Whether the question asks for a value ("what is the ..."), not for rows ("which track ..."). */
  private boolean valueQuestion() {
    String first = q.get(0).lower;
    if (first.equals("what") && n > 1 && (q.get(1).lower.equals("are") || q.get(1).lower.equals("were"))) return false;
    return first.equals("what") || first.equals("how") || first.equals("tell") || first.equals("give")
        || first.equals("calculate") || first.equals("compute");
  }

  private boolean sumWord(int i, Superlative sup) {
    if (sup != null && (sup.measure != null || sup.semantic == Semantic.MONEY || sup.relatedCount != null)) {
      return false; // "spent the most in total"
    }
    // "invoice total" is a column, not a sum; so is "whose total is over 10"
    if (i > 0 && tableMentionEndingAt(i) != null) return false;
    for (int k = i + 1; k < Math.min(n, i + 3); k++) {
      if (Vocabulary.COMPARATORS.containsKey(q.get(k).lower)) return false;
    }
    if (i > 0 && (q.get(i - 1).lower.equals("whose") || q.get(i - 1).lower.equals("with"))) return false;
    return true;
  }

  private CMention numericColumnSoonAfter(int i) {
    for (CMention m : columnMentions) {
      if (m.start > i && m.start <= i + 3 && (m.column.isNumeric() || m.column.isTemporal())) return m;
    }
    return null;
  }

  private Integer findTopN() {
    for (int i = 0; i < n; i++) {
      String w = q.get(i).lower;
      if ((w.equals("top") || w.equals("first") || w.equals("which") || w.equals("bottom") || w.equals("last"))
          && i + 1 < n && q.get(i + 1).raw.matches("\\d{1,4}")) {
        explained[i + 1] = true;
        return Integer.parseInt(q.get(i + 1).raw);
      }
      if (q.get(i).raw.matches("\\d{1,4}") && i + 1 < n) {
        String next = q.get(i + 1).lower;
        boolean rankWord = Vocabulary.MAX_WORDS.contains(next) || Vocabulary.MIN_WORDS.contains(next)
            || Vocabulary.IMPLIED_SUPERLATIVES.containsKey(next);
        boolean beforeEntity = tableMentionAt(i + 1) != null && (i == 0 || !isComparatorWord(q.get(i - 1).lower));
        if ((rankWord || beforeEntity) && (i == 0 || !q.get(i - 1).lower.matches("in|during|since|before|after|than|of"))) {
          if (findSuperlativeWord() >= 0 || rankWord) {
            explained[i] = true;
            return Integer.parseInt(q.get(i).raw);
          }
        }
      }
    }
    return null;
  }

  private int findSuperlativeWord() {
    for (int i = 0; i < n; i++) {
      String w = q.get(i).lower;
      if (Vocabulary.IMPLIED_SUPERLATIVES.containsKey(w) || w.equals("most") || w.equals("fewest")
          || w.equals("least") || w.equals("highest") || w.equals("lowest") || w.equals("first") || w.equals("last")
          || w.endsWith("est")) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isComparatorWord(String w) {
    return Vocabulary.COMPARATORS.containsKey(w) || w.equals("than") || w.equals("least") || w.equals("most");
  }

  private Superlative findSuperlative() {
    Superlative s = findSuperlativeAt();
    if (s != null && s.at < 0) {
      String first = s.word.split(" ")[0];
      s.at = q.indexOf(0, first);
    }
    return s;
  }

  private Superlative findSuperlativeAt() {
    for (int i = 0; i + 3 < n; i++) {
      String w = q.get(i).lower;
      boolean rank = RANK_UP.contains(w) || RANK_DOWN.contains(w);
      String next = q.get(i + 1).lower;
      if (rank && (next.equals("number") || next.equals("count") || next.equals("amount")) && q.get(i + 2).lower.equals("of")) {
        TMention tm = tableMentionAt(i + 3);
        boolean perGroup = false;
        for (int k = i + 4; k < n; k++) if (Vocabulary.GROUP_WORDS.contains(q.get(k).lower)) perGroup = true;
        if (tm != null && !perGroup) {
          Superlative s = new Superlative();
          s.at = i;
          s.word = w;
          s.desc = RANK_UP.contains(w);
          s.relatedCount = tm.table;
          s.viaNumberOf = true;
          explained[i + 1] = true;
          explained[i + 2] = true;
          return s;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      Token t = q.get(i);
      String w = t.lower;
      // "the most albums", "the most expensive", "the fewest tracks", "spent the most"
      if (w.equals("most") || w.equals("fewest") || (w.equals("least") && !(i > 0 && q.get(i - 1).lower.equals("at")))) {
        if (i > 0 && q.get(i - 1).lower.equals("at")) continue;
        boolean desc = w.equals("most");
        if (i + 1 < n) {
          String next = q.get(i + 1).lower;
          if (next.equals("expensive") || next.equals("costly") || next.equals("pricey")) {
            explained[i + 1] = true;
            return implied(w + " " + next, Semantic.PRICE, desc);
          }
          if (next.equals("recent") || next.equals("recently")) {
            explained[i + 1] = true;
            return implied(w + " " + next, Semantic.DATE, desc);
          }
          TMention tm = tableMentionAt(i + 1);
          if (tm != null) {
            Superlative s = new Superlative();
            s.word = w;
            s.desc = desc;
            s.relatedCount = tm.table;
            return s;
          }
          CMention cm = columnMentionAt(i + 1);
          if (cm != null && (cm.column.isNumeric() || cm.column.isTemporal())) {
            Superlative s = new Superlative();
            s.word = w;
            s.desc = desc;
            s.column = new Ref(cm.table, cm.column);
            return s;
          }
        }
        // "spent the most", "earned the least"
        for (int k = Math.max(0, i - 3); k < Math.min(n, i + 3); k++) {
          if (Vocabulary.MONEY_WORDS.contains(q.get(k).lower)) {
            explained[k] = true;
            Superlative s = new Superlative();
            s.word = w;
            s.desc = desc;
            s.semantic = Semantic.MONEY;
            return s;
          }
        }
        continue;
      }
      Object[] implied = Vocabulary.IMPLIED_SUPERLATIVES.get(w);
      if (implied != null) {
        CMention cm = numericColumnSoonAfter(i);
        if (cm != null && cm.start == i + 1) {
          Superlative s = new Superlative();
          s.word = w;
          s.desc = (Boolean) implied[1];
          s.column = new Ref(cm.table, cm.column);
          return s;
        }
        return implied(w, (Semantic) implied[0], (Boolean) implied[1]);
      }
      if ((w.equals("highest") || w.equals("lowest") || w.equals("maximum") || w.equals("minimum")
          || w.equals("largest") || w.equals("smallest") || w.equals("biggest") || w.equals("greatest")) && !valueQuestion()) {
        CMention cm = numericColumnSoonAfter(i);
        if (cm != null) {
          Superlative s = new Superlative();
          s.word = w;
          s.desc = !Vocabulary.MIN_WORDS.contains(w);
          s.column = new Ref(cm.table, cm.column);
          return s;
        }
      }
      // "hired first", "the first invoice", "joined last"
      if ((w.equals("first") || w.equals("last")) && !(i + 1 < n && q.get(i + 1).raw.matches("\\d+"))) {
        CMention verb = null;
        for (CMention m : columnMentions) {
          if ((m.end == i || m.start == i + 1 || m.end == i - 1) && m.column.isTemporal()) verb = m;
        }
        Superlative s = new Superlative();
        s.word = w;
        s.desc = w.equals("last");
        if (verb != null) {
          s.column = new Ref(verb.table, verb.column);
        } else {
          s.semantic = Semantic.DATE;
        }
        return s;
      }
    }
    return null;
  }

  private Superlative implied(String word, Semantic semantic, boolean desc) {
    Superlative s = new Superlative();
    s.word = word;
    s.desc = desc;
    s.semantic = semantic;
    return s;
  }

  private Ref impliedColumn(Semantic semantic, Table table) {
    if (semantic == null) return null;
    List<Table> order = new ArrayList<>();
    order.add(table);
    for (Table t : needed) if (!order.contains(t)) order.add(t);
    for (Table t : order) {
      for (Column c : t.columns()) {
        if (index.isKey(t, c)) continue;
        List<String> stems = index.columnStems(t, c);
        if (semantic == Semantic.DATE || semantic == Semantic.AGE) {
          if (!c.isTemporal()) continue;
          if (semantic == Semantic.AGE && !Semantic.AGE.matches(stems)) continue;
          return new Ref(t, c);
        }
        if (c.isNumeric() && semantic.matches(stems)) return new Ref(t, c);
      }
      if (semantic == Semantic.DATE) {
        List<Column> dates = index.dateColumns(t);
        if (!dates.isEmpty()) return new Ref(t, dates.get(0));
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- measures

  private Measure findMeasure(Aggregate agg, TMention entity, int groupStart) {
    // an explicit numeric column
    boolean moneyWords = false;
    for (int i = 0; i < n; i++) if (Vocabulary.MONEY_WORDS.contains(q.get(i).lower)) moneyWords = true;
    CMention best = null;
    for (CMention m : columnMentions) {
      if (!(m.column.isNumeric() || (m.column.isTemporal() && (agg.fn.equals("MIN") || agg.fn.equals("MAX"))))) continue;
      if (index.isKey(m.table, m.column)) continue;
      if (groupStart >= 0 && m.start >= groupStart) continue;
      if (moneyWords && m.start == agg.at && m.end == agg.at + 1) continue; // "total revenue": the money decides
      if (best == null || measurePreference(m, entity) > measurePreference(best, entity)) best = m;
    }
    Measure measure = null;
    if (best != null) {
      measure = new Measure();
      measure.table = best.table;
      measure.column = new Ref(best.table, best.column);
      mark(best.start, best.end);
    }
    if (measure == null) {
      boolean money = false;
      boolean length = false;
      for (int i = 0; i < n; i++) {
        String w = q.get(i).lower;
        if (Vocabulary.MONEY_WORDS.contains(w)) {
          money = true;
          explained[i] = true;
        }
        if (Vocabulary.LENGTH_WORDS.contains(w)) {
          length = true;
          explained[i] = true;
        }
      }
      Table around = entity != null ? entity.table : groupTable(groupStart);
      if (length && around != null) {
        Ref r = impliedColumn(Semantic.LENGTH, around);
        if (r != null) {
          measure = new Measure();
          measure.table = r.table;
          measure.column = r;
        }
      }
      if (measure == null && money) measure = findMoneyMeasure(around, groupStart >= 0);
    }
    if (measure != null) {
      applyUnit(measure);
      List<String> stems = index.columnStems(measure.table, measure.column.column);
      if (Semantic.MONEY.matches(stems) || isSalesTable(measure.table)) {
        for (int i = 0; i < n; i++) if (Vocabulary.MONEY_WORDS.contains(q.get(i).lower)) explained[i] = true;
      }
      if (Semantic.LENGTH.matches(stems)) {
        for (int i = 0; i < n; i++) if (Vocabulary.LENGTH_WORDS.contains(q.get(i).lower)) explained[i] = true;
      }
    }
    return measure;
  }

  private double measurePreference(CMention m, TMention entity) {
    double s = m.full ? 1 : 0;
    for (TMention t : tableMentions) {
      if (t.table.equals(m.table) && (t.end == m.start || t.end + 1 == m.start)) s += 2;
    }
    if (entity != null && entity.table.equals(m.table)) s += 1;
    return s;
  }

  /** Whether a table records sales: it has a price, amount or total column next to a quantity. */
  private boolean isSalesTable(Table t) {
    boolean money = false;
    boolean quantity = false;
    for (Column c : t.columns()) {
      if (!c.isNumeric() || index.isKey(t, c)) continue;
      List<String> stems = index.columnStems(t, c);
      if (stems.contains("price") || stems.contains("amount") || stems.contains("total")) money = true;
      if (stems.contains("quantity") || stems.contains("qty")) quantity = true;
    }
    return money && quantity;
  }

  /** The table a group phrase names ("per genre"), or null. */
  private Table groupTable(int groupStart) {
    if (groupStart < 0) return null;
    TMention tm = tableMentionAt(groupStart);
    if (tm != null) return tm.table;
    CMention cm = columnMentionAt(groupStart);
    return cm != null ? cm.table : null;
  }

  /** Converts milliseconds or seconds when the question asks for minutes, hours or seconds. */
  private void applyUnit(Measure m) {
    List<String> stems = index.columnStems(m.table, m.column.column);
    String from = stems.contains("millisecond") || stems.contains("ms") ? "ms"
        : stems.contains("second") || stems.contains("sec") ? "s"
        : stems.contains("minute") ? "min" : null;
    if (from == null) return;
    for (int i = 0; i < n; i++) {
      String w = Words.stem(q.get(i).lower);
      String to = w.equals("minute") ? "min" : w.equals("second") ? "s" : w.equals("hour") ? "h" : null;
      if (to == null) continue;
      explained[i] = true;
      double factor = seconds(from) / seconds(to);
      if (factor != 1.0) {
        BigDecimal div = BigDecimal.valueOf(1 / factor).stripTrailingZeros();
        m.divisor = div.scale() <= 0 ? div.toPlainString() + ".0" : div.toPlainString();
      }
      return;
    }
  }

  private static double seconds(String unit) {
    switch (unit) {
      case "ms": return 0.001;
      case "min": return 60;
      case "h": return 3600;
      default: return 1;
    }
  }

  /**
   * Finds the column that holds amounts of money for "spent", "revenue" or "sales": a total or amount
   * column, or price times quantity, in the nearest table; with time grouping, a table with a date.
   */
  private Measure findMoneyMeasure(Table around, boolean needsDate) {
    Measure best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Table t : candidates) {
      Column total = null;
      Column price = null;
      Column quantity = null;
      for (Column c : t.columns()) {
        if (!c.isNumeric() || index.isKey(t, c)) continue;
        List<String> stems = index.columnStems(t, c);
        if (stems.contains("total") || stems.contains("amount") || stems.contains("revenue") || stems.contains("sale")
            || stems.contains("paid") || stems.contains("spent") || stems.contains("subtotal")) {
          if (total == null) total = c;
        } else if (stems.contains("price") || stems.contains("cost")) {
          if (price == null) price = c;
        } else if (stems.contains("quantity") || stems.contains("qty")) {
          if (quantity == null) quantity = c;
        }
      }
      Measure m = null;
      double score;
      if (total != null) {
        m = new Measure();
        m.column = new Ref(t, total);
        score = 1.0;
      } else if (price != null && quantity != null) {
        m = new Measure();
        m.column = new Ref(t, price);
        m.times = new Ref(t, quantity);
        score = 1.0;
      } else {
        continue;
      }
      m.table = t;
      if (around != null) {
        Optional<List<JoinGraph.Step>> path = index.graph.shortestPath(t.name(), around.name(), MAX_HOPS);
        if (path.isEmpty()) continue;
        score -= path.get().size();
        // summing over a join that repeats the amount's rows would count them twice
        for (JoinGraph.Step st : path.get()) if (!st.owner().equals(st.from())) score -= 2;
      }
      if (needsDate && !index.dateColumns(t).isEmpty()) score += 2;
      if (score > bestScore) {
        bestScore = score;
        best = m;
      }
    }
    return best;
  }

  private Expr aggregateExpr(Aggregate agg, Measure measure) {
    if (agg.fn.equals("COUNT")) {
      if (agg.distinctColumn != null) {
        Ref r = agg.distinctColumn;
        needed.add(r.table);
        return a -> "COUNT(DISTINCT " + a.col(r) + ")";
      }
      Table counted = base;
      return a -> countExpr(a, counted);
    }
    String fn = agg.fn;
    return a -> {
      String e = fn + "(" + measure.render(a) + ")";
      return measure.divisor != null ? e + " / " + measure.divisor : e;
    };
  }

  /** COUNT(*) unless joins fan out from the counted table, then COUNT(DISTINCT its key). */
  private String countExpr(Aliases a, Table counted) {
    if (a.fansOutFrom(counted) && counted.primaryKey().size() == 1) {
      Ref pk = new Ref(counted, counted.column(counted.primaryKey().get(0)).orElseThrow());
      return "COUNT(DISTINCT " + a.col(pk) + ")";
    }
    if (!counted.equals(base) && counted.primaryKey().size() == 1) {
      Ref pk = new Ref(counted, counted.column(counted.primaryKey().get(0)).orElseThrow());
      return "COUNT(" + a.col(pk) + ")";
    }
    return "COUNT(*)";
  }

  private String aggAlias(Aggregate agg, Measure measure) {
    if (agg.fn.equals("COUNT")) return aliasFor(Words.readable(base.name().name()).replace(' ', '_') + "_count");
    String prefix = agg.fn.equals("AVG") ? "average" : agg.fn.equals("SUM") ? "total" : agg.fn.toLowerCase(Locale.ROOT);
    String name = Words.readable(measure.column.column.name()).replace(' ', '_');
    return aliasFor(name.equalsIgnoreCase(prefix) || name.startsWith(prefix + "_") ? name : prefix + "_" + name);
  }

  private String aliasFor(String raw) {
    String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return dialect.quote(s);
  }

  private String describeAgg(Aggregate agg, Measure measure) {
    String what = agg.fn.equals("COUNT")
        ? (agg.distinctColumn != null ? "number of distinct " + agg.distinctColumn.column.name() : "number of " + entityWord())
        : describeFn(agg.fn) + " " + measure.name() + (measure.divisor != null ? " / " + measure.divisor : "");
    return what;
  }

  private String entityWord() {
    for (TMention m : tableMentions) {
      if (m.table.equals(base)) return q.raw(m.start, m.end).toLowerCase(Locale.ROOT);
    }
    return Words.readable(base.name().name()) + " rows";
  }

  private static String describeFn(String fn) {
    switch (fn) {
      case "AVG": return "average";
      case "SUM": return "total";
      case "MIN": return "minimum";
      case "MAX": return "maximum";
      default: return "count";
    }
  }

  // ---------------------------------------------------------------- filters

  private void applyComparisons(TMention entity) {
    for (int i = 0; i < n; i++) {
      String w = q.get(i).lower;
      String op = null;
      Semantic implied = null;
      int numberAt = -1;
      if (Vocabulary.IMPLIED_COMPARATIVES.containsKey(w)) {
        Object[] o = Vocabulary.IMPLIED_COMPARATIVES.get(w);
        implied = (Semantic) o[0];
        op = (String) o[1];
        numberAt = i + (i + 1 < n && q.get(i + 1).lower.equals("than") ? 2 : 1);
      } else if ((w.equals("more") || w.equals("less")) && i + 1 < n
          && (q.get(i + 1).lower.equals("expensive") || q.get(i + 1).lower.equals("costly"))) {
        implied = Semantic.PRICE;
        op = w.equals("more") ? ">" : "<";
        explained[i + 1] = true;
        numberAt = i + 2 + (i + 2 < n && q.get(i + 2).lower.equals("than") ? 1 : 0);
      } else if (w.equals("at") && i + 1 < n && (q.get(i + 1).lower.equals("least") || q.get(i + 1).lower.equals("most"))) {
        op = q.get(i + 1).lower.equals("least") ? ">=" : "<=";
        numberAt = i + 2;
      } else if (Vocabulary.COMPARATORS.containsKey(w)) {
        op = Vocabulary.COMPARATORS.get(w);
        numberAt = i + (i + 1 < n && q.get(i + 1).lower.equals("than") ? 2 : 1);
      } else if (w.equals("between") && i + 3 < n && q.get(i + 2).lower.equals("and")) {
        op = "BETWEEN";
        numberAt = i + 1;
      } else if ((w.equals("equal") || w.equals("equals")) && i + 1 < n) {
        op = "=";
        numberAt = i + 1 + (q.get(i + 1).lower.equals("to") ? 1 : 0);
      }
      if (op == null || numberAt >= n) continue;
      String number = numberLiteral(q.get(numberAt).raw);
      if (number == null) continue;
      if (looksLikeYear(number) && dateContextBefore(i)) continue; // handled by year filters
      explained[i] = true;
      explained[numberAt] = true;
      if (numberAt - 1 > i) explained[numberAt - 1] = true;
      String second = null;
      if (op.equals("BETWEEN")) {
        second = numberLiteral(q.get(numberAt + 2).raw);
        if (second == null) continue;
        explained[numberAt + 1] = true;
        explained[numberAt + 2] = true;
      }
      int after = op.equals("BETWEEN") ? numberAt + 3 : numberAt + 1;
      // "more than 5 invoices": a count of related rows
      TMention related = after < n ? tableMentionAt(after) : null;
      if (related != null && entity != null && !related.table.equals(entity.table)) {
        Table counted = related.table;
        needed.add(counted);
        String o = op;
        String num = number;
        String sec = second;
        having.add(a -> countExpr(a, counted) + " " + (o.equals("BETWEEN") ? "BETWEEN " + num + " AND " + sec : o + " " + num));
        notes.add("having more/less than " + number + " " + counted.name().name());
        continue;
      }
      // the column: explicitly named before the comparator, or implied by the adjective
      Ref col = null;
      for (CMention m : columnMentions) {
        if (m.end <= i && m.end >= i - 4 && m.column.isNumeric() && !index.isKey(m.table, m.column)) {
          col = resolve(m);
        }
      }
      if (col == null && after < n) {
        CMention m = columnMentionAt(after);
        if (m != null && m.column.isNumeric()) {
          col = resolve(m);
          mark(m.start, m.end);
        }
      }
      if (col == null && implied == null) {
        // "products that cost more than 20", "tracks that last longer", "parcels weighing over 5"
        for (int k = Math.max(0, i - 3); k < i; k++) {
          Semantic verb = VERB_SEMANTICS.get(q.get(k).lower);
          if (verb != null) {
            implied = verb;
            explained[k] = true;
          }
        }
      }
      if (col == null && implied != null) col = impliedColumn(implied, base);
      if (col == null) {
        throw unanswerable("Which value should be compared with " + number + "?");
      }
      needed.add(col.table);
      Ref c = col;
      String literal = number;
      // unit words after the number ("longer than 5 minutes")
      String factor = null;
      if (after < n) {
        String u = Words.stem(q.get(after).lower);
        if (u.equals("minute") || u.equals("second") || u.equals("hour")) {
          explained[after] = true;
          List<String> stems = index.columnStems(c.table, c.column);
          String from = stems.contains("millisecond") ? "ms" : stems.contains("second") ? "s" : stems.contains("minute") ? "min" : null;
          String to = u.equals("minute") ? "min" : u.equals("second") ? "s" : "h";
          if (from != null) {
            double f = seconds(to) / seconds(from);
            factor = BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
          }
        }
      }
      String scaled = factor == null ? literal : literal + " * " + factor;
      String scaledSecond = second == null ? null : factor == null ? second : second + " * " + factor;
      String o = op;
      where.add(a -> a.col(c) + " " + (o.equals("BETWEEN") ? "BETWEEN " + scaled + " AND " + scaledSecond : o + " " + scaled));
      filters.add(c.column.name() + " " + op + " " + scaled);
    }
  }

  /**
   * "albums with 'Greatest' in the title", "tracks whose name contains 'love'", "names starting with
   * 'A'": a quoted text that is no stored value becomes a LIKE pattern on the named text column.
   */
  private void applyContains() {
    for (int i = 0; i < n; i++) {
      if (!q.get(i).quoted || explained[i]) continue;
      int j = i;
      while (j < n && q.get(j).quoted) j++;
      String text = q.raw(i, j);
      String before = i > 0 ? q.get(i - 1).lower : "";
      String before2 = i > 1 ? q.get(i - 2).lower : "";
      String pattern;
      if (before.equals("with") && (before2.equals("starting") || before2.equals("start") || before2.equals("starts")
          || before2.equals("beginning") || before2.equals("begin") || before2.equals("begins"))) {
        pattern = text + "%";
      } else if (before.equals("with") && (before2.equals("ending") || before2.equals("end") || before2.equals("ends"))) {
        pattern = "%" + text;
      } else if (before.equals("containing") || before.equals("contains") || before.equals("contain")
          || before.equals("with") || before.equals("like") || before.equals("including") || before.equals("includes")
          || before.equals("mentioning") || before.equals("mention") || before.equals("mentions")) {
        pattern = "%" + text + "%";
      } else {
        continue;
      }
      // the text column: named right after ("in the title") or just before ("title containing")
      CMention col = null;
      for (CMention m : columnMentions) {
        if (!m.column.isText()) continue;
        boolean after = m.start > j && m.start <= j + 3;
        boolean beforeIt = m.end <= i - 1 && m.end >= i - 4;
        if ((after || beforeIt) && (col == null || m.full)) col = m;
      }
      if (col == null) continue;
      Ref r = resolve(col);
      needed.add(r.table);
      String lit = literal(pattern.toLowerCase(Locale.ROOT));
      where.add(a -> "LOWER(" + a.col(r) + ") LIKE " + lit);
      mark(i, j);
      mark(col.start, col.end);
      explained[i - 1] = true;
      if (pattern.endsWith("%") && !pattern.startsWith("%") || pattern.startsWith("%") && !pattern.endsWith("%")) explained[i - 2] = true;
      filters.add(r.column.name() + " like " + lit);
      i = j - 1;
    }
  }

  /** "reviews with a rating of 5", "rating = 5": a numeric column equal to a number. */
  private void applyEqualities() {
    for (CMention m : columnMentions) {
      if (!m.full || !m.column.isNumeric() || index.isKey(m.table, m.column)) continue;
      int at = m.end;
      if (at < n && (q.get(at).lower.equals("of") || q.get(at).lower.equals("=") || q.get(at).lower.equals("is")
          || q.get(at).lower.equals("exactly"))) {
        at++;
      }
      if (at >= n || explained[at]) continue;
      String number = numberLiteral(q.get(at).raw);
      if (number == null || (looksLikeYear(number) && !m.column.isNumeric())) continue;
      if (at == m.end && !(at + 1 >= n || !q.get(at + 1).isNumber())) continue;
      Ref r = resolve(m);
      needed.add(r.table);
      where.add(a -> a.col(r) + " = " + number);
      mark(m.end, at + 1);
      filters.add(r.column.name() + " = " + number);
    }
  }

  /** "products that are discontinued", "active users", "not discontinued": a boolean column. */
  private void applyBooleanFilters() {
    for (CMention m : columnMentions) {
      if (!m.full || explained[m.start]) continue;
      int type = m.column.jdbcType();
      if (type != java.sql.Types.BOOLEAN && type != java.sql.Types.BIT) continue;
      boolean negated = m.start > 0 && (q.get(m.start - 1).lower.equals("not") || q.get(m.start - 1).lower.equals("non")
          || q.get(m.start - 1).lower.equals("never"));
      Ref r = resolve(m);
      needed.add(r.table);
      String t = dialect == Dialect.SQLSERVER ? "1" : "TRUE";
      String f = dialect == Dialect.SQLSERVER ? "0" : "FALSE";
      where.add(a -> a.col(r) + " = " + (negated ? f : t));
      mark(negated ? m.start - 1 : m.start, m.end);
      filters.add(r.column.name() + (negated ? " is false" : " is true"));
    }
  }

  /** "customers with a company", "tracks that have a composer": a nullable column that is set. */
  private void applyNotNullFilters() {
    for (int i = 0; i + 1 < n; i++) {
      String w = q.get(i).lower;
      if (!(w.equals("with") || w.equals("have") || w.equals("has") || w.equals("having"))) continue;
      int at = i + 1;
      if (q.get(at).lower.equals("a") || q.get(at).lower.equals("an") || q.get(at).lower.equals("any")) at++;
      CMention m = columnMentionAt(at);
      if (m == null || !m.full || !m.column.nullable() || explained[m.start]) continue;
      if (m.end < n && (Vocabulary.COMPARATORS.containsKey(q.get(m.end).lower) || q.get(m.end).lower.equals("of")
          || q.get(m.end).isNumber() || q.get(m.end).quoted)) {
        continue;
      }
      Ref r = resolve(m);
      needed.add(r.table);
      where.add(a -> a.col(r) + " IS NOT NULL");
      mark(i, m.end);
      filters.add(r.column.name() + " is set");
    }
  }

  /** "tracks with no composer", "customers without a company": the column is NULL. */
  private void applyNullFilters() {
    for (int i = 0; i + 1 < n; i++) {
      String w = q.get(i).lower;
      if (!(w.equals("no") || w.equals("without") || w.equals("missing"))) continue;
      int at = i + 1;
      if (at < n && (q.get(at).lower.equals("a") || q.get(at).lower.equals("an") || q.get(at).lower.equals("any"))) at++;
      CMention m = columnMentionAt(at);
      if (m == null || !m.full) continue;
      Ref r = resolve(m);
      needed.add(r.table);
      where.add(a -> a.col(r) + " IS NULL");
      mark(i, m.end);
      filters.add(r.column.name() + " is missing");
    }
  }

  private boolean dateContextBefore(int i) {
    String w = q.get(i).lower;
    return w.equals("before") || w.equals("after") || w.equals("since");
  }

  private void applyYearFilters(Measure measure) {
    for (int i = 0; i < n; i++) {
      String raw = q.get(i).raw;
      if (!raw.matches("(19|20)\\d\\d") || explained[i]) continue;
      String prev = i > 0 ? q.get(i - 1).lower : "";
      String op;
      switch (prev) {
        case "in": case "during": case "of": case "year": op = "="; break;
        case "before": op = "<"; break;
        case "after": op = ">"; break;
        case "since": op = ">="; break;
        default: op = null;
      }
      if (op == null) continue;
      Table t = measure != null ? measure.table : base;
      Ref date = null;
      for (CMention m : columnMentions) {
        if (m.column.isTemporal() && Math.abs(m.start - i) <= 4) date = resolve(m);
      }
      if (date == null) {
        List<Column> dates = index.dateColumns(t);
        if (dates.isEmpty()) {
          for (Table other : needed) {
            List<Column> d = index.dateColumns(other);
            if (!d.isEmpty()) {
              date = new Ref(other, d.get(0));
              break;
            }
          }
        } else {
          date = new Ref(t, dates.get(0));
        }
      }
      if (date == null) continue;
      explained[i] = true;
      if (i > 0) explained[i - 1] = true;
      if (i > 1 && q.get(i - 2).lower.equals("year")) explained[i - 2] = true;
      Ref d = date;
      String o = op;
      needed.add(d.table);
      where.add(a -> yearExpr(a.col(d)) + " " + o + " " + (dialect == Dialect.SQLITE ? "'" + raw + "'" : raw));
      filters.add("year of " + d.column.name() + " " + op + " " + raw);
    }
  }

  private String yearExpr(String col) {
    switch (dialect) {
      case SQLITE: return "strftime('%Y', " + col + ")";
      case MYSQL: case MARIADB: case SQLSERVER: return "YEAR(" + col + ")";
      default: return "EXTRACT(YEAR FROM " + col + ")";
    }
  }

  private String monthExpr(String col) {
    switch (dialect) {
      case SQLITE: return "strftime('%Y-%m', " + col + ")";
      case MYSQL: case MARIADB: return "DATE_FORMAT(" + col + ", '%Y-%m')";
      case SQLSERVER: return "FORMAT(" + col + ", 'yyyy-MM')";
      case POSTGRESQL: return "TO_CHAR(" + col + ", 'YYYY-MM')";
      default: return "FORMATDATETIME(" + col + ", 'yyyy-MM')";
    }
  }

  private static String numberLiteral(String raw) {
    String s = raw.replace(",", "").replace("$", "").replace("€", "").replace("£", "");
    if (s.endsWith("%")) s = s.substring(0, s.length() - 1);
    if (!s.matches("-?\\d+(\\.\\d+)?")) return null;
    return s;
  }

  private static boolean looksLikeYear(String s) {
    return s.matches("(19|20)\\d\\d");
  }

  private void markAdjacentColumn(VMention v) {
    for (CMention m : columnMentions) {
      if (m.table.equals(v.table) && m.column.equals(v.column)) mark(m.start, m.end);
    }
    for (TMention m : tableMentions) {
      if (m.table.equals(v.table) && (m.end == v.start || m.start == v.end)) mark(m.start, m.end);
    }
    // "by" / "from" / "named" before a value are particles
    if (v.start > 0) explained[v.start - 1] |= Words.isStopword(q.get(v.start - 1).lower);
  }

  private void applySortBy() {
    for (int i = 0; i + 1 < n; i++) {
      String w = q.get(i).lower;
      if (!(w.equals("sorted") || w.equals("ordered") || w.equals("sort") || w.equals("order"))) continue;
      if (!q.get(i + 1).lower.equals("by")) continue;
      CMention m = columnMentionAt(i + 2);
      if (m == null) continue;
      Ref r = resolve(m);
      mark(m.start, m.end);
      needed.add(r.table);
      orderBy = a -> a.col(r);
      orderDesc = q.lower.contains("descending") || q.lower.contains(" desc") || q.lower.contains("highest first")
          || q.lower.contains("largest first") || q.lower.contains("newest first");
    }
  }

  // ---------------------------------------------------------------- grouping

  private static final class GroupTarget {
    Ref key;
    List<Ref> display = new ArrayList<>();
    String timeUnit;
  }

  private int findGroupStart() {
    for (int i = 0; i + 1 < n; i++) {
      String w = q.get(i).lower;
      if (Vocabulary.GROUP_WORDS.contains(w)) {
        explained[i] = true;
        return i + 1;
      }
      if (w.equals("by") && i + 1 < n && !(i > 0 && (q.get(i - 1).lower.equals("sorted") || q.get(i - 1).lower.equals("ordered")))) {
        // "by" groups only when an aggregate is asked and a schema word follows (not a value)
        boolean agg = q.lower.matches(".*\\b(how many|number of|count|average|avg|mean|total|sum)\\b.*");
        if (agg && (tableMentionAt(i + 1) != null || columnMentionAt(i + 1) != null
            || Vocabulary.TIME_UNITS.contains(q.get(i + 1).lower)) && !valueAt(i + 1)) {
          explained[i] = true;
          return i + 1;
        }
      }
    }
    return -1;
  }

  private boolean isBoundary(int k) {
    String w = q.get(k).lower;
    return w.equals("and") || w.equals("with") || w.equals("where") || w.equals("who") || w.equals("that")
        || w.equals("which") || w.equals("in") || w.equals("for") || w.equals("from") || w.equals("by")
        || w.equals("sorted") || w.equals("ordered") || w.equals("order") || Vocabulary.COMPARATORS.containsKey(w);
  }

  private GroupTarget resolveGroup(int start, Measure measure) {
    GroupTarget g = new GroupTarget();
    String w = start < n ? Words.stem(q.get(start).lower) : "";
    if (w.equals("year") || w.equals("month") || w.equals("yearly") || w.equals("monthly")) {
      Table t = measure != null ? measure.table : base;
      List<Column> dates = index.dateColumns(t);
      CMention explicit = columnMentionAt(start + 1);
      Ref d = null;
      if (explicit != null && explicit.column.isTemporal()) d = resolve(explicit);
      if (d == null && !dates.isEmpty()) d = new Ref(t, dates.get(0));
      if (d == null) return null;
      explained[start] = true;
      g.key = d;
      g.timeUnit = w.startsWith("month") ? "month" : "year";
      return g;
    }
    TMention tm = tableMentionAt(start);
    CMention cm = columnMentionAt(start);
    if (cm != null && (tm == null || (cm.end - cm.start) > (tm.end - tm.start))) {
      Ref r = resolve(cm);
      mark(cm.start, cm.end);
      ForeignKey fk = index.foreignKeyOf(r.table, r.column);
      if (fk != null) {
        Table target = index.catalog.table(fk.referencedTable()).orElse(null);
        if (target != null) {
          needed.add(target);
          for (Column c : index.displayColumns(target)) g.display.add(new Ref(target, c));
          g.key = new Ref(target, target.column(fk.referencedColumns().get(0)).orElseThrow());
          return g;
        }
      }
      g.key = r;
      g.display.add(r);
      return g;
    }
    if (tm != null) {
      Table t = tm.table;
      for (Column c : index.displayColumns(t)) g.display.add(new Ref(t, c));
      if (t.primaryKey().size() == 1) g.key = new Ref(t, t.column(t.primaryKey().get(0)).orElseThrow());
      // "for each genre name"
      CMention after = columnMentionAt(tm.end);
      if (after != null && after.table.equals(t)) {
        mark(after.start, after.end);
        g.display = List.of(new Ref(t, after.column));
      }
      return g;
    }
    return null;
  }

  private void addGroupSelect(List<Ref> display, Ref key, String timeUnit, Measure measure) {
    if (timeUnit != null) {
      Ref d = key;
      Expr e = timeUnit.equals("month") ? a -> monthExpr(a.col(d)) : a -> yearExpr(a.col(d));
      select.add(e);
      selectAliases.add(dialect.quote(timeUnit));
      groupBy.add(e);
      orderBy = e;
      orderDesc = false;
      notes.add("per " + timeUnit + " of " + d.column.name());
      return;
    }
    for (Ref r : display) {
      select.add(a -> a.col(r));
      selectAliases.add(null);
    }
    if (key != null && !display.contains(key)) groupBy.add(a -> a.col(key));
    for (Ref r : display) groupBy.add(a -> a.col(r));
    notes.add("per " + display.stream().map(r -> r.column.name()).reduce((x, y) -> x + ", " + y).orElse("group"));
  }

  private void groupByEntity(Table t, List<Column> display) {
    if (t.primaryKey().size() == 1) {
      Ref pk = new Ref(t, t.column(t.primaryKey().get(0)).orElseThrow());
      if (!display.contains(pk.column)) groupBy.add(a -> a.col(pk));
    }
    for (Column c : display) {
      Ref r = new Ref(t, c);
      groupBy.add(a -> a.col(r));
    }
  }

  // ---------------------------------------------------------------- projection

  /**
   * Columns the question names as the output: "the titles of the albums", "names and areas of the
   * lakes", "cities and their population".
   */
  private List<Ref> projection(TMention entity) {
    List<Ref> out = new ArrayList<>();
    boolean anyBefore = false;
    int limitPos = entity != null ? entity.start : n;
    for (CMention m : columnMentions) {
      boolean before = m.start < limitPos;
      boolean cued = m.start > 0 && PROJECTION_CUES.contains(q.get(m.start - 1).lower);
      if (!before && !cued) continue;
      if (!m.full) {
        // a head word alone ("names") counts when it names the entity's display column
        if (entity == null || !m.table.equals(entity.table) || !index.displayColumns(entity.table).contains(m.column)) continue;
      }
      if (usedByFilter(m)) continue;
      if (Vocabulary.IMPLIED_SUPERLATIVES.containsKey(q.get(Math.max(0, m.start - 1)).lower)) continue;
      if (m.start > 0 && (RANK_UP.contains(q.get(m.start - 1).lower) || RANK_DOWN.contains(q.get(m.start - 1).lower))) continue;
      Ref r = m.full ? resolve(m) : new Ref(m.table, m.column);
      if (entity != null && !r.table.equals(entity.table)) {
        Optional<Column> same = entity.table.column(m.column.name());
        if (same.isPresent()) r = new Ref(entity.table, same.get());
      }
      if (!out.contains(r)) out.add(r);
      if (before) anyBefore = true;
    }
    if (!out.isEmpty() && !anyBefore && entity != null) {
      // "cities and their population": the entity itself first, then the named columns
      List<Ref> withEntity = new ArrayList<>();
      for (Column c : index.displayColumns(entity.table)) withEntity.add(new Ref(entity.table, c));
      for (Ref r : out) if (!withEntity.contains(r)) withEntity.add(r);
      return withEntity;
    }
    return out;
  }

  private static final Set<String> PROJECTION_CUES = Set.of("and", "their", "its", "with", "plus", "including", "along");

  private boolean usedByFilter(CMention m) {
    for (VMention v : values) {
      if (v.table.equals(m.table) && v.column.equals(m.column)) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- helpers

  /** Picks the table for a column mention that several tables match. */
  private Ref resolve(CMention m) {
    List<CMention> same = new ArrayList<>();
    for (CMention o : columnMentions) {
      if (o.start == m.start && o.end == m.end) same.add(o);
    }
    CMention best = m;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (CMention o : same) {
      double s = 0;
      for (TMention t : tableMentions) {
        if (t.table.equals(o.table)) {
          s += 1;
          if (t.end == o.start || t.end + 1 == o.start || o.end == t.start || o.end + 2 == t.start) s += 3;
        }
      }
      if (base != null && o.table.equals(base)) s += 2;
      if (needed.contains(o.table)) s += 1;
      if (o.full) s += 1;
      if (base != null) {
        s -= index.graph.shortestPath(base.name(), o.table.name(), MAX_HOPS).map(p -> 0.3 * p.size()).orElse(2.0);
      }
      if (s > bestScore) {
        bestScore = s;
        best = o;
      }
    }
    return new Ref(best.table, best.column);
  }

  private Table baseFromColumns() {
    Map<Table, Integer> votes = new HashMap<>();
    for (CMention m : columnMentions) {
      if (m.full) votes.merge(m.table, 1, Integer::sum);
    }
    Table best = null;
    int bestVotes = 0;
    boolean tie = false;
    for (Map.Entry<Table, Integer> e : votes.entrySet()) {
      if (e.getValue() > bestVotes) {
        best = e.getKey();
        bestVotes = e.getValue();
        tie = false;
      } else if (e.getValue() == bestVotes) {
        tie = true;
      }
    }
    if (tie) {
      // prefer the best retrieved table among the tied ones
      for (Retrieval.ScoredTable st : request.retrieval().tables()) {
        Table t = index.catalog.table(st.table()).orElse(null);
        if (t != null && votes.getOrDefault(t, 0) == bestVotes) return t;
      }
      return null;
    }
    return best;
  }

  private boolean isValueQualifier(TMention m) {
    for (VMention v : values) {
      if (v.table.equals(m.table) && (m.start == v.end || m.end == v.start)) return true;
    }
    return false;
  }

  private boolean pluralWordAt(int i) {
    String w = q.get(i).lower;
    return !Words.stem(w).equals(w);
  }

  private boolean groupPlural() {
    // "which countries have the most customers" ranks all; "which country" picks one
    if (n > 1 && (q.get(0).lower.equals("which") || q.get(0).lower.equals("what"))) {
      return pluralWordAt(1);
    }
    return false;
  }

  /** "sorted by the number of meals", "ordered by total sales": order groups by the aggregate. */
  private boolean sortedByAggregate() {
    boolean yes = q.lower.matches(".*\\b(sorted|ordered|order|sort|rank|ranked)\\b.*\\bby\\b.*\\b(number|count|total|average|sum|amount)\\b.*")
        || q.lower.matches(".*\\b(most|highest|largest) (first|to (the )?(least|lowest|fewest|smallest))\\b.*");
    return yes;
  }

  private boolean descendingWords() {
    return q.lower.matches(".*\\b(descending|desc|highest|most|largest|biggest|greatest)\\b.*");
  }

  private boolean entitySingular(TMention entity) {
    if (entity == null) return true;
    String w = q.get(entity.end - 1).lower;
    return Words.stem(w).equals(w);
  }

  private boolean valueAt(int i) {
    for (VMention v : values) if (v.start == i) return true;
    return false;
  }

  private TMention tableMentionAt(int i) {
    for (TMention m : tableMentions) if (m.start == i) return m;
    return null;
  }

  private TMention tableMentionEndingAt(int i) {
    for (TMention m : tableMentions) if (m.end == i) return m;
    return null;
  }

  private CMention columnMentionAt(int i) {
    CMention best = null;
    for (CMention m : columnMentions) {
      if (m.start == i && (best == null || (m.end - m.start) > (best.end - best.start) || (m.full && !best.full))) best = m;
    }
    return best;
  }

  private String phraseAt(int start) {
    int end = start;
    while (end < n && !isBoundary(end)) end++;
    return q.raw(start, Math.max(start + 1, Math.min(end, n)));
  }

  private String tableList() {
    List<String> names = new ArrayList<>();
    for (Table t : index.catalog.tables()) {
      if (names.size() == 12) {
        names.add("...");
        break;
      }
      names.add(t.name().name());
    }
    return String.join(", ", names);
  }

  private Unanswerable unanswerable(String message) {
    return new Unanswerable(message);
  }

  private void checkExplained() {
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (explained[i]) continue;
      Token t = q.get(i);
      if (t.lower.isEmpty() || !Character.isLetterOrDigit(t.lower.charAt(0))) continue;
      unknown.add(t.raw);
    }
    if (!unknown.isEmpty()) {
      throw unanswerable("I could not link " + quoteList(unknown) + " to the database's tables, columns or values."
          + " Could you rephrase with the names used in the data?");
    }
  }

  private static String quoteList(List<String> words) {
    List<String> q = new ArrayList<>();
    for (String w : words) q.add("'" + w + "'");
    return String.join(", ", q);
  }

  private String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  // ---------------------------------------------------------------- rendering

  private String render(Aliases a) {
    StringBuilder sb = new StringBuilder("SELECT ");
    if (distinct || (distinctOnFanOut && a.qualify)) sb.append("DISTINCT ");
    if (dialect.limitStyle() == Dialect.LimitStyle.TOP && limit != null) sb.append("TOP ").append(limit).append(' ');
    for (int i = 0; i < select.size(); i++) {
      if (i > 0) sb.append(", ");
      sb.append(select.get(i).apply(a));
      String alias = selectAliases.get(i);
      if (alias != null) sb.append(" AS ").append(alias);
    }
    sb.append(" FROM ").append(a.fromClause());
    if (!where.isEmpty()) {
      sb.append(" WHERE ");
      for (int i = 0; i < where.size(); i++) {
        if (i > 0) sb.append(" AND ");
        sb.append(where.get(i).apply(a));
      }
    }
    if (!groupBy.isEmpty()) {
      sb.append(" GROUP BY ");
      LinkedHashSet<String> parts = new LinkedHashSet<>();
      for (Expr e : groupBy) parts.add(e.apply(a));
      sb.append(String.join(", ", parts));
    }
    if (!having.isEmpty()) {
      sb.append(" HAVING ");
      for (int i = 0; i < having.size(); i++) {
        if (i > 0) sb.append(" AND ");
        sb.append(having.get(i).apply(a));
      }
    }
    if (orderBy != null) {
      sb.append(" ORDER BY ").append(orderBy.apply(a)).append(orderDesc ? " DESC" : "");
    }
    if (outer != null) {
      return "SELECT " + outer + " FROM (" + sb + ") dbqa_groups";
    }
    if (limit != null) {
      if (dialect.limitStyle() == Dialect.LimitStyle.LIMIT) sb.append(" LIMIT ").append(limit);
      else if (dialect.limitStyle() == Dialect.LimitStyle.FETCH_FIRST) sb.append(" FETCH FIRST ").append(limit).append(" ROWS ONLY");
    }
    return sb.toString();
  }

  /** Table aliases and the join tree from the base table to every needed table. */
  static final class Aliases {
    private final Table base;
    private final SchemaIndex index;
    private final Dialect dialect;
    private final Map<TableName, String> alias = new LinkedHashMap<>();
    private final List<String> joins = new ArrayList<>();
    private boolean fanOut;
    private final boolean qualify;

    Aliases(Table base, Set<Table> needed, SchemaIndex index, Dialect dialect) {
      this.base = base;
      this.index = index;
      this.dialect = dialect;
      LinkedHashSet<TableName> joined = new LinkedHashSet<>();
      joined.add(base.name());
      List<JoinGraph.Step> steps = new ArrayList<>();
      for (Table t : needed) {
        if (joined.contains(t.name())) continue;
        // shortest path from any table already joined
        List<JoinGraph.Step> bestPath = null;
        for (TableName from : joined) {
          Optional<List<JoinGraph.Step>> p = index.graph.shortestPath(from, t.name(), MAX_HOPS);
          if (p.isPresent() && (bestPath == null || p.get().size() < bestPath.size())) bestPath = p.get();
        }
        if (bestPath == null) {
          throw new Unanswerable("I could not find how " + base.name().name() + " and " + t.name().name()
              + " are related: no foreign key path joins them.");
        }
        if (bestPath.size() >= 2) {
          TableName from = bestPath.get(0).from();
          if (index.graph.countShortestPaths(from, t.name(), MAX_HOPS, 3) > 1) {
            throw new Unanswerable("There is more than one way to relate " + from.name() + " and " + t.name().name()
                + "; please name the table that links them.");
          }
          boolean inferred = bestPath.stream().anyMatch(st -> JoinGraph.isInferred(st.foreignKey()));
          if (inferred && bestPath.size() > 2) {
            throw new Unanswerable("I am not sure how " + from.name() + " and " + t.name().name()
                + " are related: the database declares no foreign keys between them.");
          }
        }
        for (JoinGraph.Step s : bestPath) {
          if (joined.add(s.to())) steps.add(s);
        }
      }
      this.qualify = joined.size() > 1;
      Set<String> used = new HashSet<>();
      for (TableName tn : joined) alias.put(tn, qualify ? newAlias(tn, used) : null);
      for (JoinGraph.Step s : steps) {
        // going from the referenced table to the referencing one multiplies rows
        if (!s.owner().equals(s.from())) fanOut = true;
        ForeignKey fk = s.foreignKey();
        TableName owner = s.owner();
        TableName ref = fk.referencedTable();
        StringBuilder on = new StringBuilder();
        for (int i = 0; i < fk.columns().size(); i++) {
          if (i > 0) on.append(" AND ");
          on.append(alias.get(owner)).append('.').append(dialect.quote(fk.columns().get(i))).append(" = ")
              .append(alias.get(ref)).append('.').append(dialect.quote(fk.referencedColumns().get(i)));
        }
        joins.add(" JOIN " + s.to().toSql(dialect) + " " + alias.get(s.to()) + " ON " + on);
      }
    }

    private String newAlias(TableName tn, Set<String> used) {
      StringBuilder sb = new StringBuilder();
      for (String w : Words.splitIdentifier(tn.name())) if (!w.isEmpty()) sb.append(w.charAt(0));
      String a = sb.length() == 0 ? "t" : sb.toString().toLowerCase(Locale.ROOT);
      if (!Character.isLetter(a.charAt(0))) a = "t" + a;
      String candidate = a;
      int i = 2;
      while (used.contains(candidate) || RESERVED_ALIASES.contains(candidate)) candidate = a + i++;
      used.add(candidate);
      return candidate;
    }

    private static final Set<String> RESERVED_ALIASES =
        Set.of("as", "at", "by", "do", "go", "if", "in", "is", "no", "of", "on", "or", "to", "all", "and", "any",
            "asc", "end", "for", "key", "not", "set", "top", "use", "desc", "from", "full", "into", "join", "left",
            "like", "null", "only", "over", "some", "then", "user", "view", "when", "with", "rows", "cross", "inner",
            "outer", "right", "table", "union", "where", "order", "group", "limit", "select");

    final Set<Ref> usedColumns = new LinkedHashSet<>();

    String col(Ref r) {
      usedColumns.add(r);
      String a = alias.get(r.table.name());
      String c = dialect.quote(r.column.name());
      return qualify && a != null ? a + "." + c : c;
    }

    /** Whether a join goes from a referenced table to a referencing one, so rows of {@code t} may repeat. */
    boolean fansOutFrom(Table t) {
      return fanOut && alias.containsKey(t.name());
    }

    boolean joins(Table t) {
      return alias.containsKey(t.name());
    }

    String fromClause() {
      StringBuilder sb = new StringBuilder(base.name().toSql(dialect));
      if (qualify) sb.append(' ').append(alias.get(base.name()));
      for (String j : joins) sb.append(j);
      return sb.toString();
    }
  }
}
