package io.github.dbqueryagent.openai;

import static io.github.dbqueryagent.openai.Fixtures.JSON;
import static io.github.dbqueryagent.openai.Fixtures.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Talks to a scripted local server that speaks the OpenAI embeddings wire protocol. */
class OpenAiEmbeddingModelTest {
  private static final String KEY = "sk-test-0123456789abcdefSECRET";

  @StartStop public final MockWebServer server = new MockWebServer();

  private final List<OpenAiEmbeddingModel> models = new ArrayList<>();

  @AfterEach
  void closeModels() {
    models.forEach(OpenAiEmbeddingModel::close);
  }

  private OpenAiEmbeddingModel.Builder builder() {
    return OpenAiEmbeddingModel.builder().apiKey(KEY).baseUrl(server.url("/v1").toString()).maxRetries(0);
  }

  private OpenAiEmbeddingModel model(OpenAiEmbeddingModel.Builder builder) {
    OpenAiEmbeddingModel m = builder.build();
    models.add(m);
    return m;
  }

  private void reply(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  private static float[] vector(int dimensions, float first) {
    float[] v = new float[dimensions];
    v[0] = first;
    v[dimensions - 1] = 1f;
    return v;
  }

  @Test
  void returnsVectorsInInputOrderWhateverOrderTheServerListsThem() throws Exception {
    reply(200, Fixtures.embeddings(List.of(vector(1536, 0.25f), vector(1536, -0.5f)), "text-embedding-3-small"));
    OpenAiEmbeddingModel model = model(builder());

    List<float[]> vectors = model.embed(List.of("customer: name, country", "customers in Brazil"));

    assertThat(vectors).hasSize(2);
    assertThat(vectors.get(0)).hasSize(1536).startsWith(0.25f);
    assertThat(vectors.get(1)).hasSize(1536).startsWith(-0.5f);
    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = JSON.readTree(recorded.getBody().utf8());
    assertThat(body.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(body.path("input").get(0).asText()).isEqualTo("customer: name, country");
    assertThat(body.path("input").get(1).asText()).isEqualTo("customers in Brazil");
    assertThat(body.path("encoding_format").asText()).isEqualTo("float");
    assertThat(body.has("dimensions")).isFalse();
    assertThat(model.dimensions()).isEqualTo(1536);
  }

  @Test
  void splitsLongListsIntoBatchesAndSendsTheDimensions() {
    Fixtures.ScriptedOpenAi scripted =
        new Fixtures.ScriptedOpenAi(text -> new float[] {Integer.parseInt(text.substring(1)), 1f, 0f}, text -> "");
    server.setDispatcher(scripted);
    OpenAiEmbeddingModel model = model(builder().model("text-embedding-3-large").dimensions(3));
    List<String> texts = IntStream.range(0, 250).mapToObj(i -> "t" + i).toList();

    List<float[]> vectors = model.embed(texts);

    assertThat(vectors).hasSize(250);
    for (int i = 0; i < 250; i++) assertThat(vectors.get(i)).containsExactly(i, 1f, 0f);
    assertThat(scripted.embeddingRequests).extracting(b -> b.path("input").size()).containsExactly(100, 100, 50);
    assertThat(scripted.embeddingRequests).allSatisfy(b -> {
      assertThat(b.path("model").asText()).isEqualTo("text-embedding-3-large");
      assertThat(b.path("dimensions").asInt()).isEqualTo(3);
    });
    assertThat(scripted.embeddingRequests.get(2).path("input").get(0).asText()).isEqualTo("t200");
  }

  @Test
  void emptyListMakesNoRequest() {
    assertThat(model(builder()).embed(List.of())).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void rejectsNullAndEmptyTextsBeforeAnyRequest() {
    OpenAiEmbeddingModel model = model(builder());
    List<String> withNull = new ArrayList<>();
    withNull.add(null);

    assertThatThrownBy(() -> model.embed(withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> model.embed(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("texts[1]");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void retriesARateLimitHonouringRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
        .addHeader("Retry-After", "1").body(error("Rate limit reached", "requests", "rate_limit_exceeded")).build());
    reply(200, Fixtures.embeddings(List.of(new float[] {1f, 2f}), "m"));
    OpenAiEmbeddingModel model = model(builder().model("m").dimensions(2).maxRetries(1));

    List<float[]> vectors = model.embed(List.of("x"));

    assertThat(vectors.get(0)).containsExactly(1f, 2f);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void rateLimitIsRetriableWhenRetriesAreUsedUp() {
    reply(429, error("Rate limit reached", "requests", "rate_limit_exceeded"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model(builder()).embed(List.of("x")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.stage()).isEqualTo(Stage.RETRIEVE);
  }

  @Test
  void serverErrorIsRetriable() {
    reply(503, error("overloaded", "server_error", ""));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model(builder()).embed(List.of("x")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(503);
  }

  @Test
  void unauthorizedIsNotRetriableAndNeverShowsTheKey() {
    reply(401, error("Incorrect API key provided: " + KEY, "invalid_request_error", "invalid_api_key"));
    OpenAiEmbeddingModel model = model(builder());

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.embed(List.of("x")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.stage()).isEqualTo(Stage.RETRIEVE);
    assertThat(e.getMessage()).contains("OPENAI_API_KEY").doesNotContain(KEY).doesNotContain("SECRET");
    assertThat(model.toString()).doesNotContain(KEY).contains("apiKey=****");
  }

  @Test
  void insufficientQuotaAndBadRequestAreNotRetriable() {
    reply(429, error("You exceeded your current quota", "insufficient_quota", "insufficient_quota"));
    reply(400, error("This model does not support specifying dimensions.", "invalid_request_error", null));
    OpenAiEmbeddingModel model = model(builder());

    ModelException quota = catchThrowableOfType(ModelException.class, () -> model.embed(List.of("x")));
    ModelException bad = catchThrowableOfType(ModelException.class, () -> model.embed(List.of("x")));

    assertThat(quota.retriable()).isFalse();
    assertThat(quota.getMessage()).contains("insufficient_quota");
    assertThat(bad.retriable()).isFalse();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.getMessage()).contains("does not support specifying dimensions");
  }

  @Test
  void malformedJsonIsAModelException() {
    reply(200, "{\"object\": \"list\", \"data\": [ {\"index\": 0, \"embedding\": [0.1, ");

    ModelException e = catchThrowableOfType(ModelException.class, () -> model(builder()).embed(List.of("x")));

    assertThat(e.stage()).isEqualTo(Stage.RETRIEVE);
    assertThat(e.getMessage()).doesNotContain(KEY);
  }

  @Test
  void aMissingVectorOrAWrongLengthIsNotRetriable() {
    reply(200, Fixtures.embeddings(List.of(new float[] {1f, 2f}), "m"));
    reply(200, Fixtures.embeddings(List.of(new float[] {1f, 2f, 3f}), "m"));
    OpenAiEmbeddingModel model = model(builder().model("m").dimensions(2));

    ModelException missing = catchThrowableOfType(ModelException.class, () -> model.embed(List.of("a", "b")));
    ModelException length = catchThrowableOfType(ModelException.class, () -> model.embed(List.of("a")));

    assertThat(missing.retriable()).isFalse();
    assertThat(missing.getMessage()).contains("no vector for index 1");
    assertThat(length.retriable()).isFalse();
    assertThat(length.getMessage()).contains("3 floats, expected 2");
  }

  @Test
  void decodesBase64Vectors() {
    ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-2f);
    String b64 = Base64.getEncoder().encodeToString(bytes.array());
    reply(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":\"" + b64
        + "\"}],\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}");

    List<float[]> vectors = model(builder().model("m").dimensions(2)).embed(List.of("x"));

    assertThat(vectors.get(0)).containsExactly(0.5f, -2f);
  }

  @Test
  void nameIsACacheKeySafeIdentifier() {
    assertThat(model(builder()).name()).isEqualTo("openai_text-embedding-3-small");
    assertThat(model(builder().model("text-embedding-3-large").dimensions(256)).name())
        .isEqualTo("openai_text-embedding-3-large_256");
    assertThat(model(builder().model("nomic-embed-text:latest").dimensions(768)).name())
        .isEqualTo("openai_nomic-embed-text_latest_768").matches("[A-Za-z0-9._-]+");
  }

  @Test
  void knowsTheSizeOfOpenAisModelsAndRequiresItForOthers() {
    assertThat(model(builder().model("text-embedding-3-large")).dimensions()).isEqualTo(3072);
    assertThat(model(builder().model("text-embedding-ada-002")).dimensions()).isEqualTo(1536);
    assertThat(model(builder().model("bge-m3").dimensions(1024)).dimensions()).isEqualTo(1024);

    assertThatThrownBy(() -> builder().model("bge-m3").build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dimensions must be set for model 'bge-m3'");
  }

  @Test
  void buildReportsEveryBadSettingWithoutTheKey() {
    assertThatThrownBy(() -> OpenAiEmbeddingModel.builder().apiKey(" ").baseUrl("ftp://x").dimensions(0).batchSize(0)
        .maxRetries(11).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("apiKey is missing").hasMessageContaining("baseUrl must be")
        .hasMessageContaining("dimensions must be at least 1").hasMessageContaining("batchSize must be between 1 and 2048")
        .hasMessageContaining("maxRetries must be between 0 and 10");
  }

  @Test
  void readsTheEnvironment() {
    OpenAiEmbeddingModel model = model(OpenAiEmbeddingModel.builder().fromEnvironment(Map.of(
        "OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.url("/v1/").toString(),
        "DBQA_OPENAI_EMBEDDING_MODEL", "text-embedding-3-large", "DBQA_OPENAI_MODEL", "gpt-4o")));

    assertThat(model.model()).isEqualTo("text-embedding-3-large");
    assertThat(model.baseUrl()).isEqualTo(server.url("/v1").toString());
    assertThat(model(model.toBuilder()).name()).isEqualTo(model.name());
    assertThat(model.toString()).doesNotContain(KEY);
  }
}
