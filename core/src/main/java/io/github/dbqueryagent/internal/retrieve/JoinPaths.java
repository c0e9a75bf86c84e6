package io.github.dbqueryagent.internal.retrieve;

import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.SpanningTreeAlgorithm;
import org.jgrapht.alg.spanning.KruskalMinimumSpanningTree;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Connects tables along the foreign-key graph with few extra tables: the Kou–Markowsky–Berman
 * approximation of the Steiner tree (Kou, Markowsky and Berman, 1981, "A fast algorithm for Steiner
 * trees", Acta Informatica 15): the complete graph over the terminals weighted by shortest-path length,
 * its minimum spanning tree (JGraphT's Kruskal), each tree edge expanded back into its path. Within a
 * factor of 2 of the fewest joins; terminals that cannot be reached within the hop limit stay
 * unconnected. Stateless and thread-safe.
 */
public final class JoinPaths {
  private JoinPaths() {}

  /**
   * Returns the tables, not among the terminals, that connect the terminals.
   *
   * @param graph the join graph
   * @param terminals the tables to connect, best first
   * @param maxHops the longest path considered between two terminals
   * @return the bridge tables, in the order the tree reaches them; never null
   */
  public static List<TableName> bridges(JoinGraph graph, List<TableName> terminals, int maxHops) {
    if (terminals.size() < 2) return List.of();
    Graph<TableName, DefaultWeightedEdge> closure = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    terminals.forEach(closure::addVertex);
    for (int i = 0; i < terminals.size(); i++) {
      for (int j = i + 1; j < terminals.size(); j++) {
        Optional<List<JoinGraph.Step>> path = graph.shortestPath(terminals.get(i), terminals.get(j), maxHops);
        if (path.isEmpty() || path.get().isEmpty()) continue;
        DefaultWeightedEdge e = closure.addEdge(terminals.get(i), terminals.get(j));
        // ties between equally long paths go to the better-ranked terminals
        closure.setEdgeWeight(e, path.get().size() + (i + j) * 1e-6);
      }
    }
    SpanningTreeAlgorithm.SpanningTree<DefaultWeightedEdge> tree = new KruskalMinimumSpanningTree<>(closure).getSpanningTree();
    Set<TableName> terminalSet = Set.copyOf(terminals);
    Set<TableName> out = new LinkedHashSet<>();
    for (DefaultWeightedEdge e : tree.getEdges()) {
      TableName a = closure.getEdgeSource(e);
      TableName b = closure.getEdgeTarget(e);
      graph.shortestPath(a, b, maxHops).ifPresent(path -> {
        for (JoinGraph.Step s : path) {
          if (!terminalSet.contains(s.to())) out.add(s.to());
        }
      });
    }
    return new ArrayList<>(out);
  }
}
