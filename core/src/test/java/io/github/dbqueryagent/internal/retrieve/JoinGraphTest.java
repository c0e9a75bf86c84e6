package io.github.dbqueryagent.internal.retrieve;

import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.support.Catalogs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JoinGraphTest {
  static final TableName CUSTOMER = TableName.of("customer");
  static final TableName ORDERS = TableName.of("orders");
  static final TableName ORDER_ITEM = TableName.of("order_item");
  static final TableName PRODUCT = TableName.of("product");
  static final TableName CATEGORY = TableName.of("category");
  static final TableName WISHLIST = TableName.of("wishlist");
  static final TableName EMPLOYEE = TableName.of("employee");
  static final TableName AUDIT = TableName.of("audit");
  static final TableName DANGLING = TableName.of("dangling");

  /** customer <- orders <- order_item -> product -> category; employee self-references; audit alone. */
  static Catalog chain() {
    return Catalogs.catalog(
        table("customer").id("customer_id").col("name"),
        table("orders").id("order_id").fk("customer_id", "customer", "customer_id"),
        table("order_item")
            .fk("order_id", ORDERS, "order_id", true)
            .fk("product_id", PRODUCT, "product_id", true),
        table("product").id("product_id").fk("category_id", "category", "category_id"),
        table("category").id("category_id").col("name"),
        table("employee").id("employee_id").fk("manager_id", "employee", "employee_id"),
        table("audit").id("audit_id").col("message"),
        table("dangling").id("dangling_id").fk("ghost_id", "ghost", "ghost_id"));
  }

  static List<TableName> visited(List<JoinGraph.Step> path, TableName start) {
    List<TableName> out = new ArrayList<>();
    out.add(start);
    for (JoinGraph.Step s : path) out.add(s.to());
    return out;
  }

  @Test
  void findsTheChainOfJoinsBetweenDistantTables() {
    JoinGraph graph = new JoinGraph(chain());

    Optional<List<JoinGraph.Step>> path = graph.shortestPath(CUSTOMER, CATEGORY, 5);

    assertThat(path).isPresent();
    assertThat(visited(path.get(), CUSTOMER)).containsExactly(CUSTOMER, ORDERS, ORDER_ITEM, PRODUCT, CATEGORY);
    // every step continues where the previous one ended
    TableName at = CUSTOMER;
    for (JoinGraph.Step s : path.get()) {
      assertThat(s.from()).isEqualTo(at);
      at = s.to();
    }
  }

  @Test
  void stepsNameTheTableThatDeclaresTheKey() {
    JoinGraph graph = new JoinGraph(chain());

    List<JoinGraph.Step> path = graph.shortestPath(CUSTOMER, PRODUCT, 5).orElseThrow();

    assertThat(path).hasSize(3);
    assertThat(path.get(0).owner()).isEqualTo(ORDERS);
    assertThat(path.get(0).foreignKey().columns()).containsExactly("customer_id");
    assertThat(path.get(0).foreignKey().referencedTable()).isEqualTo(CUSTOMER);
    assertThat(path.get(1).owner()).isEqualTo(ORDER_ITEM);
    assertThat(path.get(1).foreignKey().referencedTable()).isEqualTo(ORDERS);
    assertThat(path.get(2).owner()).isEqualTo(ORDER_ITEM);
    assertThat(path.get(2).foreignKey().referencedTable()).isEqualTo(PRODUCT);
  }

  @Test
  void worksInBothDirections() {
    JoinGraph graph = new JoinGraph(chain());

    List<JoinGraph.Step> forward = graph.shortestPath(CUSTOMER, CATEGORY, 5).orElseThrow();
    List<JoinGraph.Step> backward = graph.shortestPath(CATEGORY, CUSTOMER, 5).orElseThrow();

    assertThat(visited(backward, CATEGORY)).containsExactly(CATEGORY, PRODUCT, ORDER_ITEM, ORDERS, CUSTOMER);
    assertThat(backward).hasSameSizeAs(forward);
    // the same keys, walked the other way
    List<ForeignKey> forwardKeys = new ArrayList<>(forward.stream().map(JoinGraph.Step::foreignKey).toList());
    Collections.reverse(forwardKeys);
    assertThat(backward).extracting(JoinGraph.Step::foreignKey).containsExactlyElementsOf(forwardKeys);
  }

  @Test
  void prefersTheShorterOfTwoPaths() {
    Catalog withWishlist =
        Catalogs.catalog(
            table("customer").id("customer_id"),
            table("orders").id("order_id").fk("customer_id", "customer", "customer_id"),
            table("order_item")
                .fk("order_id", ORDERS, "order_id", true)
                .fk("product_id", PRODUCT, "product_id", true),
            table("product").id("product_id"),
            table("wishlist")
                .id("wishlist_id")
                .fk("customer_id", "customer", "customer_id")
                .fk("product_id", "product", "product_id"));
    JoinGraph graph = new JoinGraph(withWishlist);

    List<JoinGraph.Step> path = graph.shortestPath(CUSTOMER, PRODUCT, 5).orElseThrow();

    assertThat(visited(path, CUSTOMER)).containsExactly(CUSTOMER, WISHLIST, PRODUCT);
  }

  @Test
  void unconnectedTablesHaveNoPath() {
    JoinGraph graph = new JoinGraph(chain());

    assertThat(graph.shortestPath(CUSTOMER, AUDIT, 10)).isEmpty();
    assertThat(graph.shortestPath(AUDIT, CUSTOMER, 10)).isEmpty();
    assertThat(graph.shortestPath(CUSTOMER, EMPLOYEE, 10)).isEmpty();
    assertThat(graph.shortestPath(CUSTOMER, TableName.of("not_in_catalog"), 10)).isEmpty();
  }

  @Test
  void respectsMaxHops() {
    JoinGraph graph = new JoinGraph(chain());

    assertThat(graph.shortestPath(CUSTOMER, CATEGORY, 4)).isPresent();
    assertThat(graph.shortestPath(CUSTOMER, CATEGORY, 3)).isEmpty();
    assertThat(graph.shortestPath(CUSTOMER, ORDERS, 1)).isPresent();
    assertThat(graph.shortestPath(CUSTOMER, ORDER_ITEM, 1)).isEmpty();
    assertThat(graph.shortestPath(CUSTOMER, ORDERS, 0)).isEmpty();
  }

  @Test
  void aTableReachesItselfWithoutJoins() {
    JoinGraph graph = new JoinGraph(chain());

    assertThat(graph.shortestPath(AUDIT, AUDIT, 0)).contains(List.of());
    assertThat(graph.shortestPath(CUSTOMER, CUSTOMER, 3)).contains(List.of());
  }

  @Test
  void neighboursCoverBothEndsOfEachKeyButNotSelfOrDanglingKeys() {
    JoinGraph graph = new JoinGraph(chain());

    assertThat(graph.neighbours(ORDERS)).extracting(JoinGraph.Step::to).containsExactlyInAnyOrder(CUSTOMER, ORDER_ITEM);
    assertThat(graph.neighbours(CUSTOMER)).extracting(JoinGraph.Step::to).containsExactly(ORDERS);
    assertThat(graph.neighbours(PRODUCT)).extracting(JoinGraph.Step::to).containsExactlyInAnyOrder(ORDER_ITEM, CATEGORY);
    // a self-reference joins nothing new; a key to a table outside the catalog is ignored
    assertThat(graph.neighbours(EMPLOYEE)).isEmpty();
    assertThat(graph.neighbours(DANGLING)).isEmpty();
    assertThat(graph.neighbours(AUDIT)).isEmpty();
    assertThat(graph.neighbours(TableName.of("not_in_catalog"))).isEmpty();
  }
}
