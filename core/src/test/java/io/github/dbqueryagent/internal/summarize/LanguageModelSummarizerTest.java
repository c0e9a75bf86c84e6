package io.github.dbqueryagent.internal.summarize;

import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import io.github.dbqueryagent.support.Catalogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LanguageModelSummarizerTest {
  static final TokenBudgeter BUDGETER = TokenBudgeter.defaults();

  static Catalog shop() {
    return Catalogs.catalog(
        table("customers").id("id").col("name").col("country").samples("Brazil", "Canada", "USA")
            .comment("People who buy things"),
        table("orders").id("id").fk("customer_id", "customers", "id").col("status", "order state"),
        table("order_items").id("id").fk("order_id", "orders", "id").col("quantity", "integer", java.sql.Types.INTEGER));
  }

  /** A table of {@code columns} text columns, each with a comment of about 40 words. */
  static Catalogs.TableBuilder wide(String name, int columns) {
    Catalogs.TableBuilder t = table(name).id("id");
    for (int i = 1; i < columns; i++) {
      t.col("attribute_" + i, "Attribute number " + i + " records a measured property of the observed"
          + " specimen as entered by the laboratory technician during the intake procedure, including"
          + " free-form remarks about calibration, storage temperature and handling of sample " + i);
    }
    return t;
  }

  @Test
  void smallTablesTakeOneCallEachInCatalogOrder() {
    FakeSummaryModel model = new FakeSummaryModel();
    Map<TableName, String> out = Summarizer.languageModel(model).summarize(shop());

    assertThat(model.calls()).isEqualTo(3);
    assertThat(model.prompts()).extracting(FakeSummaryModel::tableOf)
        .containsExactly("customers", "order_items", "orders");
    assertThat(out).containsEntry(TableName.of("customers"), "Summary 1 of customers")
        .containsEntry(TableName.of("order_items"), "Summary 2 of order_items")
        .containsEntry(TableName.of("orders"), "Summary 3 of orders");
    String customers = model.prompts().get(0);
    assertThat(customers).startsWith(SummaryPrompts.INSTRUCTIONS)
        .contains("Table: customers (table)", "Comment: People who buy things", "Primary key: id",
            "Referenced by: orders", "- id integer NOT NULL PK", "- country varchar(100) -- e.g. 'Brazil', 'Canada', 'USA'");
    String orders = model.prompts().get(2);
    assertThat(orders).contains("Foreign keys: customer_id -> customers(id)", "- status varchar(100) -- order state");
  }

  @Test
  void wideTableIsDescribedInChunksThatCarryTheSummarySoFar() {
    Catalog catalog = Catalogs.catalog(wide("specimen", 400));
    FakeSummaryModel model = new FakeSummaryModel();
    Map<TableName, String> out = Summarizer.languageModelBuilder(model).cumulativeBudget(1_000_000).build()
        .summarize(catalog);

    List<String> prompts = model.prompts();
    assertThat(prompts).hasSizeGreaterThan(5);
    for (String p : prompts) {
      assertThat(BUDGETER.countTokens(p)).isLessThanOrEqualTo(3_000);
    }
    for (int k = 1; k < prompts.size(); k++) {
      assertThat(prompts.get(k)).contains("Summary so far: Summary " + k + " of specimen");
    }
    assertThat(prompts.get(0)).doesNotContain("Summary so far");
    // The last reply is the table's summary.
    assertThat(out).containsExactly(Map.entry(TableName.of("specimen"), "Summary " + prompts.size() + " of specimen"));
    // Every column is shown exactly once, in order.
    List<String> shown = new ArrayList<>();
    for (String p : prompts) {
      for (String line : p.split("\n")) {
        if (line.startsWith("- ")) shown.add(line.substring(2, line.indexOf(' ', 2)));
      }
    }
    List<String> expected = new ArrayList<>();
    expected.add("id");
    for (int i = 1; i < 400; i++) expected.add("attribute_" + i);
    assertThat(shown).isEqualTo(expected);
  }

  @Test
  void smallPerPromptLimitStillFitsEveryPrompt() {
    Catalog catalog = Catalogs.catalog(wide("specimen", 60).comment("x ".repeat(3_000)));
    FakeSummaryModel model = new FakeSummaryModel("fake", p -> "A specimen row. ".repeat(40));
    Summarizer.languageModelBuilder(model).perPromptLimit(500).cumulativeBudget(1_000_000).build()
        .summarize(catalog);

    assertThat(model.calls()).isGreaterThan(1);
    for (String p : model.prompts()) assertThat(BUDGETER.countTokens(p)).isLessThanOrEqualTo(500);
  }

  @Test
  void longKeyListsAreCutWithACount() {
    Catalogs.TableBuilder hub = table("facts").id("id");
    List<Catalogs.TableBuilder> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      hub.fk("dimension_" + i + "_id", "dimension_" + i, "id");
      all.add(table("dimension_" + i).id("id"));
    }
    all.add(hub);
    Catalog catalog = Catalogs.catalog(all.toArray(new Catalogs.TableBuilder[0]));
    FakeSummaryModel model = new FakeSummaryModel();
    Summarizer.languageModelBuilder(model).perPromptLimit(600).cumulativeBudget(10_000_000).build().summarize(catalog);

    List<String> facts = model.prompts().stream().filter(p -> FakeSummaryModel.tableOf(p).equals("facts")).toList();
    assertThat(facts).hasSizeGreaterThan(1);
    assertThat(facts.get(0)).containsPattern("Foreign keys: dimension_0_id -> dimension_0\\(id\\); .* and \\d+ more\n");
    for (String p : model.prompts()) assertThat(BUDGETER.countTokens(p)).isLessThanOrEqualTo(600);
  }

  @Test
  void cumulativeBudgetStopsTheCallsAndTheRestFallsBack() {
    List<Catalogs.TableBuilder> tables = new ArrayList<>();
    for (int i = 0; i < 10; i++) tables.add(table("t" + i).id("id").col("name").col("label"));
    Catalog catalog = Catalogs.catalog(tables.toArray(new Catalogs.TableBuilder[0]));
    FakeSummaryModel model = new FakeSummaryModel();
    // Measure one prompt, then allow about three.
    Summarizer.languageModel(new FakeSummaryModel()).summarize(Catalogs.catalog(table("t0").id("id").col("name").col("label")));
    int budget = 3 * 140;
    Map<TableName, String> out = Summarizer.languageModelBuilder(model).cumulativeBudget(budget).build().summarize(catalog);

    assertThat(model.calls()).isBetween(1, 9);
    int used = 0;
    for (String p : model.prompts()) used += BUDGETER.countTokens(p);
    assertThat(used).isLessThanOrEqualTo(budget);
    Map<TableName, String> heuristic = Summarizer.heuristic().summarize(catalog);
    for (int i = 0; i < 10; i++) {
      TableName t = TableName.of("t" + i);
      if (i < model.calls()) assertThat(out.get(t)).isEqualTo("Summary " + (i + 1) + " of t" + i);
      else assertThat(out.get(t)).isEqualTo(heuristic.get(t));
    }
  }

  @Test
  void aModelFailureFallsBackForThatTableOnly() {
    FakeSummaryModel model = new FakeSummaryModel("flaky", p -> {
      if (FakeSummaryModel.tableOf(p).equals("order_items")) {
        throw new ModelException(Stage.SUMMARIZE, "HTTP 500", true, 500, null);
      }
      return "Described " + FakeSummaryModel.tableOf(p);
    });
    Catalog catalog = shop();
    Map<TableName, String> out = Summarizer.languageModel(model).summarize(catalog);

    assertThat(model.calls()).isEqualTo(3);
    assertThat(out).containsEntry(TableName.of("customers"), "Described customers")
        .containsEntry(TableName.of("orders"), "Described orders")
        .containsEntry(TableName.of("order_items"), Summarizer.heuristic().summarize(catalog).get(TableName.of("order_items")));
  }

  @Test
  void blankRepliesAndOtherExceptionsAreFailuresToo() {
    FakeSummaryModel model = new FakeSummaryModel("odd", p -> {
      switch (FakeSummaryModel.tableOf(p)) {
        case "customers": return "  ```\n```  ";
        case "orders": throw new IllegalStateException("client bug");
        default: return "**Items** of an order.";
      }
    });
    SelectiveSummarizer.Outcome outcome = new LanguageModelSummarizer(model, BUDGETER, 3000, 30000, Summarizer.heuristic())
        .summarize(shop(), Set.of(TableName.of("customers"), TableName.of("orders"), TableName.of("order_items")));

    assertThat(outcome.fallbacks()).containsExactlyInAnyOrder(TableName.of("customers"), TableName.of("orders"));
    assertThat(outcome.summaries()).containsEntry(TableName.of("order_items"), "Items of an order.")
        .containsKeys(TableName.of("customers"), TableName.of("orders"));
  }

  @Test
  void selectiveRunDescribesOnlyTheRequestedTables() {
    FakeSummaryModel model = new FakeSummaryModel();
    SelectiveSummarizer s = (SelectiveSummarizer) Summarizer.languageModel(model);
    SelectiveSummarizer.Outcome outcome = s.summarize(shop(), Set.of(TableName.of("orders"), TableName.of("nowhere")));

    assertThat(model.calls()).isEqualTo(1);
    assertThat(outcome.summaries()).containsOnlyKeys(TableName.of("orders"));
    assertThat(outcome.fallbacks()).isEmpty();
  }

  @Test
  void anInterruptedThreadMakesNoCalls() {
    FakeSummaryModel model = new FakeSummaryModel();
    Thread.currentThread().interrupt();
    try {
      Map<TableName, String> out = Summarizer.languageModel(model).summarize(shop());
      assertThat(model.calls()).isZero();
      assertThat(out).isEqualTo(Summarizer.heuristic().summarize(shop()));
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void nameComesFromTheModel() {
    assertThat(Summarizer.languageModel(new FakeSummaryModel()).name()).isEqualTo("language-model:fake-model");
    assertThat(Summarizer.languageModel(io.github.dbqueryagent.spi.SummaryModel.named(" llama3.1:8b ", p -> "x")).name())
        .isEqualTo("language-model:llama3.1:8b");
  }

  @Test
  void builderReportsEveryBadSetting() {
    assertThatThrownBy(() -> Summarizer.languageModelBuilder(new FakeSummaryModel(" ", null))
            .perPromptLimit(100).cumulativeBudget(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perPromptLimit must be at least 500 tokens, was 100")
        .hasMessageContaining("cumulativeBudget must be at least 1 token, was 0")
        .hasMessageContaining("name() must not be blank");
    assertThatThrownBy(() -> Summarizer.languageModelBuilder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Summarizer.languageModelBuilder(new FakeSummaryModel()).fallback(null))
        .isInstanceOf(NullPointerException.class);
  }
}
