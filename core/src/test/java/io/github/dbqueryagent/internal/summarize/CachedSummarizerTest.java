package io.github.dbqueryagent.internal.summarize;

import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.SummaryModel;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.support.Catalogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedSummarizerTest {
  @TempDir Path dir;

  static Catalog shop() {
    return LanguageModelSummarizerTest.shop();
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void aSecondInstanceOverTheSameDirectoryCallsNoModel() throws IOException {
    FakeSummaryModel first = new FakeSummaryModel();
    Map<TableName, String> computed = Summarizer.cached(Summarizer.languageModel(first), dir).summarize(shop());
    assertThat(first.calls()).isEqualTo(3);
    assertThat(files()).hasSize(1);
    assertThat(files().get(0).getFileName().toString())
        .startsWith(shop().fingerprint() + ".language-model-fake-model.").endsWith(".json");

    FakeSummaryModel second = new FakeSummaryModel();
    Map<TableName, String> reused = Summarizer.cached(Summarizer.languageModel(second), dir).summarize(shop());
    assertThat(second.calls()).isZero();
    assertThat(reused).isEqualTo(computed);
  }

  @Test
  void aChangedCatalogIsDescribedAgain() throws IOException {
    FakeSummaryModel model = new FakeSummaryModel();
    Summarizer cached = Summarizer.cached(Summarizer.languageModel(model), dir);
    cached.summarize(shop());
    Catalog changed = shop().withTables(List.of(
        table("customers").id("id").col("name").col("email").build(),
        table("orders").id("id").fk("customer_id", "customers", "id").build()));
    assertThat(changed.fingerprint()).isNotEqualTo(shop().fingerprint());

    Map<TableName, String> out = cached.summarize(changed);
    assertThat(model.calls()).isEqualTo(5);
    assertThat(out).containsOnlyKeys(TableName.of("customers"), TableName.of("orders"));
    assertThat(files()).hasSize(2);
    cached.summarize(shop());
    cached.summarize(changed);
    assertThat(model.calls()).isEqualTo(5);
  }

  @Test
  void anotherSummarizerNameHasItsOwnFile() throws IOException {
    Summarizer.cached(Summarizer.languageModel(new FakeSummaryModel("model-a", p -> "a")), dir).summarize(shop());
    FakeSummaryModel b = new FakeSummaryModel("model-b", p -> "b");
    Map<TableName, String> out = Summarizer.cached(Summarizer.languageModel(b), dir).summarize(shop());
    assertThat(b.calls()).isEqualTo(3);
    assertThat(out.values()).containsOnly("b");
    assertThat(files()).hasSize(2);
  }

  @Test
  void aCorruptFileIsRecomputedWithoutAnException() throws IOException {
    Summarizer.cached(Summarizer.languageModel(new FakeSummaryModel()), dir).summarize(shop());
    Path file = files().get(0);
    for (String garbage : List.of("{\"format\": 1, \"tables\": [", "not json at all", "[]",
        "{\"format\":1,\"summarizer\":\"language-model:fake-model\",\"fingerprint\":\"" + shop().fingerprint()
            + "\",\"tables\":[{\"name\":\"customers\",\"summary\":7}]}",
        "{\"format\":1,\"summarizer\":\"language-model:fake-model\",\"fingerprint\":\"" + shop().fingerprint()
            + "\",\"tables\":[{\"catalog\":\"\",\"schema\":\"\",\"name\":\"gone\",\"summary\":\"x\"}]}",
        "{\"format\":2}")) {
      Files.writeString(file, garbage);
      FakeSummaryModel model = new FakeSummaryModel();
      Map<TableName, String> out = Summarizer.cached(Summarizer.languageModel(model), dir).summarize(shop());
      assertThat(model.calls()).as(garbage).isEqualTo(3);
      assertThat(out).hasSize(3);
      assertThat(Files.readString(file)).contains("\"format\" : 1");
    }
  }

  @Test
  void tableNamesRoundTripExactly() {
    List<Table> tables = List.of(
        tableIn("shop db", "sales.eu", "Order Lines"),
        tableIn("shop db", "sales", "eu.Order Lines"),
        tableIn("", "", "größe \"quoted\" \\ back"),
        tableIn("other", "sales", "Order Lines"));
    Catalog catalog = new Catalog("Test", "1", Dialect.POSTGRESQL, tables);
    Map<TableName, String> computed = Summarizer.cached(new NamedHeuristic(), dir).summarize(catalog);
    assertThat(computed).hasSize(4);

    Summarizer failing = new Summarizer() {
      @Override
      public Map<TableName, String> summarize(Catalog c) {
        throw new AssertionError("not called");
      }

      @Override
      public String name() {
        return "heuristic-v1";
      }
    };
    assertThat(Summarizer.cached(failing, dir).summarize(catalog)).isEqualTo(computed);
  }

  @Test
  void theSameSchemaInAnotherDatabaseReusesTheFile() {
    Catalog a = new Catalog("Test", "1", Dialect.POSTGRESQL, List.of(tableIn("db_a", "public", "orders")));
    Catalog b = new Catalog("Test", "1", Dialect.POSTGRESQL, List.of(tableIn("db_b", "public", "orders")));
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    Summarizer.cached(Summarizer.languageModel(new FakeSummaryModel()), dir).summarize(a);

    FakeSummaryModel model = new FakeSummaryModel();
    Map<TableName, String> out = Summarizer.cached(Summarizer.languageModel(model), dir).summarize(b);
    assertThat(model.calls()).isZero();
    assertThat(out).containsOnlyKeys(new TableName("db_b", "public", "orders"));
  }

  @Test
  void fallbackDescriptionsAreAskedForAgainOnTheNextRun() {
    AtomicInteger failures = new AtomicInteger();
    FakeSummaryModel flaky = new FakeSummaryModel("m", p -> {
      if (FakeSummaryModel.tableOf(p).equals("orders")) {
        failures.incrementAndGet();
        throw new ModelException(Stage.SUMMARIZE, "timeout", true, 0, null);
      }
      return "model says " + FakeSummaryModel.tableOf(p);
    });
    Map<TableName, String> first = Summarizer.cached(Summarizer.languageModel(flaky), dir).summarize(shop());
    assertThat(first.get(TableName.of("orders"))).isEqualTo(Summarizer.heuristic().summarize(shop()).get(TableName.of("orders")));

    FakeSummaryModel healthy = new FakeSummaryModel("m", p -> "healed " + FakeSummaryModel.tableOf(p));
    Map<TableName, String> second = Summarizer.cached(Summarizer.languageModel(healthy), dir).summarize(shop());
    assertThat(healthy.prompts()).extracting(FakeSummaryModel::tableOf).containsExactly("orders");
    assertThat(second).containsEntry(TableName.of("orders"), "healed orders")
        .containsEntry(TableName.of("customers"), "model says customers");

    FakeSummaryModel third = new FakeSummaryModel("m", p -> "never");
    assertThat(Summarizer.cached(Summarizer.languageModel(third), dir).summarize(shop())).isEqualTo(second);
    assertThat(third.calls()).isZero();
  }

  @Test
  void aSpentBudgetIsResumedByTheNextRun() {
    List<Catalogs.TableBuilder> builders = new java.util.ArrayList<>();
    for (int i = 0; i < 9; i++) builders.add(table("t" + i).id("id").col("name"));
    Catalog catalog = Catalogs.catalog(builders.toArray(new Catalogs.TableBuilder[0]));
    int runs = 0;
    int described = 0;
    while (described < 9 && runs < 10) {
      FakeSummaryModel model = new FakeSummaryModel("m", p -> "by model");
      Summarizer s = Summarizer.cached(Summarizer.languageModelBuilder(model).cumulativeBudget(400).build(), dir);
      described = (int) s.summarize(catalog).values().stream().filter("by model"::equals).count();
      runs++;
    }
    assertThat(runs).isBetween(2, 9);
    assertThat(described).isEqualTo(9);
  }

  @Test
  void storageTroubleNeverThrows() throws IOException {
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "x", StandardCharsets.UTF_8);
    FakeSummaryModel model = new FakeSummaryModel();
    Map<TableName, String> out = Summarizer.cached(Summarizer.languageModel(model), notADirectory).summarize(shop());
    assertThat(out).hasSize(3);
    assertThat(model.calls()).isEqualTo(3);
  }

  @Test
  void theDirectoryIsCreatedAndNoTemporaryFileStays() throws IOException {
    Path nested = dir.resolve("a/b");
    Summarizer.cached(new NamedHeuristic(), nested).summarize(shop());
    try (Stream<Path> s = Files.list(nested)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).singleElement().asString().endsWith(".json");
    }
  }

  @Test
  void unstableNamesAreRejected() {
    assertThatThrownBy(() -> Summarizer.cached(Summarizer.languageModel(p -> "x"), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SummaryModel.named");
    Summarizer lambda = c -> Map.of();
    assertThatThrownBy(() -> Summarizer.cached(lambda, dir)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Summarizer.cached(Summarizer.languageModel(SummaryModel.named("gpt-4o-mini", p -> "x")), dir).name())
        .isEqualTo("language-model:gpt-4o-mini");
  }

  private static Table tableIn(String catalog, String schema, String name) {
    return new Table(new TableName(catalog, schema, name), Table.Kind.TABLE, "",
        List.of(new Column("id", "integer", Types.INTEGER, false, "", List.of())), List.of("id"), List.of(), -1);
  }

  /** The heuristic summarizer under a stable name. */
  static final class NamedHeuristic implements Summarizer {
    @Override
    public Map<TableName, String> summarize(Catalog catalog) {
      return Summarizer.heuristic().summarize(catalog);
    }

    @Override
    public String name() {
      return "heuristic-v1";
    }
  }
}
