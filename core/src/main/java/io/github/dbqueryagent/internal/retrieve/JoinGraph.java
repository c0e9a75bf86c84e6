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

  /**
   * Builds the graph of a catalog's foreign keys, declared and inferred, exactly as the catalog holds
   * them (keys to tables outside it and self-references are ignored). No key is inferred here: the
   * {@link io.github.dbqueryagent.spi.SchemaSource} decides whether names are used to infer keys, and
   * every stage sees the same keys. Build it through {@link
   * io.github.dbqueryagent.internal.index.SchemaIndex#of(Catalog)}, which does so once per catalog.
   */
  public JoinGraph(Catalog catalog) {
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        TableName ref = fk.referencedTable();
        if (catalog.table(ref).isEmpty() || ref.equals(t.name())) continue;
        add(t.name(), fk);
      }
    }
  }

  private void add(TableName owner, ForeignKey fk) {
    TableName ref = fk.referencedTable();
    adjacency.computeIfAbsent(owner, k -> new ArrayList<>()).add(new Step(owner, ref, owner, fk));
    adjacency.computeIfAbsent(ref, k -> new ArrayList<>()).add(new Step(ref, owner, owner, fk));
  }

  /**
   * Counts the distinct shortest paths between two tables (up to {@code cap}), to tell a clear join
   * from an ambiguous one.
   */
  public int countShortestPaths(TableName from, TableName to, int maxHops, int cap) {
    if (from.equals(to)) return 1;
    Map<TableName, Integer> depth = new HashMap<>();
    Map<TableName, Integer> ways = new HashMap<>();
    ArrayDeque<TableName> queue = new ArrayDeque<>();
    depth.put(from, 0);
    ways.put(from, 1);
    queue.add(from);
    while (!queue.isEmpty()) {
      TableName cur = queue.poll();
      int d = depth.get(cur);
      if (d >= maxHops) continue;
      for (Step s : neighbours(cur)) {
        Integer dt = depth.get(s.to());
        if (dt == null) {
          depth.put(s.to(), d + 1);
          ways.put(s.to(), ways.get(cur));
          queue.add(s.to());
        } else if (dt == d + 1) {
          ways.put(s.to(), Math.min(cap, ways.get(s.to()) + ways.get(cur)));
        }
      }
    }
    return ways.getOrDefault(to, 0);
  }

  /** Returns whether a key was inferred from names rather than declared. */
  public static boolean isInferred(ForeignKey fk) {
    return fk.inferred();
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
