package io.github.dbqueryagent.internal.budget;

import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import io.github.dbqueryagent.support.Catalogs;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JtokkitTokenBudgeterTest {
  static final int TABLES = 200;
  static final int COLUMNS = 15;
  static final String[] TYPES = {"varchar(100)", "integer", "numeric(12,2)", "timestamp", "boolean"};
  static final int[] JDBC = {Types.VARCHAR, Types.INTEGER, Types.NUMERIC, Types.TIMESTAMP, Types.BOOLEAN};

  static Catalog big;
  static Retrieval bigRetrieval;
  static Map<TableName, String> bigSummaries;

  static TableName t(int i) {
    return TableName.of(String.format("t_%03d", i));
  }

  /**
   * 200 tables of 15 columns: a primary key, a key to the previous table (none for the first), and
   * 13 columns of mixed types, some with comments. Retrieved in a scrambled order (37 is coprime to
   * 200), each with one matched column.
   */
  @BeforeAll
  static void generate() {
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < TABLES; i++) {
      List<Column> cols = new ArrayList<>();
      List<ForeignKey> fks = new ArrayList<>();
      cols.add(new Column("id", "integer", Types.INTEGER, false, "", List.of()));
      if (i > 0) {
        cols.add(Column.of("parent_id", "integer", Types.INTEGER));
        fks.add(new ForeignKey("fk_" + i, List.of("parent_id"), t(i - 1), List.of("id")));
      }
      for (int c = cols.size(); c < COLUMNS; c++) {
        String comment = c % 4 == 0 ? "measured value number " + c + " of table " + i : "";
        cols.add(new Column(String.format("attribute_%02d", c), TYPES[c % 5], JDBC[c % 5], true, comment, List.of()));
      }
      tables.add(new Table(t(i), Table.Kind.TABLE, "", cols, List.of("id"), fks, -1));
    }
    big = Catalogs.catalog(Dialect.POSTGRESQL, tables);
    List<Retrieval.ScoredTable> scored = new ArrayList<>();
    bigSummaries = new HashMap<>();
    for (int k = 0; k < TABLES; k++) {
      int i = (k * 37) % TABLES;
      scored.add(new Retrieval.ScoredTable(t(i), TABLES - k, List.of(String.format("attribute_%02d", 2 + i % 13))));
      bigSummaries.put(t(i), "rows of kind " + i + " (" + COLUMNS + " columns)");
    }
    bigRetrieval = new Retrieval(scored, List.of());
  }

  static List<TableName> retrievalOrder(Retrieval retrieval) {
    return retrieval.tables().stream().map(Retrieval.ScoredTable::table).toList();
  }

  static List<TableName> retrievalOrder() {
    return retrievalOrder(bigRetrieval);
  }

  /** Checks the invariants every rendering must hold. */
  static void assertWellFormed(TokenBudgeter budgeter, Retrieval retrieval, SchemaContext ctx, int budget) {
    assertWellFormed(budgeter, retrieval, ctx, budget, true);
  }

  /** Checks the invariants; recounting the text's tokens is the slow part, so it can be skipped. */
  static void assertWellFormed(TokenBudgeter budgeter, Retrieval retrieval, SchemaContext ctx, int budget, boolean recount) {
    assertThat(ctx.tokens()).as("tokens at budget %d", budget).isLessThanOrEqualTo(budget);
    if (recount) {
      assertThat(ctx.tokens()).as("token count at budget %d", budget).isEqualTo(budgeter.countTokens(ctx.text()));
    }
    List<TableName> order = retrievalOrder(retrieval);
    assertThat(Collections.disjoint(ctx.tables(), ctx.omitted())).as("included and omitted are disjoint").isTrue();
    Set<TableName> all = new HashSet<>(ctx.tables());
    all.addAll(ctx.omitted());
    assertThat(all).as("every retrieved table is included or omitted at budget %d", budget)
        .containsExactlyInAnyOrderElementsOf(order);
    // included tables keep the retrieval order and appear in the text in that order
    int lastRank = -1;
    int lastPos = -1;
    for (TableName tn : ctx.tables()) {
      int rank = order.indexOf(tn);
      assertThat(rank).as("retrieval rank of %s", tn).isGreaterThan(lastRank);
      int pos = ctx.text().indexOf(tn.name() + "(");
      assertThat(pos).as("text position of %s", tn).isGreaterThan(lastPos);
      lastRank = rank;
      lastPos = pos;
    }
  }

  /**
   * Every budget from 1 to 5000 against 50 of the 200 tables (whose whole rendering is larger than
   * 5000 tokens, so the budget always runs out), recounting the text's tokens at every 10th; all 200
   * tables at every 50th budget. Rendering all 200 at every budget adds run time, not coverage.
   */
  @Test
  void neverExceedsTheBudgetFromOneToFiveThousandTokens() {
    TokenBudgeter budgeter = TokenBudgeter.defaults();
    Retrieval fifty = new Retrieval(bigRetrieval.tables().subList(0, 50), List.of());
    assertThat(budgeter.render(big, fifty, bigSummaries, Integer.MAX_VALUE).tokens()).isGreaterThan(5000);

    for (int budget = 1; budget <= 5000; budget++) {
      assertWellFormed(budgeter, fifty, budgeter.render(big, fifty, bigSummaries, budget), budget, budget % 10 == 0);
    }
    for (int budget = 1; budget <= 5000; budget += 50) {
      assertWellFormed(budgeter, bigRetrieval, budgeter.render(big, bigRetrieval, bigSummaries, budget), budget);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 50, 333, 1000, 4096, 20000, 200000})
  void holdsForTheO200kEncodingToo(int budget) {
    TokenBudgeter budgeter = TokenBudgeter.forModel("gpt-4o");
    SchemaContext ctx = budgeter.render(big, bigRetrieval, bigSummaries, budget);
    assertWellFormed(budgeter, bigRetrieval, ctx, budget);
  }

  @Test
  void aBudgetTooSmallForAnyTableRendersNothingAndOmitsAll() {
    SchemaContext ctx = TokenBudgeter.defaults().render(big, bigRetrieval, bigSummaries, 1);

    assertThat(ctx.text()).isEmpty();
    assertThat(ctx.tokens()).isZero();
    assertThat(ctx.tables()).isEmpty();
    assertThat(ctx.omitted()).containsExactlyElementsOf(retrievalOrder());
  }

  @Test
  void aLargeBudgetRendersEveryTableWholeInRetrievalOrder() {
    TokenBudgeter budgeter = TokenBudgeter.defaults();

    SchemaContext ctx = budgeter.render(big, bigRetrieval, bigSummaries, 1_000_000);

    assertThat(ctx.tables()).containsExactlyElementsOf(retrievalOrder());
    assertThat(ctx.omitted()).isEmpty();
    assertThat(ctx.text()).doesNotContain(" more)");
    assertThat(ctx.text()).startsWith("-- t_000: rows of kind 0 (15 columns)\nt_000(id integer PK, attribute_01 integer");
    assertThat(ctx.text().lines().filter(l -> !l.startsWith("--")).count()).isEqualTo(TABLES);
  }

  @Test
  void whenTheBudgetRunsOutTheRestIsListedAsOmitted() {
    TokenBudgeter budgeter = TokenBudgeter.defaults();

    SchemaContext ctx = budgeter.render(big, bigRetrieval, bigSummaries, 600);

    assertThat(ctx.tables()).isNotEmpty();
    assertThat(ctx.omitted()).isNotEmpty();
    assertThat(ctx.tables().size() + ctx.omitted().size()).isEqualTo(TABLES);
    // the best table is always rendered first
    assertThat(ctx.tables().get(0)).isEqualTo(retrievalOrder().get(0));
    for (TableName omitted : ctx.omitted()) {
      assertThat(ctx.text()).doesNotContain(omitted.name() + "(");
    }
  }

  @Test
  void aTableThatDoesNotFitWholeIsReducedToKeysAndMatchedColumnsBeforeBeingOmitted() {
    TokenBudgeter budgeter = TokenBudgeter.defaults();
    TableName t5 = t(5);
    Retrieval one = new Retrieval(List.of(new Retrieval.ScoredTable(t5, 1, List.of("attribute_07"))), List.of());
    Map<TableName, String> summary = Map.of(t5, "the fifth table");
    String compact = "t_005(id integer PK, parent_id integer -> t_004.id, attribute_07 numeric, ... 12 more)\n";

    SchemaContext whole = budgeter.render(big, one, summary, 10_000);
    String full = JtokkitTokenBudgeter.block(big, big.table(t5).orElseThrow(), "the fifth table", null, false);
    SchemaContext columnsOnly = budgeter.render(big, one, summary, budgeter.countTokens(full) - 1);
    SchemaContext reduced = budgeter.render(big, one, summary, budgeter.countTokens(compact));
    SchemaContext none = budgeter.render(big, one, summary, budgeter.countTokens(compact) - 1);

    assertThat(whole.text()).contains("-- t_005: the fifth table", "attribute_14", "measured value number 4")
        .doesNotContain("more)");
    // without room for the description and comments: every column, the comments of matched columns only
    assertThat(columnsOnly.tables()).containsExactly(t5);
    assertThat(columnsOnly.text()).contains("attribute_14").doesNotContain("the fifth table", "measured value number 4");
    assertThat(columnsOnly.columns().get(t5)).hasSize(15);
    // then the keys and the matched column
    assertThat(reduced.text()).isEqualTo(compact);
    assertThat(reduced.columns().get(t5)).containsExactly("id", "parent_id", "attribute_07");
    assertThat(none.tables()).isEmpty();
    assertThat(none.omitted()).containsExactly(t5);
    assertThat(none.text()).isEmpty();
  }

  @Test
  void aSmallTableLaterInTheOrderStillFitsAfterABigOneIsLeftOut() {
    Catalog catalog =
        Catalogs.catalog(
            table("tiny").id("tiny_id"),
            wide("wide", 40),
            table("small").id("small_id").col("name"));
    Retrieval r =
        new Retrieval(
            List.of(
                new Retrieval.ScoredTable(TableName.of("tiny"), 3, List.of()),
                new Retrieval.ScoredTable(TableName.of("wide"), 2, List.of("col_17")),
                new Retrieval.ScoredTable(TableName.of("small"), 1, List.of())),
            List.of());
    TokenBudgeter budgeter = TokenBudgeter.defaults();
    int tiny = budgeter.countTokens("tiny(tiny_id integer PK)\n");
    int small = budgeter.countTokens("small(small_id integer PK, name varchar)\n");
    int reducedWide = budgeter.countTokens("wide(wide_id integer PK, col_17 varchar, ... 39 more)\n");
    assertThat(reducedWide).isGreaterThan(small);

    SchemaContext ctx = budgeter.render(catalog, r, Map.of(), tiny + small);

    assertThat(ctx.tables()).containsExactly(TableName.of("tiny"), TableName.of("small"));
    assertThat(ctx.omitted()).containsExactly(TableName.of("wide"));
    assertThat(ctx.text()).isEqualTo("tiny(tiny_id integer PK)\nsmall(small_id integer PK, name varchar)\n");
  }

  static Catalogs.TableBuilder wide(String name, int columns) {
    Catalogs.TableBuilder b = table(name).id(name + "_id");
    for (int i = 1; i <= columns; i++) b.col(String.format("col_%02d", i));
    return b;
  }

  @Test
  void rendersKeysForeignKeyTargetsCommentsAndViews() {
    Catalog catalog =
        Catalogs.catalog(
            Dialect.POSTGRESQL,
            List.of(
                table(TableName.of("sales", "customer")).id("customer_id").col("name", "legal name */ DROP").build(),
                table(TableName.of("sales", "Order"))
                    .id("order_id")
                    .fk("customer_id", TableName.of("sales", "customer"), "customer_id", false)
                    .col("total", "numeric(10,2)", Types.NUMERIC)
                    .build(),
                table(TableName.of("sales", "big_spenders")).view().col("name").col("total", "numeric", Types.NUMERIC).build()));
    List<Retrieval.ScoredTable> all = new ArrayList<>();
    for (Table t : catalog.tables()) all.add(new Retrieval.ScoredTable(t.name(), 1, List.of()));

    SchemaContext ctx =
        TokenBudgeter.defaults()
            .render(catalog, new Retrieval(all, List.of()), Map.of(TableName.of("sales", "Order"), "  Orders placed.  "), 3000);

    assertThat(ctx.text())
        .contains("sales.\"Order\"(order_id integer PK, customer_id integer -> sales.customer.customer_id, total numeric)")
        .contains("-- sales.\"Order\": Orders placed.\n")
        .contains("sales.customer(customer_id integer PK, name varchar /* legal name * / DROP */)")
        .contains("VIEW sales.big_spenders(name varchar, total numeric)");
  }

  @Test
  void inferredForeignKeysAreMarkedAsSuch() {
    Catalog catalog = io.github.dbqueryagent.spi.ForeignKeyInference.apply(
        Catalogs.catalog(
            Dialect.POSTGRESQL,
            List.of(
                table("customers").id("id").col("name").build(),
                table("orders").id("id").col("customer_id", "integer", Types.INTEGER).build())));
    List<Retrieval.ScoredTable> all = new ArrayList<>();
    for (Table t : catalog.tables()) all.add(new Retrieval.ScoredTable(t.name(), 1, List.of()));

    SchemaContext ctx = TokenBudgeter.defaults().render(catalog, new Retrieval(all, List.of()), Map.of(), 3000);

    assertThat(ctx.text()).contains("orders(id integer PK, customer_id integer -> customers.id (inferred))");
  }

  @Test
  void foreignKeyTargetsAreQuotedLikeTheColumnsTheyName() {
    Catalog chinook =
        Catalogs.catalog(
            Dialect.POSTGRESQL,
            List.of(
                table("Customer").id("CustomerId").col("FirstName").build(),
                table("Invoice").id("InvoiceId").fk("CustomerId", TableName.of("Customer"), "CustomerId", false).build()));
    Retrieval r =
        new Retrieval(
            List.of(
                new Retrieval.ScoredTable(TableName.of("Invoice"), 2, List.of()),
                new Retrieval.ScoredTable(TableName.of("Customer"), 1, List.of())),
            List.of());

    SchemaContext ctx = TokenBudgeter.defaults().render(chinook, r, Map.of(), 3000);

    assertThat(ctx.text())
        .isEqualTo("\"Invoice\"(\"InvoiceId\" integer PK, \"CustomerId\" integer -> \"Customer\".\"CustomerId\")\n"
            + "\"Customer\"(\"CustomerId\" integer PK, \"FirstName\" varchar)\n");
  }

  @Test
  void skipsRetrievedTablesThatAreNotInTheCatalogAndDuplicates() {
    Retrieval r =
        new Retrieval(
            List.of(
                new Retrieval.ScoredTable(t(1), 2, List.of()),
                new Retrieval.ScoredTable(TableName.of("ghost"), 1, List.of()),
                new Retrieval.ScoredTable(t(1), 1, List.of())),
            List.of());

    SchemaContext ctx = TokenBudgeter.defaults().render(big, r, Map.of(), 3000);

    assertThat(ctx.tables()).containsExactly(t(1));
    assertThat(ctx.omitted()).isEmpty();
    assertThat(ctx.text().lines().filter(l -> l.startsWith("t_001(")).count()).isOne();
  }

  @Test
  void rejectsABudgetBelowOne() {
    assertThatThrownBy(() -> TokenBudgeter.defaults().render(big, bigRetrieval, bigSummaries, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget");
  }

  @Test
  void countTokensMatchesTheModelsEncoding() {
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    // text where the two encodings disagree
    String text = "SELECT c.customer_id, COUNT(*) AS orders FROM customer c JOIN orders o ON o.customer_id ="
        + " c.customer_id GROUP BY c.customer_id — Kundenübersicht für das Geschäftsjahr 2024, 東京と大阪の売上";
    int cl100k = registry.getEncoding(EncodingType.CL100K_BASE).countTokens(text);
    int o200k = registry.getEncoding(EncodingType.O200K_BASE).countTokens(text);
    assertThat(cl100k).isNotEqualTo(o200k);

    assertThat(TokenBudgeter.defaults().countTokens(text)).isEqualTo(cl100k);
    assertThat(TokenBudgeter.forModel("gpt-4").countTokens(text)).isEqualTo(cl100k);
    assertThat(TokenBudgeter.forModel("gpt-3.5-turbo").countTokens(text)).isEqualTo(cl100k);
    assertThat(TokenBudgeter.forModel("llama3.1:8b").countTokens(text)).isEqualTo(cl100k);
    assertThat(TokenBudgeter.forModel("gpt-4o").countTokens(text)).isEqualTo(o200k);
    assertThat(TokenBudgeter.forModel("GPT-4o-mini").countTokens(text)).isEqualTo(o200k);
    assertThat(TokenBudgeter.forModel("gpt-4.1-nano").countTokens(text)).isEqualTo(o200k);
    assertThat(TokenBudgeter.forModel("o3-mini").countTokens(text)).isEqualTo(o200k);
    assertThat(TokenBudgeter.forModel("gpt-5").countTokens(text)).isEqualTo(o200k);
  }

  @Test
  void countTokensOfEmptyTextIsZero() {
    assertThat(TokenBudgeter.defaults().countTokens("")).isZero();
  }

  static Retrieval retrievalOf(TableName... tables) {
    List<Retrieval.ScoredTable> scored = new ArrayList<>();
    for (int i = 0; i < tables.length; i++) scored.add(new Retrieval.ScoredTable(tables[i], tables.length - i, List.of()));
    return new Retrieval(scored, List.of());
  }

  @Test
  void showsAFewSampleValuesPerColumnAsLiterals() {
    Catalog catalog = Catalogs.catalog(table("customer").id("customer_id").col("country").samples("Brazil", "Canada", "USA")
        .col("status").samples("a", "b", "c", "d", "e", "f").col("nickname").samples("O'Brien").col("city"));

    SchemaContext ctx = TokenBudgeter.defaults().render(catalog, retrievalOf(TableName.of("customer")), Map.of(), 1000);

    assertThat(ctx.text()).isEqualTo("customer(customer_id integer PK, country varchar /* e.g. 'Brazil', 'Canada', 'USA' */,"
        + " status varchar /* e.g. 'a', 'b', 'c', 'd', 'e', ... */, nickname varchar /* e.g. 'O''Brien' */,"
        + " city varchar)\n");
    assertThat(ctx.tokens()).isEqualTo(TokenBudgeter.defaults().countTokens(ctx.text()));
  }

  @Test
  void sampleValuesAreCountedAndDroppedBeforeAnyTableOrColumn() {
    TokenBudgeter budgeter = TokenBudgeter.defaults();
    Catalog catalog = Catalogs.catalog(
        table("customer").id("customer_id").col("country").samples("Brazil", "Canada", "France", "Norway", "USA"),
        table("product").id("product_id").col("category").samples("Food", "Kitchen", "Garden", "Toys", "Books"));
    Table customer = catalog.table(TableName.of("customer")).orElseThrow();
    Table product = catalog.table(TableName.of("product")).orElseThrow();
    String customerPlain = JtokkitTokenBudgeter.block(catalog, customer, "", null, false);
    String customerSampled = JtokkitTokenBudgeter.block(catalog, customer, "", null, true);
    String productPlain = JtokkitTokenBudgeter.block(catalog, product, "", null, false);
    String productSampled = JtokkitTokenBudgeter.block(catalog, product, "", null, true);
    Retrieval retrieval = retrievalOf(TableName.of("customer"), TableName.of("product"));

    // room for everything
    SchemaContext all = budgeter.render(catalog, retrieval, Map.of(), 1000);
    assertThat(all.text()).isEqualTo(customerSampled + productSampled);
    // room for both tables and the best table's samples
    int one = budgeter.countTokens(customerSampled) + budgeter.countTokens(productPlain);
    SchemaContext best = budgeter.render(catalog, retrieval, Map.of(), one);
    assertThat(best.text()).isEqualTo(customerSampled + productPlain);
    assertThat(best.tokens()).isLessThanOrEqualTo(one);
    // room for both tables only: samples go, every table and column stays
    int plain = budgeter.countTokens(customerPlain) + budgeter.countTokens(productPlain);
    SchemaContext tight = budgeter.render(catalog, retrieval, Map.of(), plain);
    assertThat(tight.text()).isEqualTo(customerPlain + productPlain);
    assertThat(tight.tables()).containsExactly(TableName.of("customer"), TableName.of("product"));
    assertThat(tight.omitted()).isEmpty();
  }
}
