package io.github.dbqueryagent.internal.index;

import static io.github.dbqueryagent.support.Catalogs.catalog;
import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Executor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SchemaIndexTest {

  static Catalog shop() {
    return catalog(
        table("customer").id("customer_id").col("name").col("country"),
        table("orders").id("order_id").fk("customer_id", "customer", "customer_id").col("total"));
  }

  @Test
  void theIndexIsBuiltOncePerCatalogAndSharedByEqualCatalogs() {
    Catalog first = shop();
    int before = SchemaIndex.BUILDS.get();
    SchemaIndex a = SchemaIndex.of(first);
    SchemaIndex b = SchemaIndex.of(first);
    // another instance with the same content (a re-read that saw no change) reuses the index
    SchemaIndex c = SchemaIndex.of(shop());
    assertThat(b).isSameAs(a);
    assertThat(c).isSameAs(a);
    assertThat(SchemaIndex.BUILDS.get() - before).isLessThanOrEqualTo(1);
    assertThat(a.lexical(Map.of())).isSameAs(b.lexical(Map.of()));
  }

  @Test
  void aChangedCatalogGetsANewIndex() {
    SchemaIndex before = SchemaIndex.of(shop());
    Catalog changed = catalog(
        table("customer").id("customer_id").col("name").col("country").col("email"),
        table("orders").id("order_id").fk("customer_id", "customer", "customer_id").col("total"));
    SchemaIndex after = SchemaIndex.of(changed);
    assertThat(after).isNotSameAs(before);
    assertThat(after.lexical(Map.of()).columns(TableName.of("customer"), "email")).containsExactly("email");
    // sample values are not in the fingerprint, but the value index depends on them
    Catalog sampled = catalog(
        table("customer").id("customer_id").col("name").col("country").samples("Brazil", "Canada"),
        table("orders").id("order_id").fk("customer_id", "customer", "customer_id").col("total"));
    assertThat(sampled.fingerprint()).isEqualTo(shop().fingerprint());
    assertThat(SchemaIndex.of(sampled)).isNotSameAs(before);
    assertThat(SchemaIndex.of(sampled).values().find("customers from Brazil")).hasSize(1);
  }

  @Test
  void theJoinGraphHoldsExactlyTheCatalogsKeys() {
    // no key is inferred by the index: a source that does not infer gets no inferred join
    Catalog noKeys = catalog(
        table("customer").id("customer_id").col("name"),
        table("purchase").id("purchase_id").col("customer_id", "integer", java.sql.Types.INTEGER));
    assertThat(SchemaIndex.of(noKeys).graph().neighbours(TableName.of("purchase"))).isEmpty();
    Catalog inferred = io.github.dbqueryagent.spi.ForeignKeyInference.apply(noKeys);
    assertThat(SchemaIndex.of(inferred).graph().neighbours(TableName.of("purchase")))
        .extracting(s -> s.foreignKey()).allMatch(ForeignKey::inferred).hasSize(1);
  }

  @Test
  void theDefaultRetrieverWorksOfflineWithoutAnyModel() {
    // no embedding runtime is even on core's class path: nothing can be downloaded or loaded
    assertThatThrownBy(() -> Class.forName("ai.onnxruntime.OrtEnvironment")).isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("dev.langchain4j.model.embedding.EmbeddingModel"))
        .isInstanceOf(ClassNotFoundException.class);
    Catalog catalog = catalog(
        table("paperkeyphrase_" + System.nanoTime()).id("paperid").col("keyphraseid", "integer", java.sql.Types.INTEGER),
        table("keyphrase").id("keyphraseid").col("keyphrasename"),
        table("venue").id("venueid").col("venuename"));
    io.github.dbqueryagent.spi.Retriever retriever = io.github.dbqueryagent.spi.Retriever.defaults();
    assertThat(retriever.toString()).doesNotContain("minilm");
    io.github.dbqueryagent.spi.Retrieval r = retriever.retrieve(
        new io.github.dbqueryagent.spi.RetrievalRequest("Which key phrases appear in the most papers?", catalog, Map.of(), List.of()));
    // lower-case concatenated identifiers are segmented: both tables are found without a model
    assertThat(r.tables().subList(0, 2)).extracting(t -> t.table().name())
        .allMatch(n -> n.startsWith("paperkeyphrase_") || n.equals("keyphrase"));
    assertThat(r.tables().subList(0, 2)).allMatch(t -> t.score() > 0);
  }

  @Test
  void prepareBuildsTheIndexOffTheQuestionPath() {
    Catalog catalog = catalog(table("comet_" + System.nanoTime()).id("comet_id").col("name"));
    Executor unused = request -> {
      throw new AssertionError("context() runs no SQL");
    };
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().schemaSource(() -> catalog).executor(unused).build()) {
      int before = SchemaIndex.BUILDS.get();
      agent.prepare().join();
      assertThat(SchemaIndex.BUILDS.get() - before).isEqualTo(1);
      agent.context("How many comets?");
      assertThat(SchemaIndex.BUILDS.get() - before).isEqualTo(1);
    }
  }

  @Test
  void anAgentBuildsTheIndexOnceForManyQuestions() throws Exception {
    Catalog catalog = catalog(
        table("planet_" + System.nanoTime()).id("planet_id").col("name").col("mass"),
        table("moon").id("moon_id").fk("planet_id", "planet", "planet_id").col("name"));
    AtomicReference<Catalog> current = new AtomicReference<>(catalog);
    SchemaSource source = current::get;
    Executor unused = request -> {
      throw new AssertionError("context() runs no SQL");
    };
    int before = SchemaIndex.BUILDS.get();
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().schemaSource(source).executor(unused).build()) {
      for (String q : List.of("How many moons?", "Which planet is heaviest?", "moons of each planet")) {
        assertThat(agent.context(q).context().tokens()).isPositive();
      }
      assertThat(SchemaIndex.BUILDS.get() - before).isEqualTo(1);
      current.set(catalog(table("star").id("star_id").col("name")));
      assertThat(agent.context("How many stars?").context().tables()).containsExactly(TableName.of("star"));
      assertThat(SchemaIndex.BUILDS.get() - before).isEqualTo(2);
    }
  }
}
