package io.github.dbqueryagent.ollama;

import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.embeddings;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.error;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.reply;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OllamaEmbeddingModelTest {
  private static final String JSON = "application/json; charset=utf-8";

  private final ScriptedOllamaServer server = ScriptedOllamaServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private OllamaEmbeddingModel.Builder model() {
    return OllamaEmbeddingModel.builder().baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(10))
        .retryBackoff(Duration.ofMillis(1));
  }

  /** A 3-dimensional vector that encodes the number at the end of the text. */
  private static float[] numbered(String text) {
    int n = Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
    return new float[] {n, 1f, -0.5f};
  }

  private static List<String> texts(int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) texts.add("table " + i);
    return texts;
  }

  // --- embedding --------------------------------------------------------------------------------------

  @Test
  void vectorsComeBackInTheTextsOrderAcrossBatches() throws Exception {
    server.on("/api/embed", embeddings(OllamaEmbeddingModelTest::numbered));

    List<float[]> vectors = model().build().embed(texts(150));

    assertThat(vectors).hasSize(150);
    for (int i = 0; i < 150; i++) assertThat(vectors.get(i)).containsExactly(i, 1f, -0.5f);
    List<Integer> batchSizes = new ArrayList<>();
    for (int i = 0; i < 3; i++) batchSizes.add(server.takeRequest().json().get("input").size());
    assertThat(batchSizes).containsExactly(64, 64, 22);
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void requestCarriesModelInputTruncateAndKeepAlive() throws Exception {
    server.on("/api/embed", embeddings(OllamaEmbeddingModelTest::numbered));
    OllamaEmbeddingModel model =
        model().model("mxbai-embed-large:335m").truncate(false).keepAlive(Duration.ofMinutes(10)).build();

    model.embed(List.of("customer 1", "invoice 2"));

    ScriptedOllamaServer.Recorded request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/embed");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = request.json();
    assertThat(body.get("model").asText()).isEqualTo("mxbai-embed-large:335m");
    assertThat(body.get("input").isArray()).isTrue();
    assertThat(body.get("input").get(0).asText()).isEqualTo("customer 1");
    assertThat(body.get("input").get(1).asText()).isEqualTo("invoice 2");
    assertThat(body.get("truncate").asBoolean(true)).isFalse();
    assertThat(body.get("keep_alive").asText()).isEqualTo("600000ms");
  }

  @Test
  void defaultRequestTruncatesAndLeavesKeepAliveToTheServer() throws Exception {
    server.on("/api/embed", embeddings(OllamaEmbeddingModelTest::numbered));

    model().build().embed(List.of("x 1"));

    JsonNode body = server.takeRequest().json();
    assertThat(body.get("model").asText()).isEqualTo("nomic-embed-text");
    assertThat(body.get("truncate").asBoolean(false)).isTrue();
    assertThat(body.has("keep_alive")).isFalse();
  }

  @Test
  void emptyListSendsNothing() {
    assertThat(model().build().embed(List.of())).isEmpty();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void nullTextIsRejectedBeforeAnyCall() {
    List<String> texts = new ArrayList<>(List.of("a 1"));
    texts.add(null);

    assertThatThrownBy(() -> model().build().embed(texts)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("texts[1]");
    assertThat(server.requestCount()).isZero();
  }

  // --- dimensions -------------------------------------------------------------------------------------

  @Test
  void dimensionsAreDiscoveredWithOneProbeAndKept() throws Exception {
    server.on("/api/embed", embeddings(text -> new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f}));
    OllamaEmbeddingModel model = model().build();
    assertThat(model.knownDimensions()).isEmpty();

    assertThat(model.dimensions()).isEqualTo(5);
    assertThat(model.dimensions()).isEqualTo(5);

    assertThat(server.takeRequest().json().get("input").get(0).asText())
        .isEqualTo(OllamaEmbeddingModel.PROBE_TEXT);
    assertThat(server.requestCount()).isZero();
    assertThat(model.knownDimensions()).contains(5);
  }

  @Test
  void dimensionsAreTakenFromTheFirstEmbedReply() throws Exception {
    server.on("/api/embed", embeddings(OllamaEmbeddingModelTest::numbered));
    OllamaEmbeddingModel model = model().build();

    model.embed(List.of("a 1", "b 2"));

    assertThat(model.dimensions()).isEqualTo(3);
    server.takeRequest();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void configuredDimensionsNeedNoCallAndAreChecked() {
    server.on("/api/embed", embeddings(OllamaEmbeddingModelTest::numbered));
    OllamaEmbeddingModel model = model().dimensions(768).build();

    assertThat(model.dimensions()).isEqualTo(768);
    assertThat(server.requestCount()).isZero();
    ModelException e = catchThrowableOfType(ModelException.class, () -> model.embed(List.of("a 1")));
    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("3 dimensions").contains("dimensions(768)");
  }

  @Test
  void vectorsOfAnotherLengthThanBeforeAreAnError() {
    server.on("/api/embed", sequence(
        embeddings(text -> new float[] {1f, 2f}), embeddings(text -> new float[] {1f, 2f, 3f})));
    OllamaEmbeddingModel model = model().build();
    model.embed(List.of("a"));

    assertThatThrownBy(() -> model.embed(List.of("b"))).isInstanceOf(ModelException.class)
        .hasMessageContaining("3 dimensions").hasMessageContaining("earlier vectors had 2");
  }

  @Test
  void dimensionsProbeFailureIsAModelException() {
    server.on("/api/embed", error(404, "model \"nomic-embed-text\" not found, try pulling it first"));

    assertThatThrownBy(() -> model().build().dimensions()).isInstanceOf(ModelException.class)
        .hasMessageContaining("ollama pull nomic-embed-text");
  }

  // --- errors and retries -----------------------------------------------------------------------------

  @Test
  void modelNotPulledSaysHowToPullIt() {
    server.on("/api/embed", error(404, "model \"nomic-embed-text\" not found, try pulling it first"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model().build().embed(List.of("a 1")));

    assertThat(e.stage()).isEqualTo(Stage.RETRIEVE);
    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.getMessage()).contains("run `ollama pull nomic-embed-text`");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void serverErrorIsRetriedThenSucceeds() {
    server.on("/api/embed", sequence(error(500, "llama runner process has terminated"),
        embeddings(OllamaEmbeddingModelTest::numbered)));

    List<float[]> vectors = model().build().embed(List.of("a 7"));

    assertThat(vectors.get(0)).containsExactly(7f, 1f, -0.5f);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void rateLimitIsRetriedUpToMaxRetriesThenReportedAsRetriable() {
    server.on("/api/embed", error(429, "server busy, please try again. maximum pending requests exceeded"));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> model().maxRetries(3).build().embed(List.of("a 1")));

    assertThat(server.requestCount()).isEqualTo(4);
    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.stage()).isEqualTo(Stage.RETRIEVE);
    assertThat(e.getMessage()).contains("maximum pending requests exceeded").contains("after 4 attempts");
  }

  @Test
  void badRequestIsNotRetried() {
    server.on("/api/embed", error(400, "\"llama3.1\" does not support embeddings"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model().build().embed(List.of("a 1")));

    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("does not support embeddings");
  }

  @Test
  void refusedConnectionIsRetriedAndSaysHowToStartOllama() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    OllamaEmbeddingModel model = model().baseUrl("http://127.0.0.1:" + port).build();

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.embed(List.of("a 1")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.getMessage()).contains("ollama serve").contains("after 3 attempts");
  }

  @Test
  void malformedJsonIsANonRetriableModelException() {
    server.on("/api/embed", reply(200, JSON, "{\"embeddings\": [[0.1, 0.2"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model().build().embed(List.of("a 1")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.stage()).isEqualTo(Stage.RETRIEVE);
    assertThat(e.getMessage()).contains("not JSON");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void replyWithoutEmbeddingsOrWithNonNumbersIsAModelException() {
    server.on("/api/embed", sequence(reply(200, JSON, "{\"embedding\": [0.1, 0.2]}"),
        reply(200, JSON, "{\"embeddings\": [[0.1, \"x\"]]}")));
    OllamaEmbeddingModel model = model().build();

    assertThatThrownBy(() -> model.embed(List.of("a"))).isInstanceOf(ModelException.class)
        .hasMessageContaining("\"embeddings\" array");
    assertThatThrownBy(() -> model.embed(List.of("a"))).isInstanceOf(ModelException.class)
        .hasMessageContaining("not a number");
  }

  @Test
  void wrongVectorCountIsAModelException() {
    server.on("/api/embed", reply(200, JSON, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.1,0.2]]}"));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> model().build().embed(List.of("a 1", "b 2")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("1 vectors for 2 texts");
  }

  // --- configuration ----------------------------------------------------------------------------------

  @Test
  void nameIsSafeForCacheDirectories() {
    assertThat(model().build().name()).isEqualTo("ollama-nomic-embed-text");
    assertThat(model().model("library/nomic-embed-text:v1.5").build().name())
        .isEqualTo("ollama-library_nomic-embed-text_v1.5").matches("[A-Za-z0-9._-]+");
  }

  @Test
  void everyBadSettingIsNamedAtOnce() {
    assertThatThrownBy(() -> OllamaEmbeddingModel.builder().baseUrl("ftp://x").model(" ").batchSize(0)
        .dimensions(0).maxRetries(11).retryBackoff(Duration.ofMillis(-1)).timeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baseUrl 'ftp://x'")
        .hasMessageContaining("model must not be blank")
        .hasMessageContaining("batchSize must be between 1 and 2048 (got 0)")
        .hasMessageContaining("dimensions must be at least 1 (got 0)")
        .hasMessageContaining("maxRetries must be between 0 and 10 (got 11)")
        .hasMessageContaining("retryBackoff")
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void environmentGivesHostAndModel() {
    OllamaEmbeddingModel model = OllamaEmbeddingModel.fromEnvironment(
        Map.of("OLLAMA_HOST", "0.0.0.0:9000", "DBQA_OLLAMA_EMBEDDING_MODEL", " all-minilm ")::get);

    assertThat(model.baseUrl()).isEqualTo("http://127.0.0.1:9000");
    assertThat(model.model()).isEqualTo("all-minilm");
    assertThat(model.toBuilder().batchSize(8).build().toString()).contains("batchSize=8").contains("all-minilm");
    assertThat(OllamaEmbeddingModel.fromEnvironment(Map.<String, String>of()::get).model())
        .isEqualTo("nomic-embed-text");
    assertThatThrownBy(() -> OllamaEmbeddingModel.fromEnvironment(Map.of("DBQA_OLLAMA_EMBEDDING_MODEL", "a b")::get))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("DBQA_OLLAMA_EMBEDDING_MODEL 'a b'");
  }

  // --- with the hybrid retriever ----------------------------------------------------------------------

  /** Deterministic 3-dimensional "meaning": axis 0 = customers, 1 = invoices, 2 = anything else. */
  private static float[] topic(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.startsWith("invoice") || t.contains("spent") || t.contains("revenue")) return new float[] {0.1f, 1f, 0f};
    if (t.startsWith("customer") || t.contains("people")) return new float[] {1f, 0.1f, 0f};
    return new float[] {0f, 0f, 1f};
  }

  @Test
  void hybridRetrieverRanksTheTableWhoseVectorMatchesFirst() {
    server.on("/api/embed", embeddings(OllamaEmbeddingModelTest::topic));
    Retriever retriever = Retriever.hybrid(model().build());
    Catalog catalog = Requests.catalog(Dialect.POSTGRESQL);

    // no word of the question names a table or column: only the dense half can link it
    Retrieval spent = retriever.retrieve(new RetrievalRequest("how much was spent overall", catalog, Map.of(),
        List.of()));
    Retrieval people = retriever.retrieve(new RetrievalRequest("which people do we know", catalog, Map.of(),
        List.of()));

    assertThat(spent.tables().get(0).table()).isEqualTo(Requests.INVOICE);
    assertThat(people.tables().get(0).table()).isEqualTo(Requests.CUSTOMER);
  }
}
