package io.github.dbqueryagent.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.internal.index.SchemaClusters.Cluster;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaClustersTest {

  /** Tables and undirected edges, written as "schema.table" or "table". */
  static final class Graph {
    final Set<TableName> tables = new LinkedHashSet<>();
    final Map<TableName, Set<TableName>> adjacency = new HashMap<>();

    Graph tables(String... names) {
      for (String n : names) tables.add(name(n));
      return this;
    }

    Graph edge(String a, String b) {
      TableName x = name(a);
      TableName y = name(b);
      tables.add(x);
      tables.add(y);
      adjacency.computeIfAbsent(x, k -> new HashSet<>()).add(y);
      adjacency.computeIfAbsent(y, k -> new HashSet<>()).add(x);
      return this;
    }

    /** Connects every pair of the tables. */
    Graph clique(String... names) {
      for (int i = 0; i < names.length; i++) for (int j = i + 1; j < names.length; j++) edge(names[i], names[j]);
      return this;
    }

    Catalog catalog() {
      List<Table> ts = new ArrayList<>();
      for (TableName t : tables) {
        ts.add(new Table(t, Table.Kind.TABLE, "", List.of(new Column("id", "integer", Types.INTEGER, false, "", List.of())),
            List.of("id"), List.of(), -1));
      }
      return new Catalog("Test", "1", Dialect.POSTGRESQL, ts);
    }

    List<Cluster> detect() {
      return SchemaClusters.detect(catalog(), adjacency);
    }

    static TableName name(String n) {
      int dot = n.indexOf('.');
      return dot < 0 ? TableName.of(n) : TableName.of(n.substring(0, dot), n.substring(dot + 1));
    }
  }

  static Set<String> names(Cluster c) {
    return c.tables().stream().map(TableName::toString).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void twoCommunitiesJoinedByOneEdgeAreSeparated() {
    Graph g = new Graph()
        .clique("orders", "customers", "order_items", "payments")
        .edge("orders", "shipments").edge("order_items", "products").edge("products", "categories")
        .edge("shipments", "customers").edge("products", "payments")
        .clique("employees", "departments", "salaries", "titles")
        .edge("employees", "dept_managers").edge("departments", "dept_managers").edge("salaries", "pay_grades")
        .edge("titles", "pay_grades")
        .edge("orders", "employees");

    List<Cluster> clusters = g.detect();

    assertThat(clusters).hasSize(2);
    assertThat(clusters).extracting(SchemaClustersTest::names).containsExactlyInAnyOrder(
        Set.of("categories", "customers", "order_items", "orders", "payments", "products", "shipments"),
        Set.of("dept_managers", "departments", "employees", "pay_grades", "salaries", "titles"));
    assertThat(clusters.get(0).tables()).hasSize(7);
    assertThat(clusters).extracting(Cluster::id).containsExactly(1, 2);
  }

  @Test
  void theResultDependsOnlyOnTheEdgesNotOnMapOrder() {
    Random r = new Random(3);
    Graph g = new Graph();
    for (int i = 0; i < 300; i++) g.tables("t" + i);
    List<String[]> edges = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int a = r.nextInt(300);
      int b = r.nextDouble() < 0.8 ? (a / 20) * 20 + r.nextInt(20) : r.nextInt(300);
      if (a != b) edges.add(new String[] {"t" + a, "t" + b});
    }
    for (String[] e : edges) g.edge(e[0], e[1]);
    Catalog catalog = g.catalog();
    List<Cluster> first = SchemaClusters.detect(catalog, g.adjacency);

    // The same edges, one side only, in reverse insertion order and in a sorted map.
    Map<TableName, Set<TableName>> oneSided = new LinkedHashMap<>();
    List<String[]> reversed = new ArrayList<>(edges);
    Collections.reverse(reversed);
    for (String[] e : reversed) oneSided.computeIfAbsent(Graph.name(e[1]), k -> new LinkedHashSet<>()).add(Graph.name(e[0]));
    Map<TableName, Set<TableName>> sorted = new TreeMap<>();
    g.adjacency.forEach((k, v) -> sorted.put(k, new TreeSet<>(v)));

    assertThat(SchemaClusters.detect(catalog, g.adjacency)).isEqualTo(first);
    assertThat(SchemaClusters.detect(catalog, oneSided)).isEqualTo(first);
    assertThat(SchemaClusters.detect(catalog, sorted)).isEqualTo(first);
    assertThat(first.stream().mapToInt(c -> c.tables().size()).sum()).isEqualTo(300);
  }

  @Test
  void schemasStayApartUnlessForeignKeysCrossThem() {
    Graph g = new Graph()
        .clique("shop.orders", "shop.customers", "shop.audit")
        .clique("hr.employees", "hr.departments", "hr.audit")
        .clique("crm.leads", "crm.contacts", "crm.notes")
        .edge("crm.contacts", "shop.customers");

    List<Cluster> clusters = g.detect();

    for (Cluster c : clusters) {
      Set<String> schemas = c.tables().stream().map(TableName::schema).collect(Collectors.toSet());
      if (schemas.size() > 1) {
        assertThat(schemas).containsExactlyInAnyOrder("crm", "shop");
        assertThat(c.summary()).endsWith("(schemas crm, shop)");
      }
    }
    Cluster hr = clusters.stream().filter(c -> c.tables().get(0).schema().equals("hr")).findFirst().orElseThrow();
    assertThat(names(hr)).containsExactlyInAnyOrder("hr.audit", "hr.departments", "hr.employees");
    assertThat(hr.summary()).endsWith("(schema hr)");
  }

  @Test
  void tablesWithoutEdgesGoToOneOtherTablesClusterPerSchema() {
    Graph g = new Graph()
        .clique("shop.orders", "shop.customers", "shop.items")
        .tables("shop.settings", "shop.audit_log", "hr.holidays", "hr.notes", "hr.settings", "hr.tmp")
        .edge("shop.orders", "shop.nowhere_table");
    Catalog catalog = g.catalog();
    Map<TableName, Set<TableName>> adjacency = new HashMap<>(g.adjacency);
    // Edges to tables outside the catalog and self-references do not count.
    adjacency.put(TableName.of("hr", "notes"), Set.of(TableName.of("hr", "notes"), TableName.of("elsewhere", "x")));

    List<Cluster> clusters = SchemaClusters.detect(catalog, adjacency);

    List<Cluster> others = clusters.stream().filter(c -> c.label().equals(SchemaClusters.OTHER_LABEL)).toList();
    assertThat(others).hasSize(2);
    assertThat(names(others.get(0))).containsExactly("hr.holidays", "hr.notes", "hr.settings", "hr.tmp");
    assertThat(others.get(0).summary()).isEqualTo("other tables: holidays, notes, settings and 1 more table (schema hr)");
    assertThat(names(others.get(1))).containsExactly("shop.audit_log", "shop.settings");
    assertThat(others.get(1).summary()).isEqualTo("other tables: audit log and settings (schema shop)");
    assertThat(clusters.stream().mapToInt(c -> c.tables().size()).sum()).isEqualTo(catalog.tables().size());
  }

  @Test
  void theLabelNamesTheMostCentralTables() {
    Graph g = new Graph();
    for (String leaf : List.of("order_items", "payments", "shipments", "refunds", "discounts", "invoices", "notes")) {
      g.edge("shop.orders", "shop." + leaf);
    }
    g.edge("shop.customers", "shop.orders").edge("shop.customers", "shop.addresses").edge("shop.customers", "shop.loyalty_cards")
        .edge("shop.order_items", "shop.products").edge("shop.products", "shop.payments");

    List<Cluster> clusters = g.detect();

    assertThat(clusters).hasSize(1);
    Cluster c = clusters.get(0);
    assertThat(c.tables().get(0)).isEqualTo(TableName.of("shop", "orders"));
    assertThat(c.label()).isEqualTo("orders, customers, order items");
    assertThat(c.summary()).isEqualTo("orders, customers, order items and 9 more tables (schema shop)");
  }

  @Test
  void aShortChainStaysWhole() {
    List<Cluster> clusters = new Graph()
        .edge("countries", "cities").edge("cities", "addresses").edge("addresses", "customers").edge("customers", "orders")
        .edge("a", "b").detect();

    assertThat(clusters).extracting(c -> c.tables().size()).containsExactly(5, 2);
    assertThat(clusters.get(1).summary()).isEqualTo("a and b");
  }

  @Test
  void largeCommunitiesAreSplitAndTheRunIsFast() {
    // 1,000 tables in 25 modules of 40, trees with hubs, plus cross-module keys: 1,300 edges.
    Random r = new Random(7);
    Graph g = new Graph();
    int n = 1000;
    int per = 40;
    for (int i = 0; i < n; i++) g.tables("s" + (i / 400) + ".t" + i);
    Set<String> seen = new HashSet<>();
    int edges = 0;
    for (int m = 0; m < n / per; m++) {
      for (int i = 1; i < per; i++) {
        int a = m * per + i;
        int b = m * per + (r.nextDouble() < 0.5 ? r.nextInt(3) : r.nextInt(i));
        if (a != b && seen.add(Math.min(a, b) + "-" + Math.max(a, b))) {
          g.edge("s" + (a / 400) + ".t" + a, "s" + (b / 400) + ".t" + b);
          edges++;
        }
      }
    }
    while (edges < 1300) {
      int m = r.nextInt(n / per);
      int a = m * per + r.nextInt(per);
      int b = r.nextDouble() < 0.5 ? m * per + r.nextInt(per) : r.nextInt(n);
      if (a != b && seen.add(Math.min(a, b) + "-" + Math.max(a, b))) {
        g.edge("s" + (a / 400) + ".t" + a, "s" + (b / 400) + ".t" + b);
        edges++;
      }
    }
    Catalog catalog = g.catalog();

    // Wall time suffers when the machine is shared; the thread's CPU time is printed too.
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] wall = new long[5];
    long[] cpu = new long[5];
    List<Cluster> clusters = null;
    for (int run = 0; run < wall.length; run++) {
      long start = System.nanoTime();
      long startCpu = threads.getCurrentThreadCpuTime();
      clusters = SchemaClusters.detect(catalog, g.adjacency);
      wall[run] = (System.nanoTime() - start) / 1_000_000;
      cpu[run] = (threads.getCurrentThreadCpuTime() - startCpu) / 1_000_000;
    }
    System.out.printf("SchemaClusters: %d tables, %d edges -> %d clusters (largest %d); wall %s ms, cpu %s ms"
            + " (first run cold)%n", n, edges, clusters.size(), clusters.get(0).tables().size(),
        java.util.Arrays.toString(wall), java.util.Arrays.toString(cpu));

    assertThat(clusters.stream().mapToInt(c -> c.tables().size()).sum()).isEqualTo(n);
    assertThat(clusters).allSatisfy(c -> assertThat(c.tables()).hasSizeLessThanOrEqualTo(SchemaClusters.MAX_CLUSTER_SIZE));
    assertThat(clusters).isSortedAccordingTo((a, b) -> Integer.compare(b.tables().size(), a.tables().size()));
  }

  @Test
  void anEmptyCatalogHasNoClusters() {
    assertThat(SchemaClusters.detect(new Catalog("Test", "1", Dialect.POSTGRESQL, List.of()), Map.of())).isEmpty();
  }
}
