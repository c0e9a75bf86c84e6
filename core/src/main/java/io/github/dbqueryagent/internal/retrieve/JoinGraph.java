package io.github.dbqueryagent.internal.retrieve;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The undirected graph of foreign keys between tables, for shortest join paths. Immutable. */
public final class JoinGraph {

  /**
   * One step of a join path: from {@code from} to {@code to} over {@code foreignKey}, declared on
   * {@code owner} (either end).
   */
  public record Step(TableName from, TableName to, TableName owner, ForeignKey foreignKey) {}

  private final Map<TableName, List<Step>> adjacency = new HashMap<>();

  /** Builds the graph of a catalog's declared foreign keys (keys to tables outside it are ignored). */
  public JoinGraph(Catalog catalog) {
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        TableName ref = fk.referencedTable();
        if (catalog.table(ref).isEmpty() || ref.equals(t.name())) continue;
        adjacency.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(new Step(t.name(), ref, t.name(), fk));
        adjacency.computeIfAbsent(ref, k -> new ArrayList<>()).add(new Step(ref, t.name(), t.name(), fk));
      }
    }
  }

  /** Returns the steps leaving a table, never null. */
  public List<Step> neighbours(TableName table) {
    return adjacency.getOrDefault(table, List.of());
  }

  /**
   * Finds a shortest path (fewest joins) between two tables, breadth first; ties go to the key
   * declared first.
   *
   * @return the steps from {@code from} to {@code to}, empty list when they are the same table,
   *     empty optional when not connected
   */
  public Optional<List<Step>> shortestPath(TableName from, TableName to, int maxHops) {
    if (from.equals(to)) return Optional.of(List.of());
    Map<TableName, Step> via = new HashMap<>();
    ArrayDeque<TableName> queue = new ArrayDeque<>();
    Map<TableName, Integer> depth = new HashMap<>();
    queue.add(from);
    depth.put(from, 0);
    while (!queue.isEmpty()) {
      TableName cur = queue.poll();
      int d = depth.get(cur);
      if (d >= maxHops) continue;
      for (Step s : neighbours(cur)) {
        if (depth.containsKey(s.to())) continue;
        depth.put(s.to(), d + 1);
        via.put(s.to(), s);
        if (s.to().equals(to)) {
          List<Step> path = new ArrayList<>();
          TableName x = to;
          while (!x.equals(from)) {
            Step st = via.get(x);
            path.add(st);
            x = st.from();
          }
          Collections.reverse(path);
          return Optional.of(path);
        }
        queue.add(s.to());
      }
    }
    return Optional.empty();
  }
}
