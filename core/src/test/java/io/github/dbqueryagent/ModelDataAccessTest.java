package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.support.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What reaches a model-backed generator and the summarizer under each {@link ModelDataAccess} level. */
class ModelDataAccessTest {
  private static final String SECRET_SAMPLE = "secret-value-123";
  private static final String SECRET_ANSWER = "secret-answer-777";

  /** A model-backed generator stand-in: records every request and replays scripted replies. */
  static final class RecordingGenerator implements SqlGenerator {
    final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();
    final Deque<GeneratedSql> replies = new ConcurrentLinkedDeque<>();

    RecordingGenerator(GeneratedSql... scripted) {
      replies.addAll(List.of(scripted));
    }

    @Override
    public GeneratedSql generate(GenerationRequest request) {
      requests.add(request);
      GeneratedSql next = replies.size() > 1 ? replies.poll() : replies.peek();
      return next;
    }

    @Override
    public String name() {
      return "recording-llm";
    }
  }

  /** Records the catalogs it is given; summarizes each table with its column samples, as a model might. */
  static final class RecordingSummarizer implements Summarizer {
    final List<Catalog> catalogs = new CopyOnWriteArrayList<>();

    @Override
    public Map<TableName, String> summarize(Catalog catalog) {
      catalogs.add(catalog);
      java.util.HashMap<TableName, String> out = new java.util.HashMap<>();
      for (Table t : catalog.tables()) {
        List<String> words = new ArrayList<>();
        for (Column c : t.columns()) words.addAll(c.sampleValues());
        out.put(t.name(), "Rows of " + t.name().name() + (words.isEmpty() ? "" : " such as " + String.join(", ", words)));
      }
      return out;
    }
  }

  /** The shop's catalog with sample values on customer.country and customer.city. */
  static SchemaSource withSamples(DataSource ds) {
    Catalog plain = SchemaSource.jdbc(ds).catalog();
    List<Table> tables = new ArrayList<>();
    for (Table t : plain.tables()) {
      List<Column> columns = new ArrayList<>();
      for (Column c : t.columns()) {
        String name = c.name().toLowerCase(java.util.Locale.ROOT);
        boolean customer = t.name().name().equalsIgnoreCase("customer");
        if (customer && name.equals("country")) {
          c = c.withSampleValues(List.of("Brazil", "Canada", "France", "Norway"));
        } else if (customer && name.equals("city")) {
          c = c.withSampleValues(List.of(SECRET_SAMPLE, "Oslo"));
        }
        columns.add(c);
      }
      tables.add(t.withColumns(columns));
    }
    return SchemaSource.fixed(plain.withTables(tables));
  }

  static SessionStore storeWithEarlierTurn() {
    SessionStore store = SessionStore.inMemory();
    store.append("s1", new Turn("Which city has the most customers?", "SELECT city FROM customer", List.of("city"), 1,
        "City: " + SECRET_ANSWER + ".", "", Instant.now()));
    return store;
  }

  static DatabaseQueryAgent agent(ModelDataAccess access, SqlGenerator generator, Summarizer summarizer, SessionStore store) {
    DataSource ds = TestDatabases.h2Shop();
    return DatabaseQueryAgent.builder()
        .environment(name -> null)
        .dataSource(ds)
        .schemaSource(withSamples(ds))
        .sqlGenerator(generator)
        .summarizer(summarizer)
        .sessionStore(store)
        .modelDataAccess(access)
        .build();
  }

  static List<String> allSamples(Catalog catalog) {
    List<String> out = new ArrayList<>();
    for (Table t : catalog.tables()) for (Column c : t.columns()) out.addAll(c.sampleValues());
    return out;
  }

  @Test
  void schemaOnlyKeepsSampleValuesAndAnswersAwayFromAModelBackedGenerator() {
    RecordingGenerator generator = new RecordingGenerator(GeneratedSql.of("SELECT COUNT(*) FROM customer", "Counting.", 0.9));
    RecordingSummarizer summarizer = new RecordingSummarizer();
    SessionStore store = storeWithEarlierTurn();
    DatabaseQueryAgent agent = agent(ModelDataAccess.SCHEMA_ONLY, generator, summarizer, store);

    QueryResult r = agent.session("s1").ask("How many customers are there?");

    assertThat(r.rows()).containsExactly(List.of(5L));
    assertThat(generator.requests).hasSize(1);
    GenerationRequest request = generator.requests.get(0);
    assertThat(request.context().text()).isNotBlank().containsIgnoringCase("country")
        .doesNotContain("Brazil", "France", SECRET_SAMPLE, SECRET_ANSWER);
    assertThat(allSamples(request.catalog())).isEmpty();
    assertThat(request.summaries().values()).allSatisfy(s -> assertThat(s).doesNotContain("Brazil", SECRET_SAMPLE));
    assertThat(request.history()).hasSize(1);
    Turn earlier = request.history().get(0);
    assertThat(earlier.answer()).isEmpty();
    assertThat(earlier.question()).isEqualTo("Which city has the most customers?");
    assertThat(earlier.sql()).isEqualTo("SELECT city FROM customer");
    Table customer = request.catalog().tablesNamed("customer").isEmpty()
        ? request.catalog().tablesNamed("CUSTOMER").get(0) : request.catalog().tablesNamed("customer").get(0);
    Column country = customer.column("country").or(() -> customer.column("COUNTRY")).orElseThrow();
    assertThat(request.values().find(customer, country, List.of("Brazil"))).isEmpty();
    assertThat(summarizer.catalogs).isNotEmpty().allSatisfy(c -> assertThat(allSamples(c)).isEmpty());
    // the caller's own session keeps the full answer
    assertThat(store.turns("s1").get(0).answer()).contains(SECRET_ANSWER);
  }

  @Test
  void schemaAndSamplesShowsSamplesInTheContextAsBefore() {
    RecordingGenerator generator = new RecordingGenerator(GeneratedSql.of("SELECT COUNT(*) FROM customer", "Counting.", 0.9));
    RecordingSummarizer summarizer = new RecordingSummarizer();
    DatabaseQueryAgent agent = agent(ModelDataAccess.SCHEMA_AND_SAMPLES, generator, summarizer, storeWithEarlierTurn());

    agent.session("s1").ask("How many customers are from Brazil?");

    GenerationRequest request = generator.requests.get(0);
    assertThat(request.context().text()).contains("Brazil");
    assertThat(allSamples(request.catalog())).contains("Brazil", SECRET_SAMPLE);
    assertThat(request.history().get(0).answer()).contains(SECRET_ANSWER);
    assertThat(summarizer.catalogs).anySatisfy(c -> assertThat(allSamples(c)).contains("Brazil"));
  }

  @Test
  void contextShowsWhatAModelBackedGeneratorWouldSee() {
    DatabaseQueryAgent agent = agent(ModelDataAccess.SCHEMA_ONLY,
        new RecordingGenerator(GeneratedSql.of("SELECT 1", "", 0.9)), new RecordingSummarizer(), SessionStore.inMemory());

    assertThat(agent.context("How many customers are from Brazil?").context().text())
        .containsIgnoringCase("customer").doesNotContain("Brazil", SECRET_SAMPLE);
  }

  @Test
  void schemaOnlyRedactsQuotedValuesInRepairErrors() {
    RecordingGenerator generator = new RecordingGenerator(
        GeneratedSql.of("SELECT CAST(first_name AS INTEGER) AS n FROM customer", "", 0.9),
        GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 0.9));
    DatabaseQueryAgent agent = agent(ModelDataAccess.SCHEMA_ONLY, generator, new RecordingSummarizer(), SessionStore.inMemory());

    agent.query("How many customers are there?");

    assertThat(generator.requests).hasSize(2);
    String error = generator.requests.get(1).previousAttempt().orElseThrow().error();
    assertThat(error).isNotBlank().doesNotContain("Ana", "Bruno", "Chloe", "Dan", "Eva");
  }

  @Test
  void repairErrorsKeepValuesUnderSchemaAndSamples() {
    RecordingGenerator generator = new RecordingGenerator(
        GeneratedSql.of("SELECT CAST(first_name AS INTEGER) AS n FROM customer", "", 0.9),
        GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 0.9));
    DatabaseQueryAgent agent =
        agent(ModelDataAccess.SCHEMA_AND_SAMPLES, generator, new RecordingSummarizer(), SessionStore.inMemory());

    agent.query("How many customers are there?");

    assertThat(generator.requests.get(1).previousAttempt().orElseThrow().error()).containsAnyOf("Ana", "Bruno");
  }

  @Test
  void theOfflineGeneratorStillLinksValuesUnderSchemaOnly() {
    RecordingSummarizer summarizer = new RecordingSummarizer();
    DatabaseQueryAgent agent = agent(ModelDataAccess.SCHEMA_ONLY, SqlGenerator.ruleBased(), summarizer, SessionStore.inMemory());

    QueryResult r = agent.query("How many customers are from Brazil?");

    assertThat(r.rows()).containsExactly(List.of(2L));
    assertThat(r.sql()).containsIgnoringCase("brazil");
    assertThat(summarizer.catalogs).allSatisfy(c -> assertThat(allSamples(c)).isEmpty());
  }

  @Test
  void aModelExplanationIsNeverTheAnswersLabel() {
    for (String prose : List.of("Counting.", "Here is the query you asked for: it counts rows. Hope this helps!")) {
      RecordingGenerator generator = new RecordingGenerator(GeneratedSql.of("SELECT COUNT(*) FROM customer", prose, 0.9));
      DatabaseQueryAgent agent =
          agent(ModelDataAccess.SCHEMA_AND_SAMPLES, generator, new RecordingSummarizer(), SessionStore.inMemory());

      QueryResult r = agent.query("How many customers are there?");

      assertThat(r.answer()).isEqualTo("The answer to \"How many customers are there?\" is 5.");
      assertThat(r.explanation()).isEqualTo(prose); // still reported, just not as a label
    }
  }

  @Test
  void theEnvironmentSetsTheLevel() {
    RecordingGenerator generator = new RecordingGenerator(GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 0.9));
    DataSource ds = TestDatabases.h2Shop();
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .environment(name -> name.equals("DBQA_MODEL_DATA_ACCESS") ? " Schema-Only " : null)
        .dataSource(ds)
        .schemaSource(withSamples(ds))
        .sqlGenerator(generator)
        .build();

    agent.query("How many customers are there?");

    assertThat(generator.requests.get(0).context().text()).doesNotContain("Brazil");
  }

  @Test
  void theBuilderWinsOverTheEnvironment() {
    RecordingGenerator generator = new RecordingGenerator(GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 0.9));
    DataSource ds = TestDatabases.h2Shop();
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .environment(name -> name.equals("DBQA_MODEL_DATA_ACCESS") ? "schema-only" : null)
        .dataSource(ds)
        .schemaSource(withSamples(ds))
        .sqlGenerator(generator)
        .modelDataAccess(ModelDataAccess.SCHEMA_AND_SAMPLES)
        .build();

    agent.query("How many customers are from Brazil?");

    assertThat(generator.requests.get(0).context().text()).contains("Brazil");
  }

  @Test
  void aBadEnvironmentValueIsAConfigurationErrorNamingIt() {
    assertThatThrownBy(() -> DatabaseQueryAgent.builder()
            .environment(name -> name.equals("DBQA_MODEL_DATA_ACCESS") ? "everything" : null)
            .dataSource(TestDatabases.h2Shop())
            .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DBQA_MODEL_DATA_ACCESS")
        .hasMessageContaining("'everything'");
  }

  @Test
  void parseAcceptsEveryForm() {
    assertThat(ModelDataAccess.parse("schema-only")).isEqualTo(ModelDataAccess.SCHEMA_ONLY);
    assertThat(ModelDataAccess.parse("SCHEMA_AND_SAMPLES")).isEqualTo(ModelDataAccess.SCHEMA_AND_SAMPLES);
    assertThat(ModelDataAccess.parse("Schema_And_Samples")).isEqualTo(ModelDataAccess.SCHEMA_AND_SAMPLES);
    assertThatThrownBy(() -> ModelDataAccess.parse("results")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelDataAccess.parse("none")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'none'");
  }
}
