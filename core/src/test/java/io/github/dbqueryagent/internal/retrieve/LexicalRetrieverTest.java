package io.github.dbqueryagent.internal.retrieve;

import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.support.Catalogs;
import io.github.dbqueryagent.support.Catalogs.TableBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LexicalRetrieverTest {
  static final TableName CUSTOMER = TableName.of("customer");
  static final TableName ORDERS = TableName.of("orders");
  static final TableName ORDER_ITEM = TableName.of("order_item");
  static final TableName PRODUCT = TableName.of("product");
  static final TableName SUPPLIER = TableName.of("supplier");
  static final TableName SUPPLY_CONTRACT = TableName.of("supply_contract");
  static final TableName INVOICES = TableName.of("tbl_a17");
  static final TableName PAYROLL = TableName.of("tbl_b42");

  static final List<String> UNRELATED =
      List.of("config_setting", "user_session", "feature_flag", "cache_entry", "job_queue", "job_run",
          "migration_history", "api_key", "webhook", "email_template", "tax_rate", "currency",
          "exchange_rate", "warehouse", "translation", "locale_setting", "report_definition", "dashboard",
          "widget", "notification", "attachment");

  /**
   * 42 tables: a shop (where supplier and product are linked only through {@code supply_contract},
   * whose columns name neither), ten yearly audit logs, 21 unrelated tables, and two tables with
   * meaningless names described only by a comment and by a summary.
   */
  static Catalog bigCatalog() {
    List<TableBuilder> tables = new ArrayList<>();
    tables.add(table("customer").id("customer_id").col("first_name").col("last_name").col("email").col("city").col("country"));
    tables.add(table("orders").id("order_id").fk("customer_id", "customer", "customer_id")
        .fk("employee_id", "employee", "employee_id").fk("shipper_id", "shipper", "shipper_id")
        .col("order_date").col("status").col("total"));
    tables.add(table("order_item").fk("order_id", ORDERS, "order_id", true).fk("product_id", PRODUCT, "product_id", true)
        .col("quantity").col("unit_price"));
    tables.add(table("product").id("product_id").col("name").fk("category_id", "category", "category_id")
        .col("unit_price").col("discontinued"));
    tables.add(table("category").id("category_id").col("name").col("description"));
    tables.add(table("supplier").id("supplier_id").col("company_name").col("contact_name").col("country"));
    tables.add(table("supply_contract").id("contract_id").fk("vendor_ref", "supplier", "supplier_id")
        .fk("item_ref", "product", "product_id").col("start_date"));
    tables.add(table("employee").id("employee_id").col("first_name").col("last_name").col("hire_date")
        .fk("reports_to", "employee", "employee_id"));
    tables.add(table("shipper").id("shipper_id").col("company_name").col("phone"));
    for (int year = 2019; year <= 2028; year++) {
      tables.add(table("audit_log_" + year).id("log_id").col("event").col("created_at").col("payload"));
    }
    for (String name : UNRELATED) {
      tables.add(table(name).id("id").col("label").col("created_at").col("updated_at"));
    }
    tables.add(table("tbl_a17").comment("Invoices sent to clients").id("k").col("c1", "amount due in euros").col("c2"));
    tables.add(table("tbl_b42").id("k").col("c1").col("c2"));
    return Catalogs.catalog(tables.toArray(TableBuilder[]::new));
  }

  /** Five shop tables, fewer than the default limit. */
  static Catalog smallCatalog() {
    return Catalogs.catalog(
        table("region").id("region_id").col("name"),
        table("customer").id("customer_id").col("first_name").col("city").fk("region_id", "region", "region_id"),
        table("product").id("product_id").col("name").col("price"),
        table("orders").id("order_id").fk("customer_id", "customer", "customer_id").col("order_date").col("total"),
        table("order_item").fk("order_id", ORDERS, "order_id", true).fk("product_id", PRODUCT, "product_id", true)
            .col("quantity").col("unit_price"));
  }

  static Retrieval retrieve(Retriever r, Catalog c, String question) {
    return r.retrieve(new RetrievalRequest(question, c, Map.of(), List.of()));
  }

  static List<TableName> names(Retrieval r) {
    return r.tables().stream().map(Retrieval.ScoredTable::table).toList();
  }

  static Optional<Retrieval.ScoredTable> scored(Retrieval r, TableName t) {
    return r.tables().stream().filter(s -> s.table().equals(t)).findFirst();
  }

  static Turn turn(String question) {
    return new Turn(question, "SELECT 1", List.of("x"), 1, "1", "", Instant.EPOCH);
  }

  @Test
  void theCatalogIsLargerThanTheDefaultLimit() {
    assertThat(bigCatalog().tables()).hasSize(42);
  }

  @Test
  void ordersPerCustomerRanksOrdersAndCustomerFirst() {
    Retrieval r = retrieve(Retriever.lexical(), bigCatalog(), "How many orders did each customer place?");

    assertThat(names(r).subList(0, 2)).containsExactlyInAnyOrder(ORDERS, CUSTOMER);
    assertThat(r.tables().get(0).score()).isGreaterThanOrEqualTo(r.tables().get(1).score());
    assertThat(r.tables().get(1).score()).isGreaterThan(0);
    assertThat(names(r)).noneMatch(t -> t.name().startsWith("audit_log") || UNRELATED.contains(t.name()));
    assertThat(scored(r, ORDERS).orElseThrow().matchedColumns()).contains("customer_id", "order_id");
    assertThat(r.joins())
        .anySatisfy(j -> {
          assertThat(j.from()).isEqualTo(ORDERS);
          assertThat(j.foreignKey().referencedTable()).isEqualTo(CUSTOMER);
          assertThat(j.foreignKey().columns()).containsExactly("customer_id");
        });
  }

  @Test
  void tablesOnTheJoinPathAreAddedEvenWhenNothingInThemMatched() {
    Retrieval r = retrieve(Retriever.lexical(), bigCatalog(), "products by supplier");

    assertThat(names(r)).startsWith(SUPPLIER, PRODUCT);
    Retrieval.ScoredTable bridge = scored(r, SUPPLY_CONTRACT).orElseThrow();
    assertThat(bridge.score()).isZero();
    assertThat(bridge.matchedColumns()).isEmpty();
    assertThat(r.joins())
        .filteredOn(j -> j.from().equals(SUPPLY_CONTRACT))
        .extracting(j -> j.foreignKey().referencedTable())
        .containsExactlyInAnyOrder(SUPPLIER, PRODUCT);
  }

  @Test
  void joinsAreExactlyTheKeysBetweenRetrievedTables() {
    Catalog catalog = bigCatalog();
    Retrieval r = retrieve(Retriever.lexical(), catalog, "products by supplier");

    List<TableName> retrieved = names(r);
    List<Retrieval.JoinEdge> expected = new ArrayList<>();
    for (TableName t : retrieved) {
      catalog.table(t).orElseThrow().foreignKeys().stream()
          .filter(fk -> retrieved.contains(fk.referencedTable()))
          .forEach(fk -> expected.add(new Retrieval.JoinEdge(t, fk)));
    }
    assertThat(r.joins()).containsExactlyInAnyOrderElementsOf(expected).isNotEmpty();
  }

  @Test
  void neverReturnsMoreThanMaxTables() {
    Catalog catalog = bigCatalog();
    // "created" matches 31 tables: no fixed cap by default, the budgeter decides how many fit
    assertThat(retrieve(Retriever.lexical(), catalog, "When was each thing created?").tables()).hasSizeGreaterThanOrEqualTo(31);
    assertThat(retrieve(Retriever.lexical(5), catalog, "When was each thing created?").tables()).hasSize(5);
    Retrieval three =
        retrieve(Retriever.lexical(3), catalog, "customers orders products suppliers categories employees shippers");
    assertThat(three.tables()).hasSize(3);
    assertThat(retrieve(Retriever.lexical(1), catalog, "products by supplier").tables()).hasSize(1);
  }

  @Test
  void aQuestionThatMatchesNothingInALargeCatalogRetrievesNothing() {
    Retrieval r = retrieve(Retriever.lexical(), bigCatalog(), "What is the meaning of life?");

    assertThat(r.tables()).isEmpty();
    assertThat(r.joins()).isEmpty();
  }

  @Test
  void smallCatalogsAreReturnedWholeWithMatchesFirst() {
    Catalog catalog = smallCatalog();

    Retrieval r = retrieve(Retriever.lexical(), catalog, "product prices");

    assertThat(names(r)).hasSize(5).containsExactlyInAnyOrderElementsOf(catalog.tables().stream().map(t -> t.name()).toList());
    assertThat(names(r).subList(0, 2)).containsExactly(PRODUCT, ORDER_ITEM);
    assertThat(r.tables().subList(2, 5)).allSatisfy(t -> assertThat(t.score()).isZero());
    assertThat(scored(r, PRODUCT).orElseThrow().matchedColumns()).containsExactlyInAnyOrder("product_id", "price");
    // every key of the small catalog joins two retrieved tables
    assertThat(r.joins()).hasSize(4);
  }

  @Test
  void smallCatalogIsReturnedWholeEvenWhenNothingMatches() {
    Retrieval r = retrieve(Retriever.lexical(), smallCatalog(), "What is the meaning of life?");

    assertThat(r.tables()).hasSize(5).allSatisfy(t -> assertThat(t.score()).isZero());
  }

  @Test
  void tableAndColumnCommentsCount() {
    Retrieval r = retrieve(Retriever.lexical(), bigCatalog(), "invoices with an amount due");

    assertThat(names(r).get(0)).isEqualTo(INVOICES);
    assertThat(r.tables().get(0).matchedColumns()).containsExactly("c1");
  }

  @Test
  void summariesCount() {
    Catalog catalog = bigCatalog();
    String question = "What is the payroll per month?";

    Retrieval without = retrieve(Retriever.lexical(), catalog, question);
    Retrieval with =
        Retriever.lexical().retrieve(
            new RetrievalRequest(question, catalog, Map.of(PAYROLL, "Monthly payroll of the staff"), List.of()));

    assertThat(names(without)).doesNotContain(PAYROLL);
    assertThat(names(with).get(0)).isEqualTo(PAYROLL);
    assertThat(with.tables().get(0).score()).isGreaterThan(0);
  }

  @Test
  void theLastQuestionOfTheHistoryContributes() {
    Catalog catalog = bigCatalog();
    String followUp = "and in the third quarter?";

    Retrieval alone = retrieve(Retriever.lexical(), catalog, followUp);
    Retrieval withHistory =
        Retriever.lexical().retrieve(new RetrievalRequest(followUp, catalog, Map.of(PAYROLL, "Monthly payroll of the staff"),
            List.of(turn("What was the payroll last year?"), turn("How many invoices were sent?"))));

    assertThat(alone.tables()).isEmpty();
    assertThat(names(withHistory).get(0)).isEqualTo(INVOICES);
    // only the last turn counts: the earlier payroll question does not pull its table in
    assertThat(names(withHistory)).doesNotContain(PAYROLL);
  }

  @Test
  void historyCountsLessThanTheQuestionItself() {
    Catalog catalog = bigCatalog();
    Map<TableName, String> summaries = Map.of(PAYROLL, "Monthly payroll of the staff");

    Retrieval r =
        Retriever.lexical().retrieve(new RetrievalRequest("payroll", catalog, summaries, List.of(turn("invoices"))));

    assertThat(names(r)).startsWith(PAYROLL, INVOICES);
    assertThat(r.tables().get(0).score()).isEqualTo(2 * r.tables().get(1).score());
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> Retriever.lexical(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTables");
  }

  /** The catalog with sample values on one column. */
  static Catalog withSamples(Catalog catalog, String table, String column, String... values) {
    List<io.github.dbqueryagent.spi.Table> tables = new ArrayList<>();
    for (io.github.dbqueryagent.spi.Table t : catalog.tables()) {
      if (!t.name().name().equals(table)) {
        tables.add(t);
        continue;
      }
      List<io.github.dbqueryagent.spi.Column> columns = new ArrayList<>();
      for (io.github.dbqueryagent.spi.Column c : t.columns()) {
        columns.add(c.name().equals(column) ? c.withSampleValues(List.of(values)) : c);
      }
      tables.add(t.withColumns(columns));
    }
    return catalog.withTables(tables);
  }

  @Test
  void aQuestionNamingASampleValueRanksTheTableOfThatColumn() {
    String question = "Which deliveries went with Speedy Express?";
    assertThat(retrieve(Retriever.lexical(), bigCatalog(), question).tables()).as("nothing without samples").isEmpty();

    Catalog sampled = withSamples(bigCatalog(), "shipper", "company_name", "Federal Shipping", "Speedy Express",
        "United Package");
    Retrieval r = retrieve(Retriever.lexical(), sampled, question);

    assertThat(names(r).get(0)).isEqualTo(TableName.of("shipper"));
    assertThat(r.tables().get(0).score()).isPositive();
    assertThat(r.tables().get(0).matchedColumns()).containsExactly("company_name");
    // the whole value must occur in the question, as words
    assertThat(retrieve(Retriever.lexical(), sampled, "Which deliveries went with Speedy?").tables()).isEmpty();
    assertThat(retrieve(Retriever.lexical(), sampled, "Which deliveries went with Speedy Expressway?").tables())
        .isEmpty();
  }

  @Test
  void aSampleValueLiftsItsTableInASmallCatalog() {
    Catalog sampled = withSamples(smallCatalog(), "customer", "city", "Oslo", "Paris");

    Retrieval r = retrieve(Retriever.lexical(), sampled, "Who lives in Oslo?");

    assertThat(names(r).get(0)).isEqualTo(CUSTOMER);
    assertThat(scored(r, CUSTOMER).orElseThrow().matchedColumns()).containsExactly("city");
    assertThat(r.tables().subList(1, 5)).allSatisfy(t -> assertThat(t.score()).isZero());
  }

  @Test
  void shortNumericAndStopwordSampleValuesAreNotMatched() {
    Catalog sampled = withSamples(smallCatalog(), "region", "name", "EU", "42", "The", "Americas");

    assertThat(retrieve(Retriever.lexical(), sampled, "What about EU, 42 and the rest?").tables())
        .allSatisfy(t -> assertThat(t.score()).isZero());
    assertThat(scored(retrieve(Retriever.lexical(), sampled, "What about the Americas?"), TableName.of("region"))
        .orElseThrow().score()).isPositive();
  }
}
