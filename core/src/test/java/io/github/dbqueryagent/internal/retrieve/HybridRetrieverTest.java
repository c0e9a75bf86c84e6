package io.github.dbqueryagent.internal.retrieve;

import static io.github.dbqueryagent.support.Catalogs.catalog;
import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.EmbeddingModel;
import io.github.dbqueryagent.spi.ForeignKeyInference;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.support.Catalogs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridRetrieverTest {

  static Retrieval retrieve(Retriever r, Catalog c, String q) {
    return r.retrieve(new RetrievalRequest(q, c, Map.of(), List.of()));
  }

  static List<String> names(Retrieval r) {
    return r.tables().stream().map(t -> t.table().toString()).toList();
  }

  /** Two unrelated databases as schemas, and a schema of many tables that all mention customers. */
  static Catalog multiSchema() {
    List<Catalogs.TableBuilder> tables = new ArrayList<>();
    tables.add(table(TableName.of("dealer", "customer")).id("id").col("name").col("city"));
    tables.add(table(TableName.of("dealer", "car")).id("id").col("make").col("model").col("price"));
    tables.add(table(TableName.of("dealer", "salesperson")).id("id").col("name"));
    tables.add(table(TableName.of("dealer", "sale")).id("id").col("car_id", "integer", java.sql.Types.INTEGER)
        .col("customer_id", "integer", java.sql.Types.INTEGER).col("salesperson_id", "integer", java.sql.Types.INTEGER)
        .col("sold_on", "date", java.sql.Types.DATE));
    tables.add(table(TableName.of("school", "student")).id("id").col("name").col("grade"));
    tables.add(table(TableName.of("school", "course")).id("id").col("title"));
    tables.add(table(TableName.of("school", "enrolment")).id("id").col("student_id", "integer", java.sql.Types.INTEGER)
        .col("course_id", "integer", java.sql.Types.INTEGER));
    for (int i = 0; i < 60; i++) {
      tables.add(table(TableName.of("crm", "customer_" + i)).id("id").col("customer_name").col("customer_status"));
    }
    return ForeignKeyInference.apply(catalog(tables.toArray(Catalogs.TableBuilder[]::new)));
  }

  @Test
  void questionsAreRoutedToTheSchemaThatCoversThemAsAWhole() {
    Retrieval r = retrieve(Retriever.defaults(), multiSchema(), "Which salesperson sold the most cars to customers?");
    List<String> names = names(r);
    assertThat(names.subList(0, 4)).containsExactlyInAnyOrder("dealer.sale", "dealer.car", "dealer.salesperson",
        "dealer.customer");
    // the other small schema's tables are not candidates; the crm tables only after the dealership's
    assertThat(names).noneMatch(n -> n.startsWith("school."));
  }

  @Test
  void linkTablesAreAddedAsBridgesAlongInferredKeys() {
    Retrieval r = retrieve(Retriever.defaults(), multiSchema(), "List the courses of each student");
    List<String> names = names(r);
    assertThat(names.subList(0, 3)).containsExactlyInAnyOrder("school.student", "school.course", "school.enrolment");
    assertThat(r.joins()).extracting(j -> j.from().toString()).contains("school.enrolment");
  }

  @Test
  void noFixedCapButAConfigurableOne() {
    Catalog c = multiSchema();
    assertThat(retrieve(Retriever.defaults(), c, "customer names").tables()).hasSizeGreaterThan(50);
    assertThat(retrieve(Retriever.lexical(7), c, "customer names").tables()).hasSize(7);
  }

  @Test
  void followUpsKeepTheTablesOfThePreviousSql() {
    Catalog c = multiSchema();
    Turn previous = new Turn("How many cars were sold?", "SELECT COUNT(*) FROM dealer.sale JOIN dealer.car ON car.id = sale.car_id",
        List.of("count"), 1, "5", "", Instant.EPOCH);
    Retrieval r = Retriever.defaults().retrieve(new RetrievalRequest("only those above 10000", c, Map.of(), List.of(previous)));
    assertThat(names(r).subList(0, 2)).containsExactlyInAnyOrder("dealer.sale", "dealer.car");
  }

  @Test
  void sampledValuesPointAtTheirColumn() {
    Catalog c = catalog(
        table("customer").id("customer_id").col("name").col("country").samples("Brazil", "Canada"),
        table("invoice").id("invoice_id").fk("customer_id", "customer", "customer_id").col("total"),
        table("track").id("track_id").col("name"));
    Retrieval r = retrieve(Retriever.defaults(), c, "How many are from Brazil?");
    assertThat(r.tables().get(0).table()).isEqualTo(TableName.of("customer"));
    assertThat(r.tables().get(0).matchedColumns()).contains("country");
  }

  /** A deterministic bag-of-words model: words hashed into 64 buckets, synonyms share a bucket. */
  static final class FakeModel implements EmbeddingModel {
    final AtomicInteger texts = new AtomicInteger();

    @Override
    public String name() {
      return "fake-bow";
    }

    @Override
    public int dimensions() {
      return 64;
    }

    @Override
    public List<float[]> embed(List<String> in) {
      texts.addAndGet(in.size());
      List<float[]> out = new ArrayList<>();
      for (String t : in) {
        float[] v = new float[64];
        for (String w : t.toLowerCase().split("[^a-z]+")) {
          if (w.isEmpty()) continue;
          String canon = switch (w) {
            case "clients", "client", "buyers", "buyer" -> "customer";
            default -> w.endsWith("s") ? w.substring(0, w.length() - 1) : w;
          };
          v[Math.floorMod(canon.hashCode(), 64)] += 1;
        }
        out.add(v);
      }
      return out;
    }
  }

  @Test
  void denseRetrievalFindsTablesBySynonymAndPersistsItsVectors(@TempDir Path cache) {
    Catalog c = catalog(
        table("customer").id("customer_id").col("name"),
        table("track").id("track_id").col("title"),
        table("genre").id("genre_id").col("label"));
    FakeModel model = new FakeModel();
    Retrieval lexicalOnly = retrieve(Retriever.defaults(), c, "How many clients?");
    assertThat(lexicalOnly.tables()).allMatch(t -> t.score() == 0);
    Retrieval dense = retrieve(Retriever.hybrid(model, cache), c, "How many clients?");
    assertThat(dense.tables().get(0).table()).isEqualTo(TableName.of("customer"));
    assertThat(dense.tables().get(0).score()).isPositive();
    int embedded = model.texts.get();
    assertThat(embedded).isEqualTo(3 + 1); // three tables, one question

    // a restart (a new index over an equal catalog, cleared caches) reads the vectors back
    io.github.dbqueryagent.internal.index.SchemaIndexAccess.clear();
    FakeModel again = new FakeModel();
    retrieve(Retriever.hybrid(again, cache), c, "How many clients?");
    assertThat(again.texts.get()).isEqualTo(1); // the question only

    // one changed table: only it is embedded again
    io.github.dbqueryagent.internal.index.SchemaIndexAccess.clear();
    Catalog changed = catalog(
        table("customer").id("customer_id").col("name"),
        table("track").id("track_id").col("title").col("milliseconds"),
        table("genre").id("genre_id").col("label"));
    FakeModel third = new FakeModel();
    retrieve(Retriever.hybrid(third, cache), changed, "How many clients?");
    assertThat(third.texts.get()).isEqualTo(1 + 1);
  }

  @Test
  void similarFewShotExamplesAreHandedForwardWithTheirTables() {
    Catalog c = multiSchema();
    List<io.github.dbqueryagent.spi.FewShotExample> examples = List.of(
        new io.github.dbqueryagent.spi.FewShotExample("How many students are enrolled in each course?",
            "SELECT c.title, COUNT(*) FROM school.enrolment e JOIN school.course c ON c.id = e.course_id GROUP BY c.title"),
        new io.github.dbqueryagent.spi.FewShotExample("What is the average car price?", "SELECT AVG(price) FROM dealer.car"),
        new io.github.dbqueryagent.spi.FewShotExample("Which salesperson has the most sales?",
            "SELECT s.name FROM dealer.salesperson s JOIN dealer.sale x ON x.salesperson_id = s.id GROUP BY s.name ORDER BY COUNT(*) DESC LIMIT 1"));
    Retrieval r = Retriever.defaults().retrieve(
        new RetrievalRequest("Which course has the most enrolled students?", c, Map.of(), List.of(), examples));
    assertThat(r.examples()).first().isEqualTo(examples.get(0));
    assertThat(r.examples()).doesNotContain(examples.get(1));
    assertThat(names(r).subList(0, 3)).contains("school.enrolment", "school.course");

    io.github.dbqueryagent.spi.SchemaContext ctx =
        io.github.dbqueryagent.spi.TokenBudgeter.defaults().render(c, r, Map.of(), 1000);
    assertThat(ctx.text()).contains("-- Example question: How many students are enrolled in each course?",
        "-- Example SQL: SELECT c.title, COUNT(*) FROM school.enrolment e");
    assertThat(ctx.tokens()).isLessThanOrEqualTo(1000);
    // a budget too small for the example keeps the tables
    io.github.dbqueryagent.spi.SchemaContext tight =
        io.github.dbqueryagent.spi.TokenBudgeter.defaults().render(c, r, Map.of(), 40);
    assertThat(tight.text()).doesNotContain("Example");
    assertThat(tight.tables()).isNotEmpty();
  }
}
