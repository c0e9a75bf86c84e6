package io.github.dbqueryagent.internal.retrieve;

import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lexical schema linking: question word stems are matched against the stems of table names (weight
 * 3), column names (weight 2) and comments and summaries (weight 1), each weighted by the inverse
 * document frequency of the stem over the tables (as in BM25), so words that occur in every table
 * count little. A word or phrase of the question that is one of a column's {@linkplain
 * Column#sampleValues() sample values} ("Brazil" for {@code customer.country}, compared as lower-case
 * words) counts like a column name (weight 2, with its own document frequency) and makes the column a
 * matched one; values that are single short words (under three characters), numbers or stopwords are
 * not matched. The best tables are kept, then tables on shortest foreign-key paths between them are
 * added so that they can be joined. Catalogs no larger than the limit are returned whole, best
 * first. Stateless and thread-safe.
 */
public final class LexicalRetriever implements Retriever {
  /** Prefixes a matched sample value in the term maps, so that it never collides with a stem. */
  private static final String VALUE_TERM = "=";

  private final int maxTables;

  /** Creates the retriever keeping at most {@code maxTables} tables. */
  public LexicalRetriever(int maxTables) {
    if (maxTables < 1) throw new IllegalArgumentException("maxTables must be at least 1: " + maxTables);
    this.maxTables = maxTables;
  }

  @Override
  public Retrieval retrieve(RetrievalRequest request) {
    Catalog catalog = request.catalog();
    Set<String> question = questionStems(request.question());
    String questionWords = " " + String.join(" ", Words.splitText(request.question())) + " ";
    // follow-ups: words of the last turn's question count half
    Set<String> previous = new HashSet<>();
    List<Turn> history = request.history();
    if (!history.isEmpty()) previous.addAll(questionStems(history.get(history.size() - 1).question()));

    Map<String, Integer> docFreq = new HashMap<>();
    Map<TableName, Map<String, Double>> docs = new LinkedHashMap<>();
    Map<TableName, Map<String, List<String>>> columnStems = new HashMap<>();
    for (Table t : catalog.tables()) {
      Map<String, Double> weights = new HashMap<>();
      for (String s : Words.identifierStems(t.name().name())) weights.merge(s, 3.0, Math::max);
      Map<String, List<String>> byStem = new HashMap<>();
      for (Column c : t.columns()) {
        for (String s : Words.identifierStems(c.name())) {
          weights.merge(s, 2.0, Math::max);
          byStem.computeIfAbsent(s, k -> new ArrayList<>()).add(c.name());
        }
        for (String w : Words.splitText(c.comment())) {
          String s = Words.stem(w);
          if (!Words.isStopword(w)) {
            weights.merge(s, 1.0, Math::max);
            byStem.computeIfAbsent(s, k -> new ArrayList<>()).add(c.name());
          }
        }
        for (String v : c.sampleValues()) {
          String phrase = valuePhrase(v);
          if (phrase == null || !questionWords.contains(" " + phrase + " ")) continue;
          String term = VALUE_TERM + phrase;
          weights.merge(term, 2.0, Math::max);
          byStem.computeIfAbsent(term, k -> new ArrayList<>()).add(c.name());
          question.add(term);
        }
      }
      String text = t.comment() + " " + request.summaries().getOrDefault(t.name(), "");
      for (String w : Words.splitText(text)) {
        if (!Words.isStopword(w)) weights.merge(Words.stem(w), 1.0, Math::max);
      }
      docs.put(t.name(), weights);
      columnStems.put(t.name(), byStem);
      for (String s : weights.keySet()) docFreq.merge(s, 1, Integer::sum);
    }
    int n = Math.max(1, docs.size());
    Map<TableName, Double> scores = new HashMap<>();
    Map<TableName, List<String>> matchedColumns = new HashMap<>();
    for (Map.Entry<TableName, Map<String, Double>> e : docs.entrySet()) {
      double score = 0;
      Set<String> matched = new LinkedHashSet<>();
      for (String s : question) {
        Double w = e.getValue().get(s);
        if (w == null) continue;
        double idf = Math.log(1 + (n - docFreq.get(s) + 0.5) / (docFreq.get(s) + 0.5));
        score += w * idf;
        matched.addAll(columnStems.get(e.getKey()).getOrDefault(s, List.of()));
      }
      for (String s : previous) {
        Double w = e.getValue().get(s);
        if (w != null && !question.contains(s)) {
          score += 0.5 * w * Math.log(1 + (n - docFreq.get(s) + 0.5) / (docFreq.get(s) + 0.5));
        }
      }
      scores.put(e.getKey(), score);
      matchedColumns.put(e.getKey(), new ArrayList<>(matched));
    }
    List<TableName> ranked = new ArrayList<>(docs.keySet());
    ranked.sort(Comparator.comparingDouble((TableName t) -> -scores.get(t)).thenComparing(t -> t));

    List<TableName> chosen = new ArrayList<>();
    if (ranked.size() <= maxTables) {
      chosen.addAll(ranked);
    } else {
      double best = ranked.isEmpty() ? 0 : scores.get(ranked.get(0));
      for (TableName t : ranked) {
        if (chosen.size() >= Math.max(1, maxTables / 2)) break;
        double s = scores.get(t);
        if (s <= 0 || s < best * 0.25) break;
        chosen.add(t);
      }
      // connect the chosen tables along shortest foreign-key paths
      JoinGraph graph = new JoinGraph(catalog);
      List<TableName> seeds = new ArrayList<>(chosen);
      for (int i = 1; i < seeds.size(); i++) {
        for (int j = 0; j < i; j++) {
          graph.shortestPath(seeds.get(j), seeds.get(i), 3).ifPresent(path -> {
            for (JoinGraph.Step st : path) {
              if (!chosen.contains(st.to()) && chosen.size() < maxTables) chosen.add(st.to());
            }
          });
        }
      }
      // then the direct neighbours of the best tables, and further ranked tables, while room is left
      for (TableName seed : seeds) {
        for (JoinGraph.Step st : graph.neighbours(seed)) {
          if (chosen.size() >= maxTables) break;
          if (!chosen.contains(st.to()) && scores.get(st.to()) > 0) chosen.add(st.to());
        }
      }
      for (TableName t : ranked) {
        if (chosen.size() >= maxTables || scores.get(t) <= 0) break;
        if (!chosen.contains(t)) chosen.add(t);
      }
    }
    List<Retrieval.ScoredTable> tables = new ArrayList<>();
    for (TableName t : chosen) {
      tables.add(new Retrieval.ScoredTable(t, scores.get(t), matchedColumns.get(t)));
    }
    Set<TableName> chosenSet = new HashSet<>(chosen);
    List<Retrieval.JoinEdge> joins = new ArrayList<>();
    for (TableName t : chosen) {
      catalog.table(t).ifPresent(table -> table.foreignKeys().forEach(fk -> {
        if (chosenSet.contains(fk.referencedTable())) joins.add(new Retrieval.JoinEdge(t, fk));
      }));
    }
    return new Retrieval(tables, joins);
  }

  /**
   * A sample value as lower-case words joined by single spaces, or null when it should not be matched:
   * no words, only stopwords, a number, or one word under three characters ("A", "NY" codes).
   */
  private static String valuePhrase(String value) {
    List<String> words = Words.splitText(value);
    if (words.isEmpty() || words.stream().allMatch(Words::isStopword)) return null;
    if (words.size() == 1 && (words.get(0).length() < 3 || words.get(0).chars().allMatch(Character::isDigit))) {
      return null;
    }
    return String.join(" ", words);
  }

  private static Set<String> questionStems(String q) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : Words.splitText(q)) {
      if (!Words.isStopword(w)) out.add(Words.stem(w));
    }
    return out;
  }

  @Override
  public String toString() {
    return "LexicalRetriever[maxTables=" + maxTables + "]";
  }
}
