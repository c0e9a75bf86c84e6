package io.github.dbqueryagent.internal.index;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Identifiers;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.clustering.GreedyModularityAlgorithm;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups a catalog's tables into areas ("clusters") of the foreign-key graph, so that a model can orient
 * itself in a schema of hundreds of tables: "orders, customers, invoices and 9 more tables (schema
 * shop)".
 *
 * <h2>Technique</h2>
 *
 * <ol>
 *   <li>The undirected foreign-key graph (declared and inferred keys, as given) is split into connected
 *       components. Tables without edges are put aside.
 *   <li>Each component of three or more tables is partitioned by greedy modularity maximisation
 *       (Clauset, Newman and Moore, 2004, "Finding community structure in very large networks", Phys.
 *       Rev. E 70, 066111; JGraphT's {@link GreedyModularityAlgorithm}): every table starts alone and the
 *       two adjacent communities whose merge raises the modularity most are merged until no merge raises
 *       it. Communities are therefore connected, and a cluster holds tables of several schemas only when
 *       foreign keys cross them. Components are run separately (JGraphT's implementation expects a
 *       connected graph), which also makes the result of one area independent of unrelated ones.
 *       Leaves (a table with a single edge to a table with more) do not take part: each joins its
 *       neighbour's community afterwards, which is what the algorithm does with them anyway, and the
 *       graph it works on shrinks by a third or more in typical foreign-key graphs.
 *   <li>A component of at most {@value #MAX_CLUSTER_SIZE} tables is split only when the partition's
 *       modularity is at least {@value #MIN_MODULARITY}, so that short chains and stars stay whole.
 *   <li>A community of more than {@value #MAX_CLUSTER_SIZE} tables is partitioned again the same way on
 *       its own subgraph (where modularity resolves finer structure), recursively, until each part is
 *       small enough or the algorithm no longer splits it; such a community then stays whole, larger
 *       than {@value #MAX_CLUSTER_SIZE}.
 *   <li>Tables without edges form one {@value #OTHER_LABEL} cluster per schema (per JDBC catalog and
 *       schema), whatever their number.
 * </ol>
 *
 * <p>The graph is built from table indexes in catalog order with edges sorted, so the result depends
 * only on the catalog and the set of edges, not on map or set iteration order: the same input gives
 * the same clusters, in the same order, with the same ids and labels.
 *
 * <h2>Labels and summaries</h2>
 *
 * A cluster's tables are listed most central first: most edges inside the cluster, then most edges
 * overall, then most columns, then by name. The label is the {@linkplain Identifiers#readable readable}
 * names of the first {@value #LABEL_TABLES} ({@code "orders, customers, invoices"}), or {@value
 * #OTHER_LABEL} for the tables without edges. The summary is one short line for prompts: {@code
 * "orders, customers, invoices and 9 more tables (schema shop)"}, {@code "other tables: audit log,
 * settings and 1 more table (schema shop)"}, {@code "countries and cities"}; the part in parentheses
 * names the schema(s) when the tables have one.
 *
 * <p>Clusters are ordered by size (descending), then label, then first table; ids are their 1-based
 * positions. Cost: JGraphT's implementation rescans the remaining communities at each merge, so time
 * grows with the square of the non-leaf tables of the largest component; 1,000 tables with 1,300 edges
 * take about 40 ms of CPU once the JIT has warmed up, 90 to 150 ms on a cold JVM. Stateless and
 * thread-safe.
 */
public final class SchemaClusters {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaClusters.class);

  /** Communities larger than this are partitioned again, {@value}. */
  public static final int MAX_CLUSTER_SIZE = 40;

  /**
   * The least modularity for which a connected set of at most {@link #MAX_CLUSTER_SIZE} tables is
   * split, {@value}; below it (a short chain, a star) the set stays one cluster. Values above about 0.3
   * are the usual sign of real community structure (Newman and Girvan, 2004).
   */
  public static final double MIN_MODULARITY = 0.3;

  /** How many central tables name a cluster, {@value}. */
  public static final int LABEL_TABLES = 3;

  /** The label of a schema's tables without foreign-key edges, {@value}. */
  public static final String OTHER_LABEL = "other tables";

  private SchemaClusters() {}

  /**
   * An area of the schema.
   *
   * @param id the 1-based position in the list {@link #detect} returns
   * @param label the readable names of its most central tables, or {@value #OTHER_LABEL}
   * @param tables its tables, most central first, never empty, unmodifiable
   * @param summary one short line naming its central tables, its size and its schema(s)
   */
  public record Cluster(int id, String label, List<TableName> tables, String summary) {
    /** Checks and copies the components. */
    public Cluster {
      Objects.requireNonNull(label, "label");
      tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
      Objects.requireNonNull(summary, "summary");
      if (tables.isEmpty()) throw new IllegalArgumentException("a cluster has at least one table");
    }
  }

  /**
   * Detects the clusters of a catalog.
   *
   * @param catalog the catalog; every table ends up in exactly one cluster
   * @param adjacency the undirected foreign-key graph: for each table the tables it is joined to (in
   *     either direction; an edge listed on one side only counts); tables not in the catalog and
   *     self-references are ignored, tables missing from the map have no edges
   * @return the clusters, largest first, never null; empty for a catalog without tables
   * @throws NullPointerException when an argument is null
   */
  public static List<Cluster> detect(Catalog catalog, Map<TableName, Set<TableName>> adjacency) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(adjacency, "adjacency");
    long start = System.nanoTime();
    List<Table> tables = catalog.tables();
    int n = tables.size();
    Map<TableName, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) index.put(tables.get(i).name(), i);

    // Canonical edge list (i < j), sorted and without duplicates.
    List<long[]> pairs = new ArrayList<>();
    for (Map.Entry<TableName, Set<TableName>> e : adjacency.entrySet()) {
      Integer a = index.get(e.getKey());
      if (a == null || e.getValue() == null) continue;
      for (TableName other : e.getValue()) {
        Integer b = other == null ? null : index.get(other);
        if (b == null || b.equals(a)) continue;
        pairs.add(new long[] {Math.min(a, b), Math.max(a, b)});
      }
    }
    pairs.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
    List<Set<Integer>> neighbours = new ArrayList<>(n);
    for (int i = 0; i < n; i++) neighbours.add(new LinkedHashSet<>());
    int edges = 0;
    for (long[] p : pairs) {
      if (neighbours.get((int) p[0]).add((int) p[1])) {
        neighbours.get((int) p[1]).add((int) p[0]);
        edges++;
      }
    }

    List<int[]> groups = new ArrayList<>();
    Map<String, List<Integer>> isolated = new TreeMap<>();
    boolean[] seen = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (seen[i]) continue;
      if (neighbours.get(i).isEmpty()) {
        seen[i] = true;
        TableName t = tables.get(i).name();
        isolated.computeIfAbsent(t.catalog() + '\u0000' + t.schema(), k -> new ArrayList<>()).add(i);
        continue;
      }
      int[] component = component(i, neighbours, seen);
      communities(component, neighbours, groups);
    }

    List<Cluster> unnumbered = new ArrayList<>();
    for (int[] g : groups) unnumbered.add(cluster(g, tables, neighbours, false));
    for (List<Integer> g : isolated.values()) {
      unnumbered.add(cluster(g.stream().mapToInt(Integer::intValue).toArray(), tables, neighbours, true));
    }
    unnumbered.sort(Comparator.<Cluster>comparingInt(c -> -c.tables().size())
        .thenComparing(Cluster::label)
        .thenComparing(c -> c.tables().get(0)));
    List<Cluster> out = new ArrayList<>(unnumbered.size());
    for (Cluster c : unnumbered) out.add(new Cluster(out.size() + 1, c.label(), c.tables(), c.summary()));
    LOG.debug("{} clusters of {} tables and {} edges in {} ms", out.size(), n, edges,
        (System.nanoTime() - start) / 1_000_000);
    return List.copyOf(out);
  }

  /** Returns the connected component of {@code start}, sorted, marking its tables seen. */
  private static int[] component(int start, List<Set<Integer>> neighbours, boolean[] seen) {
    List<Integer> out = new ArrayList<>();
    ArrayList<Integer> stack = new ArrayList<>();
    stack.add(start);
    seen[start] = true;
    while (!stack.isEmpty()) {
      int v = stack.remove(stack.size() - 1);
      out.add(v);
      for (int w : neighbours.get(v)) {
        if (!seen[w]) {
          seen[w] = true;
          stack.add(w);
        }
      }
    }
    int[] a = out.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /**
   * Partitions a connected set of tables into communities and adds them to {@code out}. A set of at
   * most {@link #MAX_CLUSTER_SIZE} tables is split only when the partition's modularity is at least
   * {@link #MIN_MODULARITY}; a larger one whenever the algorithm splits it, its parts recursively.
   */
  private static void communities(int[] members, List<Set<Integer>> neighbours, List<int[]> out) {
    if (members.length < 3) {
      out.add(members);
      return;
    }
    List<int[]> parts = modularityCommunities(members, neighbours);
    boolean split = parts.size() > 1
        && (members.length > MAX_CLUSTER_SIZE || modularity(parts, neighbours) >= MIN_MODULARITY);
    if (!split) {
      out.add(members);
      return;
    }
    for (int[] part : parts) {
      if (part.length > MAX_CLUSTER_SIZE) communities(part, neighbours, out);
      else out.add(part);
    }
  }

  /**
   * Returns the modularity of a partition of a connected set within the subgraph it induces: the sum
   * over parts of (edges inside / edges) - (degree sum / (2 * edges))^2.
   */
  static double modularity(List<int[]> parts, List<Set<Integer>> neighbours) {
    Map<Integer, Integer> partOf = new HashMap<>();
    for (int p = 0; p < parts.size(); p++) for (int v : parts.get(p)) partOf.put(v, p);
    long[] inside = new long[parts.size()];
    long[] degrees = new long[parts.size()];
    long twiceEdges = 0;
    for (Map.Entry<Integer, Integer> e : partOf.entrySet()) {
      int p = e.getValue();
      for (int w : neighbours.get(e.getKey())) {
        Integer q = partOf.get(w);
        if (q == null) continue;
        twiceEdges++;
        degrees[p]++;
        if (q == p) inside[p]++;
      }
    }
    if (twiceEdges == 0) return 0;
    double sum = 0;
    for (int p = 0; p < parts.size(); p++) {
      double share = degrees[p] / (double) twiceEdges;
      sum += inside[p] / (double) twiceEdges - share * share;
    }
    return sum;
  }

  /**
   * Runs greedy modularity maximisation on the subgraph induced by a connected set of tables. Leaves
   * (tables with one edge in the subgraph, whose neighbour has more) are folded into their neighbour's
   * community instead of taking part: greedy modularity merges such a leaf with its neighbour anyway,
   * and leaving them out shrinks the graph the quadratic merge loop works on by a third or more.
   *
   * @return the communities, each sorted, in order of their smallest table; one part (the whole set)
   *     when the algorithm fails or finds nothing to split
   */
  private static List<int[]> modularityCommunities(int[] members, List<Set<Integer>> neighbours) {
    Map<Integer, Integer> degree = new HashMap<>();
    for (int v : members) degree.put(v, 0);
    for (int v : members) {
      int d = 0;
      for (int w : neighbours.get(v)) if (degree.containsKey(w)) d++;
      degree.put(v, d);
    }
    Graph<Integer, DefaultEdge> core = new SimpleGraph<>(DefaultEdge.class);
    Map<Integer, Integer> leafOf = new TreeMap<>();
    for (int v : members) {
      if (degree.get(v) == 1) {
        int w = inside(v, neighbours, degree);
        if (degree.get(w) > 1) {
          leafOf.put(v, w);
          continue;
        }
      }
      core.addVertex(v);
    }
    for (int v : core.vertexSet()) {
      for (int w : neighbours.get(v)) {
        if (v < w && core.containsVertex(w)) core.addEdge(v, w);
      }
    }
    if (core.vertexSet().size() < 3) return List.of(members);
    Map<Integer, List<Integer>> communityOf = new HashMap<>();
    List<List<Integer>> communities = new ArrayList<>();
    try {
      for (Set<Integer> c : new GreedyModularityAlgorithm<>(core).getClustering().getClusters()) {
        List<Integer> community = new ArrayList<>(c);
        communities.add(community);
        for (int v : c) communityOf.put(v, community);
      }
    } catch (RuntimeException e) {
      // The graph is connected, which the implementation needs; stay whole should it still fail.
      LOG.debug("community detection failed on {} tables; keeping them together", members.length, e);
      return List.of(members);
    }
    for (Map.Entry<Integer, Integer> leaf : leafOf.entrySet()) {
      List<Integer> community = communityOf.get(leaf.getValue());
      if (community == null) return List.of(members);
      community.add(leaf.getKey());
    }
    List<int[]> parts = new ArrayList<>();
    int covered = 0;
    for (List<Integer> c : communities) {
      int[] a = c.stream().mapToInt(Integer::intValue).toArray();
      Arrays.sort(a);
      parts.add(a);
      covered += a.length;
    }
    if (covered != members.length) return List.of(members);
    parts.sort(Comparator.comparingInt(p -> p[0]));
    return parts;
  }

  /** Returns the one neighbour of {@code v} inside the set whose degrees are given. */
  private static int inside(int v, List<Set<Integer>> neighbours, Map<Integer, Integer> degree) {
    for (int w : neighbours.get(v)) if (degree.containsKey(w)) return w;
    throw new IllegalStateException("no neighbour inside for " + v);
  }

  private static Cluster cluster(int[] members, List<Table> tables, List<Set<Integer>> neighbours, boolean other) {
    Set<Integer> inside = new HashSet<>();
    for (int m : members) inside.add(m);
    Integer[] order = new Integer[members.length];
    int[] innerDegree = new int[tables.size()];
    for (int i = 0; i < members.length; i++) {
      order[i] = members[i];
      int d = 0;
      for (int w : neighbours.get(members[i])) if (inside.contains(w)) d++;
      innerDegree[members[i]] = d;
    }
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -innerDegree[i])
        .thenComparingInt(i -> -neighbours.get(i).size())
        .thenComparingInt(i -> -tables.get(i).columns().size())
        .thenComparing(i -> tables.get(i).name()));
    List<TableName> names = new ArrayList<>(order.length);
    for (int i : order) names.add(tables.get(i).name());
    List<String> lead = new ArrayList<>();
    for (int k = 0; k < Math.min(LABEL_TABLES, names.size()); k++) {
      String r = Identifiers.readable(names.get(k).name());
      lead.add(r.isEmpty() ? names.get(k).name() : r);
    }
    String label = other ? OTHER_LABEL : String.join(", ", lead);
    StringBuilder summary = new StringBuilder();
    if (other) summary.append(OTHER_LABEL).append(": ");
    int more = names.size() - lead.size();
    if (more > 0) {
      summary.append(String.join(", ", lead)).append(" and ").append(more)
          .append(more == 1 ? " more table" : " more tables");
    } else if (lead.size() == 1) {
      summary.append(lead.get(0));
    } else {
      summary.append(String.join(", ", lead.subList(0, lead.size() - 1))).append(" and ")
          .append(lead.get(lead.size() - 1));
    }
    Set<String> schemas = new TreeSet<>();
    for (TableName t : names) if (!t.schema().isEmpty()) schemas.add(t.schema());
    if (schemas.size() == 1) summary.append(" (schema ").append(schemas.iterator().next()).append(')');
    else if (schemas.size() > 1) summary.append(" (schemas ").append(String.join(", ", schemas)).append(')');
    return new Cluster(0, label, names, summary.toString());
  }
}
