package io.github.dbqueryagent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.nio.file.Path;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI models wired through the core's summarizer and hybrid retriever, against a scripted server. */
class OpenAiCoreWiringTest {
  private static final String KEY = "sk-test-wiring";
  private static final Pattern TABLE = Pattern.compile("Table: (\\S+)");

  @StartStop public final MockWebServer server = new MockWebServer();

  @TempDir Path cache;

  @Test
  void theLanguageModelSummarizerGetsOneDescriptionPerTable() {
    Fixtures.ScriptedOpenAi scripted = new Fixtures.ScriptedOpenAi(text -> new float[] {1f}, prompt -> {
      Matcher m = TABLE.matcher(prompt);
      return m.find() ? "One row per " + m.group(1).toLowerCase(Locale.ROOT) + " record." : "";
    });
    server.setDispatcher(scripted);
    Catalog catalog = Fixtures.catalog(Dialect.POSTGRESQL);

    try (OpenAiSummaryModel model = summaryModel()) {
      Summarizer summarizer = Summarizer.cached(Summarizer.languageModel(model), cache);
      Map<TableName, String> summaries = summarizer.summarize(catalog);
      Map<TableName, String> again = summarizer.summarize(catalog);

      assertThat(summaries).containsOnly(
          Map.entry(TableName.of("Customer"), "One row per customer record."),
          Map.entry(TableName.of("Invoice"), "One row per invoice record."));
      assertThat(again).isEqualTo(summaries);
      assertThat(scripted.chatRequests).hasSize(2); // the second run reads the cache
      assertThat(summarizer.name()).isEqualTo("language-model:openai:gpt-4o-mini");
    }
  }

  @Test
  void hybridRetrievalRanksTheTableWhoseVectorMatchesTheQuestionFirst() {
    // Orthogonal vectors by subject; the question shares no word with any table, so only the dense
    // ranking (through OpenAiEmbeddingModel) can put Beacon first.
    Fixtures.ScriptedOpenAi scripted = new Fixtures.ScriptedOpenAi(text -> {
      String t = text.toLowerCase(Locale.ROOT);
      if (t.contains("anchor")) return new float[] {1f, 0f, 0f};
      if (t.contains("beacon") || t.contains("lighthouse")) return new float[] {0f, 1f, 0f};
      if (t.contains("compass")) return new float[] {0f, 0f, 1f};
      return new float[] {0.1f, 0.1f, 0.1f};
    }, prompt -> "");
    server.setDispatcher(scripted);
    Catalog catalog = new Catalog("PostgreSQL", "16.4", Dialect.POSTGRESQL,
        List.of(table("Anchor"), table("Beacon"), table("Compass")));

    try (OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().apiKey(KEY).baseUrl(server.url("/v1").toString())
        .model("test-embedder").dimensions(3).maxRetries(0).build()) {
      Retriever retriever = Retriever.hybrid(model);
      Retrieval retrieval = retriever.retrieve(
          new RetrievalRequest("Where does the lighthouse shine?", catalog, Map.of(), List.of()));

      assertThat(retrieval.tables()).isNotEmpty();
      assertThat(retrieval.tables().get(0).table()).isEqualTo(TableName.of("Beacon"));
      assertThat(scripted.embeddingRequests).isNotEmpty();
      assertThat(scripted.embeddingRequests).allSatisfy(b -> assertThat(b.path("model").asText()).isEqualTo("test-embedder"));
    }
  }

  private OpenAiSummaryModel summaryModel() {
    return OpenAiSummaryModel.builder().apiKey(KEY).baseUrl(server.url("/v1").toString()).maxRetries(0).build();
  }

  private static Table table(String name) {
    return new Table(TableName.of(name), Table.Kind.TABLE, "",
        List.of(Column.of(name + "Id", "INTEGER", Types.INTEGER), Column.of("Label", "VARCHAR", Types.VARCHAR)),
        List.of(name + "Id"), List.of(), 10);
  }
}
