package io.github.dbqueryagent.internal.summarize;

import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describes each table without a model: its comment when it has one, else its readable name, kind,
 * the tables it references and the tables that reference it. Stateless and thread-safe.
 */
public final class HeuristicSummarizer implements Summarizer {

  @Override
  public Map<TableName, String> summarize(Catalog catalog) {
    Map<TableName, Set<String>> referencedBy = new HashMap<>();
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        referencedBy.computeIfAbsent(fk.referencedTable(), k -> new LinkedHashSet<>()).add(t.name().name());
      }
    }
    Map<TableName, String> out = new HashMap<>();
    for (Table t : catalog.tables()) {
      StringBuilder sb = new StringBuilder();
      if (!t.comment().isBlank()) {
        sb.append(t.comment().strip());
      } else {
        sb.append(t.kind() == Table.Kind.MATERIALIZED_VIEW ? "Materialized view of " : t.isView() ? "View of " : "").append(Words.readable(t.name().name()));
        sb.append(" (").append(t.columns().size()).append(" columns)");
      }
      List<String> refs = new ArrayList<>();
      for (ForeignKey fk : t.foreignKeys()) {
        String r = fk.referencedTable().name();
        if (!refs.contains(r)) refs.add(r);
      }
      if (!refs.isEmpty()) sb.append("; references ").append(String.join(", ", refs));
      Set<String> by = referencedBy.get(t.name());
      if (by != null && !by.isEmpty()) sb.append("; referenced by ").append(String.join(", ", by));
      out.put(t.name(), sb.toString());
    }
    return out;
  }

  /** Returns {@code heuristic}: stable across versions while the descriptions stay the same. */
  @Override
  public String name() {
    return "heuristic";
  }

  @Override
  public String toString() {
    return "HeuristicSummarizer";
  }
}
